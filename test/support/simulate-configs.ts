// Builders for simulate's tests: a provisioning config (as the parsed value and as YAML text) with
// the Flosum mappings by default, and a stand-in Entra ID module for the builder tests of the Entra
// shapes while the real Entra module is on its own branch.
import { stringify } from 'yaml';
import { entraRequests } from '../../src/core/idp/entra/requests';
import type { Assignment, EvalResult, IdentityProvider, IdpPerson } from '../../src/core/idp/types';

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

/**
 * A stand-in Entra ID module for unit tests of the Entra request shapes: `[attribute]` reads the
 * profile, a double-quoted string is a constant; the profile has Entra's names (mail, givenName,
 * surname, userPrincipalName). The real module (evaluator, functions) is src/core/idp/entra/.
 */
export const fakeEntra: IdentityProvider = {
  id: 'entra-id',
  label: 'Microsoft Entra ID',
  expressionLabel: 'Entra expression',
  check: () => [],
  canonical: (e) => e.trim(),
  standardExpression: (key) => (key === 'userName' ? '[userPrincipalName]' : undefined),
  attributes: () => [],
  functions: () => [],
  completions: () => [],
  hover: () => undefined,
  personProfile(a: Assignment): IdpPerson {
    const blank = (s?: string): string | null => (s === undefined || s.trim() === '' ? null : s);
    return {
      idp: 'entra-id', label: a.userName, id: `objectid-${a.userName}`,
      attributes: { userPrincipalName: a.userName, mail: blank(a.email) ?? a.userName, givenName: blank(a.givenName), surname: blank(a.familyName), ...(a.profile ?? {}) },
    };
  },
  evaluate(expression, person): EvalResult {
    const e = expression.trim();
    const attr = /^\[([A-Za-z_][\w]*)\]$/.exec(e);
    if (attr?.[1]) return { kind: 'value', value: person.attributes[attr[1]] ?? null };
    const constant = /^"([^"\\]*)"$/.exec(e);
    if (constant) return { kind: 'value', value: constant[1] ?? '' };
    return { kind: 'error', message: `the stand-in Entra evaluator does not know '${e}'` };
  },
  requests: entraRequests,
};

export const ENTRA_MAPPINGS = { userName: '[mail]', givenName: '[givenName]', familyName: '[surname]', email: '[mail]', timezone: '"Europe/Berlin"' };

export function assignmentOfJane(extra: Partial<Assignment> = {}): Assignment {
  return { ...JANE, ...extra };
}
