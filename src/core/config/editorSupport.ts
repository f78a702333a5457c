// Editor-support data, pure: completion items, hover text and document symbols from the schema.
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair } from 'yaml';
import { detectIndentUnit, parseConfig, type ParsedConfig } from './parse';
import { isSecretKeyName } from './rules/secrets';
import { schemaAt } from './schemaInfo';
import { looksLikeSecret, scalarText } from './strings';
import type { SchemaNode } from './schemaInfo';
import { IANA_TIME_ZONES } from './timezones';
import { keyText } from './yamlNav';
import type { PathSegment } from './yamlNav';

export interface CompletionItem {
  label: string;
  kind: 'key' | 'value' | 'snippet';
  /** Plain text for keys/values; snippet syntax (${1:x}) for kind 'snippet'. */
  insertText: string;
  detail?: string;
  /** Markdown. */
  documentation?: string;
}

export interface HoverInfo {
  markdown: string;
  start: number;
  end: number;
}

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

/** Okta expressions offered for mapping and SAML values. */
export const OKTA_EXPRESSIONS: readonly { expr: string; doc: string }[] = [
  { expr: 'user.email', doc: 'Primary email of the Okta user.' },
  { expr: 'user.firstName', doc: 'First name.' },
  { expr: 'user.lastName', doc: 'Last name.' },
  { expr: 'user.id', doc: 'Okta user id (stable, unique).' },
  { expr: 'user.login', doc: 'Okta username (not necessarily the email).' },
  { expr: 'user.timezone', doc: 'IANA time zone of the user.' },
  { expr: 'user.displayName', doc: 'Display name.' },
  { expr: 'user.locale', doc: 'Locale, e.g. en_US.' },
  { expr: 'user.preferredLanguage', doc: 'Preferred language.' },
  { expr: 'user.title', doc: 'Job title.' },
  { expr: 'user.department', doc: 'Department.' },
  { expr: 'user.mobilePhone', doc: 'Mobile phone.' },
];

// ---------- context from text (works while the YAML is half-typed) ----------

interface LineInfo {
  indent: number;
  dash: number; // column of '- ' or -1
  keyCol: number;
  key?: string;
  hasValue: boolean;
}

