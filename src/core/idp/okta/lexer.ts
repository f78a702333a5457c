// Okta Expression Language tokens (a subset of Spring's SpEL): identifiers, numbers, strings in single
// or double quotes (the quote doubled inside, no backslash escapes: "XDOMAIN\" is `XDOMAIN\`), and
// operators. Linear, never throws: a bad character becomes an 'invalid' token the parser reports.

export type TokenKind = 'ident' | 'number' | 'string' | 'op' | 'invalid' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The operator text, the identifier, the string's value (quotes removed), the number's source. */
  value: string;
  start: number;
  end: number;
  /** Strings: the closing quote is missing. */
  unterminated?: boolean;
  quote?: '"' | "'";
}

const OPS2 = ['==', '!=', '<=', '>=', '&&', '||', '?:', '?.', '.!', '.?'];
const OPS1 = '()[]{},.?:!+-*/%^<>=';

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Tokens of `text`, ending with one 'eof' token. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) { i++; continue; }
    const start = i;
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      out.push({ kind: 'ident', value: text.slice(start, i), start, end: i });
      continue;
    }
    if (isDigit(c)) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      if ((text.charCodeAt(i) | 32) === 101 && (isDigit(text.charCodeAt(i + 1)) || ((text[i + 1] === '+' || text[i + 1] === '-') && isDigit(text.charCodeAt(i + 2))))) {
        i += 2;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      if (/[lLdDfF]/.test(text[i] ?? '') && !isIdentPart(text.charCodeAt(i + 1))) i++;
      out.push({ kind: 'number', value: text.slice(start, i), start, end: i });
      continue;
    }
    if (c === 34 || c === 39) {
      const q = text[i] as '"' | "'";
      let value = '';
      i++;
      let closed = false;
      while (i < n) {
        const j = text.indexOf(q, i);
        if (j < 0) { value += text.slice(i); i = n; break; }
        value += text.slice(i, j);
        if (text[j + 1] === q) { value += q; i = j + 2; continue; }
        i = j + 1;
        closed = true;
        break;
      }
      out.push({ kind: 'string', value, start, end: i, quote: q, ...(closed ? {} : { unterminated: true }) });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (OPS2.includes(two)) {
      // `.!` / `.?` only start a projection or selection when a `[` follows.
      if ((two === '.!' || two === '.?') && text[i + 2] !== '[') {
        out.push({ kind: 'op', value: '.', start, end: i + 1 });
        i += 1;
        continue;
      }
      out.push({ kind: 'op', value: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if (OPS1.includes(text[i])) { out.push({ kind: 'op', value: text[i], start, end: i + 1 }); i++; continue; }
    // Anything else: one code point (a surrogate pair stays whole).
    const cp = text.codePointAt(i) ?? c;
    const len = cp > 0xffff ? 2 : 1;
    out.push({ kind: 'invalid', value: text.slice(i, i + len), start, end: i + len });
    i += len;
  }
  out.push({ kind: 'eof', value: '', start: n, end: n });
  return out;
}
