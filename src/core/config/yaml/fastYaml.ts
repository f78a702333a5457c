// A fast path for the block YAML provisioning configs are written in. It builds the same ranged node
// tree (yaml's own Scalar / YAMLMap / YAMLSeq / Pair classes, with the same ranges, values, types,
// comments and spaceBefore flags) and the same plain value that `parseDocument(text).toJS()` gives, in
// one pass over the lines, without yaml's lexer, CST parser and composer. `yaml` stays the authority
// on what is valid YAML: anything outside the subset below, and anything that would be an error or a
// warning, returns undefined, and the caller runs the full `parseDocument` instead.
//
// The subset: block mappings and block sequences (compact `- key: value` items included), one-line
// plain / 'single' / "double" (JSON escapes only) scalars, empty values, trailing and full-line
// comments, blank lines, LF or CRLF, and a key's one-line flow list of simple plain words (`[a, b]`).
// Not in it (so: full parse): other flow collections, block scalars,
// multi-line scalars, anchors, aliases, tags, explicit keys, directives and document markers, tabs,
// a BOM, control characters, duplicate keys, '<<' and '__proto__' keys, keys over 1000 characters, and
// a trailing collection comment in a collection that already has one.
// Equality with parseDocument (every node, range and comment) is asserted over the test configs and
// thousands of generated and mutated ones in test/unit/config/fastYaml.test.ts.
// One file over the project's 600 lines on purpose: it is one parser (a node factory, the line
// tokens, the frames, the entry points and FastParser), read from top to bottom, like TypeScript's parser.ts.
import { Document, isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Schema } from 'yaml';

/** The options every parse of a config uses (full, chunked and fast). */
export const YAML_PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false, strict: true, logLevel: 'error' } as const;

/** Nesting the fast path handles; deeper documents take the full parse (which reports them). */
const MAX_FRAMES = 48;
const MAX_KEY_LENGTH = 1000;

interface Tag {
  default?: unknown;
  test?: RegExp;
  format?: string;
  collection?: string;
  tag: string;
  resolve(value: string, onError: (msg: string) => void, options: object): unknown;
}

/** Makes yaml's node classes. */
interface NodeFactory {
  scalar(value: unknown): Scalar;
  map(): YAMLMap;
  seq(): YAMLSeq;
  pair(key: Scalar): Pair;
}

let shared: { schema: Schema; plainTags: Tag[]; nullTag: Tag; docOptions: object; make: NodeFactory } | undefined;

/** One YAML 1.2 core schema for every fast parse (composing reads it, never changes it). */
function core(): NonNullable<typeof shared> {
  if (!shared) {
    const schema = new Document(null, YAML_PARSE_OPTIONS).schema;
    const tags = (schema as unknown as { tags: Tag[] }).tags;
    const plainTags = tags.filter((t) => t.default === true && t.test && !t.collection);
    const nullTag = plainTags.find((t) => t.tag === 'tag:yaml.org,2002:null');
    if (!nullTag) throw new Error('yaml core schema without a null tag');
    shared = { schema, plainTags, nullTag, docOptions: { ...YAML_PARSE_OPTIONS, schema }, make: nodeFactory(schema) };
  }
  return shared;
}

/**
 * yaml's node constructors mark each node with a non-enumerable symbol property (its identity for
 * isScalar/isMap/...) and, for collections, a non-enumerable `schema`, through Object.defineProperty;
 * on a large config that was most of the parse. These nodes get both from their prototype instead (an
 * object inheriting from the class's prototype that holds the instance's own symbol properties), so
 * they are instances of the same classes and pass the same identity checks. If a check fails (another
 * yaml version), the plain constructors are used.
 */
