// A Microsoft Graph token from the standard Azure credential chain (@azure/identity), for callers that
// have no token of their own (the CLI without GRAPH_TOKEN): a service principal from the environment
// (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET; AZURE_AUTHORITY_HOST for a national cloud),
// then the Azure CLI's login (`az login`). An explicit chain rather than DefaultAzureCredential: no
// managed-identity probe that waits on a network timeout on a laptop. @azure/identity is heavy: this
// file is bundled apart (dist/azure-identity.js, src/bundles/azureIdentity.ts) and loaded only when a
// command needs a Graph token and none was given.
import { AzureCliCredential, ChainedTokenCredential, ClientSecretCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/identity';
import { IdpApiError } from '../../api/types';
import type { TokenProvider } from '../../api/types';

export interface AzureTokenOptions {
  /** `<graph root>/.default`. */
  scope: string;
  /** The tenant to sign in to (the config's idp.tenantId). */
  tenantId?: string;
  /** Where the service principal's variables are read (the CLI's environment). */
  env: Record<string, string | undefined>;
  /** Said in the message when no credential works: what the token needs. */
  needs?: string;
}

export function azureTokenProvider(opts: AzureTokenOptions): TokenProvider {
  const { AZURE_TENANT_ID: tenant, AZURE_CLIENT_ID: client, AZURE_CLIENT_SECRET: secret, AZURE_AUTHORITY_HOST: authorityHost } = opts.env;
  const chain: TokenCredential[] = [];
  const servicePrincipal = Boolean(tenant && client && secret);
  if (servicePrincipal) chain.push(new ClientSecretCredential(tenant ?? '', client ?? '', secret ?? '', authorityHost ? { authorityHost } : {}));
  chain.push(new AzureCliCredential(opts.tenantId ? { tenantId: opts.tenantId } : {}));
  const credential = new ChainedTokenCredential(...chain);
  return {
    source: servicePrincipal ? 'the service principal in AZURE_CLIENT_ID' : 'the Azure CLI login',
    async token({ signal }) {
      try {
        const t = await credential.getToken(opts.scope, signal ? { abortSignal: signal } : {});
        if (t?.token) return t.token;
      } catch (e) {
        const why = e instanceof Error ? e.message.split('\n')[0]?.slice(0, 300) ?? '' : String(e);
        throw new IdpApiError({
          diagnosis: 'unauthorized',
          message: `No Microsoft Graph token could be had for ${opts.scope}: ${servicePrincipal ? 'the service principal in AZURE_CLIENT_ID' : 'no service principal in the environment (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET) and no Azure CLI login'} gave one (${why}). Sign in with \`az login${opts.tenantId ? ` --tenant ${opts.tenantId}` : ''}\`, set the service principal's variables, or put a token in GRAPH_TOKEN.${opts.needs ? ` ${opts.needs}` : ''}`,
        });
      }
      throw new IdpApiError({ diagnosis: 'unauthorized', message: `The Azure credential chain returned no token for ${opts.scope}.` });
    },
  };
}
