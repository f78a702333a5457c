// expression-syntax, expression-unknown-attribute, expression-unknown-function, expression-arguments,
// expression-deprecated: every value under saml.attributes and provisioning.mappings is an expression
// of the config's identity provider, checked by that provider's module (ctx.idp). The rule knows no
// language: it finds the values, maps the module's offsets onto the file, and turns the module's
// fixes into text edits. The target's rules ask `hasExpressionProblem` so that a broken expression
// gets only its expression code (not also saml-attribute-value, username-not-email, mapping-missing).
import { isMap, isPair, isScalar, Scalar } from 'yaml';
import type { Node, Pair } from 'yaml';
import type { ExpressionContext, ExpressionFix, ExpressionProblem, ExpressionSite } from '../../idp/types';
import { renderScalar, replaceScalar } from '../yaml/edits';
import type { Fix, TextEdit } from '../types';
import { keyText } from '../yaml/yamlNav';
import type { PathSegment } from '../yaml/yamlNav';
import { mapNode, toPointer } from './context';
import type { Rule, RuleContext } from './context';
import { looksLikeSecret } from '../../shared/secrets';

/** The sections whose values are expressions, and the context each is evaluated in. */
export const EXPRESSION_SECTIONS: readonly { path: readonly string[]; context: ExpressionContext }[] = [
  { path: ['saml', 'attributes'], context: 'saml' },
  { path: ['provisioning', 'mappings'], context: 'mapping' },
];

interface Checked {
  path: PathSegment[];
  pair: Pair;
  node: Node;
  /** Offset of the expression's first character in the file, when the scalar is written as is. */
  base: number | undefined;
  expression: string;
  problems: readonly ExpressionProblem[];
  unquoted: boolean;
}

/** The analysis of one validation, kept on its context (read by this rule and by the target's rules). */
const ANALYSIS = Symbol('expressions');
type WithAnalysis = RuleContext & { [ANALYSIS]?: ReadonlyMap<string, Checked> };
const NONE: ReadonlyMap<string, Checked> = new Map();

/** Where the scalar's text is its value (plain, or quoted without escapes): the offset of its first character. */
export function directBase(text: string, node: Scalar): number | undefined {
  if (!node.range || typeof node.value !== 'string') return undefined;
  const [start, end] = node.range;
  const src = text.slice(start, end);
  if (node.type === Scalar.PLAIN) return src === node.value ? start : undefined;
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) return src.slice(1, -1) === node.value ? start + 1 : undefined;
  return undefined;
}

/** The site of an expression under `section` at `key`. */
export function siteOf(ctx: Pick<RuleContext, 'customAttributes'>, context: ExpressionContext, key: string): ExpressionSite {
  return { context, key, customAttributes: ctx.customAttributes };
}

function analyse(ctx: RuleContext): ReadonlyMap<string, Checked> {
  if (!ctx.expressionChecks) return NONE;
  const memo = ctx as WithAnalysis;
  const known = memo[ANALYSIS];
  if (known) return known;
  // Only the expressions with a problem are kept: a clean one costs its check and nothing else.
  let found: Map<string, Checked> | undefined;
  const keep = (path: PathSegment[], c: Omit<Checked, 'path'>): void => {
    (found ??= new Map()).set(toPointer(path), { path, ...c });
  };
  for (const section of EXPRESSION_SECTIONS) {
    const map = mapNode(ctx, section.path);
    if (!isMap(map)) continue;
    for (const pair of map.items) {
      if (!isPair(pair)) continue;
      const key = keyText(pair);
      const node = pair.value as Node | null;
      if (key === undefined || !node?.range) continue;
      const site = siteOf(ctx, section.context, key);
      if (isScalar(node)) {
        if (typeof node.value !== 'string' || node.value.trim() === '') continue; // empty: the target's *-missing; other types: schema-type
        if (looksLikeSecret(node.value)) continue; // secret-in-file owns it, and no message may echo it
        const problems = ctx.idp.check(node.value, site);
        if (problems.length) keep([...section.path, key], { pair, node, base: directBase(ctx.text, node), expression: node.value, problems, unquoted: false });
        continue;
      }
      const source = ctx.text.slice(node.range[0], node.range[1]).trim();
      const p = ctx.idp.unquotedExpression?.(source, site);
      if (p) keep([...section.path, key], { pair, node, base: node.range[0], expression: source, problems: [p], unquoted: true });
    }
  }
  memo[ANALYSIS] = found ?? NONE;
  return memo[ANALYSIS];
}

