// Okta's management API for generic callers (../../api/module.ts): the idp block `{orgUrl, appId,
// tokenRef}`, the token from OKTA_API_TOKEN (an SSWS API token), its read permissions, the reader.
import { OKTA } from '../../descriptors';
import type { IdpApiModule } from '../../api/module';
import { OKTA_PERMISSIONS } from './calls';
import { OktaClient } from './client';
import { readOktaApp } from './read';

export const oktaApi: IdpApiModule = {
  id: OKTA.id,
  location: [
    { key: 'orgUrl', flag: '--org-url', required: true, kind: 'url', describe: 'the Okta org, e.g. https://acme.okta.com (a custom domain works too)' },
    { key: 'appId', flag: '--app-id', required: true, kind: 'id', describe: "the app's id in Okta (0oa…, in the app's Admin Console address)" },
  ],
  tokenEnv: 'OKTA_API_TOKEN',
  tokenName: 'an Okta API token (SSWS)',
  tokenHelp: "Create one in the org's Admin Console (Security → API → Tokens) as an admin who can read apps, e.g. a Read-Only Administrator; it acts with that admin's rights.",
  permissions: OKTA_PERMISSIONS,
  // `okta-acme` for https://acme.okta.com: the name the editor stores the API token under.
  defaultTokenRef: (loc) => `okta-${(new URL(loc.orgUrl ?? 'https://org').hostname.split('.')[0] ?? 'org').toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`,
  originOf: (loc) => new URL(loc.orgUrl ?? '').origin,
  open(loc, opts) {
    const client = new OktaClient({ ...opts, orgUrl: loc.orgUrl ?? '' });
    return {
      read: (o) => readOktaApp(client, { appId: loc.appId ?? '', ...(opts.tokenRef ? { tokenRef: opts.tokenRef } : {}) }, o),
      get requests() { return client.http.requests; },
      close: () => client.close(),
    };
  },
};
