// What reconcile reads from a config: the assignments (with their offsets and lines, from the parsed
// YAML document's ranges), `provisioning.defaults.timezone` and the identity provider `app` names. Tolerant of schema problems (an item
// without a userName is skipped and named), strict about YAML errors (a broken document could hide
// or invent assignments, and reconcile would then call tenant users unassigned).
import { isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import { parseConfig } from '../config/yaml/parse';
import type { ParsedConfig } from '../config/yaml/parse';
import { LineIndex } from '../config/yaml/lineIndex';
import { topLevelBlocks } from '../config/summary';
import { scalarText } from '../shared/text';
import { findPair, locate } from '../config/yaml/yamlNav';
import { idpDescriptorOf } from '../idp/registry';
import type { IdpDescriptor } from '../idp/types';

/** One assignment of the file. Values are trimmed; a blank value is absent. */
export interface ConfigAssignment {
  /** Position in `assignments` (0-based). */
  index: number;
  userName: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  timezone?: string;
  /** 1-based line where the item starts (its `- ` line). */
  line: number;
  /** 1-based last line of the item's content. */
  endLine: number;
  /** Offsets of the userName value (where the editor puts the diagnostic). */
  start: number;
  end: number;
}

export interface ConfigAssignments {
  assignments: ConfigAssignment[];
  /** The identity provider the config names (`app.identityProvider`): how it matches and what it will do. Default Okta. */
  idp?: IdpDescriptor;
  /** `provisioning.defaults.timezone`, trimmed, when set. */
  defaultTimezone?: string;
  /** The `assignments` key, when present. */
  key?: { start: number; end: number; line: number };
  /** Items that are not assignments reconcile can use (no userName, not a mapping). */
  skipped: Array<{ index: number; line: number; reason: string }>;
}

export type ReadResult = { ok: true; config: ConfigAssignments } | { ok: false; message: string };

const FIELDS = ['givenName', 'familyName', 'email', 'timezone'] as const;

/** A scalar's value as trimmed text; undefined for blank, null or non-scalars. */
function scalarValue(n: unknown): string | undefined {
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  const s = scalarText(n.value).trim();
  return s || undefined;
}

/** Where a node's content ends (trailing whitespace and line breaks not counted). */
function contentEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1] ?? '')) e--;
  return e;
}

/** Reads items of an `assignments` sequence; node ranges are relative to `delta` in `text`. */
class ItemReader {
  readonly assignments: ConfigAssignment[] = [];
  readonly skipped: ConfigAssignments['skipped'] = [];

  constructor(private readonly text: string, private readonly lines: LineIndex) {}

  read(item: unknown, index: number, delta: number): void {
    const at = (off: number): number => this.lines.positionAt(off + delta).line;
    const node = item as Node | null;
    const start = node?.range?.[0] ?? 0;
    if (!isMap(item)) {
      this.skipped.push({ index, line: at(start), reason: 'not a mapping with a userName' });
      return;
    }
    const userNamePair = findPair(item, 'userName');
    const userName = scalarValue(userNamePair?.value);
    if (!userNamePair || userName === undefined) {
      this.skipped.push({ index, line: at(start), reason: 'no userName' });
      return;
    }
    const value = userNamePair.value as Node;
    const [vs, ve] = value.range ?? [start, start];
    const end = contentEnd(this.text, start + delta, lastContent(item) + delta);
    const a: ConfigAssignment = {
      index, userName, line: at(start), endLine: this.lines.positionAt(Math.max(start + delta, end - 1)).line,
      start: vs + delta, end: ve + delta,
    };
    for (const f of FIELDS) {
      const v = scalarValue(findPair(item, f)?.value);
      if (v !== undefined) a[f] = v;
    }
    this.assignments.push(a);
  }