function nodeFactory(schema: Schema): NodeFactory {
  const plain: NodeFactory = {
    scalar: (value) => new Scalar(value),
    map: () => new YAMLMap(schema),
    seq: () => new YAMLSeq(schema),
    pair: (key) => new Pair(key),
  };
  const protoOf = (sample: object, extra?: PropertyDescriptorMap): object => {
    const proto = Object.create(Object.getPrototypeOf(sample) as object) as object;
    for (const sym of Object.getOwnPropertySymbols(sample)) Object.defineProperty(proto, sym, Object.getOwnPropertyDescriptor(sample, sym)!);
    if (extra) Object.defineProperties(proto, extra);
    return proto;
  };
  const schemaProp: PropertyDescriptorMap = { schema: { value: schema, writable: true, configurable: true, enumerable: false } };
  const sp = protoOf(new Scalar(null));
  const mp = protoOf(new YAMLMap(schema), schemaProp);
  const qp = protoOf(new YAMLSeq(schema), schemaProp);
  const pp = protoOf(new Pair(null));
  const fast: NodeFactory = {
    scalar(value) { const n = Object.create(sp) as Scalar; n.value = value; return n; },
    map() { const n = Object.create(mp) as YAMLMap; n.items = []; return n; },
    seq() { const n = Object.create(qp) as YAMLSeq; n.items = []; return n; },
    pair(key) { const n = Object.create(pp) as Pair; n.key = key; n.value = null; return n; },
  };
  const s = fast.scalar(1);
  const m = fast.map();
  const q = fast.seq();
  const p = fast.pair(s);
  const o = (x: unknown): object => x as object;
  const ok = isScalar(o(s)) && !isMap(o(s)) && isMap(o(m)) && !isSeq(o(m)) && isSeq(o(q)) && !isMap(o(q)) && isPair(o(p)) && !isScalar(o(p)) &&
    o(s) instanceof Scalar && o(m) instanceof YAMLMap && o(q) instanceof YAMLSeq && o(p) instanceof Pair && m.schema === schema && q.schema === schema &&
    Object.keys(s).join() === 'value' && Object.keys(m).join() === 'items' && Object.keys(p).join() === 'key,value';
  return ok ? fast : plain;
}

/**
 * Whether a plain scalar can be anything but a string in the core schema: null (~, null, Null, NULL),
 * a boolean (true/True/TRUE, false/...), or a number (starts with a digit, '.', '+' or '-').
 */
function mayBeTyped(src: string): boolean {
  const c = src.charCodeAt(0);
  switch (c) {
    case 126: return src.length === 1;
    case 110: case 78: return src.length === 4;
    case 116: case 84: return src.length === 4;
    case 102: case 70: return src.length === 5;
    case 46: case 43: case 45: return true;
    default: return c >= 48 && c <= 57;
  }
}

class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported('outside the fast path');
let lastUnsupported = '';
/** Why the last fastParse returned undefined ('' when it did not), for tests and tuning. */
export function lastFastParseMiss(): string {
  return lastUnsupported;
}
function bail(why: string): never {
  lastUnsupported = why;
  throw UNSUPPORTED;
}

/** The CST tokens this subset produces around content, as yaml's resolveProps / resolveEnd see them. */
const enum K { Space, Comment, Newline, Indicator }
interface Tok {
  k: K;
  /** Offset after the token. */
  end: number;
  /** A comment's text after '#', a newline's source. */
  text: string;
  /** A comment's column. */
  indent: number;
}

/** One full-line comment or blank (or spaces-only) line between content lines. */
interface GapLine {
  lineStart: number;
  indent: number;
  /** Text after '#', undefined for a blank line. */
  comment: string | undefined;
  contentEnd: number;
  /** The line break ending it ('' at the end of the text). */
  nl: string;
  end: number;
}

function lineTokens(out: Tok[], g: GapLine): Tok[] {
  if (g.indent > 0) out.push({ k: K.Space, end: g.lineStart + g.indent, text: '', indent: 0 });
  if (g.comment !== undefined) out.push({ k: K.Comment, end: g.contentEnd, text: g.comment, indent: g.indent });
  if (g.nl) out.push({ k: K.Newline, end: g.end, text: g.nl, indent: 0 });
  return out;
}

const NO_TOKENS: Tok[] = [];

function gapTokens(lines: readonly GapLine[], out: Tok[] = []): Tok[] {
  for (const g of lines) lineTokens(out, g);
  return out;
}

function hasComment(toks: readonly Tok[]): boolean {
  for (const t of toks) if (t.k === K.Comment) return true;
  return false;
}

/** yaml's resolveProps over these tokens: the comment and spaceBefore a node gets. */
class Props {
  comment = '';
  spaceBefore = false;
  private sep = '';
  private found = false;
  /** `seq`: the indicator is a sequence's '-' (else a mapping's ':' or none). */
  constructor(private atNewline: boolean, private readonly seq: boolean) {}
  take(toks: readonly Tok[]): this {
    for (const t of toks) {
      switch (t.k) {
        case K.Comment: {
          const cb = t.text || ' ';
          if (!this.comment) this.comment = cb;
          else this.comment += this.sep + cb;
          this.sep = '';
          this.atNewline = false;
          break;
        }
        case K.Newline:
          if (this.atNewline) {
            if (this.comment) this.comment += t.text;
            else if (!this.found || !this.seq) this.spaceBefore = true;
          } else {
            this.sep += t.text;
          }
          this.atNewline = true;
          break;
        case K.Indicator:
          this.found = true;
          this.atNewline = this.seq;
          break;
        default:
          break;
      }
    }
    return this;
  }
}


