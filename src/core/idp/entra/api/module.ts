// Microsoft Graph for Entra ID apps, for generic callers (../../api/module.ts): the idp block
// `{tenantId, servicePrincipalId, graphUrl?}`, a token from GRAPH_TOKEN or an OAuth credential chain
// for `<graphUrl>/.default`, its read permissions, the reader.
import { ENTRA_ID } from '../../descriptors';
import type { IdpApiModule } from '../../api/module';
import { GRAPH_PERMISSIONS, GRAPH_URL, graphScopeOf } from './calls';
import { GraphClient } from './client';
import { readEntraApp } from './read';

export const entraApi: IdpApiModule = {
  id: ENTRA_ID.id,
  location: [
    { key: 'tenantId', flag: '--tenant-id', required: false, kind: 'guid', describe: 'the Entra tenant (directory) id' },
    { key: 'servicePrincipalId', flag: '--service-principal-id', required: true, kind: 'guid', describe: "the enterprise app's Object ID (its Overview page; not the Application ID)" },
    { key: 'graphUrl', flag: '--graph-url', required: false, kind: 'url', describe: 'the Microsoft Graph root of a national cloud (default https://graph.microsoft.com)', default: GRAPH_URL },
  ],
  tokenEnv: 'GRAPH_TOKEN',
  tokenName: 'a Microsoft Graph access token',
  tokenHelp: 'Sign in with the Azure CLI (az login), or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET for a service principal, or put a token in GRAPH_TOKEN (az account get-access-token --resource-type ms-graph).',
  permissions: GRAPH_PERMISSIONS,
  oauthScope: (loc) => graphScopeOf(loc.graphUrl ?? GRAPH_URL),
  originOf: (loc) => new URL(loc.graphUrl ?? GRAPH_URL).origin,
  open(loc, opts) {
    const client = new GraphClient({ ...opts, graphUrl: loc.graphUrl ?? GRAPH_URL, ...(loc.tenantId ? { tenantId: loc.tenantId } : {}) });
    return {
      read: (o) => readEntraApp(client, { servicePrincipalId: loc.servicePrincipalId ?? '', ...(loc.tenantId ? { tenantId: loc.tenantId } : {}) }, o),
      get requests() { return client.http.requests; },
      close: () => client.close(),
    };
  },
};
