// Okta as an identity provider: the Okta Expression Language (./lexer, ./parser), its checker, its
// evaluator, completion and hover, and how a person of the config becomes an Okta user profile.
import type { Assignment, ExpressionProblem, ExpressionSite, IdentityProvider, IdpPerson } from '../types';
import { OKTA_BASE_ATTRIBUTES, OKTA_FUNCTIONS, OKTA_ID_ATTRIBUTE, STANDARD_MAPPINGS, STANDARD_SAML, USER_METHODS, oktaForEntraAttribute } from './catalog';
import { checkAst } from './check';
import { completions, hover } from './editing';
import { evaluateAst } from './evaluate';
import { parseExpression } from './parser';
import type { ParseResult } from './parser';
import { OKTA } from '../descriptors';
import { ExpressionCache } from '../expressionKit';
import { blankToNull, joinedName, withCustomAttributes } from '../person';
import { printNode } from './ast';

const OKTA_PROFILE_ATTRIBUTES = [OKTA_ID_ATTRIBUTE, ...OKTA_BASE_ATTRIBUTES];

/** Parsed and checked expressions by text: a file's handful of expressions cost a map lookup on each keystroke. */
const cache = new ExpressionCache<ParseResult>(parseExpression);
const parsed = (text: string) => cache.parsed(text);

/** Forget cached parses (benchmarks measure cold checks). */
export function clearOktaCache(): void {
  cache.clear();
}

function checkFresh(expression: string, site: ExpressionSite): readonly ExpressionProblem[] {
  const p = parsed(expression);
  return p.ok ? checkAst(p.ast, expression, site) : [p.problem];
}

const NO_PROBLEMS: readonly ExpressionProblem[] = Object.freeze([]);
const SIMPLE_REFERENCE = /^user\.[A-Za-z_]\w*$/;
const cleanByContext = new Map<ExpressionSite['context'], ReadonlySet<string>>();

/**
 * The bare references `user.<base attribute>` the checker finds nothing wrong with in `context`, found by
 * running the checker itself on each once (so the shortcut can never disagree with it). Static
 * knowledge of the catalog, not a cache of what the user typed: a custom attribute still takes the full path.
 */
function cleanReferences(context: ExpressionSite['context']): ReadonlySet<string> {
  let set = cleanByContext.get(context);
  if (!set) {
    const clean = new Set<string>();
    for (const a of OKTA_PROFILE_ATTRIBUTES) {
      const text = `user.${a.name}`;
      if (SIMPLE_REFERENCE.test(text) && checkFresh(text, { context, key: '', customAttributes: [] }).length === 0) clean.add(text);
    }
    set = clean;
    cleanByContext.set(context, set);
  }
  return set;
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
  ...OKTA,

  isExpression(value: string) {
    // user.email, appuser.x, String.toLowerCase(user.login), isMemberOfGroupName("x")
    return /^(user|appuser|app|org|idpuser|source)\.[A-Za-z_][\w.]*$/.test(value) ||
      /^[A-Z][A-Za-z]*\.[A-Za-z]+\(.*\)$/.test(value) || /^[a-z][A-Za-z]*\(.*\)$/.test(value);
  },

  check(expression: string, site: ExpressionSite) {
    // Most values are a bare base-profile attribute (user.firstName): known clean without a parse.
    if (SIMPLE_REFERENCE.test(expression) && cleanReferences(site.context).has(expression)) return NO_PROBLEMS;
    return cache.checked(`${site.context}\u0000${site.customAttributes.join(',')}\u0000${expression}`, () => checkFresh(expression, site));
  },

  unquotedExpression(source: string, site: ExpressionSite) {
    // `userName: [mail]`: Entra ID syntax, and unquoted a YAML list.
    const m = /^\[\s*([A-Za-z_][\w.]*)\s*\]$/.exec(source);
    if (!m) return undefined;
    const s = oktaForEntraAttribute(m[1], site.customAttributes);
    return {
      code: 'expression-syntax', severity: 'error', start: 0, end: source.length,
      message: s ? `${source} is Entra ID syntax (unquoted, a YAML list): Okta writes 'user.${s}'.` : `${source} is Entra ID syntax (unquoted, a YAML list): Okta writes user.<attribute>.`,
      detail: 'Okta expressions read the user profile as user.<attribute> (user.email, user.firstName); [attribute] is how Entra ID mappings are written.',
      fixes: s ? [{ title: `Change to 'user.${s}'`, edits: [{ start: 0, end: source.length, newText: `user.${s}` }], isPreferred: true }] : undefined,
    };
  },

  canonical(expression: string) {
    const p = parsed(expression.trim());
    return p.ok ? printNode(p.ast) : undefined;
  },

  standardExpression(key, context) {
    return context === 'saml' ? STANDARD_SAML[key] : STANDARD_MAPPINGS[key];
  },

  attributes(customAttributes) {
    return withCustomAttributes(OKTA_PROFILE_ATTRIBUTES, customAttributes);
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
    const first = blankToNull(a.givenName);
    const last = blankToNull(a.familyName);
    const attributes: Record<string, IdpPerson['attributes'][string]> = {
      login: a.userName,
      email: blankToNull(a.email) ?? a.userName,
      firstName: first,
      lastName: last,
      timezone: blankToNull(a.timezone),
      // Okta shows firstName + " " + lastName as the display name until one is set.
      displayName: joinedName(first, last),
    };
    for (const [k, v] of Object.entries(a.profile ?? {})) attributes[k] = v;
    return { idp: OKTA.id, label: a.userName, id: standInId(a.userName), attributes };
  },

  evaluate(expression, person) {
    const p = parsed(expression.trim());
    if (!p.ok) return { kind: 'error', message: p.problem.message };
    return evaluateAst(p.ast, person);
  },
};
