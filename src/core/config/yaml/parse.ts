// Text -> YAML document with ranges -> plain JS value, never throwing. Refuses alias bombs and
// absurd nesting with a finding, in bounded time.
import { isAlias, isCollection, isPair, isScalar, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import { fastParse, YAML_PARSE_OPTIONS } from './fastYaml';
import type { Finding } from '../types';

export const MAX_ALIAS_COUNT = 100;
export const MAX_DEPTH = 64;

export interface ParsedConfig {
  text: string;
  /** The YAML document (absent only when parsing was refused). */
  doc: Document.Parsed | undefined;
  /** Plain JS value with aliases resolved; undefined when the document could not be converted safely. */
  value: unknown;
  /** yaml-syntax / yaml-duplicate-key findings. */
  findings: Finding[];
  /** True when the value is trustworthy enough for schema and semantic checks. */
  usable: boolean;
  /** Line ending of the file ('\r\n' when its first line break is CRLF). */
  eol: '\n' | '\r\n';
  /** Detected indentation unit in spaces (default 2). */
  indentUnit: number;
}

function finding(text: string, code: Finding['code'], message: string, start: number, end: number): Finding {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  return { code, severity: 'error', message, start: s, end: e };
}

export function detectEol(text: string): '\n' | '\r\n' {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

/** Smallest positive step in indentation between consecutive content lines (2 when none). */
export function detectIndentUnit(text: string): number {
  let prev = -1;
  let unit = 0;
  let pos = 0;
  let lines = 0;
  while (pos < text.length && lines < 2000) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    let i = pos;
    while (i < nl && text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    if (i < nl && c !== 35 && c !== 13) {
      const ind = i - pos;
      if (prev >= 0 && ind > prev && text.charCodeAt(i) !== 45) {
        const d = ind - prev;
        if (unit === 0 || d < unit) unit = d;
      }
      prev = ind;
    }
    pos = nl + 1;
    lines++;
  }
  return unit >= 1 && unit <= 8 ? unit : 2;
}

/** Maximum flow-bracket nesting outside quotes and comments; stops counting above `limit`. */
export function flowDepthExceeds(text: string, limit: number): number {
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
      else if (c === 10) quote = 0;
      continue;
    }
    if (c === 34 || c === 39) quote = c;
    else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 10)) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    }
  }
  return -1;
}

/** Iterative depth walk; returns the first node deeper than `limit`, if any. */
export function tooDeep(root: Node | null, limit: number): Node | undefined {
  if (!root) return undefined;
  const stack: [Node, number][] = [[root, 1]];
  while (stack.length) {
    const [node, d] = stack.pop()!;
    if (d > limit) return node;
    if (isCollection(node)) {
      for (const it of node.items as unknown[]) {
        if (isPair(it)) {
          if (isCollection(it.value) || isScalar(it.value) || isAlias(it.value)) stack.push([it.value, d + 1]);
          if (isCollection(it.key)) stack.push([it.key, d + 1]);
        } else if (isCollection(it)) {
          stack.push([it, d + 1]);
        }
      }
    }
  }
  return undefined;
}

function firstAlias(root: Node | null): Node | undefined {
  if (!root) return undefined;
  const stack: unknown[] = [root];
  while (stack.length) {
    const n = stack.pop();
    if (isAlias(n)) return n;
    if (isPair(n)) { stack.push(n.value, n.key); continue; }
    if (isCollection(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
  }
  return undefined;
}

export interface ParseOptions {
  /** Try the fast path for plain block YAML first (default true); false: always yaml's parseDocument. */
  fastPath?: boolean;
}

export function parseConfig(text: string, options: ParseOptions = {}): ParsedConfig {
  const eol = detectEol(text);
  const indentUnit = detectIndentUnit(text);
  const base = { text, eol, indentUnit } as const;
  // The flow-nesting scan only matters when there are flow brackets (indexOf is much cheaper).
  const deepAt = text.includes('[') || text.includes('{') ? flowDepthExceeds(text, MAX_DEPTH) : -1;
  if (deepAt >= 0) {
    return { ...base, doc: undefined, value: undefined, usable: false, findings: [finding(text, 'yaml-syntax',
      `Nesting is deeper than ${MAX_DEPTH} levels: a provisioning config is never this deep; the file was not checked further.`, deepAt, deepAt + 1)] };
  }
  // The same tree and value as parseDocument + toJS below, without errors, or undefined (then parse).
  const fast = options.fastPath === false ? undefined : fastParse(text);
  if (fast) return { ...base, doc: fast.doc, value: fast.value, usable: true, findings: [] };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, YAML_PARSE_OPTIONS);
  } catch (e) {
    const msg = e instanceof RangeError ? 'The YAML is too deeply nested to read.' : 'The YAML could not be read.';
    return { ...base, doc: undefined, value: undefined, usable: false, findings: [finding(text, 'yaml-syntax', msg, 0, Math.min(text.length, 1))] };
  }
  const findings: Finding[] = [];
  for (const err of doc.errors) {
    const [s, e] = err.pos;
    if (err.code === 'DUPLICATE_KEY') {
      // yaml points at the key's first character; widen to the whole key (plain or quoted).
      const m = /^("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^:\n#]*?)[ \t]*:/.exec(text.slice(s, s + 1024));
      const end = m && m[1].length > 0 ? s + m[1].length : e;
      const key = text.slice(s, end);
      findings.push(finding(text, 'yaml-duplicate-key', `Duplicate key '${key}': a key may appear only once in a mapping; remove or rename this one.`, s, end));
    } else {
      const msg = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      findings.push(finding(text, 'yaml-syntax', `YAML syntax error: ${msg}.`.replace(/\.\.$/, '.'), s, e > s ? e : s + 1));
    }
  }
  const deep = tooDeep(doc.contents, MAX_DEPTH);
  if (deep) {
    const s = deep.range?.[0] ?? 0;
    findings.push(finding(text, 'yaml-syntax', `Nesting is deeper than ${MAX_DEPTH} levels: a provisioning config is never this deep; the file was not checked further.`, s, s + 1));
    return { ...base, doc, value: undefined, usable: false, findings };
  }
  let value: unknown;
  let usable = true;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    usable = false;
    const a = firstAlias(doc.contents);
    const s = a?.range?.[0] ?? 0;
    const e = a?.range?.[1] ?? s + 1;
    findings.push(finding(text, 'yaml-syntax',
      `Aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT} per alias): this looks like an alias bomb; the file was not checked further.`, s, e));
  }
  return { ...base, doc, value, usable, findings };
}

/**
 * Decode file bytes as UTF-8 (BOM allowed). Invalid UTF-8 gives the replacement-decoded text plus a
 * yaml-syntax finding at the first bad byte.
 */
export function decodeConfigBytes(bytes: Uint8Array): { text: string; finding?: Finding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const loose = new TextDecoder('utf-8');
    const text = loose.decode(bytes);
    const start = loose.decode(bytes.subarray(0, bad)).length;
    const hex = bytes[bad]?.toString(16).padStart(2, '0') ?? '??';
    return {
      text,
      finding: finding(text, 'yaml-syntax', `The file is not valid UTF-8: byte 0x${hex} at byte offset ${bad}; save it as UTF-8.`, start, start + 1),
    };
  }
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let n = 0;
    let min = 0;
    if (c < 0x80) { i++; continue; }
    if (c >= 0xc2 && c <= 0xdf) { n = 1; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { n = 2; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 3; min = 0x10000; }
    else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}
