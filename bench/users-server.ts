// The SCIM list server for the users sweep, in its own process: prints `READY <baseUrl>`.
import { startListServer } from '../test/support/list-servers';

async function main(): Promise<void> {
  const latencyMs = Number(process.argv[2] ?? 0);
  const server = await startListServer({ users: 50_000, latencyMs, maxResults: 1000, token: 'bench-token' });
  process.stdout.write(`READY ${server.baseUrl}\n`);
  process.on('SIGTERM', () => { void server.close().then(() => process.exit(0)); });
}
void main();