  /**
   * Reads the item in text[from, to) without a YAML parser when every line of it is one of: a
   * `key: value` pair at the item's key column (the first behind its `- `), a comment, or blank;
   * and every value is empty, a plain string (nothing YAML could read as a number, boolean or null,
   * nothing special) or a quoted string without escapes. Returns false, having read nothing, for
   * anything else: the caller parses that item with the YAML parser.
   */
  scan(index: number, from: number, to: number): boolean {
    const t = this.text;
    const dash = t.indexOf('-', from);
    let keyCol = -1;
    const pairs = new Map<string, ScannedPair>();
    let first: ScannedPair | undefined;
    let last = -1;
    for (let pos = from; pos < to;) {
      let eol = t.indexOf('\n', pos);
      if (eol < 0 || eol > to) eol = to;
      const end = eol > pos && t.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
      let i = pos === from ? dash + 1 : pos;
      while (i < end && t.charCodeAt(i) === 32) i++;
      if (i < end && t.charCodeAt(i) !== 35) {
        if (keyCol < 0) { if (pos !== from || i === dash + 1) return false; keyCol = i - pos; }
        if (i - pos !== keyCol) return false;
        const pair = scanPair(t, i, end);
        if (!pair || pairs.has(pair.key)) return false;
        pairs.set(pair.key, pair);
        first ??= pair;
        last = pair.contentEnd;
      } else if (pos === from) {
        return false; // `-` alone on its line: the item's content starts below
      }
      pos = eol + 1;
    }
    if (!first) return false;
    const user = pairs.get('userName');
    const line = this.lines.positionAt(first.keyStart).line;
    if (!user || user.value === undefined) {
      this.skipped.push({ index, line, reason: 'no userName' });
      return true;
    }
    const a: ConfigAssignment = { index, userName: user.value, line, endLine: this.lines.positionAt(last - 1).line, start: user.valueStart, end: user.valueEnd };
    for (const f of FIELDS) {
      const v = pairs.get(f)?.value;
      if (v !== undefined) a[f] = v;
    }
    this.assignments.push(a);
    return true;
  }
}

interface ScannedPair {
  key: string;
  keyStart: number;
  /** Trimmed value; undefined when empty or blank. */
  value: string | undefined;
  /** The value's source range (quotes included), as the YAML parser reports it. */
  valueStart: number;
  valueEnd: number;
  /** End of the key or value, before any comment. */
  contentEnd: number;
}

/** Plain values YAML's core schema could read as something else than a string, or that start with an indicator. */
const NOT_PLAIN_STRING = /^(?:[-?:,[\]{}#&*!|>'"%@`~+.\d]|(?:true|false|null)$)/i;

/** `key: value  # comment` in text[pos, end), when simple enough to read without a YAML parser. */
function scanPair(t: string, pos: number, end: number): ScannedPair | undefined {
  let i = pos;
  const c0 = t.charCodeAt(i);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122) || c0 === 95)) return undefined;
  for (let c = c0; i < end && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95); c = t.charCodeAt(++i));
  if (t.charCodeAt(i) !== 58) return undefined; // ':'
  const key = t.slice(pos, i);
  i++;
  if (i < end && t.charCodeAt(i) !== 32) return undefined;
  while (i < end && t.charCodeAt(i) === 32) i++;
  const keyEnd = pos + key.length;
  if (i >= end || t.charCodeAt(i) === 35) return { key, keyStart: pos, value: undefined, valueStart: i, valueEnd: i, contentEnd: keyEnd + 1 };
  const q = t.charCodeAt(i);
  let value: string;
  let valueEnd: number;
  if (q === 34 || q === 39) {
    const close = t.indexOf(q === 34 ? '"' : "'", i + 1);
    if (close < 0 || close >= end) return undefined;
    value = t.slice(i + 1, close);
    if (q === 34 && value.includes('\\')) return undefined;
    valueEnd = close + 1;
    let j = valueEnd;
    while (j < end && t.charCodeAt(j) === 32) j++;
    if (j < end && !(t.charCodeAt(j) === 35 && j > valueEnd)) return undefined; // only a comment may follow
  } else {
    let j = i;
    while (j < end && !(t.charCodeAt(j) === 35 && t.charCodeAt(j - 1) === 32)) j++;
    valueEnd = j;
    while (valueEnd > i && t.charCodeAt(valueEnd - 1) === 32) valueEnd--;
    value = t.slice(i, valueEnd);
    if (NOT_PLAIN_STRING.test(value) || value.includes(': ') || value.endsWith(':')) return undefined;
  }
  const trimmed = value.trim();
  return { key, keyStart: pos, value: trimmed || undefined, valueStart: i, valueEnd, contentEnd: valueEnd };
}

