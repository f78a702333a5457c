// SCIM filter expressions (RFC 7644 §3.4.2.2): checked before they are sent, so a typo is reported
// with its position instead of as the tenant's HTTP 400. What is sent is the normalised form (one
// space between tokens, as the RFC grammar has it), never text that cannot be URL-encoded.
// Also the "type a word" quick filters.

export const COMPARE_OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];
export type FilterValue = string | number | boolean | null;

export type FilterNode =
  | { type: 'compare'; attrPath: string; op: CompareOp; value: FilterValue }
  | { type: 'present'; attrPath: string }
  | { type: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { type: 'not'; filter: FilterNode }
  /**
   * `emails[type eq "work"]`, or Entra's `emails[type eq "work"].value eq "x"` (a sub-attribute
   * after the brackets, compared with `op`/`value`, or `op: 'pr'`), which RFC 7644's grammar lacks.
   */
  | { type: 'valuePath'; attrPath: string; filter: FilterNode; subAttr?: string; op?: CompareOp | 'pr'; value?: FilterValue };

/**
 * `normalized`: the filter as it is sent (tokens as typed, one space between them). `notes`: things
 * that are accepted but that some servers refuse (shown as warnings, never blocking).
 */
export type FilterParse = { ok: true; filter: FilterNode; normalized: string; notes: string[] } | { ok: false; message: string; offset: number };
export type FilterCheck = { ok: true; normalized: string; notes: string[] } | { ok: false; message: string; offset: number };

/** Longest filter accepted (a guard against pasted garbage, well above any real filter). */
export const MAX_FILTER_LENGTH = 4096;
/** Nesting depth of parentheses / `not` accepted. */
const MAX_DEPTH = 64;

type Token =
  | { kind: '(' | ')' | '[' | ']'; start: number; end: number }
  /** `value` decoded; the source text (with its escapes) is `text.slice(start, end)`. */
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'number'; value: number; start: number; end: number }
  | { kind: 'word'; text: string; start: number; end: number }
  | { kind: 'eof'; start: number; end: number };

class FilterSyntaxError extends Error {
  constructor(message: string, readonly offset: number) { super(message); }
}

const WORD = /[A-Za-z0-9_$:.-]/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const ATTRNAME = /^[A-Za-z$][A-Za-z0-9_$-]*$/;

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;
const hex4 = (c: number): string => c.toString(16).toUpperCase().padStart(4, '0');

function unpaired(code: number, at: number): FilterSyntaxError {
  return new FilterSyntaxError(`the string holds an unpaired surrogate U+${hex4(code)}, which is not valid Unicode and cannot be sent: remove it, or give the whole pair (e.g. \\uD83D\\uDE00)`, at);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '(' || c === ')' || c === '[' || c === ']') { tokens.push({ kind: c, start: i, end: i + 1 }); i++; continue; }
    if (c === '"') {
      const start = i;
      i++;
      let value = '';
      // Where a high surrogate waits for its low half (raw or escaped): a lone one cannot be URL-encoded.
      let pendingHigh: { code: number; at: number } | undefined;
      const append = (ch: string, at: number): void => {
        const code = ch.charCodeAt(0);
        if (pendingHigh) {
          if (!isLow(code)) throw unpaired(pendingHigh.code, pendingHigh.at);
          pendingHigh = undefined;
        } else if (isLow(code)) {
          throw unpaired(code, at);
        }
        if (isHigh(code)) pendingHigh = { code, at };
        value += ch;
      };
      for (;;) {
        if (i >= text.length) throw new FilterSyntaxError('unterminated string: a closing " is missing', start);
        const ch = text[i] ?? '';
        if (ch === '"') {
          if (pendingHigh) throw unpaired(pendingHigh.code, pendingHigh.at);
          i++;
          break;
        }
        if (ch === '\\') {
          const e = text[i + 1];
          const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
          if (e !== undefined && simple[e] !== undefined) { append(simple[e], i); i += 2; continue; }
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            append(String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)), i);
            i += 6;
            continue;
          }
          throw new FilterSyntaxError(`invalid escape '\\${e ?? ''}' in a string (use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)`, i);
        }
        if (ch < ' ') throw new FilterSyntaxError('control character inside a string (escape it, e.g. \\n)', i);
        append(ch, i);
        i++;
      }
      tokens.push({ kind: 'string', value, start, end: i });
      continue;
    }
    if (WORD.test(c)) {
      const start = i;
      while (i < text.length && WORD.test(text[i] ?? '')) i++;
      // A number may carry an exponent sign: 1e+5.
      while (/^-?\d/.test(text.slice(start, i)) && /[eE]$/.test(text.slice(start, i)) && (text[i] === '+' || text[i] === '-')) {
        i++;
        while (i < text.length && WORD.test(text[i] ?? '')) i++;
      }
      const word = text.slice(start, i);
      if (/^-?\d/.test(word)) {
        if (!NUMBER.test(word)) throw new FilterSyntaxError(`'${word}' is not a valid number`, start);
        tokens.push({ kind: 'number', value: Number(word), start, end: i });
      } else {
        tokens.push({ kind: 'word', text: word, start, end: i });
      }
      continue;
    }
    if (c === "'") throw new FilterSyntaxError('strings must be in double quotes ("..."), not single quotes', i);
    const code = c.charCodeAt(0);
    if (isHigh(code) || isLow(code) || code < 0x20 || code === 0x7f) throw new FilterSyntaxError(`unexpected character U+${hex4(code)}`, i);
    throw new FilterSyntaxError(`unexpected character '${c}'`, i);
  }
  tokens.push({ kind: 'eof', start: text.length, end: text.length });
  return tokens;
}

