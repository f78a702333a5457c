// A person as an identity provider sees them: the profile helpers the modules share, and a config's
// mappings evaluated for one person — what the identity provider would send (simulate's request
// builders build their POST /Users bodies on evaluateMappings). Reading people out of a config is
// src/core/config/model.ts's.
import type { EvalResult, IdentityProvider, IdpPerson, ProfileAttribute } from './types';

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

/** What each mapping yields for `person`: SCIM attribute -> result, in the mappings' order. */
export function evaluateMappings(idp: IdentityProvider, mappings: Readonly<Record<string, unknown>>, person: IdpPerson): Record<string, EvalResult> {
  const out: Record<string, EvalResult> = {};
  for (const [key, expr] of Object.entries(mappings)) {
    if (typeof expr === 'string' && expr.trim() !== '') out[key] = idp.evaluate(expr, person, 'mapping');
  }
  return out;
}