/** True when the expression at `path` has an expression problem (its other checks stay quiet). */
export function hasExpressionProblem(ctx: RuleContext, path: readonly PathSegment[]): boolean {
  const found = analyse(ctx);
  return found.size > 0 && (found.get(toPointer(path))?.problems.length ?? 0) > 0;
}

/** Apply expression edits to the expression text (edits never overlap). */
function applyToExpression(expression: string, edits: readonly { start: number; end: number; newText: string }[]): string {
  let out = expression;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function toFix(c: Checked, fix: ExpressionFix): Fix | undefined {
  let edits: TextEdit[] | undefined;
  if (c.unquoted) {
    const fixed = applyToExpression(c.expression, fix.edits);
    edits = [{ start: c.node.range![0], end: c.node.range![1], newText: renderScalar(fixed, undefined) }];
  } else if (c.base !== undefined && (c.node as Scalar).type === Scalar.PLAIN) {
    const fixed = applyToExpression(c.expression, fix.edits);
    // A plain scalar stays plain only while it still reads back as the same string.
    const plainSafe = fixed !== '' && fixed.trim() === fixed && fixed[0] === c.expression[0] && !/:\s|\s#|:$/.test(fixed);
    edits = plainSafe ? fix.edits.map((e) => ({ start: c.base! + e.start, end: c.base! + e.end, newText: e.newText }))
      : [replaceScalar(c.node, fixed)!].filter(Boolean);
  } else if (c.base !== undefined && (c.node as Scalar).type === Scalar.QUOTE_DOUBLE && fix.edits.every((e) => !/["\\]/.test(e.newText))) {
    edits = fix.edits.map((e) => ({ start: c.base! + e.start, end: c.base! + e.end, newText: e.newText }));
  } else if (c.base !== undefined && (c.node as Scalar).type === Scalar.QUOTE_SINGLE && fix.edits.every((e) => !e.newText.includes("'"))) {
    edits = fix.edits.map((e) => ({ start: c.base! + e.start, end: c.base! + e.end, newText: e.newText }));
  } else {
    const e = replaceScalar(c.node, applyToExpression(c.expression, fix.edits));
    edits = e ? [e] : undefined;
  }
  if (!edits?.length) return undefined;
  return { title: fix.title, edits, ...(fix.isPreferred ? { isPreferred: true } : {}) };
}

export const expressions: Rule = (ctx) => {
  for (const c of analyse(ctx).values()) {
    if (!c.problems.length) continue;
    if (c.unquoted) ctx.claim(c.path);
    const [nodeStart, nodeEnd] = [c.node.range![0], c.node.range![1]];
    const after = ctx.text.slice(nodeEnd, ctx.text.indexOf('\n', nodeEnd) < 0 ? ctx.text.length : ctx.text.indexOf('\n', nodeEnd));
    const cutByComment = isScalar(c.node) && c.node.type === Scalar.PLAIN && /^[ \t]+#/.test(after);
    for (const p of c.problems) {
      const range: [number, number] = c.base !== undefined ? [c.base + p.start, c.base + Math.max(p.end, p.start + 1)] : [nodeStart, nodeEnd];
      const fixes = (p.fixes ?? []).map((f) => toFix(c, f)).filter((f): f is Fix => !!f);
      let detail = p.detail;
      if (cutByComment && p.code === 'expression-syntax') {
        detail = `${detail ? `${detail} ` : ''}In YAML, ' #' starts a comment: if the expression contains ' #', quote the whole value.`;
      }
      ctx.report(p.code, p.message, range, fixes, { detail, severity: p.severity });
    }
  }
};
