// Completion in a config, pure: keys, values and snippets from the schema (read from the text, so it
// works while the YAML is half-typed), and inside an expression what the identity provider's module offers.
import type { ExpressionContext, ExpressionSite } from '../../idp/types';
import { detectIndentUnit } from '../yaml/parse';
import type { ParsedConfig } from '../yaml/parse';
import { renderScalar } from '../yaml/edits';
import { schemaAt } from '../schema/schemaInfo';
import { scalarText } from '../../shared/text';
import type { SchemaNode } from '../schema/schemaInfo';
import { IANA_TIME_ZONES } from '../../shared/timezones';
import type { PathSegment } from '../yaml/yamlNav';
import { factsOf, standardFor } from './facts';
import type { ConfigFacts, EditorSupportOptions } from './facts';

export interface CompletionItem {
  label: string;
  kind: 'key' | 'value' | 'snippet' | 'attribute' | 'function' | 'namespace';
  /** Plain text, or snippet syntax (${1:x}) for kind 'snippet' and when `snippet` is set. */
  insertText: string;
  snippet?: boolean;
  /** Document offsets the item replaces (default: the word at the cursor). */
  range?: { start: number; end: number };
  /** Open the suggestions again after inserting (after `user.`, or a key without a standard value). */
  retrigger?: boolean;
  detail?: string;
  /** Markdown. */
  documentation?: string;
}

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
      else lines.push(`${pad}${k}: ${typeof v === 'string' && !v.startsWith('${') ? renderScalar(v, undefined) : scalarText(v)}`);
    }
    const out = lines.join('\n');
    return first ? out.slice(indent) : out;
  }
  return scalarText(body);
}

function keyItems(schema: SchemaNode, present: Set<string>, col: number, unit: number, standard?: (key: string) => string | undefined,
  profileAttributes?: readonly { name: string; description: string }[]): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (present.has(key)) continue;
    const t = typeOf(prop);
    const child = ' '.repeat(col + unit);
    const doc = prop.markdownDescription ?? prop.description;
    if (prop['x-expression'] && standard) {
      // Never an empty value (an error the moment it is typed): the standard expression, selected to type over.
      // Quoted when YAML would read it otherwise (an Entra `[mail]` is a list unquoted).
      const value = standard(key);
      const yaml = value === undefined ? undefined : renderScalar(value, undefined);
      items.push(value && yaml
        ? { label: key, kind: 'key', insertText: `${key}: \${1:${yaml.replace(/[$}\\]/g, '\\$&')}}`, snippet: true, detail: value, documentation: doc }
        : { label: key, kind: 'key', insertText: `${key}: `, retrigger: true, detail: prop.title, documentation: doc });
      continue;
    }
    const insertText = t === 'object' ? `${key}:\n${child}` : t === 'array' ? `${key}:\n${child}- ` : `${key}: `;
    items.push({ label: key, kind: 'key', insertText, detail: prop.title, documentation: doc });
  }
  for (const a of profileAttributes ?? []) {
    if (!present.has(a.name)) items.push({ label: a.name, kind: 'key', insertText: `${a.name}: `, detail: 'profile attribute', documentation: a.description });
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
  if (prop['x-completion'] === 'timezone') {
    items.push({ label: 'Etc/UTC', kind: 'value', insertText: 'Etc/UTC', detail: 'IANA time zone', documentation: 'Coordinated Universal Time (also what a blank time zone means).' });
    for (const z of IANA_TIME_ZONES) if (z !== 'Etc/UTC') items.push({ label: z, kind: 'value', insertText: z, detail: 'IANA time zone' });
    return items;
  }
  for (const ex of prop.examples ?? []) items.push({ label: scalarText(ex), kind: 'value', insertText: scalarText(ex), detail: prop.title });
  return items;
}

// ---------- expressions ----------

/** Where the expression on a line starts and ends (inside the quotes of a quoted value; before a comment). */
function expressionSpan(text: string, valueStart: number, lineEnd: number): { start: number; end: number } {
  const q = text[valueStart];
  if (q === '"' || q === "'") {
    let i = valueStart + 1;
    while (i < lineEnd) {
      if (q === '"' && text[i] === '\\') { i += 2; continue; }
      if (text[i] === q) {
        if (q === "'" && text[i + 1] === "'") { i += 2; continue; }
        break;
      }
      i++;
    }
    return { start: valueStart + 1, end: Math.min(i, lineEnd) };
  }
  const line = text.slice(valueStart, lineEnd);
  const comment = /(^|\s)#/.exec(line);
  const raw = comment ? line.slice(0, comment.index) : line;
  return { start: valueStart, end: valueStart + raw.replace(/\s+$/, '').length };
}

const EXPRESSION_KIND = { attribute: 'attribute', function: 'function', namespace: 'namespace', expression: 'value' } as const;

