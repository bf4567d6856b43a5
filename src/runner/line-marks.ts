import { parse, type Node } from 'acorn';
import { LINE_MARK } from './line-mark.ts';

/**
 * Instruments a program for the line profile (line-profile.ts): before every
 * statement it calls `LINE_MARK(n)`, n being the statement's line, so a
 * sampler on another thread can read which line last began to run.
 *
 * It works on the transpiled script (transform.ts), whose statements sit on
 * the learner's own lines, and adds no line breaks, so n is a line of the
 * editor. The marks are only ever in a copy made for profiling: timed code
 * is never instrumented.
 */

export interface MarkedProgram {
  code: string;
  /** For each marked line, the function it is in ("(top level)" outside any). */
  functionOf: Map<number, string>;
}

type AnyNode = Node & Record<string, unknown>;

const STATEMENT_LISTS: Record<string, string> = {
  Program: 'body',
  BlockStatement: 'body',
  StaticBlock: 'body',
  SwitchCase: 'consequent',
};

/** Statement bodies that may be a single statement without braces. */
const SINGLE_BODIES: Record<string, readonly string[]> = {
  IfStatement: ['consequent', 'alternate'],
  ForStatement: ['body'],
  ForInStatement: ['body'],
  ForOfStatement: ['body'],
  WhileStatement: ['body'],
  DoWhileStatement: ['body'],
};

const TOP_LEVEL = '(top level)';

export function markLines(code: string): MarkedProgram {
  const program = parse(code, {
    ecmaVersion: 'latest',
    sourceType: 'script',
    locations: true,
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
  }) as unknown as AnyNode;
  const inserts: { at: number; text: string }[] = [];
  const functionOf = new Map<number, string>();
  const mark = (node: AnyNode, fn: string) => {
    const line = node.loc!.start.line;
    if (!functionOf.has(line)) functionOf.set(line, fn);
    return `${LINE_MARK}(${line});`;
  };

  const visit = (node: AnyNode, fn: string, nameHint?: string): void => {
    const inner = isFunction(node) ? functionName(node, nameHint) : fn;
    const list = STATEMENT_LISTS[node.type];
    if (list) {
      for (const statement of node[list] as AnyNode[]) {
        if (!isDirective(statement) && !isDeclarationOnly(statement)) inserts.push({ at: statement.start, text: mark(statement, inner) });
      }
    }
    for (const key of SINGLE_BODIES[node.type] ?? []) {
      const body = node[key] as AnyNode | null;
      if (body && body.type !== 'BlockStatement') {
        inserts.push({ at: body.start, text: `{${mark(body, inner)}` }, { at: body.end, text: '}' });
      }
    }
    if (node.type === 'ArrowFunctionExpression' && node.expression) {
      const body = node.body as AnyNode;
      inserts.push({ at: body.start, text: `(${mark(body, inner).slice(0, -1)}, ` }, { at: body.end, text: ')' });
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'loc') continue;
      for (const each of Array.isArray(child) ? child : [child]) {
        if (isNode(each)) visit(each, inner, hintFor(node, key));
      }
    }
  };
  visit(program, TOP_LEVEL);

  // From the end, so earlier offsets stay right; at one offset, a closing brace goes before an opening mark.
  inserts.sort((a, b) => b.at - a.at || (a.text === '}' ? 1 : 0) - (b.text === '}' ? 1 : 0));
  let out = code;
  for (const { at, text } of inserts) out = out.slice(0, at) + text + out.slice(at);
  return { code: out, functionOf };
}

const isNode = (value: unknown): value is AnyNode =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

const isFunction = (node: AnyNode) =>
  node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';

/** 'use strict' and its like must stay first to keep their meaning. */
const isDirective = (node: AnyNode) => node.type === 'ExpressionStatement' && typeof node.directive === 'string';

/** Declarations that run nothing where they stand (they are hoisted). */
const isDeclarationOnly = (node: AnyNode) => node.type === 'FunctionDeclaration' || node.type === 'EmptyStatement';

function functionName(node: AnyNode, hint: string | undefined): string {
  const id = node.id as AnyNode | null | undefined;
  if (id && typeof id.name === 'string') return id.name;
  return hint ?? `(anonymous, line ${node.loc!.start.line})`;
}

/** The name a function gets from where it stands: `const f = () => …`, `{ f() {} }`, `exports.f = …`. */
function hintFor(parent: AnyNode, key: string): string | undefined {
  const name = (node: unknown): string | undefined => {
    if (!isNode(node)) return undefined;
    if (node.type === 'Identifier') return node.name as string;
    if (node.type === 'MemberExpression' && !node.computed) return name(node.property);
    return undefined;
  };
  if (parent.type === 'VariableDeclarator' && key === 'init') return name(parent.id);
  if (parent.type === 'AssignmentExpression' && key === 'right') return name(parent.left);
  if ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && key === 'value') {
    return name(parent.key);
  }
  return undefined;
}