interface Frame {
  seq: boolean;
  indent: number;
  node: YAMLMap | YAMLSeq;
  obj: Record<string, unknown> | unknown[];
  start: number;
  /** range[2] of the latest value (the collection's end so far); -1 while that value is open. */
  end: number;
  /** The latest value when it is a scalar written on its line, with yaml's resolveEnd state after it. */
  last: Scalar | undefined;
  lastComment: string;
  lastSep: string;
}

interface PendingKey {
  seq: false;
  frame: Frame;
  pair: Pair;
  key: string;
  /** The ':' ends here. */
  indicatorEnd: number;
  /** Where an empty value sits: after the ':' and the spaces after it. */
  emptyAt: number;
  /** Tokens after the ':' on the key's line. */
  lineToks: Tok[];
}

interface PendingDash {
  seq: true;
  frame: Frame;
  indicatorEnd: number;
  emptyAt: number;
  lineToks: Tok[];
  /** Tokens before the '-' that belong to this item. */
  before: Tok[];
}

/** The next content line, as far as closing and empty values care. */
interface Next {
  lineStart: number;
  ind: number;
  dash: boolean;
}

export interface FastParseResult {
  doc: Document.Parsed;
  value: unknown;
}

/**
 * Parse text[from, to) as one YAML document whose node ranges are offsets into `text`; undefined when
 * the text is outside the fast path's subset (then parse it with yaml's parseDocument / Composer).
 */