/** The furthest end offset of a mapping's keys and values (comments after it are not content). */
export function lastContent(map: YAMLMap): number {
  let end = map.range?.[0] ?? 0;
  for (const it of map.items) {
    if (!isPair(it)) continue;
    const v = it.value as Node | null;
    const k = it.key as Node | null;
    const e = isMap(v) ? lastContent(v) : (v?.range?.[1] ?? k?.range?.[1] ?? end);
    if (e > end) end = e;
  }
  return end;
}

/** Reads assignments and defaults from a fully parsed config. */
export function readAssignments(parsed: ParsedConfig): ReadResult {
  const problem = yamlProblem(parsed);
  if (problem) return { ok: false, message: problem };
  const doc = parsed.doc as Document.Parsed;
  const lines = new LineIndex(parsed.text);
  const reader = new ItemReader(parsed.text, lines);
  const config: ConfigAssignments = { assignments: reader.assignments, skipped: reader.skipped };
  const tz = scalarValue(locate(doc, ['provisioning', 'defaults', 'timezone'])?.node);
  if (tz !== undefined) config.defaultTimezone = tz;
  config.idp = idpOf(doc);
  const at = locate(doc, ['assignments']);
  const key = at?.key?.range;
  if (key) config.key = { start: key[0], end: key[1], line: lines.positionAt(key[0]).line };
  const seq = at?.node;
  if (isSeq(seq)) seq.items.forEach((item, i) => reader.read(item, i, 0));
  else if (seq && !(isScalar(seq) && seq.value === null)) return { ok: false, message: "'assignments' is not a list" };
  return { ok: true, config };
}

/** The identity provider an `app` block names (the registry's default without one). */
function idpOf(doc: Document.Parsed | undefined): IdpDescriptor {
  const app = doc ? locate(doc, ['app'])?.node : undefined;
  return idpDescriptorOf({ app: doc && isMap(app) ? (app.toJS(doc) as unknown) : undefined });
}

function yamlProblem(parsed: ParsedConfig): string | undefined {
  const bad = parsed.findings.find((f) => f.code === 'yaml-syntax' || f.code === 'yaml-duplicate-key');
  if (bad || !parsed.doc || !parsed.usable) {
    const line = bad ? new LineIndex(parsed.text).positionAt(bad.start).line : 1;
    return `the file has a YAML error on line ${line}${bad ? ` (${bad.message})` : ''}; fix it first`;
  }
  if (!isMap(parsed.doc.contents) && !(isScalar(parsed.doc.contents) && parsed.doc.contents.value === null) && parsed.doc.contents !== null) {
    return 'the file is not a provisioning config (its top level is not a mapping)';
  }
  return undefined;
}

// ---- large files: the assignments in slices, yielding between them ------------------------------

