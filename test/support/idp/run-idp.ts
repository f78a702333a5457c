// The identity-provider stand-ins for `npm start` and manual testing (a stand-in Okta org and a
// stand-in Microsoft Graph, both on 127.0.0.1):
//   OKTA_STANDIN_TOKEN=… node --import tsx test/support/idp/run-idp.ts [--users 250] [--window-ms 60000]
//        [--plant-typo] [--okta-port 0] [--graph-port 0]
// The Okta token comes from OKTA_STANDIN_TOKEN (a command line is visible in `ps`); without it one is
// generated. --users N also assigns the demo SCIM tenant's people 1..N (test/support/builders.ts, what
// run-tenant.ts serves) to both apps, so Import and Reconcile meet the same people. --plant-typo changes
// the live Okta familyName mapping to `user.lastNme` and the Entra one to `[surnme]` (a typo for Drift and
// the editor to find). Prints one JSON line when ready:
//   {"okta":{"orgUrl","appId","token"},"graph":{"graphUrl","tenantId","servicePrincipalId","token"}}
// and shuts down on SIGINT/SIGTERM/SIGHUP.
import { ENTRA_ROLES, GRAPH_READ_SCOPES, startGraph } from './graph';
import { startOktaOrg } from './okta-org';

interface Args {
  users: number;
  windowMs: number;
  plantTypo: boolean;
}

function parse(argv: string[]): Args {
  const a: Args = { users: 0, windowMs: 60_000, plantTypo: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--plant-typo') {
      a.plantTypo = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--users') a.users = Number(value);
    else if (flag === '--window-ms') a.windowMs = Number(value);
    else throw new Error(`unknown option ${flag}`);
  }
  return a;
}

async function run(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const okta = await startOktaOrg({ ...(process.env.OKTA_STANDIN_TOKEN ? { token: process.env.OKTA_STANDIN_TOKEN } : {}), rateLimit: { windowMs: args.windowMs } });
  const graph = await startGraph();
  const appId = okta.seed.scimApp as string;
  const spId = graph.seed.scimApp as string;
  const jobId = graph.seed.scimJob as string;
  if (args.users > 0) {
    okta.org.addAppUsers(appId, args.users);
    graph.graph.addAssignedUsers(spId, args.users);
  }
  if (args.plantTypo) {
    const mapping = okta.org.mappings.get(okta.seed.scimMapping as string);
    const props = { ...(mapping?.properties as Record<string, { expression: string; pushStatus: string }>) };
    props.familyName = { expression: 'user.lastNme', pushStatus: 'PUSH' };
    okta.org.setMapping(appId, props, okta.seed.scimMapping);
    graph.graph.setAttributeMapping(jobId, 'name.familyName', '[surnme]');
  }
  // a demo outlives a real token's hour: this one is good for a week
  const graphToken = graph.tokenFor({ scp: GRAPH_READ_SCOPES.join(' '), wids: [ENTRA_ROLES.applicationAdministrator], exp: Math.floor(Date.now() / 1000) + 7 * 24 * 3600 });
  process.stdout.write(
    `${JSON.stringify({ okta: { orgUrl: okta.url, appId, token: okta.token }, graph: { graphUrl: graph.url, tenantId: graph.tenantId, servicePrincipalId: spId, token: graphToken } })}\n`,
  );
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    Promise.all([okta.close(), graph.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
}

run().catch((e: unknown) => {
  process.stderr.write(`run-idp: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
