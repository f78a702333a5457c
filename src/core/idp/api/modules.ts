// Every identity provider's management API of this build, by id (the full CLI and the lazily loaded
// identity-provider API bundle carry them; activation and `validate` never import this file).
import type { IdpId } from '../descriptors';
import { entraApi } from '../entra/api/module';
import { oktaApi } from '../okta/api/module';
import type { IdpApiModule } from './module';

export const IDP_API_MODULES: Readonly<Record<IdpId, IdpApiModule>> = { [oktaApi.id]: oktaApi, [entraApi.id]: entraApi } as Record<IdpId, IdpApiModule>;

/** The API module of an identity provider. */
export function idpApiOf(id: string): IdpApiModule {
  const m = (IDP_API_MODULES as Readonly<Record<string, IdpApiModule | undefined>>)[id];
  if (!m) throw new Error(`No management API module for the identity provider ${id}.`);
  return m;
}
