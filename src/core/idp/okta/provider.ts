// Okta as an identity provider: the Okta Expression Language (./lexer, ./parser), its checker, its
// evaluator, completion and hover, and how a person of the config becomes an Okta user profile.
import type { Assignment, ExpressionSite, IdentityProvider, IdpPerson } from '../types';
import { OKTA_BASE_ATTRIBUTES, OKTA_FUNCTIONS, OKTA_ID_ATTRIBUTE, STANDARD_MAPPINGS, STANDARD_SAML, USER_METHODS } from './catalog';
import { checkAst } from './check';
import { completions, hover } from './editing';
import { evaluateAst } from './evaluate';
import { parseExpression, printNode } from './parser';
import { oktaRequests } from './requests';
import type { ParseResult } from './parser';
import type { ExpressionProblem } from '../types';

/** Parsed and checked expressions by text: a file's handful of expressions cost a map lookup on each keystroke. */
const CACHE_LIMIT = 2000;
const parses = new Map<string, ParseResult>();
const checks = new Map<string, readonly ExpressionProblem[]>();

function parsed(text: string): ParseResult {
  let r = parses.get(text);
  if (!r) {
    if (parses.size >= CACHE_LIMIT) parses.clear();
    r = parseExpression(text);
    parses.set(text, r);
  }
  return r;
}

/** Forget cached parses (benchmarks measure cold checks). */
export function clearOktaCache(): void {
  parses.clear();
  checks.clear();
}

/** A stable stand-in for an Okta user id (20 characters, `00u…`), derived from the username. */
function standInId(userName: string): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let h = 0x811c9dc5;
  for (const ch of userName.toLowerCase()) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  let out = '00u';
  for (let i = 0; i < 17; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    out += abc[h % 62];
  }
  return out;
}

export const okta: IdentityProvider = {
  id: 'okta',
  label: 'Okta',
  expressionLabel: 'Okta expression',

  check(expression: string, site: ExpressionSite) {
    const key = `${site.context}\u0000${site.customAttributes.join(',')}\u0000${expression}`;
    const hit = checks.get(key);
    if (hit) return hit;
    const p = parsed(expression);
    const problems = p.ok ? checkAst(p.ast, expression, site) : [p.problem];
    if (checks.size >= CACHE_LIMIT) checks.clear();
    checks.set(key, problems);
    return problems;
  },

  canonical(expression: string) {
    const p = parsed(expression.trim());
    return p.ok ? printNode(p.ast) : undefined;
  },

  standardExpression(key, context) {
    return context === 'saml' ? STANDARD_SAML[key] : STANDARD_MAPPINGS[key];
  },

  attributes(customAttributes) {
    const known = new Set(OKTA_BASE_ATTRIBUTES.map((a) => a.name));
    return [OKTA_ID_ATTRIBUTE, ...OKTA_BASE_ATTRIBUTES,
      ...customAttributes.filter((c) => !known.has(c)).map((name) => ({ name, description: 'Custom attribute (app.customAttributes).', custom: true }))];
  },

  functions() {
    return [...OKTA_FUNCTIONS, ...USER_METHODS];
  },

  completions(expression, offset, site) {
    return completions(expression, offset, site);
  },

  hover(expression, offset, site) {
    const p = parsed(expression);
    return p.ok ? hover(p.ast, offset, site) : undefined;
  },

  personProfile(a: Assignment): IdpPerson {
    const blank = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s);
    const first = blank(a.givenName);
    const last = blank(a.familyName);
    const attributes: Record<string, IdpPerson['attributes'][string]> = {
      login: a.userName,
      email: blank(a.email) ?? a.userName,
      firstName: first,
      lastName: last,
      timezone: blank(a.timezone),
      // Okta shows firstName + " " + lastName as the display name until one is set.
      displayName: first !== null || last !== null ? [first, last].filter((x) => x !== null).join(' ') : null,
    };
    for (const [k, v] of Object.entries(a.profile ?? {})) attributes[k] = v;
    return { idp: 'okta', label: a.userName, id: standInId(a.userName), attributes };
  },

  evaluate(expression, person) {
    const p = parsed(expression.trim());
    if (!p.ok) return { kind: 'error', message: p.problem.message };
    return evaluateAst(p.ast, person);
  },

  requests: oktaRequests,
};
