// Entra ID attribute-mapping expression parser: `[attribute]`, "string", numbers, `Function(args)`
// with possibly empty arguments (`Switch([IsSoftDeleted], , "False", "True", "True", "False")`), and
// one comparison (=, <>, <, <=, >, >=) where IIF and CBool need a condition. Exact offsets; bounded
// (MAX_LENGTH characters, as Entra allows; MAX_DEPTH nested calls); never throws: the first syntax
// problem comes back as `expression-syntax` with a message that says how to repair it and, where the
// repair is clear, a fix (Okta's and VBA's habits: `&` and `+` to join, `==`, `!=`, 'single quotes').
import { SyntaxFail, TokenCursor, controlCharacter, hexCodePoint, syntax } from '../expressionKit';
import type { ExpressionProblem } from '../types';
import { tokenize } from './lexer';
import type { Token } from './lexer';
import { quoteString } from './ast';
import type { Node, CompareOp, Arg } from './ast';

/** Entra's limit (known-issues.md: "Attribute-mapping expressions can have a maximum of 10,000 characters"). */
export const MAX_LENGTH = 10_000;
export const MAX_DEPTH = 100;
export type ParseResult = { ok: true; ast: Node } | { ok: false; problem: ExpressionProblem };

const COMPARE = new Set(['=', '<>', '<', '<=', '>', '>=']);

function tokenText(t: Token): string {
  if (t.kind === 'eof') return 'the end';
  if (t.kind === 'string') return `the string "${t.value.length > 20 ? `${t.value.slice(0, 19)}…` : t.value}"`;
  if (t.kind === 'attribute') return `'[${t.value}]'`;
  return `'${t.value}'`;
}

const JOIN_DETAIL = 'Entra expressions are made of functions: Join(separator, a, b, …) joins values, Append(a, b) adds a suffix. There is no & or + operator.';

class Parser extends TokenCursor<Token> {
  private depth = 0;
  /** Open parentheses, innermost last (for "missing ')'" at the end). */
  private readonly open: { tok: Token; label: string }[] = [];

  constructor(toks: Token[], private readonly text: string) {
    super(toks);
  }

  parseAll(): Node {
    const ast = this.expression();
    const t = this.peek();
    if (t.kind !== 'eof') throw this.unexpectedAfter(t, ast);
    return ast;
  }

  /** Count one level of nesting (a call or parentheses); refused past MAX_DEPTH, which bounds every recursive walk. */
  private enter(at: Token): void {
    if (++this.depth > MAX_DEPTH) {
      throw syntax(`The expression is nested more than ${MAX_DEPTH} levels deep: simplify it.`, at, undefined, 'Deeply nested expressions are not checked.');
    }
  }

  /** A value, or one comparison of two values. */
  private expression(): Node {
    const left = this.concatenation();
    const t = this.peek();
    if (t.kind === 'op' && (t.value === '==' || t.value === '!=')) {
      const to = t.value === '==' ? '=' : '<>';
      throw syntax(`'${t.value}' is not an Entra operator: compare with '${to}'.`, t,
        [{ title: `Change '${t.value}' to '${to}'`, edits: [{ start: t.start, end: t.end, newText: to }], isPreferred: true }]);
    }
    if (t.kind !== 'op' || !COMPARE.has(t.value)) return left;
    this.next();
    const after = this.peek();
    if (after.kind === 'eof' || this.isOp(')', after) || this.isOp(',', after)) {
      throw syntax(`Nothing follows '${t.value}': add the value it compares with.`, t);
    }
    const right = this.concatenation();
    const u = this.peek();
    if (u.kind === 'op' && COMPARE.has(u.value)) {
      throw syntax(`A condition compares two values once: '${this.text.slice(left.start, right.end)}' is already a comparison; nest IIF for a second one.`, u);
    }
    return { type: 'compare', op: t.value as CompareOp, left, right, start: left.start, end: right.end, opStart: t.start, opEnd: t.end };
  }