/**
 * The tokens as one line: as typed, one space between tokens, none inside brackets or
 * parentheses or before a `.subAttr` after `]` (RFC 7644's grammar: SP between the parts).
 */
function normalize(text: string, tokens: readonly Token[], from = 0, to = tokens.length): string {
  let out = '';
  let prev: Token | undefined;
  for (let k = from; k < to; k++) {
    const t = tokens[k];
    if (!t || t.kind === 'eof') break;
    const src = text.slice(t.start, t.end);
    const glued = !prev || prev.kind === '(' || prev.kind === '[' || t.kind === ')' || t.kind === ']' ||
      (t.kind === '[' && prev.kind === 'word') || (prev.kind === ']' && t.kind === 'word' && src.startsWith('.'));
    out += (glued ? '' : ' ') + src;
    prev = t;
  }
  return out;
}

/** `[URI ":"] ATTRNAME ["." ATTRNAME]`; returns a problem or undefined. */
function attrPathProblem(path: string): string | undefined {
  const colon = path.lastIndexOf(':');
  const uri = colon >= 0 ? path.slice(0, colon) : '';
  const rest = colon >= 0 ? path.slice(colon + 1) : path;
  if (colon >= 0 && !/^urn:[A-Za-z0-9][A-Za-z0-9:._-]*$/i.test(uri)) return `'${path}' has a schema prefix that is not a URN (expected e.g. urn:ietf:params:scim:schemas:core:2.0:User:userName)`;
  const parts = rest.split('.');
  if (parts.length > 2) return `'${path}': an attribute path has at most one sub-attribute (name.givenName)`;
  for (const p of parts) {
    if (!ATTRNAME.test(p)) return `'${path}' is not a valid attribute path`;
  }
  return undefined;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'pr', 'true', 'false', 'null', ...COMPARE_OPS]);
const OPS_HINT = 'eq, ne, co, sw, ew, gt, ge, lt, le or pr';

class Parser {
  private pos = 0;
  private depth = 0;
  readonly notes: string[] = [];
  constructor(private readonly tokens: Token[], private readonly text: string) {}

  private peek(): Token { return this.tokens[this.pos] ?? this.tokens[this.tokens.length - 1]; }
  private next(): Token { const t = this.peek(); if (t.kind !== 'eof') this.pos++; return t; }
  private isWord(t: Token, w: string): boolean { return t.kind === 'word' && t.text.toLowerCase() === w; }
  private describe(t: Token): string {
    switch (t.kind) {
      case 'eof': return 'the end of the filter';
      case 'word': return `'${t.text}'`;
      case 'string': return `the string ${JSON.stringify(t.value)}`;
      case 'number': return `the number ${t.value}`;
      default: return `'${t.kind}'`;
    }
  }

  parseAll(): FilterNode {
    if (this.peek().kind === 'eof') throw new FilterSyntaxError('the filter is empty', 0);
    const node = this.parseOr(false);
    const t = this.peek();
    if (t.kind !== 'eof') {
      const hint = t.kind === ')' ? 'a ")" without a matching "("' : t.kind === ']' ? 'a "]" without a matching "["' : `${this.describe(t)} where "and", "or" or the end was expected`;
      throw new FilterSyntaxError(`unexpected ${hint}`, t.start);
    }
    return node;
  }

