// The request shapes of each identity provider (../idp/okta/requests, ../idp/entra/requests), by the id
// `app.identityProvider` names: what simulate's builders (./plan) read. Kept apart from the
// registry of modules (../idp/registry), which the editor needs at activation for the expression
// languages, so that the request shapes load only with a preview or a run (dist/simulate.js).
import { entraRequests } from '../idp/entra/requests';
import { oktaRequests } from '../idp/okta/requests';
import type { RequestDialect } from '../idp/requestShapes';
import { ENTRA_ID, OKTA } from '../idp/descriptors';
import type { IdpId } from '../idp/descriptors';

export const REQUEST_DIALECTS: Readonly<Record<IdpId, RequestDialect>> = { [OKTA.id]: oktaRequests, [ENTRA_ID.id]: entraRequests };