const LINE_RE = /^( *)((?:- +)*)(?:("(?:[^"\\]|\\.)*"|'[^']*'|[^-\s:#'"][^:#]*?|-[^\s:#][^:#]*?) *:(?: +|$)(.*))?/;

function parseLine(line: string): LineInfo | undefined {
  const t = line.replace(/\r$/, '');
  if (!t.trim() || t.trimStart().startsWith('#')) return undefined;
  const m = LINE_RE.exec(t);
  if (!m) return undefined;
  const indent = m[1].length;
  const dashes = m[2] ?? '';
  const keyCol = indent + dashes.length;
  let key = m[3];
  if (key && /^["']/.test(key)) key = key.slice(1, -1);
  const rest = (m[4] ?? '').replace(/(^|\s)#.*$/, '').trim();
  return { indent, dash: dashes ? indent + dashes.lastIndexOf('-') : -1, keyCol, key, hasValue: rest !== '' };
}

/**
 * A text's lines by number, cut out only when asked for: completion runs on every keystroke, and a
 * 15k-line config split into lines (twice) per keystroke cost the extension host more than the rest.
 */
class Lines {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  get length(): number {
    return this.starts.length;
  }
  /** The number of the line that starts at `offset` (a line start). */
  numberAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  get(i: number): string {
    const end = i + 1 < this.starts.length ? this.starts[i + 1] - 1 : this.text.length;
    return this.text.slice(this.starts[i], end);
  }
  /** Leading spaces of line i. */
  indent(i: number): number {
    const s = this.starts[i];
    let j = s;
    while (this.text.charCodeAt(j) === 32) j++;
    return j - s;
  }
  /** Line i has '- ' right after its indentation (a sequence item). */
  isItem(i: number): boolean {
    const j = this.starts[i] + this.indent(i);
    return this.text.charCodeAt(j) === 45 && this.text.charCodeAt(j + 1) === 32;
  }
}

/** The key path of the block a key at column `col` on line `lineNo` belongs to. */
function blockPath(lines: Lines, lineNo: number, col: number, dashCol = -1): PathSegment[] {
  const segs: PathSegment[] = dashCol >= 0 ? [0] : [];
  let want = dashCol >= 0 ? dashCol : col;
  let ownerOfSeq = dashCol >= 0;
  for (let i = lineNo - 1; i >= 0 && want > 0 || (ownerOfSeq && i >= 0); i--) {
    // A line indented deeper than `want` cannot change the path (below: every such line continues),
    // and neither can a sibling item while looking for the owner of a sequence: skip both unparsed.
    const ind = lines.indent(i);
    if (ind > want || (ownerOfSeq && ind === want && lines.isItem(i))) continue;
    const L = parseLine(lines.get(i));
    if (!L) continue;
    if (ownerOfSeq) {
      if (L.dash >= 0 && L.dash === want) continue; // sibling item
      if (L.dash < 0 && L.key !== undefined && L.keyCol <= want) {
        segs.unshift(L.key);
        want = L.keyCol;
        ownerOfSeq = false;
        if (want === 0) break;
        continue;
      }
      if (L.keyCol < want || (L.dash >= 0 && L.dash < want)) {
        ownerOfSeq = false; // malformed: fall through as a normal line
      } else continue;
    }
    if (L.dash >= 0) {
      if (L.dash >= want) continue;
      if (L.keyCol === want || (L.key === undefined && L.keyCol <= want)) {
        segs.unshift(0);
      } else if (L.keyCol < want && L.key !== undefined) {
        segs.unshift(0, L.key);
      } else {
        segs.unshift(0);
      }
      want = L.dash;
      ownerOfSeq = true;
      continue;
    }
    if (L.keyCol >= want || L.key === undefined) continue;
    segs.unshift(L.key);
    want = L.keyCol;
  }
  return segs;
}

/** Keys already present in the block of a key at `col` around line `lineNo`. */
function siblingKeys(lines: Lines, lineNo: number, col: number): Set<string> {
  const keys = new Set<string>();
  for (let i = lineNo - 1; i >= 0; i--) {
    if (lines.indent(i) > col) continue; // deeper lines never end or add to the block
    const L = parseLine(lines.get(i));
    if (!L) continue;
    if (L.keyCol > col && L.dash < 0) continue;
    if (L.keyCol === col && L.key !== undefined) keys.add(L.key);
    if (L.dash >= 0 && L.keyCol >= col) { if (L.keyCol === col) break; continue; }
    if (L.keyCol < col) break;
  }
  for (let i = lineNo + 1; i < lines.length; i++) {
    if (lines.indent(i) > col) continue;
    const L = parseLine(lines.get(i));
    if (!L) continue;
    if (L.dash >= 0 && L.dash < col) break;
    if (L.keyCol > col) continue;
    if (L.keyCol === col && L.dash < 0 && L.key !== undefined) keys.add(L.key);
    else break;
  }
  return keys;
}

function typeOf(s: SchemaNode): string | undefined {
  return Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
}

function renderSnippetBody(body: unknown, indent: number, unit: number, first = true): string {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const lines: string[] = [];
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      const pad = ' '.repeat(indent);
      if (v && typeof v === 'object') lines.push(`${pad}${k}:\n${renderSnippetBody(v, indent + unit, unit, false)}`);
      else lines.push(`${pad}${k}: ${scalarText(v)}`);
    }
    const out = lines.join('\n');
    return first ? out.slice(indent) : out;
  }
  return scalarText(body);
}

function keyItems(schema: SchemaNode, present: Set<string>, col: number, unit: number): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (present.has(key)) continue;
    const t = typeOf(prop);
    const child = ' '.repeat(col + unit);
    const insertText = t === 'object' ? `${key}:\n${child}` : t === 'array' ? `${key}:\n${child}- ` : `${key}: `;
    items.push({ label: key, kind: 'key', insertText, detail: prop.title, documentation: prop.markdownDescription ?? prop.description });
  }
  return items;
}

function snippetItems(schema: SchemaNode | undefined, col: number, unit: number, prefix = ''): CompletionItem[] {
  return (schema?.defaultSnippets ?? []).map((s) => ({
    label: s.label, kind: 'snippet' as const, insertText: prefix + renderSnippetBody(s.body, col + prefix.length, unit),
    detail: s.description ?? schema?.title, documentation: schema?.markdownDescription,
  }));
}

function valueItems(prop: SchemaNode): CompletionItem[] {
  const items: CompletionItem[] = [];
  if (prop.enum) {
    prop.enum.forEach((v, i) => items.push({ label: scalarText(v), kind: 'value', insertText: scalarText(v), detail: prop.title,
      documentation: prop.markdownEnumDescriptions?.[i] }));
    return items;
  }
  if (typeOf(prop) === 'boolean') {
    for (const v of ['true', 'false']) items.push({ label: v, kind: 'value', insertText: v, detail: prop.title, documentation: prop.markdownDescription });
    return items;
  }
  if (prop['x-okta-expression']) {
    const first = prop.examples?.[0];
    const ordered = [...OKTA_EXPRESSIONS].sort((a, b) => (a.expr === first ? -1 : b.expr === first ? 1 : 0));
    for (const e of ordered) items.push({ label: e.expr, kind: 'value', insertText: e.expr, detail: 'Okta expression', documentation: e.doc });
    return items;
  }
  if (prop['x-completion'] === 'timezone') {
    items.push({ label: 'Etc/UTC', kind: 'value', insertText: 'Etc/UTC', detail: 'IANA time zone', documentation: 'Coordinated Universal Time (also what a blank time zone means).' });
    for (const z of IANA_TIME_ZONES) if (z !== 'Etc/UTC') items.push({ label: z, kind: 'value', insertText: z, detail: 'IANA time zone' });
    return items;
  }
  for (const ex of prop.examples ?? []) items.push({ label: scalarText(ex), kind: 'value', insertText: scalarText(ex), detail: prop.title });
  return items;
}

