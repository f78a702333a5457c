// The Entra expression's syntax tree: its nodes, and the walkers the checker, the evaluator and the
// editing helpers share (children, printing, string quoting). The parser (./parser.ts) builds it.
import type { Span } from '../expressionKit';

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Node =
  | Span & { type: 'attribute'; name: string }
  | Span & { type: 'string'; value: string }
  | Span & { type: 'number'; value: number; raw: string }
  /** A bare name: vbTextCompare, a claim source `user.mail`, or a mistake the checker explains (`mail`, `user.firstName`). */
  | Span & { type: 'name'; name: string }
  | Span & { type: 'call'; name: string; nameEnd: number; args: Arg[]; open: number }
  | Span & { type: 'compare'; op: CompareOp; left: Node; right: Node; opStart: number; opEnd: number };

/** An argument left empty (`Replace([mail], "x", , , "", , )`): the span is the gap between the commas. */
export type Empty = Span & { type: 'empty' };

export type Arg = Node | Empty;

/** How a string value is written in an Entra expression. */
export function quoteString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** The children of a node (for walks); empty arguments are not nodes. */
export function childrenOf(n: Node): Node[] {
  if (n.type === 'call') return n.args.filter((a): a is Node => a.type !== 'empty');
  if (n.type === 'compare') return [n.left, n.right];
  return [];
}

/** A compact normal form (expressions compare equal regardless of spacing). */
export function printNode(n: Node): string {
  switch (n.type) {
    case 'attribute': return `[${n.name}]`;
    case 'string': return quoteString(n.value);
    case 'number': return String(n.value);
    case 'name': return n.name;
    case 'call': return `${n.name}(${n.args.map((a) => (a.type === 'empty' ? '' : printNode(a))).join(',')})`;
    case 'compare': return `(${printNode(n.left)}${n.op}${printNode(n.right)})`;
  }
}
