// The outline of a config (document symbols): its keys as a tree, bounded for large files.
import { isMap, isSeq, isScalar, isPair } from 'yaml';
import type { Node, Pair } from 'yaml';
import { scalarText } from '../../shared/text';
import { isSecretKeyName } from '../rules/secrets';
import { looksLikeSecret } from '../../shared/secrets';
import { keyText } from '../yaml/yamlNav';
import { parseConfig } from '../yaml/parse';
import type { ParsedConfig } from '../yaml/parse';

export type SymbolKindName = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export interface ConfigSymbol {
  name: string;
  detail?: string;
  kind: SymbolKindName;
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: ConfigSymbol[];
}


function kindOf(n: unknown): SymbolKindName {
  if (isMap(n)) return 'object';
  if (isSeq(n)) return 'array';
  if (isScalar(n)) {
    const v = n.value;
    if (v === null) return 'null';
    if (typeof v === 'number') return 'number';
    if (typeof v === 'boolean') return 'boolean';
  }
  return 'string';
}

function scalarDetail(n: unknown, key: string | undefined): string | undefined {
  if (!isScalar(n) || n.value === null) return undefined;
  const s = scalarText(n.value);
  if ((key && isSecretKeyName(key)) || looksLikeSecret(s)) return '••••••';
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

/**
 * The outline entries directly under `node`, each with the node its children come from (children not
 * filled in); at most `limit` of them are built, `total` counts them all.
 */
function entries(node: unknown, depth: number, limit = Infinity): { list: Array<[ConfigSymbol, unknown]>; total: number } {
  const list: Array<[ConfigSymbol, unknown]> = [];
  let total = 0;
  if (depth > 64) return { list, total };
  if (isMap(node)) {
    for (const it of node.items) {
      if (!isPair(it) || !(it.key as Node | null)?.range) continue;
      if (total++ < limit) list.push(pairEntry(it));
    }
  } else if (isSeq(node)) {
    node.items.forEach((it, i) => {
      const n = it as Node | null;
      if (!n?.range) return;
      if (total++ >= limit) return;
      let name = `[${i}]`;
      if (isMap(n)) {
        const u = n.get('userName');
        if (typeof u === 'string') name = u;
      } else if (isScalar(n)) name = scalarText(n.value);
      list.push([{ name, kind: kindOf(n), detail: isScalar(n) ? undefined : undefined, start: n.range[0], end: n.range[1],
        selectionStart: n.range[0], selectionEnd: n.range[1], children: [] }, n]);
    });
  }
  return { list, total };
}

function symbolsOf(node: unknown, depth: number): ConfigSymbol[] {
  return entries(node, depth).list.map(([sym, child]) => {
    sym.children = symbolsOf(child, depth + 1);
    return sym;
  });
}

function pairEntry(pair: Pair): [ConfigSymbol, unknown] {
  const k = pair.key as Node;
  const v = pair.value as Node | null;
  const name = keyText(pair) ?? '';
  const end = v?.range ? Math.max(v.range[1], k.range![1]) : k.range![1];
  return [{
    name, detail: scalarDetail(v, name), kind: v ? kindOf(v) : 'null', start: k.range![0], end,
    selectionStart: k.range![0], selectionEnd: k.range![1], children: [],
  }, v];
}

/** Outline of the document (keys with their ranges); secrets never appear in details. */
export function documentSymbols(text: string): ConfigSymbol[] {
  return symbolsOfParsed(parseConfig(text));
}

/**
 * At most `max` symbols, breadth first: long lists keep their first entries and say how many there
 * are. The worker sends large documents' outlines through this, since copying 100k symbols back to
 * the extension host would block it longer than parsing did.
 */
export function limitSymbols(symbols: ConfigSymbol[], max: number): ConfigSymbol[] {
  let budget = max;
  const copy = (list: ConfigSymbol[], owner?: ConfigSymbol): ConfigSymbol[] => {
    const kept = list.slice(0, Math.max(0, budget));
    budget -= kept.length;
    if (owner && kept.length < list.length) owner.detail = `${list.length} items (outline shows ${kept.length})`;
    return kept.map((s) => ({ ...s, children: [] }));
  };
  const roots = copy(symbols);
  let level: Array<[ConfigSymbol, ConfigSymbol]> = roots.map((r, i) => [r, symbols[i]]);
  while (level.length && budget > 0) {
    const next: Array<[ConfigSymbol, ConfigSymbol]> = [];
    for (const [copyNode, orig] of level) {
      if (!orig.children?.length || budget <= 0) continue;
      copyNode.children = copy(orig.children, copyNode);
      copyNode.children.forEach((c, i) => next.push([c, orig.children[i]]));
    }
    level = next;
  }
  return roots;
}

/**
 * limitSymbols(symbolsOfParsed(parsed), max), without building the entries it leaves out: the
 * validation worker's outline of a large config (a 150k-line file has ~200k entries, 2,000 are sent).
 */
export function limitedSymbolsOfParsed(parsed: ParsedConfig, max: number): ConfigSymbol[] {
  if (!parsed.doc || (!parsed.usable && parsed.findings.some((f) => /deeper/.test(f.message)))) return [];
  let budget = max;
  const take = (node: unknown, depth: number, owner?: ConfigSymbol): Array<[ConfigSymbol, unknown]> => {
    const { list, total } = entries(node, depth, Math.max(0, budget));
    budget -= list.length;
    if (owner && list.length < total) owner.detail = `${total} items (outline shows ${list.length})`;
    return list;
  };
  const roots = take(parsed.doc.contents, 0);
  let level = roots.map(([sym, node]): [ConfigSymbol, unknown, number] => [sym, node, 1]);
  while (level.length && budget > 0) {
    const next: Array<[ConfigSymbol, unknown, number]> = [];
    for (const [sym, node, depth] of level) {
      if (budget <= 0) continue;
      const kids = take(node, depth, sym);
      sym.children = kids.map(([c]) => c);
      for (const [c, n] of kids) next.push([c, n, depth + 1]);
    }
    level = next;
  }
  return roots.map(([sym]) => sym);
}

/** The outline of an already parsed config (the validation worker reuses its parse). */
export function symbolsOfParsed(parsed: ParsedConfig): ConfigSymbol[] {
  if (!parsed.doc || (!parsed.usable && parsed.findings.some((f) => /deeper/.test(f.message)))) return [];
  return symbolsOf(parsed.doc.contents, 0);
}
