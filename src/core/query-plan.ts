/**
 * PostgreSQL's EXPLAIN (ANALYZE) text, read back into a tree, so a page can
 * draw the plan as one and mark the node that read the most pages. Only the
 * text form is parsed: it is what the lesson shows the learner, so the tree
 * and the text always agree.
 */
export interface PlanNode {
  /** "Index Scan using orders_customer_id_created_at_idx on orders". */
  name: string;
  /** Rows the node returned, per loop, where EXPLAIN ANALYZE said. */
  rows?: number;
  loops?: number;
  /** Pages (8 KB) the node and everything under it read: Buffers' shared hit + read. */
  pages: number;
  /** Pages this node read itself: its own less its children's. */
  ownPages: number;
  /** The node's other lines: "Index Cond: (customer_id = 399)", "Sort Key: created_at DESC". */
  notes: string[];
  children: PlanNode[];
}

const NODE = /^(\s*)->\s+(.*)$/;
const FIGURES = /\s*\((?:actual )?(?:time=[\d.]+\.\.[\d.]+ )?rows=([\d.]+) loops=(\d+)\)\s*$/;
const BUFFERS = /^Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?/;

/** The plan's tree, or undefined when the text holds no plan. Lines after the tree (Planning Time, Execution Time) are left out. */
export function parsePlan(text: string): PlanNode | undefined {
  let root: PlanNode | undefined;
  const open: { column: number; node: PlanNode }[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || /^(Planning|Execution) Time:/.test(line) || line === 'Planning:') continue;
    const arrow = NODE.exec(line);
    if (arrow || !root) {
      const column = arrow ? arrow[1]!.length : -1;
      const node = nodeFrom(arrow ? arrow[2]! : line.trim());
      while (open.length > 0 && open.at(-1)!.column >= column) open.pop();
      if (open.length > 0) open.at(-1)!.node.children.push(node);
      else if (!root) root = node;
      else return root;
      open.push({ column, node });
      continue;
    }
    const note = line.trim();
    const last = open.at(-1)!.node;
    const buffers = BUFFERS.exec(note);
    if (buffers) last.pages = Number(buffers[1] ?? 0) + Number(buffers[2] ?? 0);
    else last.notes.push(note);
  }
  if (root) settleOwnPages(root);
  return root;
}

function nodeFrom(header: string): PlanNode {
  const figures = FIGURES.exec(header);
  return {
    name: figures ? header.slice(0, figures.index) : header,
    rows: figures ? Number(figures[1]) : undefined,
    loops: figures ? Number(figures[2]) : undefined,
    pages: 0,
    ownPages: 0,
    notes: [],
    children: [],
  };
}

function settleOwnPages(node: PlanNode): void {
  node.children.forEach(settleOwnPages);
  node.ownPages = Math.max(0, node.pages - node.children.reduce((sum, c) => sum + c.pages, 0));
}

/** The node that read the most pages itself (the first of equals), or undefined when none read any. */
export function hottestNode(root: PlanNode): PlanNode | undefined {
  let hottest: PlanNode | undefined;
  const visit = (node: PlanNode) => {
    if (node.ownPages > 0 && (!hottest || node.ownPages > hottest.ownPages)) hottest = node;
    node.children.forEach(visit);
  };
  visit(root);
  return hottest;
}
