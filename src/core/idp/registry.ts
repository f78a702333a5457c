// The identity providers this build knows, by the id `app.identityProvider` names. Each registers its
// module here; nothing else changes.
import { editDistance } from '../shared/text';
import { entra } from './entra/module';
import { okta } from './okta/module';
import type { CredentialProbe } from '../scim/credentials';
import type { IdentityProvider, IdpId } from './types';

export const IDENTITY_PROVIDERS: Readonly<Record<IdpId, IdentityProvider>> = { okta, 'entra-id': entra };

/** Old names still found in files: checked as the identity provider they became (the schema reports the name). */
export const IDP_ALIASES: Readonly<Record<string, IdpId>> = { 'azure-ad': 'entra-id' };

export const DEFAULT_IDP: IdentityProvider = okta;

/**
 * The module for an `app.identityProvider` value. Missing means Okta (the schema's default); an old name
 * (`azure-ad`) is its successor; any other value (a typo) is checked as Okta: the schema reports the value itself.
 */
export function identityProviderFor(value: unknown): IdentityProvider {
  if (typeof value !== 'string') return DEFAULT_IDP;
  const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  const id = own(IDENTITY_PROVIDERS, value) ? (value as IdpId) : own(IDP_ALIASES, value) ? IDP_ALIASES[value] : undefined;
  return id ? IDENTITY_PROVIDERS[id] : DEFAULT_IDP;
}

/**
 * The identity provider a config names (`app.identityProvider`). While that key is misspelt
 * (`identityProvder: entra-id`, which the schema reports), its value still names the provider, so
 * the expressions are not all reported in the wrong language.
 */
export function identityProviderOf(config: unknown): IdentityProvider {
  const app = config !== null && typeof config === 'object' && !Array.isArray(config) ? (config as Record<string, unknown>).app : undefined;
  if (app === null || typeof app !== 'object' || Array.isArray(app)) return DEFAULT_IDP;
  const a = app as Record<string, unknown>;
  if ('identityProvider' in a) return identityProviderFor(a.identityProvider);
  for (const [k, v] of Object.entries(a)) {
    if (typeof v === 'string' && editDistance(k.toLowerCase().replace(/[^a-z]/g, ''), 'identityprovider', 3) <= 2) return identityProviderFor(v);
  }
  return DEFAULT_IDP;
}

/** The request "Test API Credentials" sends for a config of this identity provider (a fresh one per call). */
export function connectionProbe(idp: IdentityProvider): CredentialProbe {
  const t = idp.connectionTest;
  return { idpLabel: idp.label, button: t.button, path: t.path(), expectEmpty: t.expectEmpty, sends: t.sends };
}
