// What every identity provider's expression module shares: a syntax problem thrown from deep in a
// parser and caught once, a cursor over tokens, the evaluator's "cannot know" / "would fail" outcomes,
// the per-text caches of parses and checks, and the walk to the nodes under an offset.
import type { EvalResult, EvalValue, ExpressionFix, ExpressionProblem } from './types';

export interface Span { start: number; end: number }

/** A syntax problem on its way out of a recursive-descent parser. */
export class SyntaxFail extends Error {
  constructor(readonly problem: ExpressionProblem) {
    super(problem.message);
  }
}

/** An `expression-syntax` problem (at least one character wide) with its repairs. */
export function syntax(message: string, span: Span, fixes?: ExpressionFix[], detail?: string): SyntaxFail {
  const p: ExpressionProblem = { code: 'expression-syntax', severity: 'error', message, start: span.start, end: Math.max(span.end, span.start + 1) };
  if (fixes?.length) p.fixes = fixes;
  if (detail) p.detail = detail;
  return new SyntaxFail(p);
}

export function hexCodePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** An invisible control character (or a BOM, a line separator) where a token should be: remove it. */
export function controlCharacter(t: { value: string; start: number; end: number }): SyntaxFail | undefined {
  const cp = t.value.codePointAt(0) ?? 0;
  if (!(cp < 32 || (cp >= 127 && cp < 160) || cp === 0x2028 || cp === 0x2029 || cp === 0xfeff)) return undefined;
  return syntax(`Invisible control character ${hexCodePoint(cp)} in the expression: remove it.`, t,
    [{ title: `Remove the ${hexCodePoint(cp)} character`, edits: [{ start: t.start, end: t.end, newText: '' }], isPreferred: true }]);
}

/** A cursor over tokens that end with one 'eof' token: it never moves past it. */
export class TokenCursor<T extends { kind: string; value: string }> {
  protected pos = 0;

  constructor(protected readonly toks: T[]) {}

  protected peek(k = 0): T {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)];
  }

  protected next(): T {
    const t = this.peek();
    if (this.pos < this.toks.length - 1) this.pos++;
    return t;
  }

  protected isOp(v: string, t: { kind: string; value: string } = this.peek()): boolean {
    return t.kind === 'op' && t.value === v;
  }
}

/** The value depends on state the file does not have (the clock, groups, another directory). */
export class Unknown extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The identity provider would fail to evaluate the expression. */
export class Fail extends Error {}

/** Run an evaluation: its value with the notes gathered, or why it is unknown or fails. Never throws. */
export function settle(run: () => EvalValue, notes: Set<string>, after?: (value: EvalValue) => void): EvalResult {
  try {
    const value = run();
    after?.(value);
    return notes.size ? { kind: 'value', value, notes: [...notes] } : { kind: 'value', value };
  } catch (e) {
    if (e instanceof Unknown) return { kind: 'unknown', reason: e.reason };
    if (e instanceof Fail) return { kind: 'error', message: e.message };
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}

/** Parses and checks by text: a file's handful of expressions cost a map lookup on each keystroke. */
export class ExpressionCache<P> {
  private static readonly LIMIT = 2000;
  private readonly parses = new Map<string, P>();
  private readonly checks = new Map<string, readonly ExpressionProblem[]>();

  constructor(private readonly parse: (text: string) => P) {}

  parsed(text: string): P {
    let r = this.parses.get(text);
    if (r === undefined) {
      if (this.parses.size >= ExpressionCache.LIMIT) this.parses.clear();
      r = this.parse(text);
      this.parses.set(text, r);
    }
    return r;
  }

  checked(key: string, compute: () => readonly ExpressionProblem[]): readonly ExpressionProblem[] {
    const hit = this.checks.get(key);
    if (hit) return hit;
    const problems = compute();
    if (this.checks.size >= ExpressionCache.LIMIT) this.checks.clear();
    this.checks.set(key, problems);
    return problems;
  }

  clear(): void {
    this.parses.clear();
    this.checks.clear();
  }
}

/** The nodes containing `offset`, outermost first (a walk without recursion). */
export function nodesAt<N extends Span>(root: N, offset: number, childrenOf: (n: N) => N[]): N[] {
  const path: N[] = [];
  let cur: N | undefined = root;
  while (cur) {
    path.push(cur);
    cur = childrenOf(cur).find((k) => offset >= k.start && offset <= k.end);
  }
  return path;
}
