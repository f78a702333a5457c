// dist/idp-api.js: reading the identity provider (import and drift) for the editor, bundled apart and
// loaded on the first Import from Identity Provider… or Check Drift, so activation never carries it.
// The editor gives a TokenProvider per identity provider (its keychain entry by idp.tokenRef, or VS
// Code's Microsoft sign-in for Graph), opens the app with `idpApiOf(id).open(location, {tokens, …})`,
// reads it (`read({signal, onProgress})`, cancellable, rate limits waited out and reported), then
// writes a config (`importConfigText`) or compares one (`driftOfText`, items with offsets for
// diagnostics and the identity provider's value for quick fixes).
import { useIdpBundles } from '../core/idp/registry';
import { requireSibling } from './requireSibling';

// Identity-provider modules bundled apart (dist/idp-entra.js) load on first use.
useIdpBundles(requireSibling);

export { IDP_API_MODULES, idpApiOf } from '../core/idp/api/modules';
export type { IdpApiModule, IdpAppReader, LocationField } from '../core/idp/api/module';
export { IdpApiError, staticToken } from '../core/idp/api/types';
export type { IdpApiFailure, TokenProvider, ManagementClientOptions } from '../core/idp/api/types';
export type { LiveApp, ReadProgress, ReadOptions } from '../core/idp/live';
export { importConfigText } from '../core/import/config';
export { drift, driftOfText, hasDrift } from '../core/drift/drift';
export type { DriftItem, DriftResult, DriftSummary, DriftCategory, DriftSection } from '../core/drift/drift';
export { readDriftFile } from '../core/drift/file';
export { OktaClient } from '../core/idp/okta/api/client';
export { GraphClient } from '../core/idp/entra/api/client';
