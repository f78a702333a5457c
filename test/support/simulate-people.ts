// The people and mappings simulate's tests use with the configs of test/support/configs.cjs: Jane
// with her names, and the Entra example's mappings (examples/flosum-entra.scim.yaml).
import type { Assignment } from '../../src/core/idp/types';

export const JANE = { userName: 'jane@example.com', givenName: 'Jane', familyName: 'Doe', timezone: 'Europe/Berlin' };

/** The Entra example's mappings (examples/flosum-entra.scim.yaml): Entra has no time-zone attribute, so it comes from an extension attribute. */
export const ENTRA_MAPPINGS = {
  userName: '[mail]', givenName: '[givenName]', familyName: '[surname]', email: '[mail]',
  timezone: 'Coalesce([extensionAttribute1], "Etc/UTC")', displayName: 'Join(" ", [givenName], [surname])',
};

/** Jane as the Entra example assigns her: her time zone in extensionAttribute1. */
export const JANE_ENTRA = { ...JANE, profile: { extensionAttribute1: 'Europe/Berlin' } };

export function assignmentOfJane(extra: Partial<Assignment> = {}): Assignment {
  return { ...JANE, ...extra };
}
