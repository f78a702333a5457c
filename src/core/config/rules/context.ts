// What every rule gets: the parsed document, the plain value, the text and a way to report.
import { isMap, isScalar } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { EditContext } from '../yaml/edits';
import type { IdentityProvider } from '../../idp/types';
import type { ExpectedExpressions, TargetRequirements, TargetId } from '../../targets/types';
import type { Finding, Fix, RuleCode, Severity } from '../types';
import { editDistance } from '../../shared/text';
import { locate, mapAt } from '../yaml/yamlNav';
import type { Located, PathSegment } from '../yaml/yamlNav';

export interface RuleContext extends EditContext {
  doc: Document.Parsed;
  /** The root value as a plain object (rules run only when the root is a mapping). */
  value: Record<string, unknown>;
  target: TargetId;
  /** What the target requires (regions, options, expected expressions), as data. */
  requirements: TargetRequirements;
  /** The identity provider `app.identityProvider` names (Okta by default). */
  idp: IdentityProvider;
  /** The target's expectations for this identity provider (undefined: none, e.g. generic SCIM). */
  expected: ExpectedExpressions | undefined;
  /** `app.customAttributes`. */
  customAttributes: readonly string[];
  /** False when the caller asked to skip the expression checks. */
  expressionChecks: boolean;
  report(code: RuleCode, message: string, range: readonly [number, number], fixes?: Fix[], extra?: { detail?: string; severity?: Severity }): void;
  /** Mark a path as owned by a semantic rule: schema errors at it are not reported again. */
  claim(path: readonly PathSegment[]): void;
  /** JSON pointers claimed so far. */
  claimed: Set<string>;
}

export type Rule = (ctx: RuleContext) => void;

export function toPointer(path: readonly PathSegment[]): string {
  let out = '';
  for (const p of path) {
    const s = typeof p === 'string' ? p : String(p);
    // escaped only where needed (RFC 6901): most keys have neither '~' nor '/'
    out += s.includes('~') || s.includes('/') ? `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}` : `/${s}`;
  }
  return out;
}

export function createContext(base: Omit<RuleContext, 'report' | 'claim' | 'claimed'>, out: Finding[]): RuleContext {
  const claimed = new Set<string>();
  return {
    ...base,
    claimed,
    claim(path) {
      claimed.add(toPointer(path));
    },
    report(code, message, range, fixes, extra) {
      const len = base.text.length;
      const s = Math.max(0, Math.min(range[0], len));
      const e = Math.max(s, Math.min(range[1], len));
      const f: Finding = { code, severity: extra?.severity ?? 'error', message, start: s, end: e };
      const detail = [extra?.detail, base.idp.ruleNotes?.[code]].filter(Boolean).join(' ');
      if (detail) f.detail = detail;
      const usable = fixes?.filter((x) => x.edits.length > 0);
      if (usable?.length) f.fixes = usable;
      out.push(f);
    },
  };
}

export function get(obj: unknown, ...path: PathSegment[]): unknown {
  let cur = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function loc(ctx: RuleContext, path: readonly PathSegment[]): Located | undefined {
  return locate(ctx.doc, path);
}

export function mapNode(ctx: RuleContext, path: readonly PathSegment[]): YAMLMap | undefined {
  return mapAt(ctx.doc, path);
}

export function rangeOf(n: Node | null | undefined): [number, number] | undefined {
  return n?.range ? [n.range[0], n.range[1]] : undefined;
}

/** Range of a key (for "missing child" findings): the key of `path`, or the root's first key line. */
export function keyRange(ctx: RuleContext, path: readonly PathSegment[]): [number, number] {
  if (path.length === 0) return rootRange(ctx);
  const l = loc(ctx, path);
  return rangeOf(l?.key) ?? rangeOf(l?.node) ?? rootRange(ctx);
}

/** The first line of content (the whole first line when the document has no mapping). */
export function rootRange(ctx: { doc: Document.Parsed | undefined; text: string }): [number, number] {
  const c = ctx.doc?.contents;
  if (isMap(c) && c.items.length) {
    const k = (c.items[0] as Pair).key as Node | null;
    if (k?.range) return [k.range[0], k.range[1]];
  }
  const t = ctx.text;
  let s = 0;
  if (t.charCodeAt(0) === 0xfeff) s = 1;
  let e = t.indexOf('\n', s);
  if (e < 0) e = t.length;
  if (e > s && t.charCodeAt(e - 1) === 13) e--;
  return [s, e];
}

/** Range of the value at path, or its key when the value is empty. */
export function valueRange(ctx: RuleContext, path: readonly PathSegment[]): [number, number] {
  const l = loc(ctx, path);
  const r = rangeOf(l?.node);
  if (r && r[1] > r[0]) return r;
  return rangeOf(l?.key) ?? keyRange(ctx, path.slice(0, -1));
}

export function scalarString(n: unknown): string | undefined {
  return isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
}

/**
 * True when `obj` has a key that is not one of `known` but is a near miss of `name` (e.g. `firstname`
 * for `firstName`): schema-unknown-key reports it with "did you mean", so a "missing" rule stays quiet.
 */
export function hasNearMiss(obj: Record<string, unknown>, name: string, known: readonly string[]): boolean {
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) {
    if (known.includes(k)) continue;
    const kl = k.toLowerCase();
    if (kl === lower || (kl.length > 2 && editDistance(kl, lower, 2) <= Math.max(1, Math.min(2, Math.floor(name.length / 4))))) return true;
  }
  return false;
}
