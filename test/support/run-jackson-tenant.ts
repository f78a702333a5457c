// BoxyHQ SAML Jackson's directory sync (see jackson-tenant.ts) as a standing server, for trying the CLI
// against it by hand:
//   node --import tsx test/support/run-jackson-tenant.ts [--users 250] [--groups 0] [--page-limit 50]
// Prints one JSON line when ready: {okta: {endpoint, baseUrl, token}, entra: {endpoint, baseUrl, token}}
// (throwaway secrets of a loopback test server), then one line per request on stderr
// (`METHOD url -> status`). Stops on SIGINT/SIGTERM/SIGHUP.
import { startJacksonTenant } from './jackson-tenant';
import type { JacksonTenantOptions } from './jackson-tenant';

function parse(argv: string[]): JacksonTenantOptions {
  const opts: JacksonTenantOptions = { users: 250 };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = Number(argv[i + 1]);
    if (argv[i + 1] === undefined || !Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a whole number`);
    switch (flag) {
      case '--users': opts.users = value; break;
      case '--groups': opts.groups = value; break;
      case '--page-limit': opts.pageLimit = value; break;
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  return opts;
}

async function run(): Promise<void> {
  const tenant = await startJacksonTenant(parse(process.argv.slice(2)));
  const show = (d: typeof tenant.okta): Record<string, string> => ({ endpoint: d.endpoint, baseUrl: d.baseUrl, token: d.token });
  process.stdout.write(`${JSON.stringify({ okta: show(tenant.okta), entra: show(tenant.entra) })}\n`);
  let logged = 0;
  const log = setInterval(() => {
    for (; logged < tenant.requests.length; logged++) {
      const r = tenant.requests[logged];
      if (r && r.status === 0) break;
      if (r) process.stderr.write(`${r.method} ${r.url} -> ${r.status}\n`);
    }
  }, 100);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    clearInterval(log);
    tenant.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
}

run().catch((e: unknown) => {
  process.stderr.write(`run-jackson-tenant: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
