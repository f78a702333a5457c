// The demo tenant for `npm start` and manual testing:
//   SCIM_TENANT_TOKEN=… node --import tsx test/support/run-tenant.ts [--port 0] [--users 250]
//        [--host 127.0.0.1] [--latency-ms N] [--token demo-token] [--read-only-token T]
// The token comes from SCIM_TENANT_TOKEN (a command line is visible to every user in `ps`);
// --token is for trying it by hand. Prints one JSON line {baseUrl, token} when ready; shuts down
// on SIGINT/SIGTERM/SIGHUP.
import { startScimTenant } from './scim-tenant';
import type { TenantOptions } from './scim-tenant';

function parse(argv: string[]): TenantOptions {
  const opts: TenantOptions = { port: 0, users: 250, token: process.env.SCIM_TENANT_TOKEN || 'demo-token' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    i++;
    switch (flag) {
      case '--port': opts.port = Number(value); break;
      case '--users': opts.users = Number(value); break;
      case '--token': opts.token = value; break;
      case '--host': opts.host = value; break;
      case '--latency-ms': opts.latencyMs = Number(value); break;
      case '--read-only-token': opts.readOnlyToken = value; break;
      case '--base-path': opts.basePath = value; break;
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  return opts;
}

async function run(): Promise<void> {
  const tenant = await startScimTenant(parse(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify({ baseUrl: tenant.baseUrl, token: tenant.token })}\n`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    tenant.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
}

run().catch((e: unknown) => {
  process.stderr.write(`run-tenant: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
