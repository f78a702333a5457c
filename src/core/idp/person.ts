// The people of a config as an identity provider sees them: `assignments` entries read into
// Assignment values (email defaults to userName, `profile` carries further attributes), and a
// config's mappings evaluated for one person — what the identity provider would send (the request
// builders of simulate build their POST /Users bodies on evaluateMappings).
import type { Assignment, EvalResult, EvalValue, IdentityProvider, IdpPerson, ProfileAttribute } from './types';

/** A field of an assignment as a profile value: blank is null (the attribute is not set). */
export function blankToNull(s: string | undefined): string | null {
  return s === undefined || s.trim() === '' ? null : s;
}

/** "First Last" from whichever of the two is set, as identity providers show a user until a display name is set. */
export function joinedName(first: string | null, last: string | null): string | null {
  return first !== null || last !== null ? [first, last].filter((x) => x !== null).join(' ') : null;
}

/** An identity provider's profile attributes followed by the config's custom ones it does not already have. */
export function withCustomAttributes(base: readonly ProfileAttribute[], customAttributes: readonly string[]): ProfileAttribute[] {
  const known = new Set(base.map((a) => a.name));
  return [...base, ...customAttributes.filter((c) => !known.has(c)).map((name) => ({ name, description: 'Custom attribute (app.customAttributes).', custom: true }))];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function profileValue(v: unknown, depth = 0): EvalValue | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (v instanceof Date) return v.toISOString();
  if (depth < 4 && Array.isArray(v)) return v.map((x) => profileValue(x, depth + 1) ?? null);
  return undefined;
}

/** One `assignments[]` entry as an Assignment, or undefined when it has no string userName. */
export function assignmentOf(item: unknown): Assignment | undefined {
  if (!isObject(item) || typeof item.userName !== 'string' || item.userName.trim() === '') return undefined;
  const a: Assignment = { userName: item.userName.trim() };
  for (const k of ['givenName', 'familyName', 'email', 'timezone'] as const) {
    const v = item[k];
    if (typeof v === 'string') a[k] = v;
  }
  if (isObject(item.profile)) {
    const profile: Record<string, EvalValue> = {};
    for (const [k, v] of Object.entries(item.profile)) {
      const x = profileValue(v);
      if (x !== undefined) profile[k] = x;
    }
    a.profile = profile;
  }
  return a;
}

/** The config's assignments, in file order (entries without a userName are skipped). */
export function assignmentsOf(config: unknown): Assignment[] {
  const list = isObject(config) ? config.assignments : undefined;
  if (!Array.isArray(list)) return [];
  const out: Assignment[] = [];
  for (const item of list) {
    const a = assignmentOf(item);
    if (a) out.push(a);
  }
  return out;
}

/** A made-up person for previews when the config assigns nobody. */
export const SAMPLE_ASSIGNMENT: Assignment = {
  userName: 'jane.doe@example.com', givenName: 'Jane', familyName: 'Doe', timezone: 'Europe/Berlin',
};

/** `app.customAttributes` as a list of names (anything else is the schema's to report). */
export function customAttributesOf(config: unknown): string[] {
  const app = isObject(config) ? config.app : undefined;
  const list = isObject(app) ? app.customAttributes : undefined;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
}

/** What each mapping yields for `person`: SCIM attribute -> result, in the mappings' order. */
export function evaluateMappings(idp: IdentityProvider, mappings: Readonly<Record<string, unknown>>, person: IdpPerson): Record<string, EvalResult> {
  const out: Record<string, EvalResult> = {};
  for (const [key, expr] of Object.entries(mappings)) {
    if (typeof expr === 'string' && expr.trim() !== '') out[key] = idp.evaluate(expr, person, 'mapping');
  }
  return out;
}