export function fastParse(text: string, from = 0, to = text.length): FastParseResult | undefined {
  lastUnsupported = '';
  try {
    const p = new FastParser(text, from, to);
    p.run(false);
    return p.document();
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

/**
 * For the incremental parser's chunks: the root collection and its value as `fastParse` would build
 * them, without the Document around them. `screened`: the caller already knows the text has none of
 * the excluded characters (see `hasExcludedCharacters`).
 */
export function fastParseChunk(text: string, from: number, to: number, screened: boolean): { contents: YAMLMap | YAMLSeq; value: unknown } | undefined {
  lastUnsupported = '';
  try {
    const p = new FastParser(text, from, to);
    p.run(screened);
    return { contents: p.rootNode, value: p.rootValue };
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

/** Characters that never appear in the subset: tabs, control characters, BOM, line separators (and a lone CR). */
// eslint-disable-next-line no-control-regex
const EXCLUDED = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufeff]/;

export function hasExcludedCharacters(text: string): boolean {
  return EXCLUDED.test(text) || (text.includes('\r') && /\r(?!\n)/.test(text));
}

/** A key's value as a plain object's property name (yaml's toJS: null is ''). */
export function keyString(v: unknown): string {
  if (v === null) return '';
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

class FastParser {
  private readonly core = core();
  private readonly frames: Frame[] = [];
  private pending: PendingKey | PendingDash | undefined;
  private gap: GapLine[] = [];
  private root: Frame | undefined;
  private docStart = -1;
  private readonly prelude: string[] = [];

  // The current line.
  private lineStart = 0;
  private contentEnd = 0;
  private next = 0;
  private nl = '';

  constructor(private readonly text: string, private readonly from: number, private readonly to: number) {}

  /** Set by run(). */
  rootNode!: YAMLMap | YAMLSeq;
  rootValue: unknown;
  private docComment = '';
  private docEnd = 0;

  run(screened: boolean): void {
    const { text, to } = this;
    if (!screened && hasExcludedCharacters(this.from === 0 && to === text.length ? text : text.slice(this.from, to))) bail('character');
    let pos = this.from;
    while (pos < to) {
      let nlAt = text.indexOf('\n', pos);
      if (nlAt >= to) nlAt = -1;
      let contentEnd = nlAt < 0 ? to : nlAt;
      let nl = '';
      if (nlAt >= 0) {
        if (contentEnd > pos && text.charCodeAt(contentEnd - 1) === 13) { contentEnd--; nl = '\r\n'; } else nl = '\n';
      }
      this.lineStart = pos;
      this.contentEnd = contentEnd;
      this.next = nlAt < 0 ? to : nlAt + 1;
      this.nl = nl;
      let i = pos;
      while (i < contentEnd && text.charCodeAt(i) === 32) i++;
      if (i === contentEnd) this.gapLine(undefined, i - pos);
      else if (text.charCodeAt(i) === 35) this.gapLine(text.slice(i + 1, contentEnd), i - pos);
      else this.content(i, i - pos);
      pos = this.next;
    }
    this.finish();
  }

  private gapLine(comment: string | undefined, indent: number): void {
    if (!this.root) {
      // Before the first content line: yaml's composer keeps these as the document's prelude.
      if (comment !== undefined) this.prelude.push(`#${comment}`);
      if (this.nl) this.prelude.push(this.nl);
      return;
    }
    this.gap.push({ lineStart: this.lineStart, indent, comment, contentEnd: this.contentEnd, nl: this.nl, end: this.next });
  }

  private get top(): Frame {
    return this.frames[this.frames.length - 1];
  }

  private isDash(i: number): boolean {
    if (this.text.charCodeAt(i) !== 45) return false;
    return i + 1 >= this.contentEnd || this.text.charCodeAt(i + 1) === 32;
  }

  private content(s: number, ind: number): void {
    const dash = this.isDash(s);
    if (ind === 0 && (this.text.charCodeAt(s) === 37 || this.text.startsWith('---', s) || this.text.startsWith('...', s))) bail('document-marker');
    if (!this.root) {
      this.docStart = this.lineStart;
      this.root = this.open(dash, ind, s);
      this.line(s, dash, []);
      return;
    }
    let start: Tok[];
    const p = this.pending;
    if (p) {
      this.pending = undefined;
      const next: Next = { lineStart: this.lineStart, ind, dash };
      if (ind > p.frame.indent || (!p.seq && ind === p.frame.indent && dash)) {
        this.nested(p, next, s);
        return;
      }
      start = p.seq ? this.emptyItem(p, next) : this.emptyValue(p, next);
    } else {
      if (ind > this.top.indent) bail('continuation'); // a multi-line scalar, or bad indentation
      start = this.attach();
    }
    if (this.gap.length) this.gap = [];
    for (;;) {
      const f = this.top;
      const closesSeq = f.seq && f.indent === ind && !dash && this.frames.length > 1 && this.frames[this.frames.length - 2].indent === ind;
      if (f.indent <= ind && !closesSeq) break;
      if (this.frames.length === 1) bail('below-root');
      start = this.close(start, this.lineStart + ind);
    }
    const f = this.top;
    if (f.indent !== ind || f.seq !== dash) bail('indentation');
    this.line(s, dash, start);
  }

  /** The pending key's or item's value is the collection that starts on this line. */
  private nested(p: PendingKey | PendingDash, next: Next, s: number): void {
    const toks = p.seq ? [...p.before] : [];
    toks.push({ k: K.Indicator, end: p.indicatorEnd, text: '', indent: 0 }, ...p.lineToks);
    gapTokens(this.gap, toks);
    this.gap = [];
    const frame = this.open(next.dash, next.ind, s);
    applyProps(frame.node, new Props(p.seq, p.seq).take(toks));
    if (p.seq) {
      (p.frame.node as YAMLSeq).items.push(frame.node);
      (p.frame.obj as unknown[]).push(frame.obj);
    } else {
      p.pair.value = frame.node;
      setKey(p.frame.obj as Record<string, unknown>, p.key, frame.obj);
    }
    this.line(s, next.dash, []);
  }

  /**
   * `key:` with nothing under it. Like yaml's CST, the lines after it stay with the empty value
   * (its comment and range end) except that, when the mapping goes on, they are split off after the
   * second line break following the last more-indented comment and go to the next key.
   */
  private emptyValue(p: PendingKey, next: Next | undefined): Tok[] {
    const f = p.frame;
    const sep: Tok[] = [{ k: K.Indicator, end: p.indicatorEnd, text: '', indent: 0 }, ...p.lineToks];
    gapTokens(this.gap, sep);
    if (next && next.ind > 0) sep.push({ k: K.Space, end: next.lineStart + next.ind, text: '', indent: 0 });
    let moved: Tok[] = [];
    if (next && next.ind === f.indent && !next.dash) {
      let nl: number[] = [];
      for (let i = 0; i < sep.length; i++) {
        const t = sep[i];
        if (t.k === K.Newline) nl.push(i);
        else if (t.k === K.Indicator || (t.k === K.Comment && t.indent > f.indent)) nl = [];
      }
      if (nl.length >= 2) moved = sep.splice(nl[1]);
    }
    const node = this.empty(p.emptyAt, new Props(false, false).take(sep), sep[sep.length - 1].end);
    p.pair.value = node;
    setKey(f.obj as Record<string, unknown>, p.key, null);
    f.end = node.range![2];
    f.last = undefined;
    return moved;
  }

  /** `-` with nothing under it: every line up to the next item stays with the empty item. */
  private emptyItem(p: PendingDash, next: Next | undefined): Tok[] {
    const f = p.frame;
    const toks: Tok[] = [...p.before, { k: K.Indicator, end: p.indicatorEnd, text: '', indent: 0 }, ...p.lineToks];
    gapTokens(this.gap, toks);
    if (next && next.ind > 0) toks.push({ k: K.Space, end: next.lineStart + next.ind, text: '', indent: 0 });
    const node = this.empty(p.emptyAt, new Props(true, true).take(toks), toks[toks.length - 1].end);
    (f.node as YAMLSeq).items.push(node);
    (f.obj as unknown[]).push(null);
    f.end = node.range![2];
    f.last = undefined;
    return [];
  }

  /**
   * yaml attaches a comment line more indented than the innermost collection (with the blank lines
   * before it) to the scalar before it, until a less indented comment comes. The rest is returned.
   */
  private attach(): Tok[] {
    const lines = this.gap;
    const f = this.top;
    let from = 0;
    for (let k = 0; k < lines.length; k++) {
      const g = lines[k];
      if (g.comment === undefined) continue;
      if (g.indent <= f.indent) break;
      const last = f.last;
      if (!last) bail('attach');
      for (let i = from; i <= k; i++) {
        const l = lines[i];
        if (l.comment !== undefined) {
          const cb = l.comment || ' ';
          f.lastComment = f.lastComment ? f.lastComment + f.lastSep + cb : cb;
          f.lastSep = '';
        }
        if (l.nl && f.lastComment) f.lastSep += l.nl;
      }
      last.comment = f.lastComment;
      last.range![2] = g.end;
      f.end = g.end;
      from = k + 1;
    }
    if (from === lines.length) return NO_TOKENS;
    return gapTokens(from ? lines.slice(from) : lines);
  }

  /**
   * Close the innermost collection. Lines after its last value move to its parent when every comment
   * among them is less indented than it (or it sits at column 0); otherwise they stay in it (its
   * comment and range end), as yaml's CST parser decides. Returns what moves on.
   */
  private close(toks: Tok[], endOfLines: number): Tok[] {
    const f = this.frames.pop()!;
    if (f.end < 0) bail('open-value'); // cannot happen: a nested value closes before its parent
    let end = f.end;
    if (f.indent !== 0 && hasComment(toks) && !toks.every((t) => t.k !== K.Comment || t.indent < f.indent)) {
      const props = new Props(true, f.seq).take(toks);
      if (props.comment) f.node.comment = props.comment;
      end = endOfLines;
      toks = [];
    }
    f.node.range = [f.start, f.end, end];
    const parent = this.frames[this.frames.length - 1];
    if (parent) {
      parent.end = end;
      parent.last = undefined;
    }
    return toks;
  }

  private open(seq: boolean, indent: number, start: number): Frame {
    if (this.frames.length >= MAX_FRAMES) bail('depth');
    const { make } = this.core;
    const frame: Frame = seq
      ? { seq, indent, node: make.seq(), obj: [], start, end: start, last: undefined, lastComment: '', lastSep: '' }
      : { seq, indent, node: make.map(), obj: {}, start, end: start, last: undefined, lastComment: '', lastSep: '' };
    this.frames.push(frame);
    return frame;
  }

  /** yaml's composeEmptyNode. */
  private empty(at: number, props?: Props, end?: number): Scalar {
    const s = this.core.nullTag.resolve('', () => bail('null tag'), YAML_PARSE_OPTIONS) as Scalar;
    s.range = [at, at, at];
    s.source = '';
    s.type = Scalar.PLAIN;
    if (props?.spaceBefore) s.spaceBefore = true;
    if (props?.comment) {
      s.comment = props.comment;
      s.range[2] = end!;
    }
    return s;
  }

  /** Tokens on the current line from `from` (after an indicator) to its end: spaces, a comment, the line break. */
  private restTokens(from: number, at: number): Tok[] {
    const toks: Tok[] = [];
    if (at > from) toks.push({ k: K.Space, end: at, text: '', indent: 0 });
    if (at < this.contentEnd) toks.push({ k: K.Comment, end: this.contentEnd, text: this.text.slice(at + 1, this.contentEnd), indent: at - this.lineStart });
    if (this.nl) toks.push({ k: K.Newline, end: this.next, text: this.nl, indent: 0 });
    return toks;
  }

  /** A content line at `s` in the innermost collection, which it continues; `start`: the tokens before it. */
  private line(s: number, dash: boolean, start: Tok[]): void {
    const f = this.top;
    if (!dash) {
      this.keyLine(f, s, start.length ? new Props(true, false).take(start) : undefined);
      return;
    }
    const { text, contentEnd } = this;
    let q = s + 1;
    while (q < contentEnd && text.charCodeAt(q) === 32) q++;
    if (q === contentEnd || text.charCodeAt(q) === 35) {
      this.pending = { seq: true, frame: f, indicatorEnd: s + 1, emptyAt: q, lineToks: this.restTokens(s + 1, q), before: start };
      f.end = -1;
      f.last = undefined;
      return;
    }
    if (this.isDash(q)) bail('dash-dash');
    // The item's props: the lines before it, then the '-' (after which line breaks are no spaceBefore).
    const props = start.length ? new Props(true, true).take(start) : undefined;
    const seq = f.node as YAMLSeq;
    const arr = f.obj as unknown[];
    const colon = this.findKeyColon(q);
    if (colon >= 0) {
      // A compact mapping: `- key: value`.
      const m = this.open(false, q - this.lineStart, q);
      if (props) applyProps(m.node, props);
      seq.items.push(m.node);
      arr.push(m.obj);
      f.end = -1;
      f.last = undefined;
      this.keyLine(m, q, undefined, colon);
      return;
    }
    const node = this.valueScalar(q, f);
    if (props) applyProps(node, props);
    seq.items.push(node);
    arr.push(node.value);
  }

  /** `key: value` or `key:` in a mapping. */
  private keyLine(f: Frame, s: number, props: Props | undefined, colonAt?: number): void {
    const colon = colonAt ?? this.findKeyColon(s);
    if (colon < 0) bail('not-a-key');
    const { text, contentEnd } = this;
    const key = this.keyScalar(s, colon);
    if (props) applyProps(key, props);
    const obj = f.obj as Record<string, unknown>;
    const k = keyString(key.value);
    // Merge keys and '__proto__' take the full parse; so does any key the plain value already has (a
    // duplicate in YAML, or two keys that only coincide as JS property names, like 1 and '1').
    if (k === '__proto__' || k === '<<' || Object.prototype.hasOwnProperty.call(obj, k)) bail('key-name');
    const pair = this.core.make.pair(key);
    (f.node as YAMLMap).items.push(pair);
    let v = colon + 1;
    while (v < contentEnd && text.charCodeAt(v) === 32) v++;
    if (v === contentEnd || text.charCodeAt(v) === 35) {
      this.pending = { seq: false, frame: f, pair, key: k, indicatorEnd: colon + 1, emptyAt: v, lineToks: this.restTokens(colon + 1, v) };
      f.end = -1;
      f.last = undefined;
      return;
    }
    if (this.isDash(v)) bail('seq-on-key-line');
    if (text.charCodeAt(v) === 91) {
      const { node, value } = this.flowList(v, f);
      pair.value = node;
      setKey(obj, k, value);
      return;
    }
    const node = this.valueScalar(v, f);
    pair.value = node;
    setKey(obj, k, node.value);
  }

  /**
   * A one-line flow sequence of simple plain scalars as a key's value (`customAttributes: [a, b]`),
   * with an optional trailing comment: what yaml builds for it (each item's range runs over the spaces
   * before its ',' or ']'). Anything else inside the brackets takes the full parse.
   */
  private flowList(s: number, f: Frame): { node: YAMLSeq; value: unknown[] } {
    const { text, contentEnd } = this;
    const seq = this.core.make.seq();
    seq.flow = true;
    const value: unknown[] = [];
    let i = s + 1;
    while (i < contentEnd && text.charCodeAt(i) === 32) i++;
    if (text.charCodeAt(i) !== 93) {
      for (;;) {
        const a = i;
        const c0 = text.charCodeAt(i);
        if (!isFlowWordStart(c0) && !((c0 === 43 || c0 === 45) && isFlowWordStart(text.charCodeAt(i + 1)))) bail('flow');
        i++;
        while (i < contentEnd && isFlowWord(text.charCodeAt(i))) i++;
        const e = i;
        while (i < contentEnd && text.charCodeAt(i) === 32) i++;
        const c = text.charCodeAt(i);
        if (c !== 44 && c !== 93) bail('flow');
        const node = this.plain(a, e, i);
        seq.items.push(node);
        value.push(node.value);
        if (c === 93) break;
        i++;
        while (i < contentEnd && text.charCodeAt(i) === 32) i++;
      }
    }
    const close = i + 1;
    let j = close;
    while (j < contentEnd && text.charCodeAt(j) === 32) j++;
    let comment = '';
    if (j < contentEnd) {
      if (text.charCodeAt(j) !== 35 || j === close) bail('after-flow');
      comment = text.slice(j + 1, contentEnd) || ' ';
      seq.comment = comment;
    }
    seq.range = [s, close, this.next];
    f.end = this.next;
    // A comment line below it that yaml might attach to it takes the full parse (attach() without a last node).
    f.last = undefined;
    f.lastComment = '';
    f.lastSep = '';
    return { node: seq, value };
  }

  /**
   * The ':' that ends an implicit key starting at `s` (followed by a space or the line end), or -1
   * when the line is a scalar. Quoted keys end at their closing quote.
   */
  private findKeyColon(s: number): number {
    const { text, contentEnd } = this;
    const c = text.charCodeAt(s);
    let i = s;
    if (c === 39 || c === 34) {
      i = this.quotedEnd(s);
      while (i < contentEnd && text.charCodeAt(i) === 32) i++;
      if (i < contentEnd && text.charCodeAt(i) === 58 && (i + 1 === contentEnd || text.charCodeAt(i + 1) === 32)) return i;
      return -1;
    }
    for (; i < contentEnd; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 58) {
        if (i + 1 === contentEnd || text.charCodeAt(i + 1) === 32) return i;
      } else if (ch === 35 && i > s && text.charCodeAt(i - 1) === 32) {
        return -1;
      }
    }
    return -1;
  }

  /** Offset after the closing quote of the quoted scalar at `s` (on this line), else bail. */
  private quotedEnd(s: number): number {
    const { text, contentEnd } = this;
    const single = text.charCodeAt(s) === 39;
    let i = s + 1;
    for (;;) {
      const at = text.indexOf(single ? "'" : '"', i);
      if (at < 0 || at >= contentEnd) bail('quote'); // unterminated on this line: multi-line, or an error
      if (single) {
        if (text.charCodeAt(at + 1) === 39) { i = at + 2; continue; }
        return at + 1;
      }
      let bs = 0;
      for (let j = at - 1; j > s && text.charCodeAt(j) === 92; j--) bs++;
      if (bs % 2 === 1) { i = at + 1; continue; }
      return at + 1;
    }
  }

  private keyScalar(s: number, colon: number): Scalar {
    const { text } = this;
    let e = colon;
    while (e > s && text.charCodeAt(e - 1) === 32) e--;
    if (e - s > MAX_KEY_LENGTH) bail('long-key');
    const c = text.charCodeAt(s);
    if (c === 39 || c === 34) return this.quoted(s, e, e);
    this.checkPlainStart(s, e);
    return this.plain(s, e, e);
  }

  /** A value scalar from `s` to the end of the line, with an optional trailing comment: the last value of `f`. */
  private valueScalar(s: number, f: Frame): Scalar {
    const { text, contentEnd } = this;
    const c = text.charCodeAt(s);
    const quoted = c === 39 || c === 34;
    let e: number;
    let commentAt = -1;
    if (quoted) {
      e = this.quotedEnd(s);
      let i = e;
      while (i < contentEnd && text.charCodeAt(i) === 32) i++;
      if (i < contentEnd) {
        if (text.charCodeAt(i) !== 35 || i === e) bail('after-quote'); // anything after the closing quote but a comment
        commentAt = i;
      }
    } else {
      e = contentEnd;
      for (let i = s; i < contentEnd; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 58 && (i + 1 === contentEnd || text.charCodeAt(i + 1) === 32)) bail('colon-in-value'); // `key: a: b`
        if (ch === 35 && text.charCodeAt(i - 1) === 32) { e = i; commentAt = i; break; }
      }
      while (e > s && text.charCodeAt(e - 1) === 32) e--;
      this.checkPlainStart(s, e);
    }
    const node = quoted ? this.quoted(s, e, this.next) : this.plain(s, e, this.next);
    let comment = '';
    if (commentAt >= 0) {
      comment = text.slice(commentAt + 1, contentEnd) || ' ';
      node.comment = comment;
    }
    f.end = this.next;
    f.last = node;
    f.lastComment = comment;
    f.lastSep = comment && this.nl ? this.nl : '';
    return node;
  }

  private checkPlainStart(s: number, e: number): void {
    if (e <= s) bail('empty-plain');
    // Indicators that cannot start a plain scalar in this subset: flow collections, comments, anchors,
    // aliases, tags, block scalars, quotes, directives, reserved characters, explicit keys, ':'.
    switch (this.text.charCodeAt(s)) {
      case 44: case 91: case 93: case 123: case 125: case 35: case 38: case 42: case 33: case 124: case 62: case 39: case 34:
      case 37: case 64: case 96: case 63: case 58:
        bail('indicator');
    }
  }

  /** yaml's composeScalar for a plain scalar: the core schema's tags by test, else a string. */
  private plain(s: number, e: number, end: number): Scalar {
    const src = this.text.slice(s, e);
    let node: Scalar | undefined;
    let format: string | undefined;
    if (mayBeTyped(src)) {
      for (const t of this.core.plainTags) {
        if (!t.test!.test(src)) continue;
        const res = t.resolve(src, () => bail('tag-resolve'), YAML_PARSE_OPTIONS);
        node = res instanceof Scalar ? res : this.core.make.scalar(res);
        format = t.format;
        break;
      }
    }
    node ??= this.core.make.scalar(src);
    node.range = [s, e, end];
    node.source = src;
    node.type = Scalar.PLAIN;
    if (format) node.format = format;
    return node;
  }

  private quoted(s: number, e: number, end: number): Scalar {
    const { text } = this;
    const inner = text.slice(s + 1, e - 1);
    let value: string;
    let type: Scalar.Type;
    if (text.charCodeAt(s) === 39) {
      value = inner.includes("'") ? inner.replace(/''/g, "'") : inner;
      type = Scalar.QUOTE_SINGLE;
    } else {
      type = Scalar.QUOTE_DOUBLE;
      if (!inner.includes('\\')) {
        value = inner;
      } else {
        // JSON's escapes mean the same in YAML; any other escape takes the full parse.
        if (!/^(?:[^\\]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*$/.test(inner)) bail('escape');
        value = JSON.parse(`"${inner}"`) as string;
      }
    }
    const node = this.core.make.scalar(value);
    node.range = [s, e, end];
    node.source = value;
    node.type = type;
    return node;
  }

  private finish(): void {
    if (!this.root) bail('no-content'); // empty, or comments only: the full parse handles it
    let toks: Tok[];
    const p = this.pending;
    if (p) {
      this.pending = undefined;
      toks = p.seq ? this.emptyItem(p, undefined) : this.emptyValue(p, undefined);
    } else {
      toks = this.attach();
    }
    this.gap = [];
    while (this.frames.length) toks = this.close(toks, this.to);
    this.rootNode = this.root.node;
    this.rootValue = this.root.obj;
    this.docEnd = this.root.node.range![2];
    if (toks.length) {
      // yaml's resolveEnd over the document's end tokens.
      let comment = '';
      let sep = '';
      for (const t of toks) {
        if (t.k === K.Comment) {
          const cb = t.text || ' ';
          comment = comment ? comment + sep + cb : cb;
          sep = '';
        } else if (t.k === K.Newline && comment) {
          sep += t.text;
        }
      }
      this.docComment = comment;
      this.docEnd = toks[toks.length - 1].end;
    }
  }

  /** The Document yaml's composer would return. */
  document(): FastParseResult {
    const doc = new Document(null, this.core.docOptions) as unknown as Document.Parsed;
    doc.contents = this.rootNode as unknown as Document.Parsed['contents'];
    if (this.docComment) doc.comment = this.docComment;
    doc.range = [this.docStart, this.rootNode.range![2], this.docEnd];
    this.decorate(doc);
    return { doc, value: this.rootValue };
  }

  /** yaml's Composer.decorate: comments before the document go to it, or to its first key or item. */
  private decorate(doc: Document.Parsed): void {
    let comment = '';
    let atComment = false;
    let afterEmptyLine = false;
    for (const source of this.prelude) {
      if (source.charCodeAt(0) === 35) {
        comment += (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') + (source.substring(1) || ' ');
        atComment = true;
        afterEmptyLine = false;
      } else {
        if (!atComment) afterEmptyLine = true;
        atComment = false;
      }
    }
    if (!comment) return;
    if (afterEmptyLine) {
      doc.commentBefore = comment;
      return;
    }
    const first = (doc.contents as YAMLMap | YAMLSeq).items[0];
    const it = (first instanceof Pair ? first.key : first) as Scalar | YAMLMap | YAMLSeq;
    const cb = it.commentBefore;
    it.commentBefore = cb ? `${comment}\n${cb}` : comment;
  }
}

function applyProps(node: Scalar | YAMLMap | YAMLSeq, props: Props): void {
  if (props.spaceBefore) node.spaceBefore = true;
  if (props.comment) node.commentBefore = props.comment;
}

/** A word that starts an item of a flow list in the fast path: a letter, a digit or '_' (or '+'/'-' before one). */
function isFlowWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** The rest of such a word: also '.', '-', '+', '/', '@'. */
function isFlowWord(c: number): boolean {
  return isFlowWordStart(c) || c === 46 || c === 45 || c === 43 || c === 47 || c === 64;
}

/** toJS's assignment of a pair (keys are never '__proto__' here). */
function setKey(obj: Record<string, unknown>, k: string, v: unknown): void {
  obj[k] = v;
}
