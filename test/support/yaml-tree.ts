// A plain snapshot of a parsed YAML document: every node's class, range, value, type, source, format,
// tag, comments and spaceBefore, recursively. Two parses are "the same tree" when their snapshots are
// deep-equal (the fast path's contract with yaml's parseDocument).
import { isAlias, isDocument, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';

const FIELDS = ['value', 'type', 'source', 'format', 'tag', 'anchor', 'comment', 'commentBefore', 'spaceBefore', 'minFractionDigits', 'flow'] as const;

/** The snapshot of one node (and everything under it). */
export function nodeTree(n: unknown): unknown {
  if (n === null || n === undefined) return n;
  if (isPair(n)) return { pair: true, key: nodeTree(n.key), value: nodeTree(n.value) };
  const out: Record<string, unknown> = {};
  const o = n as Record<string, unknown>;
  out.kind = isScalar(n) ? 'scalar' : isMap(n) ? 'map' : isSeq(n) ? 'seq' : isAlias(n) ? 'alias' : (n).constructor.name;
  out.range = o.range;
  for (const f of FIELDS) if (f !== 'value' || isScalar(n)) { if (o[f] !== undefined && o[f] !== null) out[f] = o[f]; }
  if (isMap(n) || isSeq(n)) out.items = n.items.map(nodeTree);
  return out;
}

export function yamlTree(doc: Document.Parsed | Document): unknown {
  if (!isDocument(doc)) throw new Error('not a document');
  return {
    range: doc.range, comment: doc.comment, commentBefore: doc.commentBefore,
    errors: doc.errors.map((e) => e.code), warnings: doc.warnings.map((w) => w.code), contents: nodeTree(doc.contents),
  };
}
