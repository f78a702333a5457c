// The Okta expression's syntax tree: its nodes, and the walkers the checker, the evaluator and the
// editing helpers share (children, printing). The parser (./parser.ts) builds it.
import type { Span } from '../expressionKit';

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | '==' | '!=' | '<' | '>' | '<=' | '>=' | 'and' | 'or' | 'matches';

export type Node =
  | Span & { type: 'string'; value: string }
  | Span & { type: 'number'; value: number; raw: string }
  | Span & { type: 'boolean'; value: boolean }
  | Span & { type: 'null' }
  | Span & { type: 'ident'; name: string }
  | Span & { type: 'member'; object: Node; name: string; nameStart: number; nameEnd: number; safe: boolean }
  | Span & { type: 'call'; callee: Node; args: Node[]; open: number }
  | Span & { type: 'index'; object: Node; index: Node }
  | Span & { type: 'unary'; op: '!' | '-' | '+'; operand: Node }
  | Span & { type: 'binary'; op: BinaryOp; left: Node; right: Node; opStart: number; opEnd: number }
  | Span & { type: 'ternary'; test: Node; consequent: Node; alternate: Node }
  | Span & { type: 'elvis'; left: Node; right: Node }
  | Span & { type: 'list'; items: Node[] }
  | Span & { type: 'map'; entries: { key: Node; value: Node }[] }
  | Span & { type: 'projection'; object: Node; expr: Node; select: boolean };

/** The children of a node (for walks). */
export function childrenOf(n: Node): Node[] {
  switch (n.type) {
    case 'member': return [n.object];
    case 'call': return [n.callee, ...n.args];
    case 'index': return [n.object, n.index];
    case 'unary': return [n.operand];
    case 'binary': case 'elvis': return [n.left, n.right];
    case 'ternary': return [n.test, n.consequent, n.alternate];
    case 'list': return n.items;
    case 'map': return n.entries.flatMap((e) => [e.key, e.value]);
    case 'projection': return [n.object, n.expr];
    default: return [];
  }
}

/** Depth of the tree, without recursion. */
export function treeDepth(root: Node): number {
  let max = 0;
  const stack: [Node, number][] = [[root, 1]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    if (d > max) max = d;
    for (const c of childrenOf(n)) stack.push([c, d + 1]);
  }
  return max;
}

/** A compact normal form of an AST (used to compare expressions regardless of spacing and quotes). */
export function printNode(n: Node): string {
  switch (n.type) {
    case 'string': return JSON.stringify(n.value);
    case 'number': return String(n.value);
    case 'boolean': return String(n.value);
    case 'null': return 'null';
    case 'ident': return n.name;
    case 'member': return `${printNode(n.object)}${n.safe ? '?.' : '.'}${n.name}`;
    case 'call': return `${printNode(n.callee)}(${n.args.map(printNode).join(',')})`;
    case 'index': return `${printNode(n.object)}[${printNode(n.index)}]`;
    case 'unary': return `${n.op}${printNode(n.operand)}`;
    case 'binary': return `(${printNode(n.left)}${n.op === 'and' || n.op === 'or' || n.op === 'matches' ? ` ${n.op} ` : n.op}${printNode(n.right)})`;
    case 'ternary': return `(${printNode(n.test)}?${printNode(n.consequent)}:${printNode(n.alternate)})`;
    case 'elvis': return `(${printNode(n.left)}?:${printNode(n.right)})`;
    case 'list': return `{${n.items.map(printNode).join(',')}}`;
    case 'map': return `{${n.entries.map((e) => `${printNode(e.key)}:${printNode(e.value)}`).join(',')}}`;
    case 'projection': return `${printNode(n.object)}.${n.select ? '?' : '!'}[${printNode(n.expr)}]`;
  }
}