  /** An operand, or operands joined with `&` / `+` (not Entra's: reported with the Join() that means it). */
  private concatenation(): Node {
    const first = this.operand();
    const t = this.peek();
    if (!(this.isOp('&', t) || this.isOp('+', t))) return first;
    const parts: Node[] = [first];
    while (this.isOp('&') || this.isOp('+')) {
      const op = this.next();
      const after = this.peek();
      if (after.kind === 'eof' || this.isOp(')', after) || this.isOp(',', after)) throw syntax(`Nothing follows '${op.value}': Entra joins values with Join("", a, b).`, op);
      parts.push(this.operand());
    }
    const last = parts[parts.length - 1];
    const joined = `Join("", ${parts.map((p) => this.text.slice(p.start, p.end)).join(', ')})`;
    throw syntax(`'${t.value}' does not join values in Entra expressions: write ${joined.length > 60 ? 'Join("", …)' : joined}.`, t,
      [{ title: 'Rewrite with Join("", …)', edits: [{ start: first.start, end: last.end, newText: joined }], isPreferred: true }], JOIN_DETAIL);
  }

  private operand(): Node {
    const t = this.peek();
    switch (t.kind) {
      case 'attribute':
        if (t.unterminated) {
          // `[mail, ".x")`: the name ends where a name cannot go on (a comma, a space, a parenthesis).
          const cut = t.value.search(/[\s,()]/);
          const at = cut >= 0 ? t.start + 1 + cut : t.end;
          throw syntax(`The attribute name '[${t.value}' is not closed: add ']'.`, { start: t.start, end: t.start + 1 },
            [{ title: "Add ']'", edits: [{ start: at, end: at, newText: ']' }], isPreferred: true }],
            'Attributes are written in square brackets, e.g. [mail].');
        }
        this.next();
        return { type: 'attribute', name: t.value, start: t.start, end: t.end };
      case 'string':
        if (t.unterminated) throw this.unterminated(t);
        this.next();
        return { type: 'string', value: t.value, start: t.start, end: t.end };
      case 'number':
        this.next();
        return { type: 'number', value: t.number ?? Number.NaN, raw: t.value, start: t.start, end: t.end };
      case 'name': {
        this.next();
        if (this.isOp('(')) return this.call(t);
        const w = t.value.toLowerCase();
        if ((w === 'and' || w === 'or' || w === 'not') && this.pos > 1) throw this.logical(t);
        return { type: 'name', name: t.value, start: t.start, end: t.end };
      }
      case 'invalid':
        throw this.invalid(t);
      case 'eof':
        throw syntax(this.pos === 0 ? 'The expression is empty: write one, e.g. [mail].' : `The expression ends too early: add a value after ${tokenText(this.toks[this.pos - 1])}.`,
          this.pos === 0 ? t : this.toks[this.pos - 1]);
      default:
        break;
    }
    if (this.isOp('-') && this.peek(1).kind === 'number' && this.peek(1).start === t.end) {
      this.next();
      const num = this.next();
      return { type: 'number', value: -(num.number ?? Number.NaN), raw: `-${num.value}`, start: t.start, end: num.end };
    }
    if (this.isOp('!')) {
      const operandStart = this.peek(1);
      if (operandStart.kind === 'attribute' && !operandStart.unterminated) {
        throw syntax(`'!' is not Entra's: write Not([${operandStart.value}]).`, t,
          [{ title: `Change to Not([${operandStart.value}])`, edits: [{ start: t.start, end: operandStart.end, newText: `Not([${operandStart.value}])` }], isPreferred: true }]);
      }
      throw syntax("'!' is not Entra's: negate with Not(…).", t);
    }
    if (this.isOp('&&') || this.isOp('||')) throw this.logical(t);
    if (this.isOp('(')) {
      const open = this.next();
      if (this.isOp(')')) {
        const close = this.peek();
        throw syntax('Empty parentheses: put an expression inside them, or remove them.', { start: open.start, end: close.end },
          [{ title: "Remove '()'", edits: [{ start: open.start, end: close.end, newText: '' }] }]);
      }
      this.open.push({ tok: open, label: `the '(' at column ${open.start + 1}` });
      this.enter(open);
      try {
        const inner = this.expression();
        this.expect(open);
        this.open.pop();
        return inner;
      } finally {
        this.depth--;
      }
    }
    throw syntax(`Unexpected ${tokenText(t)}: a value is expected here (an attribute such as [mail], a string in double quotes, or a function call).`, t);
  }

