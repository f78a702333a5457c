// Navigation in the parsed YAML document by key path, keeping the nodes (and so their ranges).
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { scalarText } from '../../shared/text';

export type PathSegment = string | number;

export interface Located {
  /** The value node (undefined when the key has no value node). */
  node: Node | undefined;
  /** The pair holding it when reached through a mapping key. */
  pair?: Pair;
  /** The key node of that pair. */
  key?: Node;
}

export function keyText(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return k.value === null ? '' : scalarText(k.value);
  return undefined;
}

export function findPair(map: YAMLMap, key: string): Pair | undefined {
  for (const it of map.items) {
    if (isPair(it) && keyText(it) === key) return it;
  }
  return undefined;
}

function deref(doc: Document.Parsed, n: unknown): unknown {
  if (isAlias(n)) {
    try {
      return n.resolve(doc);
    } catch {
      return undefined;
    }
  }
  return n;
}

/** The node at `path` (aliases on the way are followed; the final node is returned as written). */
export function locate(doc: Document.Parsed, path: readonly PathSegment[]): Located | undefined {
  let cur: Located = { node: doc.contents ?? undefined };
  for (const seg of path) {
    const n = deref(doc, cur.node);
    if (typeof seg === 'number' && !isMap(n)) {
      if (!isSeq(n)) return undefined;
      const item = n.items[seg];
      if (item === undefined) return undefined;
      cur = { node: item as Node };
    } else {
      if (!isMap(n)) return undefined;
      const pair = findPair(n, String(seg));
      if (!pair) return undefined;
      cur = { node: (pair.value ?? undefined) as Node | undefined, pair, key: pair.key as Node };
    }
  }
  return cur;
}

/** The mapping at `path` if it is one (following aliases), else undefined. */
export function mapAt(doc: Document.Parsed, path: readonly PathSegment[]): YAMLMap | undefined {
  const l = locate(doc, path);
  const n = l ? deref(doc, l.node) : undefined;
  return isMap(n) ? n : undefined;
}

export function nodeRange(n: unknown): [number, number] | undefined {
  if (n && typeof n === 'object' && 'range' in n) {
    const r = (n as Node).range;
    if (r) return [r[0], r[1]];
  }
  return undefined;
}

/** Parse a JSON pointer (ajv instancePath) into segments; numeric segments become numbers. */
export function pointerToPath(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => {
    const u = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^(0|[1-9]\d*)$/.test(u) ? Number(u) : u;
  });
}

export function pathLabel(path: readonly PathSegment[]): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out || '(root)';
}
