// Builders for simulate's tests: a provisioning config (as the parsed value and as YAML text) with
// the Flosum mappings by default, and the Entra example's mappings.
import { stringify } from 'yaml';
import type { Assignment } from '../../src/core/idp/types';

export const FLOSUM_OKTA_MAPPINGS = {
  userName: 'user.email', givenName: 'user.firstName', familyName: 'user.lastName', email: 'user.email', timezone: 'user.timezone',
};

export interface ConfigParts {
  baseUrl?: string;
  identityProvider?: string;
  target?: string;
  customAttributes?: string[];
  mappings?: Record<string, string>;
  toApp?: Record<string, boolean>;
  assignments?: Array<Record<string, unknown>>;
}

export const JANE = { userName: 'jane@example.com', givenName: 'Jane', familyName: 'Doe', timezone: 'Europe/Berlin' };

/** A config value with the given parts (Flosum, Okta, the five mappings, Jane assigned). */
export function simulateConfig(parts: ConfigParts = {}): Record<string, unknown> {
  return {
    version: 1,
    app: {
      name: 'Flosum',
      identityProvider: parts.identityProvider ?? 'okta',
      target: parts.target ?? 'flosum',
      ...(parts.customAttributes ? { customAttributes: parts.customAttributes } : {}),
    },
    api: { ...(parts.baseUrl ? { baseUrl: parts.baseUrl } : { region: 'us' }), tokenRef: 'simulate-test' },
    provisioning: {
      toApp: { createUsers: true, updateUserAttributes: true, deactivateUsers: true, syncPassword: false, ...(parts.toApp ?? {}) },
      mappings: parts.mappings ?? FLOSUM_OKTA_MAPPINGS,
      defaults: { timezone: 'Etc/UTC' },
    },
    assignments: parts.assignments ?? [JANE],
  };
}

/** The same config as YAML text (for the CLI). */
export function simulateConfigText(parts: ConfigParts = {}): string {
  return stringify(simulateConfig(parts));
}

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