  private logical(t: Token): SyntaxFail {
    return syntax(`Entra conditions have no ${t.value.toUpperCase().replace('&&', 'AND').replace('||', 'OR')}: nest IIF instead, IIF(a, IIF(b, "True", "False"), "False").`, t, undefined,
      'IIF does not support AND and OR: AND is an IIF nested in the value-if-true, OR one nested in the value-if-false.');
  }

  private call(name: Token): Node {
    const open = this.next();
    const label = `'${name.value}('`;
    this.open.push({ tok: open, label });
    this.enter(open);
    try {
      const args: Arg[] = [];
      if (this.isOp(')')) {
        const close = this.next();
        this.open.pop();
        return { type: 'call', name: name.value, nameEnd: name.end, args, open: open.start, start: name.start, end: close.end };
      }
      let gapStart = open.end;
      for (;;) {
        if (this.isOp(',') || this.isOp(')')) {
          // An empty argument: allowed by the grammar; the checker says where a value is required.
          const at = this.peek();
          args.push({ type: 'empty', start: gapStart, end: at.start });
        } else {
          args.push(this.expression());
        }
        if (this.isOp(',')) { gapStart = this.next().end; continue; }
        if (this.isOp(')')) {
          const close = this.next();
          this.open.pop();
          return { type: 'call', name: name.value, nameEnd: name.end, args, open: open.start, start: name.start, end: close.end };
        }
        const u = this.peek();
        if ((u.kind === 'name' && /^(and|or)$/i.test(u.value)) || this.isOp('&&', u) || this.isOp('||', u)) throw this.logical(u);
        if (u.kind === 'attribute' || u.kind === 'string' || u.kind === 'number' || u.kind === 'name') {
          const prev = this.toks[this.pos - 1];
          throw syntax(`Missing ',' between the arguments of ${label}: add ',' before ${tokenText(u)}.`, u,
            [{ title: "Insert ','", edits: [{ start: prev.end, end: prev.end, newText: ',' }], isPreferred: true }]);
        }
        throw this.unclosedOrUnexpected(u, open);
      }
    } finally {
      this.depth--;
    }
  }

  private expect(open: Token): Token {
    if (this.isOp(')')) return this.next();
    throw this.unclosedOrUnexpected(this.peek(), open);
  }

  private closers(): string {
    return ')'.repeat(this.open.length);
  }

  private unclosedOrUnexpected(t: Token, open: Token): SyntaxFail {
    if (t.kind === 'eof') {
      const closing = this.closers() || ')';
      const what = this.open[this.open.length - 1]?.label ?? `'${open.value}'`;
      return syntax(`Missing ')' to close ${what}: add '${closing}' at the end.`, open,
        [{ title: `Add '${closing}' at the end`, edits: [{ start: this.text.length, end: this.text.length, newText: closing }], isPreferred: true }]);
    }
    if (t.kind === 'invalid') return this.invalid(t);
    if (t.kind === 'string' && t.unterminated) return this.unterminated(t);
    if (t.kind === 'op' && (t.value === '==' || t.value === '!=' || t.value === '&' || t.value === '+')) {
      // Reached when the operand before it was complete: let the operator's own message explain.
      const to = t.value === '==' ? '=' : t.value === '!=' ? '<>' : undefined;
      if (to) {
        return syntax(`'${t.value}' is not an Entra operator: compare with '${to}'.`, t,
          [{ title: `Change '${t.value}' to '${to}'`, edits: [{ start: t.start, end: t.end, newText: to }], isPreferred: true }]);
      }
    }
    return syntax(`Expected ')' to close the '(' at column ${open.start + 1}, found ${tokenText(t)}: add ')' before it.`, t,
      [{ title: "Insert ')'", edits: [{ start: t.start, end: t.start, newText: ')' }] }]);
  }

