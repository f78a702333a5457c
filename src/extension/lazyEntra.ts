// Entra ID's module (dist/idp-entra.js) for the extension bundle, loaded the first time a config that
// names entra-id needs it, so that activation and Okta users never pay for it. scripts/build.mjs puts
// this file in place of src/core/idp/entra/module.ts in dist/extension.js and dist/cli.js (whose
// validate command is what CI runs on every commit); dist/cli-main.js, the validation worker and the
// tests use the module directly.
import type { IdentityProvider } from '../core/idp/types';

let loaded: IdentityProvider | undefined;

function load(): IdentityProvider {
  if (!loaded) {
    const bundle = './idp-entra.js';
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime load of a sibling bundle, on purpose
    loaded = (require(bundle) as { entra: IdentityProvider }).entra;
  }
  return loaded;
}

/** The registry's view of Entra ID: its id and label at once, everything else from the module on first use. */
export const entra: IdentityProvider = new Proxy({ id: 'entra-id', label: 'Entra ID' } as IdentityProvider, {
  get(known, prop): unknown {
    if (prop === 'id' || prop === 'label') return known[prop];
    return Reflect.get(load(), prop) as unknown;
  },
  has: (_known, prop) => Reflect.has(load(), prop),
});
