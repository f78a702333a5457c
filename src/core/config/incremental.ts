// Incremental validation: the text is cut into top-level blocks (and one chunk per `assignments` item),
// each parsed on its own with absolute offsets and kept, so an edit re-parses only the chunks it
// touched (how chunks are reused: docs/benchmarks.md, "Incremental chunks"). The chunks are assembled
// into the YAML document and value a full parse gives. Anything that could make a chunk depend on its
// neighbours (anchors, aliases, tags, document markers, directives, tabs, a BOM, a parse error or
// warning in a chunk, top-level duplicate keys, an odd line at column 0, deep nesting) falls back to
// the full `parseConfig`: the findings are always `validateConfig`'s (asserted by the unit tests).
import { Composer, Document, isCollection, isPair, isScalar, Pair, Parser, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { fastParseChunk, hasExcludedCharacters, keyString, YAML_PARSE_OPTIONS } from './yaml/fastYaml';
import { detectEol, detectIndentUnit, flowDepthExceeds, MAX_DEPTH, parseConfig, tooDeep } from './yaml/parse';
import type { ParsedConfig } from './yaml/parse';
import type { Finding, ValidateOptions } from './types';
import { validateParsed } from './validate';

const PARSE_OPTIONS = YAML_PARSE_OPTIONS;
/** One YAML 1.2 core schema shared by every chunk (composing reads it, never changes it): building one per chunk cost more than parsing a small chunk. */
const CHUNK_OPTIONS = { ...PARSE_OPTIONS, schema: new Document(null, PARSE_OPTIONS).schema };

/** Documents larger than this (UTF-16 units) are validated by the extension in dist/validate-worker.js with this module; smaller ones synchronously with validateConfig. */
export const WORKER_THRESHOLD = 200_000;

/** Nesting allowed inside one chunk (the chunk sits at most 3 levels below the root). */
const CHUNK_DEPTH = MAX_DEPTH - 4;

interface Chunk {
  /** Absolute offset the nodes' ranges currently refer to. */
  start: number;
  length: number;
  /** The chunk's root node: a one-pair mapping for a block, a one-item sequence for an item. */
  contents: unknown;
  /** toJS() of the chunk: for a block `{ key: value }`, for an item `[value]`. */
  value: unknown;
}

/** Why the last parse did not take the chunked path (for tests and logging), or undefined when it did. */
export type FallbackReason = 'syntax-risk' | 'no-blocks' | 'chunk-error' | 'shape' | 'duplicate-key' | 'deep';

function shift(node: unknown, delta: number): void {
  const stack: unknown[] = [node];
  while (stack.length) {
    const n = stack.pop();
    if (isPair(n)) { stack.push(n.key, n.value); continue; }
    if (isScalar(n) || isCollection(n)) {
      const r = n.range;
      if (r) { r[0] += delta; r[1] += delta; r[2] += delta; }
      if (isCollection(n)) for (const it of n.items) stack.push(it);
    }
  }
}

/** Cheap scan for YAML features whose meaning can cross a chunk boundary. */
const RISKY = /\t|^(?:---|\.\.\.|%)|(?:^|[\s:,[{-])[&*!][^\s]|\ufeff/m;

/** The previous version: its text and its chunks by start offset. */
interface Previous {
  text: string;
  chunks: Map<number, Chunk>;
  /** The text has none of the characters the fast path never takes. */
  screened: boolean;
}

export class IncrementalParser {
  private prev: Previous | undefined;
  /** Set by each parse: why it fell back to a full parse, or undefined. */
  lastFallback: FallbackReason | undefined;
  /** Chunks parsed (not taken from the previous version) by the last parse. */
  lastParsedChunks = 0;
  /** A whole-document parse whose nodes are still to become the chunks (see warm()). */
  private unseeded: { text: string; parsed: ParsedConfig; bounds: Block[] } | undefined;

  /**
   * Without chunks (the first parse, or after a fallback) the whole text is parsed at once (the fast
   * path makes that the quickest way); the chunks are then taken from that parse's nodes by warm(),
   * which the worker calls once the result is out, or else the next parse. After that, only the
   * chunks an edit touched are parsed again.
   */
  parse(text: string): ParsedConfig {
    this.warm();
    this.lastParsedChunks = 0;
    if (!this.prev) {
      const bounds = chunkBounds(text);
      const parsed = parseConfig(text);
      if (typeof bounds === 'string') this.lastFallback = bounds;
      else if (!parsed.usable || parsed.findings.length) this.lastFallback = 'chunk-error';
      else {
        this.lastFallback = undefined;
        this.unseeded = { text, parsed, bounds };
      }
      return parsed;
    }
    const r = this.tryChunked(text, this.prev);
    if (typeof r === 'string') {
      this.lastFallback = r;
      this.clear();
      return parseConfig(text);
    }
    this.lastFallback = undefined;
    return r;
  }

  clear(): void {
    this.prev = undefined;
    this.unseeded = undefined;
  }

  /** Take the chunks from the last whole-document parse, if that is still to do (idle time). */
  warm(): void {
    const u = this.unseeded;
    if (!u) return;
    this.unseeded = undefined;
    const why = this.seed(u.text, u.parsed, u.bounds);
    if (why) this.lastFallback = why;
  }

  /**
   * The chunks from a whole-document parse: each block's pair and each item's node, wrapped the way a
   * parse of the chunk alone wraps them. undefined when done, else why not (then there are no chunks).
   */
  private seed(text: string, parsed: ParsedConfig, bounds: Block[]): FallbackReason | undefined {
    const root = parsed.doc?.contents;
    const value = parsed.value;
    if (!parsed.usable || parsed.findings.length) return 'chunk-error';
    if (!(root instanceof YAMLMap) || root.flow || root.items.length !== bounds.length || !value || typeof value !== 'object') return 'shape';
    const chunks = new Map<number, Chunk>();
    const values = value as Record<string, unknown>;
    for (let b = 0; b < bounds.length; b++) {
      const { start, end, items } = bounds[b];
      const pair = root.items[b] as Pair;
      const key = pair.key;
      if (!isScalar(key) || !key.range) return 'shape';
      const k = keyString(key.value);
      if (k === '__proto__' || !Object.prototype.hasOwnProperty.call(values, k)) return 'shape';
      const v = pair.value as { range?: [number, number, number] } | null;
      if (!items) {
        if (!v?.range) return 'shape';
        chunks.set(start, { start, length: end - start, contents: wrapPair(pair, v.range[2]), value: { [k]: values[k] } });
        continue;
      }
      const seq = pair.value;
      const list = values[k];
      if (!(seq instanceof YAMLSeq) || seq.flow || seq.items.length !== items.length || !Array.isArray(list) || list.length !== items.length) return 'shape';
      const empty = new Scalar(null);
      empty.range = [key.range[1], key.range[1], key.range[1]];
      chunks.set(start, { start, length: items[0] - start, contents: wrapPair(new Pair(key, empty), key.range[1]), value: { [k]: null } });
      for (let i = 0; i < items.length; i++) {
        const from = items[i];
        const to = i + 1 < items.length ? items[i + 1] : end;
        const item = seq.items[i] as { range?: [number, number, number] } | null;
        let dash = from;
        while (text.charCodeAt(dash) === 32) dash++;
        if (!item?.range || text.charCodeAt(dash) !== 45) return 'shape';
        const one = new YAMLSeq();
        one.items = [item];
        one.range = [dash, item.range[2], item.range[2]];
        chunks.set(from, { start: from, length: to - from, contents: one, value: [list[i]] });
      }
    }
    this.prev = { text, chunks, screened: !hasExcludedCharacters(text) };
    return undefined;
  }

  private tryChunked(text: string, prev: Previous): ParsedConfig | FallbackReason {
    const n = text.length;
    const old = prev.text;
    // The edit: text[p, n - s) replaced old[p, old.length - s); everything around it is unchanged.
    const p = commonPrefix(old, text);
    const s = commonSuffix(old, text, Math.min(old.length, n) - p);
    const delta = n - old.length;
    // The previous text passed the scans below; only the changed lines (whole) need them again.
    const from = p > 0 ? text.lastIndexOf('\n', p - 1) + 1 : 0;
    let to = text.indexOf('\n', n - s);
    if (to < 0) to = n;
    const changed = text.slice(from, to);
    if (RISKY.test(changed)) return 'syntax-risk';
    const bounds = chunkBounds(text, false);
    if (typeof bounds === 'string') return bounds;
    const screened = prev.screened && !hasExcludedCharacters(changed);
    const chunks = new Map<number, Chunk>();
    // The old chunks that overlap the changed part, by their text: a chunk in the changed part of the
    // new text may still be one of them (undo, two edits far apart, a moved item). Built on first use.
    let byText: Map<string, Chunk[]> | undefined;
    const moved = (start: number, end: number): Chunk | undefined => {
      if (!byText) {
        byText = new Map();
        const hi = old.length - s;
        for (const c of prev.chunks.values()) {
          if (c.start + c.length <= p || c.start >= hi) continue;
          const t = old.slice(c.start, c.start + c.length);
          const list = byText.get(t);
          if (list) list.push(c); else byText.set(t, [c]);
        }
      }
      const c = byText.get(text.slice(start, end))?.pop();
      if (c && c.start !== start) {
        shift(c.contents, start - c.start);
        c.start = start;
      }
      return c;
    };
    const take = (start: number, end: number): Chunk | FallbackReason => {
      const length = end - start;
      let ch: Chunk | undefined;
      if (end <= p) {
        const c = prev.chunks.get(start);
        if (c?.length === length) ch = c;
      } else if (start >= n - s) {
        const c = prev.chunks.get(start - delta);
        if (c?.length === length) {
          ch = c;
          if (delta) {
            shift(c.contents, delta);
            c.start = start;
          }
        }
      } else {
        ch = moved(start, end);
      }
      if (!ch) {
        const parsed = parseChunk(text, start, end, screened);
        if (typeof parsed === 'string') return parsed;
        ch = parsed;
        this.lastParsedChunks++;
      }
      chunks.set(start, ch);
      return ch;
    };

    const pairs: Pair[] = [];
    const value: Record<string, unknown> = {};
    const keys = new Set<string>();
    let firstRange: number | undefined;
    let lastEnd: [number, number] = [0, 0];
    for (const { start, end, items } of bounds) {
      const head = take(start, items ? items[0] : end);
      if (typeof head === 'string') return head;
      const map = head.contents;
      if (!(map instanceof YAMLMap) || map.items.length !== 1 || map.flow || !map.range) return 'shape';
      const pair = map.items[0] as Pair;
      const obj = head.value as Record<string, unknown>;
      const objKeys = Object.keys(obj);
      if (objKeys.length !== 1 || !isScalar(pair.key)) return 'shape';
      const k = objKeys[0];
      if (keys.has(k) || k === '__proto__') return 'duplicate-key';
      keys.add(k);
      firstRange ??= map.range[0];
      if (!items) {
        pairs.push(pair);
        value[k] = obj[k];
        lastEnd = [map.range[1], map.range[2]];
        continue;
      }
      if (pair.value !== null && !(isScalar(pair.value) && pair.value.value === null)) return 'shape';
      const seq = new YAMLSeq();
      const range: [number, number, number] = [0, 0, 0];
      const arr: unknown[] = [];
      for (let i = 0; i < items.length; i++) {
        const ch = take(items[i], i + 1 < items.length ? items[i + 1] : end);
        if (typeof ch === 'string') return ch;
        const s = ch.contents;
        if (!(s instanceof YAMLSeq) || s.items.length !== 1 || s.flow || !s.range) return 'shape';
        seq.items.push(s.items[0]);
        arr.push((ch.value as unknown[])[0]);
        if (i === 0) range[0] = s.range[0];
        range[1] = s.range[1];
        range[2] = s.range[2];
      }
      seq.range = range;
      pairs.push(new Pair(pair.key, seq));
      value[k] = arr;
      lastEnd = [range[1], range[2]];
    }
    this.prev = { text, chunks, screened };

    const root = new YAMLMap();
    root.items = pairs;
    root.range = [firstRange ?? 0, lastEnd[0], lastEnd[1]];
    const doc = new Document(null, PARSE_OPTIONS) as unknown as Document.Parsed;
    doc.contents = root as unknown as Document.Parsed['contents'];
    doc.range = [root.range[0], root.range[1], n];
    (doc as { errors: unknown[] }).errors = [];
    (doc as { warnings: unknown[] }).warnings = [];
    return { text, doc, value, findings: [], usable: true, eol: detectEol(text), indentUnit: detectIndentUnit(text) };
  }
}

interface Block {
  start: number;
  end: number;
  /** Line starts of the items, for an `assignments:` block of block-sequence items. */
  items: number[] | undefined;
}

/**
 * The chunks of `text`: top-level blocks (a line at column 0 up to the next), the assignments block
 * cut after its key line and at each item; or why the text cannot be cut.
 */
function chunkBounds(text: string, riskScan = true): Block[] | FallbackReason {
  if (riskScan && RISKY.test(text)) return 'syntax-risk';
  // The flow-nesting scan only matters when there are flow brackets (indexOf is much cheaper).
  if ((text.includes('[') || text.includes('{')) && flowDepthExceeds(text, MAX_DEPTH) >= 0) return 'syntax-risk';
  // Line starts of top-level blocks; everything before the first must be comments or blank.
  const starts: number[] = [];
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = n;
    const c = text.charCodeAt(pos);
    if (c !== 32 && c !== 35 && c !== 10 && c !== 13 && c !== 45) {
      starts.push(pos);
    } else if (starts.length === 0 && c !== 35 && c !== 10 && c !== 13 && !/^\s*(#.*)?\r?$/.test(text.slice(pos, nl))) {
      return 'shape';
    }
    pos = nl + 1;
  }
  if (starts.length === 0) return 'no-blocks';
  const blocks: Block[] = [];
  for (let b = 0; b < starts.length; b++) {
    const start = starts[b];
    const end = b + 1 < starts.length ? starts[b + 1] : n;
    const items = itemStarts(text, start, end);
    if (items === 'shape') return 'shape';
    blocks.push({ start, end, items });
  }
  return blocks;
}

/** Compared a block at a time (a native comparison of two slices), then character by character. */
const BLOCK = 2048;

/** Length of the common start of two strings. */
function commonPrefix(a: string, b: string): number {
  const m = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= m && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < m && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common end of two strings, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  const da = a.length;
  const db = b.length;
  let i = 0;
  while (i + BLOCK <= max && a.slice(da - i - BLOCK, da - i) === b.slice(db - i - BLOCK, db - i)) i += BLOCK;
  while (i < max && a.charCodeAt(da - 1 - i) === b.charCodeAt(db - 1 - i)) i++;
  return i;
}

/** A one-pair mapping as a parse of its block alone returns it (range to the end of its value). */
function wrapPair(pair: Pair, end: number): YAMLMap {
  const map = new YAMLMap();
  map.items = [pair];
  map.range = [(pair.key as Scalar).range![0], end, end];
  return map;
}

/**
 * For an `assignments:` block whose value is a block sequence: the line starts of its items.
 * undefined when the block is not split; 'shape' when its lines are not what this expects.
 */
function itemStarts(text: string, start: number, end: number): number[] | undefined | 'shape' {
  if (!text.startsWith('assignments', start)) return undefined;
  let nl = text.indexOf('\n', start);
  if (nl < 0 || nl >= end) return undefined;
  if (!/^assignments[ ]*:[ ]*(#.*)?\r?$/.test(text.slice(start, nl))) return undefined;
  const items: number[] = [];
  let indent = -1;
  let pos = nl + 1;
  while (pos < end) {
    nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > end) nl = end;
    let i = pos;
    while (i < nl && text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    if (i < nl && c !== 35 && c !== 13) {
      const ind = i - pos;
      const next = text.charCodeAt(i + 1);
      const isItem = c === 45 && (i + 1 >= nl || next === 32 || next === 13);
      if (indent < 0) {
        if (!isItem) return undefined;
        indent = ind;
      }
      if (ind === indent && isItem) items.push(pos);
      else if (ind <= indent) return 'shape';
    }
    pos = nl + 1;
  }
  return items.length ? items : undefined;
}

function parseChunk(text: string, start: number, end: number, screened: boolean): Chunk | FallbackReason {
  // The fast path first (the tree yaml would build for this chunk), else yaml's parser on the chunk.
  const fast = fastParseChunk(text, start, end, screened);
  if (fast) return { start, length: end - start, contents: fast.contents, value: fast.value };
  const t = text.slice(start, end);
  const parser = new Parser();
  parser.offset = start;
  const composer = new Composer(CHUNK_OPTIONS);
  const docs = [...composer.compose(parser.parse(t), true, start + t.length)];
  if (docs.length !== 1) return 'chunk-error';
  const doc = docs[0];
  if (doc.errors.length || doc.warnings.length) return 'chunk-error';
  if (tooDeep(doc.contents, CHUNK_DEPTH)) return 'deep';
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 0 });
  } catch {
    return 'chunk-error';
  }
  return { start, length: end - start, contents: doc.contents, value };
}

/** Validation that keeps an incremental parse cache (one instance per document). */
export class IncrementalValidator {
  readonly parser = new IncrementalParser();

  validate(text: string, options?: ValidateOptions): Finding[] {
    return validateParsed(this.parser.parse(text), options);
  }
}