  private unterminated(t: Token): SyntaxFail {
    const detail = 'Strings are written in double quotes; a backslash escapes a quote or a backslash inside ("say \\"hi\\"", "C:\\\\").';
    // `Append([mail], ".test)`: the parentheses the string swallowed at its end were meant to close the calls.
    const open = this.open.length;
    const trimmed = this.text.trimEnd();
    const trailing = /\)*$/.exec(trimmed.slice(t.start + 1))?.[0].length ?? 0;
    const swallowed = Math.min(open, trailing);
    if (swallowed > 0) {
      const at = trimmed.length - swallowed;
      const rest = ')'.repeat(open - swallowed);
      return syntax(`The string that starts here is not closed: add the closing " before the ')' at the end.`, { start: t.start, end: t.start + 1 },
        [{ title: 'Close the string before the )', edits: [{ start: at, end: at, newText: '"' }, ...(rest ? [{ start: this.text.length, end: this.text.length, newText: rest }] : [])], isPreferred: true }],
        detail);
    }
    const closing = `"${this.closers()}`;
    return syntax(`The string that starts here is not closed: add the closing "${closing.length > 1 ? ` (and '${closing.slice(1)}')` : ''} at the end.`, { start: t.start, end: t.start + 1 },
      [{ title: `Add ${closing} at the end`, edits: [{ start: this.text.length, end: this.text.length, newText: closing }], isPreferred: true }], detail);
  }

  private invalid(t: Token): SyntaxFail {
    const control = controlCharacter(t);
    if (control) return control;
    const cp = t.value.codePointAt(0) ?? 0;
    if ('“”„‟'.includes(t.value)) {
      // The pair (“…”) is replaced at once, so the fix leaves a string behind.
      const rest = this.text.slice(t.end);
      const close = rest.search(/[“”„‟"]/);
      const edits = [{ start: t.start, end: t.end, newText: '"' }];
      if (close >= 0 && rest[close] !== '"') edits.push({ start: t.end + close, end: t.end + close + 1, newText: '"' });
      return syntax(`'${t.value}' is a typographic quote: Entra strings use straight double quotes (").`, t,
        [{ title: 'Change to "', edits, isPreferred: true }]);
    }
    if ("'‘’".includes(t.value)) {
      const close = this.text.indexOf(t.value === '‘' ? '’' : t.value, t.end);
      const inner = close > t.start ? this.text.slice(t.end, close) : undefined;
      return syntax(`Entra strings are written in double quotes, not ${t.value === "'" ? 'single' : 'typographic'} quotes${inner !== undefined && inner.length <= 40 ? `: write ${quoteString(inner)}` : ''}.`, t,
        inner !== undefined && !/[\n]/.test(inner)
          ? [{ title: `Change to ${quoteString(inner).length > 40 ? 'double quotes' : quoteString(inner)}`, edits: [{ start: t.start, end: close + 1, newText: quoteString(inner) }], isPreferred: true }]
          : undefined);
    }
    return syntax(`Unexpected character '${t.value}' (${hexCodePoint(cp)}): remove it, or put text in double quotes ("…").`, t, undefined,
      'Outside strings, Entra expressions have attributes in [brackets], function names, numbers, commas and parentheses.');
  }

  private unexpectedAfter(t: Token, left: Node): SyntaxFail {
    if (t.kind === 'invalid') return this.invalid(t);
    if (t.kind === 'string' && t.unterminated) return this.unterminated(t);
    if (this.isOp(')', t)) {
      const last = this.toks[this.toks.length - 2] === t;
      return syntax("Unexpected ')': remove it, or add the '(' it closes.", t,
        [{ title: "Remove the ')'", edits: [{ start: t.start, end: t.end, newText: '' }], isPreferred: last }]);
    }
    if (t.kind === 'name' && ['and', 'or'].includes(t.value.toLowerCase())) return this.logical(t);
    if (this.isOp('&&', t) || this.isOp('||', t)) return this.logical(t);
    if (t.kind === 'attribute' || t.kind === 'string' || t.kind === 'number' || t.kind === 'name') {
      const leftText = this.text.slice(left.start, left.end);
      const rest = this.text.slice(t.start).trimEnd();
      const whole = `Join("${/\s/.test(this.text.slice(left.end, t.start)) ? ' ' : ''}", ${leftText}, ${rest})`;
      const simple = /^(\[[^\]]*\]|"(?:[^"\\]|\\.)*")$/.test(rest);
      return syntax(`Missing a function between '${leftText.length > 30 ? `${leftText.slice(0, 29)}…` : leftText}' and ${tokenText(t)}: join them with ${simple ? whole : 'Join(" ", …)'}.`, t,
        simple ? [{ title: `Rewrite as ${whole.length > 50 ? 'Join(" ", …)' : whole}`, edits: [{ start: left.start, end: this.text.trimEnd().length, newText: whole }] }] : undefined, JOIN_DETAIL);
    }
    return syntax(`Unexpected ${tokenText(t)}: remove it.`, t, [{ title: `Remove ${tokenText(t)}`, edits: [{ start: t.start, end: t.end, newText: '' }] }]);
  }
}

