// Which identity provider a config names, and its module. The descriptors (./descriptors.ts) are
// always here; a module is loaded on first use. Okta's module, the default every config falls back
// to, is bundled with the core. The others are loaded the way the composition root says: the editor,
// the `validate` command and the validation worker require a sibling bundle the descriptor names
// (`useIdpBundles`); the full CLI, the bundles that carry every module and the tests give the
// modules themselves (`useIdpModules`).
import { editDistance } from '../shared/text';
import type { CredentialProbe } from '../scim/credentials';
import { DEFAULT_IDP_DESCRIPTOR, IDP_DESCRIPTORS } from './descriptors';
import type { IdpId } from './descriptors';
import { okta } from './okta/module';
import type { IdentityProvider, IdpDescriptor } from './types';

/** Every id, in the order they are offered (the CLI's `--idp` choices, New Provisioning Config). */
export const IDP_IDS: readonly IdpId[] = IDP_DESCRIPTORS.map((d) => d.id);

const modules = new Map<string, IdentityProvider>([[okta.id, okta]]);
let requireBundle: ((file: string) => unknown) | undefined;

/** Modules given directly (the full CLI, bundles that carry them, tests): used as they are. */
export function useIdpModules(given: readonly IdentityProvider[]): void {
  for (const m of given) modules.set(m.id, m);
}

/**
 * How a module bundled apart is loaded: `require` of its sibling bundle (the descriptor's
 * `bundle.file`), called on first use. The path must stay a runtime value, so the caller passes
 * `(file) => require(`./${file}`)` and esbuild leaves the bundle out.
 */
export function useIdpBundles(load: (file: string) => unknown): void {
  requireBundle = load;
}

function own(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

const BY_NAME: Readonly<Record<string, IdpDescriptor>> = Object.fromEntries(
  IDP_DESCRIPTORS.flatMap((d): Array<[string, IdpDescriptor]> => [[d.id, d], ...d.aliases.map((a): [string, IdpDescriptor] => [a, d])]),
);

/** Is this the id of an identity provider of this build (not an alias)? */
export function isIdpId(value: unknown): value is IdpId {
  return typeof value === 'string' && IDP_IDS.includes(value as IdpId);
}

/**
 * The descriptor for an `app.identityProvider` value. Missing means Okta (the schema's default); an
 * old name (`azure-ad`) is its successor; any other value (a typo) is Okta: the schema reports the value itself.
 */
export function idpDescriptorFor(value: unknown): IdpDescriptor {
  return idpNamed(value) ?? DEFAULT_IDP_DESCRIPTOR;
}

/** The identity provider a value names exactly (its id or an old name), or undefined. */
export function idpNamed(value: unknown): IdpDescriptor | undefined {
  return typeof value === 'string' && own(BY_NAME, value) ? BY_NAME[value] : undefined;
}

/** The value of `app.identityProvider`, also while that key is misspelt (`identityProvder: entra-id`, which the schema reports). */
function namedIdentityProvider(config: unknown): unknown {
  const app = config !== null && typeof config === 'object' && !Array.isArray(config) ? (config as Record<string, unknown>).app : undefined;
  if (app === null || typeof app !== 'object' || Array.isArray(app)) return undefined;
  const a = app as Record<string, unknown>;
  if ('identityProvider' in a) return a.identityProvider;
  for (const [k, v] of Object.entries(a)) {
    if (typeof v === 'string' && editDistance(k.toLowerCase().replace(/[^a-z]/g, ''), 'identityprovider', 3) <= 2) return v;
  }
  return undefined;
}

/** The descriptor of the identity provider a config names (so expressions are not all reported in the wrong language). */
export function idpDescriptorOf(config: unknown): IdpDescriptor {
  return idpDescriptorFor(namedIdentityProvider(config));
}

/** The module of an identity provider: given, or loaded from its bundle on first use. */
export function loadIdentityProvider(d: IdpDescriptor): IdentityProvider {
  const known = modules.get(d.id);
  if (known) return known;
  if (!d.bundle || !requireBundle) {
    throw new Error(`No module for the identity provider ${d.id}: the composition root gives it (useIdpModules or useIdpBundles).`);
  }
  const m = (requireBundle(d.bundle.file) as Record<string, IdentityProvider | undefined>)[d.bundle.exportName];
  if (!m || m.id !== d.id) throw new Error(`${d.bundle.file} does not export ${d.bundle.exportName} for ${d.id}.`);
  modules.set(d.id, m);
  return m;
}

/** The module for an `app.identityProvider` value (see idpDescriptorFor). */
export function identityProviderFor(value: unknown): IdentityProvider {
  return loadIdentityProvider(idpDescriptorFor(value));
}

/** The module of the identity provider a config names (see idpDescriptorOf). */
export function identityProviderOf(config: unknown): IdentityProvider {
  return loadIdentityProvider(idpDescriptorOf(config));
}

/** The request "Test API Credentials" sends for a config of this identity provider (a fresh one per call). */
export function connectionProbe(idp: IdpDescriptor): CredentialProbe {
  const t = idp.connectionTest;
  return { idpLabel: idp.label, button: t.button, path: t.path(), expectEmpty: t.expectEmpty, sends: t.sends };
}
