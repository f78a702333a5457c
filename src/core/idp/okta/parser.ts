// Okta Expression Language parser: precedence climbing over ./lexer tokens into the syntax tree of
// ./ast (exact offsets). Bounded (MAX_LENGTH characters, MAX_DEPTH nesting) and never throws: the
// first syntax problem comes back as an `expression-syntax` problem with a message that says how to
// repair it and, where the repair is clear, a fix.
import { SyntaxFail, TokenCursor, controlCharacter, hexCodePoint, syntax } from '../expressionKit';
import type { ExpressionProblem } from '../types';
import { oktaForEntraAttribute } from './catalog';
import { tokenize } from './lexer';
import type { Token } from './lexer';
import { treeDepth } from './ast';
import type { Node, BinaryOp } from './ast';

export const MAX_LENGTH = 10_000;
export const MAX_DEPTH = 100;
/** Operations in one chain (`a + b + c …` nests to the left): bounds every recursive walk of the tree. */
export const MAX_TREE_DEPTH = 1000;
export type ParseResult = { ok: true; ast: Node } | { ok: false; problem: ExpressionProblem };

const WORD_BINARY: Record<string, BinaryOp> = {
  and: 'and', or: 'or', matches: 'matches', eq: '==', ne: '!=', lt: '<', gt: '>', le: '<=', ge: '>=', div: '/', mod: '%',
};
const REL_OPS = new Set(['==', '!=', '<', '>', '<=', '>=']);
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** How a token reads in a message: 'user', '+', "the string "x"". */
export function tokenText(t: Token): string {
  if (t.kind === 'eof') return 'the end';
  if (t.kind === 'string') return `the string ${t.quote ?? '"'}${t.value.length > 20 ? `${t.value.slice(0, 19)}…` : t.value}${t.quote ?? '"'}`;
  return `'${t.value}'`;
}

function assignment(t: Token): SyntaxFail {
  return syntax("'=' assigns a value, and Okta expressions cannot assign: use '==' to compare.", t,
    [{ title: "Change '=' to '=='", edits: [{ start: t.start, end: t.end, newText: '==' }], isPreferred: true }]);
}

class Parser extends TokenCursor<Token> {
  private depth = 0;
  /** Open brackets, innermost last (for "missing ')'" at the end). */
  private readonly open: { tok: Token; label: string }[] = [];

  constructor(toks: Token[], private readonly text: string) {
    super(toks);
  }

  private word(t = this.peek()): string | undefined {
    return t.kind === 'ident' ? t.value.toLowerCase() : undefined;
  }

  parseAll(): Node {
    const ast = this.expression();
    const t = this.peek();
    if (t.kind !== 'eof') throw this.unexpectedAfter(t, ast);
    return ast;
  }

  private enter(at: Token): void {
    if (++this.depth > MAX_DEPTH) {
      throw syntax(`The expression is nested more than ${MAX_DEPTH} levels deep: simplify it.`, at,
        undefined, 'Deeply nested expressions are not checked; Okta would also struggle to evaluate them.');
    }
  }

  private expression(): Node {
    this.enter(this.peek());
    try {
      return this.ternary();
    } finally {
      this.depth--;
    }
  }

  private ternary(): Node {
    const test = this.or();
    if (this.isOp('?')) {
      const q = this.next();
      const consequent = this.expression();
      if (!this.isOp(':')) {
        const t = this.peek();
        throw syntax(`The condition has '?' but no ':' part: add ': <value when false>' after ${tokenText(this.toks[this.pos - 1])}.`, t.kind === 'eof' ? q : t,
          t.kind === 'eof' ? [{ title: "Add ': null'", edits: [{ start: this.text.length, end: this.text.length, newText: ' : null' }] }] : undefined,
          'A conditional expression is written condition ? valueWhenTrue : valueWhenFalse.');
      }
      this.next();
      const alternate = this.expression();
      return { type: 'ternary', test, consequent, alternate, start: test.start, end: alternate.end };
    }
    if (this.isOp('?:')) {
      this.next();
      const right = this.expression();
      return { type: 'elvis', left: test, right, start: test.start, end: right.end };
    }
    return test;
  }