  private parseOr(inBrackets: boolean): FilterNode {
    let left = this.parseAnd(inBrackets);
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      left = { type: 'or', left, right: this.parseAnd(inBrackets) };
    }
    return left;
  }

  private parseAnd(inBrackets: boolean): FilterNode {
    let left = this.parseUnary(inBrackets);
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      left = { type: 'and', left, right: this.parseUnary(inBrackets) };
    }
    return left;
  }

  private enter(at: number): void {
    if (++this.depth > MAX_DEPTH) throw new FilterSyntaxError(`the filter is nested more than ${MAX_DEPTH} levels deep`, at);
  }

  private parseUnary(inBrackets: boolean): FilterNode {
    const t = this.peek();
    if (this.isWord(t, 'not')) {
      this.next();
      const open = this.peek();
      if (open.kind !== '(') throw new FilterSyntaxError('"not" must be followed by a parenthesised filter: not (...)', open.start);
      this.enter(t.start);
      const inner = this.parseGroup(inBrackets);
      this.depth--;
      return { type: 'not', filter: inner };
    }
    if (t.kind === '(') {
      this.enter(t.start);
      const inner = this.parseGroup(inBrackets);
      this.depth--;
      return inner;
    }
    return this.parseAttrExp(inBrackets);
  }

  private parseGroup(inBrackets: boolean): FilterNode {
    const open = this.next();
    if (this.peek().kind === ')') throw new FilterSyntaxError('empty parentheses', open.start);
    const inner = this.parseOr(inBrackets);
    const close = this.peek();
    if (close.kind !== ')') {
      throw new FilterSyntaxError(close.kind === 'eof' ? `the "(" at offset ${open.start} is never closed` : `expected ")" but found ${this.describe(close)}`, close.kind === 'eof' ? open.start : close.start);
    }
    this.next();
    return inner;
  }

  private parseAttrExp(inBrackets: boolean): FilterNode {
    const t = this.next();
    if (t.kind !== 'word' || KEYWORDS.has(t.text.toLowerCase())) {
      throw new FilterSyntaxError(`expected an attribute name (e.g. userName) but found ${this.describe(t)}`, t.start);
    }
    const problem = attrPathProblem(t.text);
    if (problem) throw new FilterSyntaxError(problem, t.start);
    const attrPath = t.text;
    const after = this.peek();
    if (after.kind === '[') {
      if (inBrackets) throw new FilterSyntaxError('a [...] value filter cannot be nested inside another', after.start);
      this.next();
      const bracketStart = this.pos;
      if (this.peek().kind === ']') throw new FilterSyntaxError('empty [] value filter', after.start);
      this.enter(after.start);
      const inner = this.parseOr(true);
      this.depth--;
      const close = this.peek();
      if (close.kind !== ']') {
        throw new FilterSyntaxError(close.kind === 'eof' ? `the "[" at offset ${after.start} is never closed` : `expected "]" but found ${this.describe(close)}`, close.kind === 'eof' ? after.start : close.start);
      }
      this.next();
      const sub = this.peek();
      if (sub.kind === 'word' && sub.text.startsWith('.')) return this.parseValuePathSubAttr(attrPath, inner, bracketStart, this.pos);
      return { type: 'valuePath', attrPath, filter: inner };
    }
    const { op, value } = this.parseComparison(attrPath);
    return op === 'pr' ? { type: 'present', attrPath } : { type: 'compare', attrPath, op, value: value ?? null };
  }

  /** An operator and, except for `pr`, its value. */
  private parseComparison(attrPath: string): { op: CompareOp | 'pr'; value?: FilterValue } {
    const opTok = this.next();
    if (opTok.kind !== 'word') throw new FilterSyntaxError(`expected an operator (${OPS_HINT}) after '${attrPath}' but found ${this.describe(opTok)}`, opTok.start);
    const op = opTok.text.toLowerCase();
    if (op === 'pr') return { op: 'pr' };
    if (!(COMPARE_OPS as readonly string[]).includes(op)) {
      throw new FilterSyntaxError(`'${opTok.text}' is not a SCIM operator (use ${OPS_HINT})`, opTok.start);
    }
    const v = this.next();
    let value: FilterValue;
    if (v.kind === 'string' || v.kind === 'number') value = v.value;
    else if (v.kind === 'word' && ['true', 'false', 'null'].includes(v.text.toLowerCase())) {
      const w = v.text.toLowerCase();
      // JSON literals are lowercase (RFC 7644 §3.4.2.2 compValue); operators are not case-sensitive, these are.
      if (v.text !== w) throw new FilterSyntaxError(`'${v.text}' is not a JSON literal: write '${w}' (lowercase)`, v.start);
      value = w === 'null' ? null : w === 'true';
    } else if (v.kind === 'word' && !KEYWORDS.has(v.text.toLowerCase())) {
      throw new FilterSyntaxError(`the value ${v.text} must be quoted: "${v.text}"`, v.start);
    } else {
      throw new FilterSyntaxError(`expected a value ("text", a number, true, false or null) after '${opTok.text}' but found ${this.describe(v)}`, v.start);
    }
    if ((value === null || typeof value === 'boolean') && op !== 'eq' && op !== 'ne') {
      throw new FilterSyntaxError(`'${op}' cannot compare with ${String(value)} (only eq and ne can)`, v.start);
    }
    return { op: op as CompareOp, value };
  }

  /**
   * `emails[type eq "work"].value eq "x"`: what Microsoft Entra documents and sends. RFC 7644's
   * filter grammar has no sub-attribute after the brackets, so it is accepted with a note giving
   * the RFC form (`emails[type eq "work" and value eq "x"]`).
   */
  private parseValuePathSubAttr(attrPath: string, inner: FilterNode, innerFrom: number, innerTo: number): FilterNode {
    const subTok = this.next() as Extract<Token, { kind: 'word' }>;
    const subAttr = subTok.text.slice(1);
    if (!ATTRNAME.test(subAttr)) throw new FilterSyntaxError(`'${subTok.text}' is not a valid sub-attribute (expected e.g. .value)`, subTok.start);
    const from = this.pos - 1;
    const { op, value } = this.parseComparison(`${attrPath}[...].${subAttr}`);
    const innerText = normalize(this.text, this.tokens, innerFrom, innerTo - 1);
    const cond = normalize(this.text, this.tokens, from, this.pos).replace(/^\./, '');
    const wrapped = inner.type === 'or' ? `(${innerText})` : innerText;
    this.notes.push(`${attrPath}[...].${subAttr} (a sub-attribute after the brackets) is how Microsoft Entra filters, but RFC 7644 has no such form: strict servers may refuse it; the RFC form is ${attrPath}[${wrapped} and ${cond}]`);
    return op === 'pr' ? { type: 'valuePath', attrPath, filter: inner, subAttr, op } : { type: 'valuePath', attrPath, filter: inner, subAttr, op, value: value ?? null };
  }
}

