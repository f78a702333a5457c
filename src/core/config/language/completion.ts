// Editor-support data, pure: completion items, hover text and document symbols from the schema.
import { isMap, isPair, isScalar, isSeq, parse as parseYaml } from 'yaml';
import type { Node, Pair, Scalar } from 'yaml';
import { assignmentsOf, customAttributesOf, SAMPLE_ASSIGNMENT } from '../../idp/person';
import { identityProviderOf } from '../../idp/registry';
import type { EvalResult, EvalValue, ExpressionContext, ExpressionSite, IdentityProvider } from '../../idp/types';
import { resolveBaseUrl } from '../../http/url';
import { isTargetId, requirementsFor } from '../../targets/registry';
import { detectIndentUnit, parseConfig, type ParsedConfig } from '../yaml/parse';
import { renderScalar } from '../yaml/edits';
import { directBase } from '../rules/expressions';
import { isSecretKeyName } from '../rules/secrets';
import { schemaAt } from '../schema/schemaInfo';
import { looksLikeSecret, scalarText } from '../../shared/text';
import type { SchemaNode } from '../schema/schemaInfo';
import { IANA_TIME_ZONES } from '../../shared/timezones';
import type { TargetId } from '../types';
import { keyText } from '../yaml/yamlNav';
import type { PathSegment } from '../yaml/yamlNav';

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