/** Below this size a file is read in one parse; above it, an item at a time, in slices with pauses. */
export const SLICE_THRESHOLD = 100_000;
const ITEMS_PER_SLICE = 200;
const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false, strict: true, logLevel: 'error' } as const;
/** YAML whose meaning can cross a slice boundary (anchors, aliases, tags, tabs, directives, document markers, BOM). */
const NOT_SLICEABLE = /\t|^(?:---|\.\.\.|%)|(?:^|[\s:,[{-])[&*!][^\s]|\ufeff/m;

export interface SliceOptions {
  /** Awaited between slices (the CLI and the extension yield to the event loop, so network I/O runs). */
  pause?: () => Promise<void>;
  /** Files up to this size are parsed in one go; default SLICE_THRESHOLD. */
  threshold?: number;
  /** Items read between two pauses; default 200. */
  itemsPerSlice?: number;
  /** Read simple items without the YAML parser (default true; tests compare both ways). */
  scan?: boolean;
}

/**
 * The same result as `readAssignments(parseConfig(text))`, faster and without blocking: a large
 * file's assignments are read one item at a time (simple items by a line scanner, any other by the
 * YAML parser), with `pause()` after each slice of items. Anything an item read alone could read
 * differently from the whole file falls back to the full parse.
 */
export async function readAssignmentsInSlices(text: string, opts: SliceOptions = {}): Promise<ReadResult> {
  if (text.length <= (opts.threshold ?? SLICE_THRESHOLD) || NOT_SLICEABLE.test(text)) return readAssignments(parseConfig(text));
  const sliced = await trySlices(text, opts);
  return sliced ?? readAssignments(parseConfig(text));
}

type Block = NonNullable<ReturnType<typeof topLevelBlocks>>[number];

/** Line starts of the items of a block sequence written under `assignments:` at one indentation. */
function itemStarts(text: string, block: Block): number[] | undefined {
  const starts: number[] = [];
  let pos = text.indexOf('\n', block.start);
  if (pos < 0) return [];
  // The key line holds nothing but the key and an optional comment.
  if (!/^assignments[ \t]*:[ \t]*(#.*)?\r?$/.test(text.slice(block.start, pos))) return undefined;
  pos++;
  let indent = -1;
  while (pos < block.end) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > block.end) nl = block.end;
    let i = pos;
    while (i < nl && text[i] === ' ') i++;
    const c = text[i];
    if (i < nl && c !== '#' && c !== '\r') {
      const col = i - pos;
      const dash = c === '-' && (i + 1 === nl || text[i + 1] === ' ' || text[i + 1] === '\r');
      if (indent < 0) {
        if (!dash || col === 0) return undefined;
        indent = col;
      }
      if (col < indent) return undefined;
      if (col === indent) {
        if (!dash) return undefined;
        starts.push(pos);
      }
    }
    pos = nl + 1;
  }
  return starts;
}

function parseSlice(text: string): Document.Parsed | undefined {
  const doc = parseDocument(text, PARSE_OPTIONS);
  return doc.errors.length || doc.warnings.length ? undefined : doc;
}

async function trySlices(text: string, opts: SliceOptions): Promise<ReadResult | undefined> {
  const blocks = topLevelBlocks(text);
  const block = blocks?.find((b) => b.key === 'assignments');
  // A key twice at the top is a YAML error the full parse reports.
  if (!blocks || !block || new Set(blocks.map((b) => b.key)).size !== blocks.length) return undefined;
  const starts = itemStarts(text, block);
  if (!starts) return undefined;
  const lines = new LineIndex(text);
  const reader = new ItemReader(text, lines);
  const config: ConfigAssignments = {
    assignments: reader.assignments, skipped: reader.skipped,
    key: { start: block.start, end: block.start + 'assignments'.length, line: lines.positionAt(block.start).line },
    idp: idpOf(undefined),
  };
  // Everything else is small: parsed as it stands, for its errors and the default time zone.
  for (const b of blocks) {
    if (b === block) continue;
    const doc = parseSlice(text.slice(b.start, b.end));
    if (!doc) return undefined;
    if (b.key === 'provisioning') {
      const tz = scalarValue(locate(doc, ['provisioning', 'defaults', 'timezone'])?.node);
      if (tz !== undefined) config.defaultTimezone = tz;
    }
    if (b.key === 'app') config.idp = idpOf(doc);
  }
  const per = Math.max(1, opts.itemsPerSlice ?? ITEMS_PER_SLICE);
  for (let k = 0; k < starts.length; k++) {
    if (k > 0 && k % per === 0) await opts.pause?.();
    const from = starts[k] ?? block.end;
    const to = starts[k + 1] ?? block.end;
    if (opts.scan !== false && reader.scan(k, from, to)) continue;
    // Anything the scanner is not sure of: this item alone, through the YAML parser.
    const seq = parseSlice(text.slice(from, to))?.contents;
    if (!isSeq(seq) || seq.items.length !== 1) return undefined;
    reader.read(seq.items[0], k, from);
  }
  return { ok: true, config };
}
