// The request shapes of each identity provider (./okta/requests, ./entra/requests), by the id
// `app.identityProvider` names: what simulate's builders (./requests) read. Kept apart from the
// registry of modules (./registry), which the editor needs at activation for the expression
// languages, so that the request shapes load only with a preview or a run (dist/simulate.js).
import { entraRequests } from './entra/requests';
import { oktaRequests } from './okta/requests';
import type { RequestDialect } from './requestShapes';
import type { IdpId } from './types';

export const REQUEST_DIALECTS: Readonly<Record<IdpId, RequestDialect>> = { okta: oktaRequests, 'entra-id': entraRequests };