  private binaryLevel(sub: () => Node, match: (t: Token) => BinaryOp | undefined): Node {
    let left = sub();
    for (;;) {
      const t = this.peek();
      const op = match(t);
      if (!op) return left;
      this.next();
      this.enter(t);
      try {
        const right = this.operandAfter(t, sub);
        left = { type: 'binary', op, left, right, start: left.start, end: right.end, opStart: t.start, opEnd: t.end };
      } finally {
        this.depth--;
      }
    }
  }

  /** The operand after operator token `op`, with a clear message when there is none. */
  private operandAfter(op: Token, sub: () => Node): Node {
    const t = this.peek();
    if (t.kind === 'eof' || (t.kind === 'op' && [')', ']', '}', ',', ':'].includes(t.value))) {
      let s = op.start;
      while (s > 0 && /\s/.test(this.text[s - 1])) s--;
      throw syntax(`Nothing follows ${tokenText(op)}: add the value it ${['+', '-'].includes(op.value) ? 'joins' : 'compares'}, or remove the ${tokenText(op)}.`, op,
        [{ title: `Remove the ${tokenText(op)}`, edits: [{ start: s, end: op.end, newText: '' }] }]);
    }
    return sub();
  }

  private or(): Node {
    return this.binaryLevel(() => this.and(), (t) => (this.isOp('||', t) || this.word(t) === 'or' ? 'or' : undefined));
  }

  private and(): Node {
    return this.binaryLevel(() => this.relational(), (t) => (this.isOp('&&', t) || this.word(t) === 'and' ? 'and' : undefined));
  }