function expressionItems(text: string, off: number, valueStart: number, lineEnd: number, context: ExpressionContext, key: string,
  facts: ConfigFacts, spaceFirst: boolean): CompletionItem[] {
  const span = expressionSpan(text, valueStart, lineEnd);
  // Before the value, after a closing quote, or inside a trailing comment: nothing.
  if (off < span.start || (off > span.end && (span.start > valueStart || /#/.test(text.slice(span.end, off))))) return [];
  const expression = text.slice(span.start, Math.max(span.end, off));
  const site: ExpressionSite = { context, key, customAttributes: facts.customAttributes };
  const found = facts.idp.completions(expression, off - span.start, site);
  // A whole expression replacing an unquoted value is written as YAML reads it back (quoted if need be).
  const unquoted = span.start === valueStart;
  const asYaml = (c: { kind: string; insertText: string; start: number; snippet?: boolean }) =>
    (unquoted && !c.snippet && c.kind === 'expression' && c.start === 0 ? renderScalar(c.insertText, undefined) : c.insertText);
  const items: CompletionItem[] = found.map((c) => ({
    label: c.label, kind: EXPRESSION_KIND[c.kind], insertText: spaceFirst ? ` ${asYaml(c)}` : asYaml(c), snippet: c.snippet, retrigger: c.retrigger,
    range: { start: span.start + c.start, end: span.start + c.end }, detail: c.detail, documentation: c.documentation,
  }));
  // The expression the target (or the identity provider) uses for this key comes first: at the start of a
  // value the whole expression, after `user.` its attribute (`title` for a title mapping).
  const first = found.find((c) => c.kind === 'expression');
  const standard = standardFor(facts, context, key);
  const member = standard ? found.findIndex((c) => c.kind === 'attribute' && expression.slice(0, c.start) + c.label === standard) : -1;
  if (member > 0) items.unshift(...items.splice(member, 1));
  if (first && standard) {
    const at = items.findIndex((i) => i.label === standard);
    const item: CompletionItem = at >= 0 ? items.splice(at, 1)[0]
      : { label: standard, kind: 'value', insertText: asYaml({ kind: 'expression', insertText: standard, start: first.start }), range: { start: span.start + first.start, end: span.start + first.end } };
    if (at < 0 && spaceFirst) item.insertText = ` ${item.insertText}`;
    items.unshift({ ...item, detail: `${facts.idp.expressionLabel} for ${key}`, documentation: item.documentation });
  }
  return items;
}

/** Completion items at `offset`: keys valid there (not yet present), values, snippets, and inside expressions their parts. */
/**
 * Completions at `offset`. Read from the text (the line being typed may not parse); what the config
 * names (its identity provider, target, custom attributes) comes from `parsed` when the host keeps a
 * usable parse of this version (./documents.ts), else from the `app:` block alone.
 */
export function completionsAt(text: string, offset: number, options?: EditorSupportOptions, parsed?: ParsedConfig): CompletionItem[] {
  const schemaItems = options?.schema !== false;
  const off = Math.max(0, Math.min(offset, text.length));
  const lineStart = text.lastIndexOf('\n', off - 1) + 1;
  let lineEnd = text.indexOf('\n', off);
  if (lineEnd < 0) lineEnd = text.length;
  if (lineEnd > lineStart && text[lineEnd - 1] === '\r') lineEnd--;
  const prefix = text.slice(lineStart, off);
  const lines = new Lines(text);
  const lineNo = lines.numberAt(lineStart);
  const unit = detectIndentUnit(text);
  const valueMatch = /^( *)((?:- +)*)("[^"]*"|'[^']*'|[^\s:#'"][^:#]*?) *: +(.*)$/.exec(prefix) ?? /^( *)((?:- +)*)("[^"]*"|'[^']*'|[^\s:#'"][^:#]*?) *:$/.exec(prefix);
  if (valueMatch) {
    const col = valueMatch[1].length + valueMatch[2].length;
    const key = valueMatch[3].replace(/^["']|["']$/g, '');
    const path = blockPath(lines, lineNo, col, valueMatch[2] ? valueMatch[1].length : -1);
    const prop = schemaAt([...path, key]);
    if (!prop) return [];
    const spaceFirst = prefix.endsWith(':');
    if (prop['x-expression']) {
      const valueStart = spaceFirst ? off : off - (valueMatch[4] ?? '').length;
      return expressionItems(text, off, valueStart, lineEnd, prop['x-expression'], key, factsOf(text, options, parsed), spaceFirst);
    }
    if (!schemaItems || /(^|\s)#/.test(valueMatch[4] ?? '')) return [];
    const items = valueItems(prop);
    return spaceFirst ? items.map((i) => ({ ...i, insertText: ` ${i.insertText}` })) : items;
  }
  if (!schemaItems) return [];
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
  const section = path.join('.');
  const needsFacts = section === 'saml.attributes' || section === 'provisioning.mappings' || schema['x-completion'] === 'profile-attributes';
  const facts = needsFacts ? factsOf(text, options, parsed) : undefined;
  const context: ExpressionContext = section === 'saml.attributes' ? 'saml' : 'mapping';
  const standard = facts ? (k: string) => standardFor(facts, context, k) : undefined;
  const profile = facts && schema['x-completion'] === 'profile-attributes' ? facts.idp.attributes(facts.customAttributes).filter((a) => a.name !== 'id') : undefined;
  const items = keyItems(schema, present, col, unit, standard, profile);
  if (path.length === 0 && present.size === 0) items.push(...snippetItems(schema, col, unit));
  else if (inItem || path.length > 0) items.push(...snippetItems(schema, col, unit).filter(() => present.size === 0));
  return items;
}

