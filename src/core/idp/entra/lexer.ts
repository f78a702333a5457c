// Tokens of Entra ID's attribute-mapping expressions: `[attribute]` (everything up to the closing
// bracket, exact case), strings in double quotes where a backslash escapes a quote or a backslash
// ("Company name: \"Contoso\""), numbers (3, -10, 1000), hex numbers (&HF7), names (function names,
// vbBinaryCompare, and `user.mail` claim sources), and the comparison operators of IIF's condition.
// Linear and never throws: what Entra would not accept becomes a token the parser reports.

export type TokenKind = 'attribute' | 'string' | 'number' | 'name' | 'op' | 'invalid' | 'eof';

export interface Token {
  kind: TokenKind;
  /** attribute: the name between the brackets; string: the value (escapes resolved); name/op/invalid: the text. */
  value: string;
  start: number;
  end: number;
  /** attribute or string without its closing `]` / `"`. */
  unterminated?: boolean;
  /** number: its value. */
  number?: number;
}

/** Two-character operators first. `==`, `!=`, `&&`, `||` are not Entra's: the parser says what to write instead. */
const OPS2 = ['<>', '<=', '>=', '==', '!=', '&&', '||'];
const OPS1 = '(),=<>&+!-.;:{}';

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
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
    if (c === 91) { // [attribute]
      let j = i + 1;
      while (j < n && text[j] !== ']' && text[j] !== '[' && text[j] !== '\n' && text[j] !== '"') j++;
      if (text[j] === ']') {
        out.push({ kind: 'attribute', value: text.slice(i + 1, j), start, end: j + 1 });
        i = j + 1;
      } else {
        out.push({ kind: 'attribute', value: text.slice(i + 1, j), start, end: j, unterminated: true });
        i = j;
      }
      continue;
    }
    if (c === 34) { // "string" with \" and \\ escapes
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < n) {
        const ch = text[j];
        if (ch === '\\' && j + 1 < n && (text[j + 1] === '"' || text[j + 1] === '\\')) { value += text[j + 1]; j += 2; continue; }
        if (ch === '"') { closed = true; j++; break; }
        value += ch;
        j++;
      }
      out.push({ kind: 'string', value, start, end: j, ...(closed ? {} : { unterminated: true }) });
      i = j;
      continue;
    }
    if (isDigit(c)) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text[i] === '.' && isDigit(text.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const raw = text.slice(start, i);
      out.push({ kind: 'number', value: raw, number: Number(raw), start, end: i });
      continue;
    }
    if (c === 38 && (text[i + 1] === 'H' || text[i + 1] === 'h') && isHex(text.charCodeAt(i + 2))) { // &HF7
      i += 2;
      while (i < n && isHex(text.charCodeAt(i))) i++;
      const raw = text.slice(start, i);
      out.push({ kind: 'number', value: raw, number: Number.parseInt(raw.slice(2), 16), start, end: i });
      continue;
    }
    if (isNameStart(c)) {
      // A name, with dotted parts (`user.mail`, and Okta's `String.toLowerCase` / `user.firstName` pasted here).
      while (i < n && isNamePart(text.charCodeAt(i))) i++;
      while (text[i] === '.' && isNameStart(text.charCodeAt(i + 1))) {
        i++;
        while (i < n && isNamePart(text.charCodeAt(i))) i++;
      }
      out.push({ kind: 'name', value: text.slice(start, i), start, end: i });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (OPS2.includes(two)) { out.push({ kind: 'op', value: two, start, end: i + 2 }); i += 2; continue; }
    if (OPS1.includes(text[i])) { out.push({ kind: 'op', value: text[i], start, end: i + 1 }); i++; continue; }
    const cp = text.codePointAt(i) ?? c;
    const len = cp > 0xffff ? 2 : 1;
    out.push({ kind: 'invalid', value: text.slice(i, i + len), start, end: i + len });
    i += len;
  }
  out.push({ kind: 'eof', value: '', start: n, end: n });
  return out;
}
