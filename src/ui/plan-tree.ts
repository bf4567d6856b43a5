import { hottestNode, type PlanNode } from '../core/query-plan.ts';
import { formatNumber } from '../core/verdict.ts';

/**
 * A query plan as a tree of nested lists (query-plan.ts reads it from
 * EXPLAIN's text): each node with the rows it returned and the pages it read
 * itself, and the node that read the most pages marked, so the step to fix
 * stands out before and after.
 */
export function planTree(plan: { title: string; root: PlanNode }): HTMLElement {
  const hottest = hottestNode(plan.root);
  const box = document.createElement('div');
  box.className = 'plan-tree';
  const title = document.createElement('p');
  title.className = 'plan-title';
  title.textContent = plan.title;
  const list = document.createElement('ul');
  list.append(nodeItem(plan.root, hottest));
  box.append(title, list);
  return box;
}

function nodeItem(node: PlanNode, hottest: PlanNode | undefined): HTMLLIElement {
  const item = document.createElement('li');
  const head = document.createElement('div');
  head.className = node === hottest ? 'plan-node plan-hottest' : 'plan-node';
  const name = document.createElement('span');
  name.className = 'plan-name';
  name.textContent = node.name;
  const figures = document.createElement('span');
  figures.className = 'plan-figures';
  figures.textContent = figuresOf(node);
  head.append(name, figures);
  if (node === hottest) {
    const mark = document.createElement('strong');
    mark.className = 'plan-mark';
    mark.textContent = 'most pages read here';
    head.append(mark);
  }
  item.append(head);
  if (node.notes.length > 0) {
    const notes = document.createElement('span');
    notes.className = 'plan-notes';
    notes.textContent = node.notes.join(' · ');
    item.append(notes);
  }
  if (node.children.length > 0) {
    const children = document.createElement('ul');
    children.append(...node.children.map((child) => nodeItem(child, hottest)));
    item.append(children);
  }
  return item;
}

/** "20 rows · 3,597 pages read": rows per loop times the loops, and the node's own pages. */
export function figuresOf(node: PlanNode): string {
  const rows = node.rows === undefined ? undefined : Math.round(node.rows * (node.loops ?? 1));
  return [
    rows === undefined ? undefined : `${formatNumber(rows)} row${rows === 1 ? '' : 's'}`,
    `${node.ownPages === 0 ? 'no' : formatNumber(node.ownPages)} page${node.ownPages === 1 ? '' : 's'} read`,
  ]
    .filter(Boolean)
    .join(' · ');
}
