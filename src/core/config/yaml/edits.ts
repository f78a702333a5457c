// Text-edit builders for fixes: they touch only the lines they must and keep comments, indentation,
// quoting style and the file's line endings.
import { isMap, isScalar, Scalar } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { TextEdit } from '../types';

export interface EditContext {
  text: string;
  eol: '\n' | '\r\n';
  indentUnit: number;
}

/** A line to insert, `depth` levels below the insertion's own indentation. */
export interface InsertLine {
  depth: number;
  text: string;
}

export function lineStartOf(text: string, off: number): number {
  let i = Math.min(off, text.length);
  while (i > 0 && text.charCodeAt(i - 1) !== 10) i--;
  return i;
}

/** Offset of the end of the line containing `off` (before its CR/LF). */
export function lineEndOf(text: string, off: number): number {
  let i = Math.max(0, off);
  while (i < text.length && text.charCodeAt(i) !== 10) i++;
  if (i > 0 && text.charCodeAt(i - 1) === 13 && i - 1 >= off) return i - 1;
  return i;
}

/** Offset of the start of the next line after the one containing `off` (text.length at the end). */
export function nextLineStart(text: string, off: number): number {
  const i = text.indexOf('\n', off);
  return i < 0 ? text.length : i + 1;
}

export function columnOf(text: string, off: number): number {
  return off - lineStartOf(text, off);
}

/** End offset (exclusive, after the line break) of the last line that holds `pair`'s content. */
function pairBlockEnd(text: string, pair: Pair): number {
  const v = pair.value as Node | null;
  const k = pair.key as Node | null;
  const end = v?.range?.[1] ?? k?.range?.[1] ?? 0;
  const keyEnd = k?.range?.[1] ?? 0;
  const e = Math.max(end, keyEnd);
  if (e > 0 && text.charCodeAt(e - 1) === 10) return e;
  return nextLineStart(text, e);
}