/** Parse a SCIM filter; on error, a message and the 0-based offset in `expr` where it went wrong. */
export function parseScimFilter(expr: string): FilterParse {
  if (expr.length > MAX_FILTER_LENGTH) return { ok: false, message: `the filter is longer than ${MAX_FILTER_LENGTH} characters`, offset: MAX_FILTER_LENGTH };
  try {
    const tokens = tokenize(expr);
    const parser = new Parser(tokens, expr);
    const filter = parser.parseAll();
    return { ok: true, filter, normalized: normalize(expr, tokens), notes: parser.notes };
  } catch (e) {
    if (e instanceof FilterSyntaxError) return { ok: false, message: e.message, offset: e.offset };
    throw e;
  }
}

/** Valid or not, and when valid the text to send (`normalized`) and any `notes`. */
export function validateScimFilter(expr: string): FilterCheck {
  const r = parseScimFilter(expr);
  return r.ok ? { ok: true, normalized: r.normalized, notes: r.notes } : r;
}

/** A SCIM string literal: double-quoted, with `"`, `\` and control characters escaped. */
export function quoteScimString(text: string): string {
  return JSON.stringify(text);
}

export type QuickOp = 'sw' | 'eq' | 'co';

/** A plain word typed into a search box → `userName sw "word"` (or eq / co, or another attribute). */
export function quickFilter(text: string, op: QuickOp = 'sw', attrPath = 'userName'): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  return `${attrPath} ${op} ${quoteScimString(t)}`;
}

/**
 * What a search box means: a valid SCIM filter is used as typed; anything else is a quick
 * `userName sw "..."` filter. Empty → undefined (no filter).
 */
export function filterFromInput(text: string, op: QuickOp = 'sw'): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (/\s/.test(t) && parseScimFilter(t).ok) return t;
  return quickFilter(t, op);
}

/**
 * `filter=...` for a query string (spaces as %20, quotes and brackets encoded). Never throws: an
 * unpaired surrogate (which validation refuses) is sent as U+FFFD rather than raising URIError.
 */
export function filterQueryParam(expr: string): string {
  return `filter=${encodeURIComponent(expr.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'))}`;
}
