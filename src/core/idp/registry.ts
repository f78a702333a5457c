// The identity providers this build knows, by the id `app.identityProvider` names. A second
// identity provider (Entra ID) registers its module here; nothing else changes.
import { okta } from './okta/provider';
import type { IdentityProvider, IdpId } from './types';

export const IDENTITY_PROVIDERS: Readonly<Partial<Record<IdpId, IdentityProvider>>> = { okta };

export const DEFAULT_IDP: IdentityProvider = okta;

/**
 * The module for an `app.identityProvider` value. Missing means Okta (the schema's default); a value
 * without a module (a typo, a reserved name) is checked as Okta too: the schema reports the value itself.
 */
export function identityProviderFor(value: unknown): IdentityProvider {
  return (typeof value === 'string' ? IDENTITY_PROVIDERS[value as IdpId] : undefined) ?? DEFAULT_IDP;
}

/** The identity provider a config names (`app.identityProvider`). */
export function identityProviderOf(config: unknown): IdentityProvider {
  const app = config !== null && typeof config === 'object' && !Array.isArray(config) ? (config as Record<string, unknown>).app : undefined;
  const v = app !== null && typeof app === 'object' && !Array.isArray(app) ? (app as Record<string, unknown>).identityProvider : undefined;
  return identityProviderFor(v);
}
