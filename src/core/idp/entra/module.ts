// Microsoft Entra ID as an identity provider: its attribute-mapping expressions (./lexer, ./parser),
// checker, evaluator, completion and hover, the SAML claim sources, how a person of the config becomes
// an Entra user. Its descriptor (names, words, Test Connection) is ENTRA_ID in ../descriptors.ts; the
// requests it provisions with: ./requests.
import { ENTRA_ID } from '../descriptors';
import { ExpressionCache } from '../expressionKit';
import { blankToNull, joinedName, withCustomAttributes } from '../person';
import type { Assignment, EvalValue, ExpressionContext, ExpressionSite, IdentityProvider, IdpPerson } from '../types';
import { ENTRA_ATTRIBUTES, MAPPING_FUNCTIONS, SAML_FUNCTIONS, STANDARD_MAPPINGS, STANDARD_SAML } from './catalog';
import { checkAst } from './check';
import { completions, hover } from './editing';
import { evaluateAst } from './evaluate';
import { parseExpression } from './parser';
import type { ParseResult } from './parser';
import { printNode } from './ast';

const cache = new ExpressionCache<ParseResult>(parseExpression);
const parsed = (text: string) => cache.parsed(text);

/** Forget cached parses (tests and benchmarks measure cold checks). */
export function clearEntraCache(): void {
  cache.clear();
}

/** A stable stand-in for an Entra object id (a GUID), derived from the username. */
function standInObjectId(userName: string): string {
  let h = 0x811c9dc5;
  const hexes: string[] = [];
  for (const ch of userName.toLowerCase()) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  for (let i = 0; i < 4; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    h = Math.imul(h ^ (h >>> 12), 0x297a2d39) >>> 0;
    hexes.push(h.toString(16).padStart(8, '0'));
  }
  const x = hexes.join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-${'89ab'[parseInt(x[16], 16) % 4]}${x.slice(17, 20)}-${x.slice(20, 32)}`;
}

/** `[mail]`, `[givenName, surname]`: a YAML flow sequence where an expression was meant. */
const FLOW_SEQUENCE = /^\[[^[\]]*\]$/;

const TENANT_URL_NOTE = '**Entra ID:** this is the *Tenant URL* (Provisioning → Admin credentials), here `{baseUrl}`. If the tenant rejects ' +
  "Entra's default PATCH requests (`\"op\": \"Replace\"`, and `\"active\": \"False\"` as a string where SCIM wants `false`), add the flag " +
  '`?aadOptscim062020` to the Tenant URL in Entra (not to this file): `{baseUrl}?aadOptscim062020`. Entra then sends SCIM-compliant PATCH ' +
  '(lower-case ops, Booleans). The flag does not work with on-demand provisioning.';

export const entra: IdentityProvider = {
  ...ENTRA_ID,
  keyNotes: { 'api.baseUrl': TENANT_URL_NOTE, 'api.region': TENANT_URL_NOTE },
  ruleNotes: {
    'username-not-email': "Entra's default mapping takes userName from userPrincipalName, which is not always a mailbox (a B2B guest's UPN carries #EXT#): map [mail].",
    'mapping-missing': 'Entra has no time-zone attribute: the timezone mapping is a constant ("Etc/UTC") or an extension attribute that holds the IANA zone.',
    'saml-attribute-value': 'Entra names claim sources user.<id> in lower case (Single sign-on → Attributes & Claims).',
  },

  isExpression(value: string) {
    // [mail], Join(" ", [givenName], [surname]); a claim's source user.mail
    return /^\[[^\]]+\]$/.test(value) || /^[A-Z][A-Za-z]*\(.*\)$/.test(value) || /^user\.[A-Za-z_][\w.]*$/.test(value);
  },

  check(expression: string, site: ExpressionSite) {
    return cache.checked(`${site.context}\u0000${site.customAttributes.join(',')}\u0000${expression}`, () => {
      const p = parsed(expression);
      return p.ok ? checkAst(p.ast, site) : [p.problem];
    });
  },

  unquotedExpression(source: string, site: ExpressionSite) {
    if (!FLOW_SEQUENCE.test(source)) return undefined;
    const single = /^\[\s*[^,[\]]*\]$/.test(source);
    const quoted = JSON.stringify(source);
    return {
      code: 'expression-syntax', severity: 'error', start: 0, end: source.length,
      message: single
        ? `Unquoted, ${source} is a YAML list, not an Entra expression: quote it, ${site.key}: ${quoted}.`
        : `Unquoted, ${source} is a YAML list: an Entra value is one expression in quotes, e.g. "Join(" ", [givenName], [surname])".`,
      detail: 'YAML reads a value that starts with [ as a list. Entra expressions that start with an attribute must be quoted: "[mail]".',
      fixes: single ? [{ title: `Quote it: ${quoted}`, edits: [], isPreferred: true }] : undefined,
    };
  },

  canonical(expression: string) {
    const p = parsed(expression.trim());
    return p.ok ? printNode(p.ast) : undefined;
  },

  standardExpression(key: string, context: ExpressionContext) {
    return context === 'saml' ? STANDARD_SAML[key] : STANDARD_MAPPINGS[key];
  },

  attributes(customAttributes) {
    return withCustomAttributes(ENTRA_ATTRIBUTES, customAttributes);
  },

  functions() {
    return [...MAPPING_FUNCTIONS, ...SAML_FUNCTIONS];
  },

  completions(expression, offset, site) {
    return completions(expression, offset, site);
  },

  hover(expression, offset, site) {
    const p = parsed(expression);
    return p.ok ? hover(p.ast, offset, site) : undefined;
  },

  personProfile(a: Assignment): IdpPerson {
    const given = blankToNull(a.givenName);
    const sur = blankToNull(a.familyName);
    const at = a.userName.indexOf('@');
    const attributes: Record<string, EvalValue> = {
      userPrincipalName: a.userName,
      mail: blankToNull(a.email) ?? a.userName,
      givenName: given,
      surname: sur,
      // Inference: a user created in the admin center gets "First Last" as the display name and the UPN's prefix as mail nickname.
      displayName: joinedName(given, sur),
      mailNickname: at > 0 ? a.userName.slice(0, at) : a.userName,
      accountEnabled: true,
      IsSoftDeleted: false,
    };
    // Entra has no time-zone attribute: an assignment's timezone reaches the target only through a mapping
    // (a constant, or an extension attribute given in profile).
    for (const [k, v] of Object.entries(a.profile ?? {})) attributes[k] = v;
    return { idp: ENTRA_ID.id, label: a.userName, id: standInObjectId(a.userName), attributes };
  },

  evaluate(expression, person, context) {
    const p = parsed(expression.trim());
    if (!p.ok) return { kind: 'error', message: p.problem.message };
    const ctx: ExpressionContext = context ?? (/(^|[^\w.])user\.[a-z]/.test(expression) && !expression.includes('[') ? 'saml' : 'mapping');
    return evaluateAst(p.ast, person, ctx);
  },
};
