// Incremental validation: the text is cut into top-level blocks (and, for `assignments`, one chunk per
// list item); each chunk is parsed on its own with absolute offsets and cached by its text, so an edit
// re-parses only the chunks it touched. The chunks are assembled into one YAML document and value that
// the rules see exactly as after a full parse. Anything that could make a chunk depend on its
// neighbours (anchors/aliases/tags, `---`/`...`, directives, tabs, a BOM, a parse error or warning in
// any chunk, top-level duplicate keys, an unusual line at column 0, deep nesting) falls back to the
// full `parseConfig`, so results are always those of `validateConfig` (asserted by the unit tests and
// the benchmark).
import { Composer, Document, isCollection, isPair, isScalar, Pair, Parser, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { fastParseChunk, hasExcludedCharacters, keyString, YAML_PARSE_OPTIONS } from './fastYaml';
import { detectEol, detectIndentUnit, flowDepthExceeds, MAX_DEPTH, parseConfig, tooDeep } from './parse';
import type { ParsedConfig } from './parse';
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
  text: string;
  /** Absolute offset the nodes' ranges currently refer to. */
  start: number;
  /** The chunk's root node: a one-pair mapping for a block, a one-item sequence for an item. */
  contents: unknown;
  /** toJS() of the chunk: for a block `{ key: value }`, for an item `[value]`. */
  value: unknown;
}

type Kind = 'block' | 'item';

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

export class IncrementalParser {
  private cache: Record<Kind, Map<string, Chunk | Chunk[]>> = { block: new Map(), item: new Map() };
  /** Set by each parse: why it fell back to a full parse, or undefined. */
  lastFallback: FallbackReason | undefined;
  /** Chunks parsed (not taken from the cache) by the last parse. */
  lastParsedChunks = 0;

  /** A whole-document parse whose nodes are still to go into the chunk cache (see warm()). */
  private unseeded: { text: string; parsed: ParsedConfig; bounds: Block[] } | undefined;

  /**
   * With an empty cache (the first parse, or after a fallback) the whole text is parsed at once (the
   * fast path makes that the quickest way); the chunk cache is filled from that parse's nodes by
   * warm(), which the worker calls once the result is out, or else the next parse. After that, only
   * the chunks an edit touched are parsed again.
   */
  parse(text: string): ParsedConfig {
    this.warm();
    this.lastParsedChunks = 0;
    if (this.cache.block.size === 0 && this.cache.item.size === 0) {
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
    const r = this.tryChunked(text);
    if (typeof r === 'string') {
      this.lastFallback = r;
      this.clear();
      return parseConfig(text);
    }
    this.lastFallback = undefined;
    return r;
  }

  clear(): void {
    this.cache = { block: new Map(), item: new Map() };
    this.unseeded = undefined;
  }

  /** Fill the chunk cache from the last whole-document parse, if that is still to do (idle time). */
  warm(): void {
    const u = this.unseeded;
    if (!u) return;
    this.unseeded = undefined;
    const why = this.seed(u.text, u.parsed, u.bounds);
    if (why) this.lastFallback = why;
  }

  /**
   * Fill the cache from a whole-document parse: each block's pair and each item's node, wrapped the way
   * a parse of the chunk alone wraps them. undefined when seeded, else why not (the cache stays empty).
   */
  private seed(text: string, parsed: ParsedConfig, bounds: Block[]): FallbackReason | undefined {
    const root = parsed.doc?.contents;
    const value = parsed.value;
    if (!parsed.usable || parsed.findings.length) return 'chunk-error';
    if (!(root instanceof YAMLMap) || root.flow || root.items.length !== bounds.length || !value || typeof value !== 'object') return 'shape';
    const next: Record<Kind, Map<string, Chunk | Chunk[]>> = { block: new Map(), item: new Map() };
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
        put(next.block, text.slice(start, end), { text: text.slice(start, end), start, contents: wrapPair(pair, v.range[2]), value: { [k]: values[k] } });
        continue;
      }
      const seq = pair.value;
      const list = values[k];
      if (!(seq instanceof YAMLSeq) || seq.flow || seq.items.length !== items.length || !Array.isArray(list) || list.length !== items.length) return 'shape';
      const headEnd = items[0];
      const empty = new Scalar(null);
      empty.range = [key.range[1], key.range[1], key.range[1]];
      put(next.block, text.slice(start, headEnd), { text: text.slice(start, headEnd), start, contents: wrapPair(new Pair(key, empty), key.range[1]), value: { [k]: null } });
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
        const t = text.slice(from, to);
        put(next.item, t, { text: t, start: from, contents: one, value: [list[i]] });
      }
    }
    this.cache = next;
    return undefined;
  }

  private tryChunked(text: string): ParsedConfig | FallbackReason {
    const bounds = chunkBounds(text);
    if (typeof bounds === 'string') return bounds;
    const n = text.length;
    const next: Record<Kind, Map<string, Chunk | Chunk[]>> = { block: new Map(), item: new Map() };
    // One scan for the characters the fast path never takes, instead of one per chunk.
    const screened = !hasExcludedCharacters(text);
    const take = (kind: Kind, start: number, end: number): Chunk | FallbackReason => {
      const t = text.slice(start, end);
      const cache = this.cache[kind];
      // One chunk per text, or a list when the same text occurs more than once (duplicate items).
      const hit = cache.get(t);
      let ch: Chunk | undefined;
      if (Array.isArray(hit)) {
        ch = hit.pop();
        if (hit.length === 0) cache.delete(t);
      } else if (hit) {
        ch = hit;
        cache.delete(t);
      }
      if (ch) {
        if (ch.start !== start) {
          const d = start - ch.start;
          shift(ch.contents, d);
          ch.start = start;
        }
      } else {
        const parsed = parseChunk(text, start, end, screened);
        if (typeof parsed === 'string') return parsed;
        ch = parsed;
        this.lastParsedChunks++;
      }
      put(next[kind], t, ch);
      return ch;
    };

    const pairs: Pair[] = [];
    const value: Record<string, unknown> = {};
    const keys = new Set<string>();
    let firstRange: number | undefined;
    let lastEnd: [number, number] = [0, 0];
    for (const { start, end, items } of bounds) {
      const head = take('block', start, items ? items[0] : end);
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
        const ch = take('item', items[i], i + 1 < items.length ? items[i + 1] : end);
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
    this.cache = next;

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
function chunkBounds(text: string): Block[] | FallbackReason {
  if (RISKY.test(text)) return 'syntax-risk';
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

/** Add a chunk under its text: one chunk, or a list when the same text occurs more than once (duplicate items). */
function put(map: Map<string, Chunk | Chunk[]>, t: string, ch: Chunk): void {
  const had = map.get(t);
  if (had === undefined) map.set(t, ch);
  else if (Array.isArray(had)) had.push(ch);
  else map.set(t, [had, ch]);
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
  const t = text.slice(start, end);
  // The fast path first (the tree yaml would build for this chunk), else yaml's parser on the chunk.
  const fast = fastParseChunk(text, start, end, screened);
  if (fast) return { text: t, start, contents: fast.contents, value: fast.value };
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
  return { text: t, start, contents: doc.contents, value };
}

/** Validation that keeps an incremental parse cache (one instance per document). */
export class IncrementalValidator {
  readonly parser = new IncrementalParser();

  validate(text: string, options?: ValidateOptions): Finding[] {
    return validateParsed(this.parser.parse(text), options);
  }
}