  private relational(): Node {
    return this.binaryLevel(() => this.additive(), (t) => {
      if (t.kind === 'op' && REL_OPS.has(t.value)) return t.value as BinaryOp;
      if (this.isOp('=', t)) throw assignment(t);
      const w = this.word(t);
      if (w && ['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'matches'].includes(w)) return WORD_BINARY[w];
      return undefined;
    });
  }

  private additive(): Node {
    return this.binaryLevel(() => this.multiplicative(), (t) => (this.isOp('+', t) ? '+' : this.isOp('-', t) ? '-' : undefined));
  }

  private multiplicative(): Node {
    return this.binaryLevel(() => this.power(), (t) => {
      if (t.kind === 'op' && (t.value === '*' || t.value === '/' || t.value === '%')) return t.value;
      const w = this.word(t);
      return w === 'div' || w === 'mod' ? WORD_BINARY[w] : undefined;
    });
  }

  private power(): Node {
    return this.binaryLevel(() => this.unary(), (t) => (this.isOp('^', t) ? '^' : undefined));
  }

  private unary(): Node {
    const t = this.peek();
    const isNot = this.word(t) === 'not' && this.startsOperand(this.peek(1));
    if (this.isOp('!') || this.isOp('-') || this.isOp('+') || isNot) {
      this.next();
      this.enter(t);
      try {
        const operand = this.operandAfter(t, () => this.unary());
        return { type: 'unary', op: isNot ? '!' : (t.value as '!' | '-' | '+'), operand, start: t.start, end: operand.end };
      } finally {
        this.depth--;
      }
    }
    return this.postfix(this.primary());
  }

  private startsOperand(t: Token): boolean {
    if (t.kind === 'ident' || t.kind === 'number' || t.kind === 'string') return true;
    return t.kind === 'op' && ['(', '{', '!', '-', '+'].includes(t.value);
  }

  private postfix(node: Node): Node {
    let n = node;
    for (;;) {
      const t = this.peek();
      if (this.isOp('.') || this.isOp('?.')) {
        this.next();
        const name = this.peek();
        if (name.kind !== 'ident') {
          const what = this.text.slice(n.start, t.end);
          throw syntax(`Missing a name after '${what}': write an attribute or function name, e.g. '${/^user\??\.$/.test(what) ? 'user.email' : `${what}name`}'.`,
            name.kind === 'eof' ? t : name);
        }
        this.next();
        const member: Node = { type: 'member', object: n, name: name.value, nameStart: name.start, nameEnd: name.end, safe: t.value === '?.', start: n.start, end: name.end };
        n = this.isOp('(') ? this.call(member) : member;
        continue;
      }
      if (this.isOp('[')) {
        const open = this.next();
        this.open.push({ tok: open, label: 'the index' });
        this.enter(open);
        const index = this.expression();
        this.depth--;
        const close = this.expect(']', open);
        this.open.pop();
        n = { type: 'index', object: n, index, start: n.start, end: close.end };
        continue;
      }
      if (this.isOp('.!') || this.isOp('.?')) {
        const op = this.next();
        const open = this.next(); // '[' (the lexer only makes `.!` / `.?` before one)
        this.open.push({ tok: open, label: 'the projection' });
        this.enter(open);
        const expr = this.expression();
        this.depth--;
        const close = this.expect(']', open);
        this.open.pop();
        n = { type: 'projection', object: n, expr, select: op.value === '.?', start: n.start, end: close.end };
        continue;
      }
      return n;
    }
  }

  private call(callee: Node): Node {
    const open = this.next();
    const label = `'${this.text.slice(callee.start, open.end)}'`;
    this.open.push({ tok: open, label });
    this.enter(open);
    const args: Node[] = [];
    try {
      if (this.isOp(')')) {
        const close = this.next();
        this.open.pop();
        return { type: 'call', callee, args, open: open.start, start: callee.start, end: close.end };
      }
      for (;;) {
        const t = this.peek();
        if (this.isOp(',') || this.isOp(')')) {
          const comma = this.isOp(',') ? t : this.toks[this.pos - 1];
          throw syntax(`Empty argument in ${label}: remove the extra ','.`, comma,
            [{ title: "Remove the extra ','", edits: [{ start: comma.start, end: comma.end, newText: '' }], isPreferred: true }],
            'Okta functions take no empty arguments.');
        }
        args.push(this.expression());
        if (this.isOp(',')) { this.next(); continue; }
        if (this.isOp(')')) {
          const close = this.next();
          this.open.pop();
          return { type: 'call', callee, args, open: open.start, start: callee.start, end: close.end };
        }
        const u = this.peek();
        if (this.startsOperand(u)) {
          throw syntax(`Missing ',' between the arguments of ${label}: add ',' before ${tokenText(u)}.`, u,
            [{ title: "Insert ','", edits: [{ start: this.toks[this.pos - 1].end, end: this.toks[this.pos - 1].end, newText: ',' }] }]);
        }
        throw this.unclosedOrUnexpected(u, open, ')');
      }
    } finally {
      this.depth--;
    }
  }

  private expect(closer: string, open: Token): Token {
    if (this.isOp(closer)) return this.next();
    throw this.unclosedOrUnexpected(this.peek(), open, closer);
  }

  private unclosedOrUnexpected(t: Token, open: Token, closer: string): SyntaxFail {
    if (t.kind === 'eof') {
      // Close every bracket still open, innermost first.
      const closing = this.open.slice().reverse().map((o) => CLOSERS[o.tok.value] ?? ')').join('');
      const what = this.open[this.open.length - 1]?.label ?? `'${open.value}'`;
      return syntax(`Missing '${closer}' to close ${what}: add '${closing}' at the end.`, open,
        [{ title: `Add '${closing}' at the end`, edits: [{ start: this.text.length, end: this.text.length, newText: closing }], isPreferred: true }]);
    }
    if (t.kind === 'invalid') return this.invalid(t);
    if (t.kind === 'string' && t.unterminated) return this.unterminated(t);
    return syntax(`Expected '${closer}' to close the '${open.value}' at column ${open.start + 1}, found ${tokenText(t)}: add '${closer}' before it.`, t,
      [{ title: `Insert '${closer}'`, edits: [{ start: t.start, end: t.start, newText: closer }] }]);
  }

  private unterminated(t: Token): SyntaxFail {
    const q = t.quote ?? '"';
    const closing = q + this.open.slice().reverse().map((o) => CLOSERS[o.tok.value] ?? ')').join('');
    return syntax(`The string that starts here is not closed: add the closing ${q}${closing.length > 1 ? ` (and '${closing.slice(1)}')` : ''} at the end.`, { start: t.start, end: t.start + 1 },
      [{ title: `Add ${closing} at the end`, edits: [{ start: this.text.length, end: this.text.length, newText: closing }], isPreferred: true }],
      `Strings are written in double or single quotes; a quote inside a string is doubled ("say ""hi"""). Backslashes are not escapes.`);
  }

  private invalid(t: Token): SyntaxFail {
    const control = controlCharacter(t);
    if (control) return control;
    const cp = t.value.codePointAt(0) ?? 0;
    const smart = '“”„‟'.includes(t.value) ? '"' : '‘’‚‛'.includes(t.value) ? "'" : undefined;
    if (smart) {
      return syntax(`'${t.value}' is a typographic quote: Okta strings use straight quotes (${smart}).`, t,
        [{ title: `Change to ${smart}`, edits: [{ start: t.start, end: t.end, newText: smart }], isPreferred: true }]);
    }
    return syntax(`Unexpected character '${t.value}' (${hexCodePoint(cp)}): remove it, or put text in quotes ("…").`, t,
      undefined, 'Outside strings, Okta expressions use ASCII names, numbers, quotes and operators only.');
  }

  private unexpectedAfter(t: Token, left: Node): SyntaxFail {
    if (t.kind === 'invalid') return this.invalid(t);
    if (t.kind === 'string' && t.unterminated) return this.unterminated(t);
    if (this.isOp('=', t)) return assignment(t);
    if (t.kind === 'op' && [')', ']', '}'].includes(t.value)) {
      const last = this.toks[this.toks.length - 2] === t;
      return syntax(`Unexpected '${t.value}': remove it, or add the '${t.value === ')' ? '(' : t.value === ']' ? '[' : '{'}' it closes.`, t,
        [{ title: `Remove the '${t.value}'`, edits: [{ start: t.start, end: t.end, newText: '' }], isPreferred: last }]);
    }
    if (this.startsOperand(t)) {
      const leftText = this.text.slice(left.start, left.end);
      const chain = t.kind === 'ident' ? /^[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*/.exec(this.text.slice(t.start))?.[0] : undefined;
      const right = chain ? `'${chain}'` : tokenText(t);
      return syntax(`Missing operator between '${leftText.length > 30 ? `${leftText.slice(0, 29)}…` : leftText}' and ${right}: join them with '+', or remove one.`, t,
        [{ title: "Insert ' + '", edits: [{ start: left.end, end: t.start, newText: ' + ' }] }],
        "Two values side by side need an operator: '+' joins strings, '==' compares, AND/OR combine conditions.");
    }
    return syntax(`Unexpected ${tokenText(t)}: remove it.`, t, [{ title: `Remove ${tokenText(t)}`, edits: [{ start: t.start, end: t.end, newText: '' }] }]);
  }

  private primary(): Node {
    const t = this.peek();
    switch (t.kind) {
      case 'number': {
        this.next();
        const raw = t.value.replace(/[lLdDfF]$/, '');
        return { type: 'number', value: Number(raw), raw: t.value, start: t.start, end: t.end };
      }
      case 'string':
        if (t.unterminated) throw this.unterminated(t);
        this.next();
        return { type: 'string', value: t.value, start: t.start, end: t.end };
      case 'ident': {
        this.next();
        const w = t.value.toLowerCase();
        if (w === 'true' || w === 'false') return { type: 'boolean', value: w === 'true', start: t.start, end: t.end };
        if (w === 'null') return { type: 'null', start: t.start, end: t.end };
        const id: Node = { type: 'ident', name: t.value, start: t.start, end: t.end };
        return this.isOp('(') ? this.call(id) : id;
      }
      case 'invalid':
        throw this.invalid(t);
      case 'eof':
        throw syntax(this.pos === 0 ? 'The expression is empty: write one, e.g. user.email.' : `The expression ends too early: add a value after ${tokenText(this.toks[this.pos - 1])}.`,
          this.pos === 0 ? t : this.toks[this.pos - 1]);
      default:
        break;
    }
    if (this.isOp('(')) {
      const open = this.next();
      if (this.isOp(')')) {
        const close = this.peek();
        throw syntax('Empty parentheses: put an expression inside them, or remove them.', { start: open.start, end: close.end },
          [{ title: "Remove '()'", edits: [{ start: open.start, end: close.end, newText: '' }] }]);
      }
      this.open.push({ tok: open, label: `the '(' at column ${open.start + 1}` });
      const inner = this.expression();
      this.expect(')', open);
      this.open.pop();
      return inner;
    }
    if (this.isOp('{')) return this.braces();
    if (this.isOp('[')) {
      // `[mail]`: Entra ID's form of an attribute, pasted into an Okta expression.
      const m = /^\[\s*([A-Za-z_][\w.]*)\s*\]/.exec(this.text.slice(t.start));
      const s = m ? oktaForEntraAttribute(m[1]) : undefined;
      if (m) {
        const end = t.start + m[0].length;
        throw syntax(s ? `'${m[0]}' is Entra ID syntax: Okta writes 'user.${s}'.` : `'${m[0]}' is Entra ID syntax: Okta reads attributes as user.<name>.`, { start: t.start, end },
          s ? [{ title: `Change to 'user.${s}'`, edits: [{ start: t.start, end, newText: `user.${s}` }], isPreferred: true }] : undefined,
          'Okta expressions read the user profile as user.<attribute> (user.email, user.firstName); [attribute] is how Entra ID mappings are written.');
      }
    }
    throw syntax(`Unexpected ${tokenText(t)}: a value is expected here (an attribute such as user.email, a string in quotes, or a function call).`, t);
  }

  /** `{1, 2, 3}` (a list) or `{'key': value, …}` (a map). */
  private braces(): Node {
    const open = this.next();
    this.open.push({ tok: open, label: `the '{' at column ${open.start + 1}` });
    this.enter(open);
    try {
      if (this.isOp('}')) {
        const close = this.next();
        this.open.pop();
        return { type: 'list', items: [], start: open.start, end: close.end };
      }
      const items: Node[] = [];
      const entries: { key: Node; value: Node }[] = [];
      for (;;) {
        const first = this.expression();
        if (this.isOp(':')) {
          if (items.length) throw syntax("A list cannot mix values and 'key: value' pairs: use one or the other.", this.peek());
          this.next();
          entries.push({ key: first, value: this.expression() });
        } else {
          if (entries.length) throw syntax("A map needs 'key: value' for every entry.", { start: first.start, end: first.end });
          items.push(first);
        }
        if (this.isOp(',')) { this.next(); continue; }
        const close = this.expect('}', open);
        this.open.pop();
        return entries.length ? { type: 'map', entries, start: open.start, end: close.end } : { type: 'list', items, start: open.start, end: close.end };
      }
    } finally {
      this.depth--;
    }
  }
}

/** Parse one Okta expression. */
export function parseExpression(text: string): ParseResult {
  if (text.length > MAX_LENGTH) {
    return {
      ok: false,
      problem: {
        code: 'expression-syntax', severity: 'error', start: 0, end: Math.min(text.length, 80),
        message: `The expression is ${text.length.toLocaleString('en-US')} characters long: shorten it to at most ${MAX_LENGTH.toLocaleString('en-US')} (longer ones are not checked).`,
      },
    };
  }
  try {
    const ast = new Parser(tokenize(text), text).parseAll();
    if (treeDepth(ast) > MAX_TREE_DEPTH) {
      return { ok: false, problem: { code: 'expression-syntax', severity: 'error', start: 0, end: Math.min(text.length, 80),
        message: `The expression chains more than ${MAX_TREE_DEPTH} operations: split it into simpler expressions.` } };
    }
    return { ok: true, ast };
  } catch (e) {
    if (e instanceof SyntaxFail) return { ok: false, problem: e.problem };
    // A parser bug must not take validation down: report it on the whole expression.
    return { ok: false, problem: { code: 'expression-syntax', severity: 'error', start: 0, end: text.length, message: `This expression could not be checked (${e instanceof Error ? e.message : String(e)}).` } };
  }
}
