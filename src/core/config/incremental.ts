// Incremental validation: the text is cut into top-level blocks (and, for `assignments`, one chunk per
// list item); each chunk is parsed on its own with absolute offsets and cached by its text, so an edit
// re-parses only the chunks it touched. The chunks are assembled into one YAML document and value that
// the rules see exactly as after a full parse. Anything that could make a chunk depend on its
// neighbours (anchors/aliases/tags, `---`/`...`, directives, tabs, a BOM, a parse error or warning in
// any chunk, top-level duplicate keys, an unusual line at column 0, deep nesting) falls back to the
// full `parseConfig`, so results are always those of `validateConfig` (asserted by the unit tests and
// the benchmark).
import { Composer, Document, isCollection, isPair, isScalar, Pair, Parser, YAMLMap, YAMLSeq } from 'yaml';
import { detectEol, detectIndentUnit, flowDepthExceeds, MAX_DEPTH, parseConfig, tooDeep } from './parse';
import type { ParsedConfig } from './parse';
import type { Finding, ValidateOptions } from './types';
import { validateParsed } from './validate';

const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false, strict: true, logLevel: 'error' } as const;
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
  doc: Document.Parsed;
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

  parse(text: string): ParsedConfig {
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
  }

  private tryChunked(text: string): ParsedConfig | FallbackReason {
    this.lastParsedChunks = 0;
    if (RISKY.test(text)) return 'syntax-risk';
    // The flow-nesting scan only matters when there are flow brackets (indexOf is much cheaper).
    if ((text.includes('[') || text.includes('{')) && flowDepthExceeds(text, MAX_DEPTH) >= 0) return 'syntax-risk';
    // Line starts of top-level blocks; everything before the first must be comments or blank.
    const blocks: number[] = [];
    let pos = 0;
    const n = text.length;
    while (pos < n) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = n;
      const c = text.charCodeAt(pos);
      if (c !== 32 && c !== 35 && c !== 10 && c !== 13 && c !== 45) {
        blocks.push(pos);
      } else if (blocks.length === 0 && c !== 35 && c !== 10 && c !== 13 && !/^\s*(#.*)?\r?$/.test(text.slice(pos, nl))) {
        return 'shape';
      }
      pos = nl + 1;
    }
    if (blocks.length === 0) return 'no-blocks';
    const next: Record<Kind, Map<string, Chunk | Chunk[]>> = { block: new Map(), item: new Map() };
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
          shift(ch.doc.contents, d);
          const r = ch.doc.range;
          r[0] += d; r[1] += d; r[2] += d;
          ch.start = start;
        }
      } else {
        const parsed = parseChunk(t, start);
        if (typeof parsed === 'string') return parsed;
        ch = parsed;
        this.lastParsedChunks++;
      }
      const to = next[kind];
      const had = to.get(t);
      if (had === undefined) to.set(t, ch);
      else if (Array.isArray(had)) had.push(ch);
      else to.set(t, [had, ch]);
      return ch;
    };

    const pairs: Pair[] = [];
    const value: Record<string, unknown> = {};
    const keys = new Set<string>();
    let firstRange: number | undefined;
    let lastEnd: [number, number] = [0, 0];
    for (let b = 0; b < blocks.length; b++) {
      const start = blocks[b];
      const end = b + 1 < blocks.length ? blocks[b + 1] : n;
      const items = itemStarts(text, start, end);
      if (items === 'shape') return 'shape';
      const head = take('block', start, items ? items[0] : end);
      if (typeof head === 'string') return head;
      const map = head.doc.contents;
      if (!(map instanceof YAMLMap) || map.items.length !== 1 || map.flow) return 'shape';
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
        const s = ch.doc.contents;
        if (!(s instanceof YAMLSeq) || s.items.length !== 1 || s.flow) return 'shape';
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

function parseChunk(t: string, start: number): Chunk | FallbackReason {
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
  return { text: t, start, doc, value };
}

/** Validation that keeps an incremental parse cache (one instance per document). */
export class IncrementalValidator {
  readonly parser = new IncrementalParser();

  validate(text: string, options?: ValidateOptions): Finding[] {
    return validateParsed(this.parser.parse(text), options);
  }
}