/** Plain text with none of the expression's punctuation (`Etc/UTC`, `Sales Team`): most likely a constant missing its quotes. */
function plainText(text: string): boolean {
  const t = text.trim();
  return t !== '' && !/["[\](),\\]/.test(t) && !/^[A-Za-z_][\w.]*$/.test(t);
}

/** Parse one Entra expression. */
export function parseExpression(text: string): ParseResult {
  if (text.length > MAX_LENGTH) {
    return {
      ok: false,
      problem: {
        code: 'expression-syntax', severity: 'error', start: 0, end: Math.min(text.length, 80),
        message: `The expression is ${text.length.toLocaleString('en-US')} characters long: Entra allows at most ${MAX_LENGTH.toLocaleString('en-US')}; shorten it.`,
      },
    };
  }
  try {
    return { ok: true, ast: new Parser(tokenize(text), text).parseAll() };
  } catch (e) {
    if (e instanceof SyntaxFail) {
      if (plainText(text) && !e.problem.fixes?.some((f) => f.isPreferred)) {
        const t = text.trim();
        const s = text.indexOf(t);
        return {
          ok: false,
          problem: {
            code: 'expression-syntax', severity: 'error', start: s, end: s + t.length,
            message: `'${t.length > 40 ? `${t.slice(0, 39)}…` : t}' is not an Entra expression: a constant is written in double quotes, ${quoteString(t)}.`,
            detail: 'A Constant mapping is the string in double quotes ("Etc/UTC"), a Direct mapping the attribute in brackets ([mail]), an Expression a function call.',
            fixes: [{ title: `Write the constant ${quoteString(t).length > 40 ? 'in quotes' : quoteString(t)}`, edits: [{ start: s, end: s + t.length, newText: quoteString(t) }], isPreferred: true }],
          },
        };
      }
      // A problem at the very end (the expression stops too early) covers the last character, never past it.
      const limit = Math.max(text.length, 1);
      const end = Math.min(e.problem.end, limit);
      return { ok: false, problem: { ...e.problem, start: Math.min(e.problem.start, Math.max(0, end - 1)), end } };
    }
    return { ok: false, problem: { code: 'expression-syntax', severity: 'error', start: 0, end: text.length, message: `This expression could not be checked (${e instanceof Error ? e.message : String(e)}).` } };
  }
}