export interface EditorSupportOptions {
  /** False: only what no schema-driven tool provides (expressions); the Red Hat YAML extension serves the schema. */
  schema?: boolean;
  /** The target setting, when it overrides `app.target`. */
  target?: TargetId;
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

// ---------- the config's identity provider, target and custom attributes (cheap, from the app block) ----------

interface ConfigFacts {
  idp: IdentityProvider;
  target: TargetId;
  customAttributes: string[];
}

/** Reads `app:` alone (the first top-level block of that name), so completion never parses a large file. */
function factsFromText(text: string, options?: EditorSupportOptions): ConfigFacts {
  let app: unknown;
  const m = /^app[ \t]*:(.*)$/m.exec(text);
  if (m) {
    const start = m.index;
    const rest = text.slice(start + m[0].length);
    const next = /\n(?=[^\s#])/.exec(rest);
    const block = text.slice(start, start + m[0].length + (next ? next.index : rest.length));
    try {
      app = (parseYaml(block.length > 20_000 ? block.slice(0, 20_000) : block, { maxAliasCount: 0 }) as Record<string, unknown> | null)?.app;
    } catch {
      app = undefined;
    }
  }
  return factsFromValue({ app }, options);
}

function factsFromValue(value: unknown, options?: EditorSupportOptions): ConfigFacts {
  const app = value !== null && typeof value === 'object' ? (value as Record<string, unknown>).app : undefined;
  const t = app !== null && typeof app === 'object' ? (app as Record<string, unknown>).target : undefined;
  return {
    idp: identityProviderOf(value),
    target: options?.target ?? (isTargetId(t) ? t : 'flosum'),
    customAttributes: customAttributesOf(value),
  };
}

/** The expression the target expects at `key`, else the identity provider's standard one. */
function standardFor(facts: ConfigFacts, context: ExpressionContext, key: string): string | undefined {
  const expected = requirementsFor(facts.target).expected[facts.idp.id];
  return (context === 'saml' ? expected?.saml[key] : expected?.mappings[key]) ?? facts.idp.standardExpression(key, context);
}

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
export function completionsAt(text: string, offset: number, options?: EditorSupportOptions): CompletionItem[] {
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
      return expressionItems(text, off, valueStart, lineEnd, prop['x-expression'], key, factsFromText(text, options), spaceFirst);
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
  const facts = needsFacts ? factsFromText(text, options) : undefined;
  const context: ExpressionContext = section === 'saml.attributes' ? 'saml' : 'mapping';
  const standard = facts ? (k: string) => standardFor(facts, context, k) : undefined;
  const profile = facts && schema['x-completion'] === 'profile-attributes' ? facts.idp.attributes(facts.customAttributes).filter((a) => a.name !== 'id') : undefined;
  const items = keyItems(schema, present, col, unit, standard, profile);
  if (path.length === 0 && present.size === 0) items.push(...snippetItems(schema, col, unit));
  else if (inItem || path.length > 0) items.push(...snippetItems(schema, col, unit).filter(() => present.size === 0));
  return items;
}

// ---------- hover ----------

function describe(schema: SchemaNode, key: string): string {
  const head = schema.title && schema.title !== key ? `**${key}** — ${schema.title}` : `**${key}**`;
  return `${head}\n\n${schema.markdownDescription ?? schema.description ?? ''}`.trim();
}

/** Inline code in Markdown for any text (a fence longer than any backtick run inside). */
function codeSpan(s: string): string {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${/^`|`$/.test(s) ? ` ${s} ` : s}${fence}`;
}

function renderValue(v: EvalValue): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? 'null';
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

/** "For jane@example.com: "JANE"" — what the expression yields for the config's first assignment. */
export function previewMarkdown(idp: IdentityProvider, expression: string, config: unknown, context?: ExpressionContext): string {
  const people = assignmentsOf(config);
  const a = people[0] ?? SAMPLE_ASSIGNMENT;
  const r: EvalResult = idp.evaluate(expression, idp.personProfile(a), context);
  // Escaped, so the address is not turned into a mailto: link.
  const name = a.userName.replace(/[\\`*_{}[\]()#+\-.!<>@|~]/g, '\\$&');
  const who = people.length ? `For ${name}` : `For a sample person, ${name}`;
  const tail = people.length ? '' : '\n\nAdd assignments to preview your own people.';
  if (r.kind === 'unknown') return `**${who}:** ${idp.label} decides when it evaluates this: ${r.reason}.${tail}`;
  if (r.kind === 'error') return `**${who}:** ${idp.label} would fail to evaluate this: ${r.message}.${tail}`;
  const empty = r.value === null || r.value === '';
  const notes = (r.notes ?? []).map((n) => `- ${n}`).join('\n');
  return `**${who}:** ${codeSpan(renderValue(r.value))}${empty ? ` (${idp.label} sends no value)` : ''}${notes ? `\n\n${notes}` : ''}${tail}`;
}

function expressionHover(parsed: ParsedConfig, node: Scalar, key: string, s: SchemaNode, offset: number, options?: EditorSupportOptions): HoverInfo | undefined {
  const expression = node.value as string;
  const context = s['x-expression']!;
  const facts = factsFromValue(parsed.value, options);
  const site: ExpressionSite = { context, key, customAttributes: facts.customAttributes };
  const parts: string[] = [];
  let [start, end] = [node.range![0], node.range![1]];
  const base = directBase(parsed.text, node);
  if (base !== undefined) {
    const h = facts.idp.hover(expression, offset - base, site);
    if (h) {
      parts.push(h.markdown);
      [start, end] = [base + h.start, base + h.end];
    }
  }
  if (expression.trim() !== '' && !facts.idp.check(expression, site).some((p) => p.severity === 'error')) parts.push(previewMarkdown(facts.idp, expression, parsed.value, context));
  if (options?.schema !== false) parts.push(describe(s, key));
  return parts.length ? { markdown: parts.join('\n\n---\n\n'), start, end } : undefined;
}

/** What the config's identity provider says about the key at `path` (Entra ID: the Tenant URL and its flag), if anything. */
function idpNote(parsed: ParsedConfig, path: readonly PathSegment[]): string | undefined {
  const note = identityProviderOf(parsed.value).keyNotes?.[path.join('.')];
  if (!note) return undefined;
  const api = (parsed.value as { api?: { region?: string | null; baseUrl?: string | null } } | null)?.api;
  const baseUrl = api && typeof api === 'object' ? resolveBaseUrl(api) : undefined;
  return note.replace(/\{baseUrl\}/g, baseUrl ?? 'https://…/api/v1/scim');
}

function withNote(markdown: string | undefined, note: string | undefined): string | undefined {
  if (!note) return markdown;
  return markdown ? `${markdown}\n\n---\n\n${note}` : note;
}

/** Hover for the key (or enum value) under the cursor; on an expression, its parts and what it yields. */
export function hoverAt(text: string, offset: number, options?: EditorSupportOptions): HoverInfo | undefined {
  const schemaHover = options?.schema !== false;
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
          const md = withNote(s && schemaHover ? describe(s, key) : undefined, s ? idpNote(parsed, [...path, key]) : undefined);
          return md ? { markdown: md, start: k.range[0], end: k.range[1] } : undefined;
        }
        const v = it.value as Node | null;
        if (v?.range && offset >= v.range[0] && offset <= v.range[1]) {
          if (isScalar(v)) {
            const s = schemaAt([...path, key]);
            if (!s) return undefined;
            if (s['x-expression'] && typeof v.value === 'string') return expressionHover(parsed, v, key, s, offset, options);
            const note = idpNote(parsed, [...path, key]);
            if (!schemaHover) return note ? { markdown: note, start: v.range[0], end: v.range[1] } : undefined;
            const i = s.enum?.findIndex((e) => e === v.value) ?? -1;
            const enumDoc = i >= 0 ? s.markdownEnumDescriptions?.[i] : undefined;
            const md = enumDoc ? `\`${scalarText(v.value)}\`: ${enumDoc}\n\n---\n\n${describe(s, key)}` : describe(s, key);
            return { markdown: withNote(md, note) ?? md, start: v.range[0], end: v.range[1] };
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
