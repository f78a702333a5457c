// Every identity provider module of this build, for the composition roots that carry them all (the
// full CLI, tests): `useIdpModules(ALL_IDP_MODULES)`. The editor and the `validate` command load the
// modules bundled apart on first use instead (see ./registry.ts), so they never import this file.
import { entra } from './entra/module';
import { okta } from './okta/module';
import type { IdentityProvider } from './types';

export const ALL_IDP_MODULES: readonly IdentityProvider[] = [okta, entra];