/** Completion items at `offset`: keys valid there (not yet present), values, snippets. */
export function completionsAt(text: string, offset: number): CompletionItem[] {
  const off = Math.max(0, Math.min(offset, text.length));
  const lineStart = text.lastIndexOf('\n', off - 1) + 1;
  const prefix = text.slice(lineStart, off);
  const lines = new Lines(text);
  const lineNo = lines.numberAt(lineStart);
  const unit = detectIndentUnit(text);
  const valueMatch = /^( *)((?:- +)*)("[^"]*"|'[^']*'|[^\s:#'"][^:#]*?) *: +([^#]*)$/.exec(prefix) ?? /^( *)((?:- +)*)("[^"]*"|'[^']*'|[^\s:#'"][^:#]*?) *:$/.exec(prefix);
  if (valueMatch) {
    const col = valueMatch[1].length + valueMatch[2].length;
    const key = valueMatch[3].replace(/^["']|["']$/g, '');
    const path = blockPath(lines, lineNo, col, valueMatch[2] ? valueMatch[1].length : -1);
    const prop = schemaAt([...path, key]);
    if (!prop) return [];
    const items = valueItems(prop);
    return prefix.endsWith(':') ? items.map((i) => ({ ...i, insertText: ` ${i.insertText}` })) : items;
  }
  const keyMatch = /^( *)((?:- +)*)([\w.-]*)$/.exec(prefix);
  if (!keyMatch) return [];
  const col = keyMatch[1].length + keyMatch[2].length;
  const inItem = keyMatch[2] !== '';
  const path = blockPath(lines, lineNo, col, inItem ? keyMatch[1].length : -1);
  const schema = schemaAt(path);
  if (!schema) return [];
  if (typeOf(schema) === 'array') {
    // Directly under `assignments:` without a dash: offer a new item.
    return snippetItems(schema.items, col, unit, '- ');
  }
  if (typeOf(schema) !== 'object') return [];
  const present = inItem ? new Set<string>() : siblingKeys(lines, lineNo, col);
  const items = keyItems(schema, present, col, unit);
  if (path.length === 0 && present.size === 0) items.push(...snippetItems(schema, col, unit));
  else if (inItem || path.length > 0) items.push(...snippetItems(schema, col, unit).filter(() => present.size === 0));
  return items;
}

// ---------- hover ----------

function describe(schema: SchemaNode, key: string): string {
  const head = schema.title && schema.title !== key ? `**${key}** — ${schema.title}` : `**${key}**`;
  return `${head}\n\n${schema.markdownDescription ?? schema.description ?? ''}`.trim();
}

/** Hover for the key (or enum value) under the cursor. */
export function hoverAt(text: string, offset: number): HoverInfo | undefined {
  const parsed = parseConfig(text);
  const doc = parsed.doc;
  if (!doc) return undefined;
  let node: unknown = doc.contents;
  const path: PathSegment[] = [];
  for (let depth = 0; depth < 64 && node; depth++) {
    if (isMap(node)) {
      let next: unknown;
      for (const it of node.items) {
        if (!isPair(it)) continue;
        const k = it.key as Node | null;
        const key = keyText(it);
        if (key === undefined) continue;
        if (k?.range && offset >= k.range[0] && offset <= k.range[1]) {
          const s = schemaAt([...path, key]);
          if (!s) return undefined;
          return { markdown: describe(s, key), start: k.range[0], end: k.range[1] };
        }
        const v = it.value as Node | null;
        if (v?.range && offset >= v.range[0] && offset <= v.range[1]) {
          if (isScalar(v)) {
            const s = schemaAt([...path, key]);
            if (!s) return undefined;
            const i = s.enum?.findIndex((e) => e === v.value) ?? -1;
            const enumDoc = i >= 0 ? s.markdownEnumDescriptions?.[i] : undefined;
            const md = enumDoc ? `\`${scalarText(v.value)}\`: ${enumDoc}\n\n---\n\n${describe(s, key)}` : describe(s, key);
            return { markdown: md, start: v.range[0], end: v.range[1] };
          }
          path.push(key);
          next = v;
          break;
        }
      }
      node = next;
    } else if (isSeq(node)) {
      let next: unknown;
      node.items.forEach((it, i) => {
        const r = (it as Node | null)?.range;
        if (!next && r && offset >= r[0] && offset <= r[1]) { next = it; path.push(i); }
      });
      node = next;
    } else return undefined;
  }
  return undefined;
}

// ---------- symbols ----------

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