function yamlPlainSafe(s: string): boolean {
  return s !== '' && /^[A-Za-z0-9_./@+][^#:]*$/.test(s) && !/\s$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s) &&
    !/^[-+]?(\d|\.\d)/.test(s);
}

/** The source text for a scalar holding `value`, in the given quoting style. */
export function renderScalar(value: string, type: Scalar.Type | undefined): string {
  if (type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  if (type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (yamlPlainSafe(value)) return value;
  // A value with double quotes or backslashes of its own (an Entra constant, "Etc/UTC") reads best single-quoted.
  if (/["\\]/.test(value) && !value.includes("'") && ![...value].some((c) => c < ' ' || c === '\u007f')) return `'${value}'`;
  return JSON.stringify(value);
}

/**
 * An edit on one line that changes the line's length, followed by spaces and a trailing comment,
 * widened to take up (or give back) that padding, so the comment keeps its column:
 * `syncPassword: true         # must stay false` -> `syncPassword: false        # must stay false`.
 * When the padding is too short for that (one space must stay), the edit is left as it is: the
 * comment moves, keeping its gap. Other edits are returned unchanged.
 */
export function keepCommentColumn(text: string, e: TextEdit): TextEdit {
  const delta = e.newText.length - (e.end - e.start);
  if (delta === 0 || /[\r\n]/.test(e.newText) || /[\r\n]/.test(text.slice(e.start, e.end))) return e;
  const m = /^( +)#/.exec(text.slice(e.end, lineEndOf(text, e.end)));
  if (!m) return e;
  const padding = m[1].length;
  if (padding - delta < 1) return e;
  return { start: e.start, end: e.end + padding, newText: e.newText + ' '.repeat(padding - delta) };
}

/** Replace a scalar's value, keeping its quote style. Undefined for block scalars or non-scalars. */
export function replaceScalar(node: unknown, value: string): TextEdit | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const t = node.type;
  if (t === Scalar.BLOCK_FOLDED || t === Scalar.BLOCK_LITERAL) return undefined;
  const [start, end] = node.range;
  // An empty value (`key:`): write ` value` right where the value would be.
  if (start === end) return { start, end, newText: ` ${renderScalar(value, t === Scalar.PLAIN ? undefined : t)}` };
  return { start, end, newText: renderScalar(value, t) };
}

/**
 * Set the value of a mapping entry: replace a written scalar (keeping its quotes), or, for an empty
 * value (`key:` / `key: # comment`), write ` value` right after the colon.
 */
export function setValue(text: string, at: { node?: unknown; key?: unknown } | undefined, value: string, raw = false): TextEdit | undefined {
  if (!at) return undefined;
  const n = at.node;
  const rendered = raw ? value : renderScalar(value, undefined);
  if (isScalar(n) && n.value !== null && n.range && n.range[1] > n.range[0]) {
    if (!raw) return replaceScalar(n, value);
    if (n.type === Scalar.BLOCK_FOLDED || n.type === Scalar.BLOCK_LITERAL) return undefined;
    return { start: n.range[0], end: n.range[1], newText: rendered };
  }
  if (isScalar(n) && n.range) {
    const src = text.slice(n.range[0], n.range[1]);
    const m = /^(\s*)(null|Null|NULL|~)(?=\s|$)/.exec(src);
    if (m) return { start: n.range[0] + m[1].length, end: n.range[0] + m[1].length + m[2].length, newText: rendered };
  }
  if (n !== undefined && n !== null && !(isScalar(n) && n.value === null)) return undefined;
  const k = at.key as Node | undefined;
  if (!k?.range) return undefined;
  let i = k.range[1];
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] !== ':') return undefined;
  return { start: i + 1, end: i + 1, newText: ` ${rendered}` };
}

/** Replace a scalar that is written without escapes (what you see is the value) by part; else whole. */
export function replaceInScalar(text: string, node: unknown, from: number, to: number, insert: string): TextEdit | undefined {
  if (!isScalar(node) || !node.range || typeof node.value !== 'string') return undefined;
  const [start, end] = node.range;
  const src = text.slice(start, end);
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  const inner = quoted ? src.slice(1, -1) : src;
  if (inner === node.value) {
    const base = start + (quoted ? 1 : 0);
    return { start: base + from, end: base + to, newText: insert };
  }
  return replaceScalar(node, node.value.slice(0, from) + insert + node.value.slice(to));
}

/** Delete a pair of a block mapping: the whole lines from its key through its value. */
export function deletePair(ctx: EditContext, pair: Pair): TextEdit | undefined {
  const k = pair.key as Node | null;
  if (!k?.range) return undefined;
  const start = lineStartOf(ctx.text, k.range[0]);
  if (ctx.text.slice(start, k.range[0]).trim() !== '') return undefined; // flow map or `- key:` line
  return { start, end: pairBlockEnd(ctx.text, pair), newText: '' };
}

/** Delete a whole line-range [lineStartOf(from), next line start after `to`). */
export function deleteLines(ctx: EditContext, from: number, to: number): TextEdit {
  const start = lineStartOf(ctx.text, from);
  const end = to > 0 && ctx.text.charCodeAt(to - 1) === 10 ? to : nextLineStart(ctx.text, to);
  return { start, end, newText: '' };
}

function renderLines(ctx: EditContext, indent: number, lines: readonly InsertLine[]): string[] {
  return lines.map((l) => ' '.repeat(indent + l.depth * ctx.indentUnit) + l.text);
}

function insertAt(ctx: EditContext, at: number, rendered: string[]): TextEdit {
  const { text, eol } = ctx;
  if (at >= text.length && text.length > 0 && text.charCodeAt(text.length - 1) !== 10) {
    return { start: text.length, end: text.length, newText: eol + rendered.join(eol) };
  }
  return { start: at, end: at, newText: rendered.join(eol) + eol };
}

/**
 * Insert lines into the mapping that is the value of `parentPair` (or the root map when parentPair is
 * null): after the block's last child line, at the block's child indentation. Returns undefined for
 * flow mappings, or values that are neither a block mapping nor empty.
 */
export function insertIntoMap(ctx: EditContext, map: YAMLMap | undefined, parentPair: Pair | null, lines: readonly InsertLine[],
  rootEmpty = false): TextEdit | undefined {
  const { text } = ctx;
  if (map && map.items.length > 0) {
    if (map.flow) return undefined;
    const first = map.items[0];
    const fk = first.key as Node | null;
    if (!fk?.range) return undefined;
    const indent = columnOf(text, fk.range[0]);
    const last = map.items[map.items.length - 1];
    return insertAt(ctx, pairBlockEnd(text, last), renderLines(ctx, indent, lines));
  }
  if (map?.flow) return undefined;
  if (parentPair) {
    const k = parentPair.key as Node | null;
    if (!k?.range) return undefined;
    const v = parentPair.value as Node | null;
    if (v && !(isScalar(v) && (v.value === null) && v.range && v.range[0] === v.range[1]) && !(isMap(v) && !v.flow)) return undefined;
    const keyLineStart = lineStartOf(text, k.range[0]);
    const before = text.slice(keyLineStart, k.range[0]);
    let indent = before.length;
    if (before.trim() !== '') {
      // `- key:` inside a sequence: the key's own column.
      if (!/^\s*-\s+$/.test(before)) return undefined;
    }
    indent += ctx.indentUnit;
    return insertAt(ctx, nextLineStart(text, k.range[1]), renderLines(ctx, indent, lines));
  }
  if (rootEmpty) return insertAt(ctx, text.length, renderLines(ctx, 0, lines));
  return undefined;
}

/** The lines of a YAML block for a nested plain object of strings/booleans/numbers/objects. */
export function objectToLines(obj: Record<string, unknown>, depth = 0): InsertLine[] {
  const out: InsertLine[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === 'object') {
      out.push({ depth, text: `${k}:` });
      out.push(...objectToLines(v as Record<string, unknown>, depth + 1));
    } else {
      out.push({ depth, text: `${k}: ${typeof v === 'string' ? renderScalar(v, undefined) : String(v)}` });
    }
  }
  return out;
}
