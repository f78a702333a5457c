import * as assert from 'node:assert/strict';
import { runUsers } from '../../../src/cli/commands/users';
import { buildScimError, buildUser } from '../../support/builders';
import { startListServer } from '../../support/list-servers';
import type { ListServer, ListServerOptions } from '../../support/list-servers';
import { captureIO as captureCliIO } from '../../support/cli-io';
import type { CapturedIO } from '../../support/cli-io';

const TOKEN = 'cli-secret-token-7f3a9c';

function captureIO(env: Record<string, string | undefined> = { SCIM_TOKEN: TOKEN }, files: Record<string, string> = {}): CapturedIO {
  return captureCliIO({ env, files });
}

describe('cli: scim-provisioning users', function () {
  const servers: ListServer[] = [];
  afterEach(async () => { while (servers.length) await servers.pop()?.close(); });
  const serve = async (opts: ListServerOptions): Promise<ListServer> => {
    const s = await startListServer({ token: TOKEN, ...opts });
    servers.push(s);
    return s;
  };
  const noToken = (io: { stdout: string[]; stderr: string[] }): void => {
    assert.ok(!io.stdout.join('\n').includes(TOKEN) && !io.stderr.join('\n').includes(TOKEN), 'the token was printed');
  };

  it('--format json streams every user as one JSON object per line, exit 0', async () => {
    const server = await serve({ users: 250 });
    const io = captureIO();
    const code = await runUsers(['--base-url', server.baseUrl, '--format', 'json'], io);
    assert.equal(code, 0, io.stderr.join('\n'));
    assert.deepEqual(io.stderr, []);
    const users = io.stdout.map((l) => JSON.parse(l) as { id: string; userName: string });
    assert.deepEqual(users.map((u) => u.id), Array.from({ length: 250 }, (_, k) => buildUser(k + 1).id));
    assert.deepEqual(users[0], buildUser(1));
    noToken(io);
  });

  it('text format: userName, displayName, active, id separated by tabs', async () => {
    const server = await serve({ users: 17 });
    const io = captureIO();
    assert.equal(await runUsers([`--base-url=${server.baseUrl}/`], io), 0);
    assert.equal(io.stdout.length, 17);
    const u1 = buildUser(1);
    const u17 = buildUser(17);
    assert.equal(io.stdout[0], `${u1.userName}\t${u1.displayName ?? ''}\ttrue\t${u1.id}`);
    assert.equal(io.stdout[16], `${u17.userName}\t${u17.displayName ?? ''}\tfalse\t${u17.id}`);
  });

  it('--filter is validated, then sent URL-encoded; only matching users are listed', async () => {
    const server = await serve({ users: 100 });
    const io = captureIO();
    const filter = 'userName sw "grace."';
    assert.equal(await runUsers(['--base-url', server.baseUrl, '--filter', filter, '--format', 'json'], io), 0);
    const got = io.stdout.map((l) => (JSON.parse(l) as { userName: string }).userName);
    assert.ok(got.length > 0 && got.every((n) => n.startsWith('grace.')));
    assert.equal(got.length, server.users.filter((u) => u.userName.startsWith('grace.')).length);
    assert.ok(server.requests.every((r) => r.filter === filter));
  });

  it('an invalid --filter → exit 2 with the position, before any request', async () => {
    const server = await serve({ users: 5 });
    const io = captureIO();
    assert.equal(await runUsers(['--base-url', server.baseUrl, '--filter', 'userName eq bob'], io), 2);
    assert.match(io.stderr.join('\n'), /invalid --filter: the value bob must be quoted/);
    assert.ok(io.stderr.includes('  ' + ' '.repeat(12) + '^'));
    assert.equal(server.all.length, 0);
  });

  it('usage errors → exit 2', async () => {
    for (const argv of [[], ['--config', 'a.yaml', '--base-url', 'https://x.example'], ['--base-url'], ['--bogus'], ['--base-url', 'https://x.example', '--format', 'xml'], ['--base-url', 'https://x.example', '--timeout-ms', '0']]) {
      const io = captureIO();
      assert.equal(await runUsers(argv, io), 2, argv.join(' '));
      assert.match(io.stderr.join('\n'), /usage: scim-provisioning users/);
    }
    const io = captureIO();
    assert.equal(await runUsers(['--help'], io), 0);
    assert.match(io.stdout.join('\n'), /usage: scim-provisioning users/);
  });

  it('no SCIM_TOKEN → exit 2 with a hint', async () => {
    const io = captureIO({});
    assert.equal(await runUsers(['--base-url', 'https://global-us.flosum.app/api/v1/scim'], io), 2);
    assert.match(io.stderr.join('\n'), /SCIM_TOKEN/);
  });

  it('plain http to a non-loopback host is refused before any connection → exit 1 (insecure-url)', async () => {
    const io = captureIO();
    const started = performance.now();
    assert.equal(await runUsers(['--base-url', 'http://scim.invalid/api/v1/scim'], io), 1);
    assert.ok(performance.now() - started < 1000);
    assert.match(io.stderr.join('\n'), /insecure-url: Refusing to send the API token over plain http to scim\.invalid/);
    assert.deepEqual(io.stdout, []);
  });

  it('--config reads the endpoint from the file', async () => {
    const server = await serve({ users: 3 });
    const io = captureIO({ SCIM_TOKEN: TOKEN }, { 'tenant.scim.yaml': `version: 1\napp:\n  name: Flosum\napi:\n  baseUrl: ${server.baseUrl}\n  tokenRef: t\n` });
    assert.equal(await runUsers(['--config', 'tenant.scim.yaml'], io), 0, io.stderr.join('\n'));
    assert.equal(io.stdout.length, 3);
    const missing = captureIO();
    assert.equal(await runUsers(['--config', 'missing.yaml'], missing), 2);
    assert.match(missing.stderr.join('\n'), /cannot read missing\.yaml \(ENOENT\)/);
    const noApi = captureIO({ SCIM_TOKEN: TOKEN }, { 'x.yaml': 'version: 1\n' });
    assert.equal(await runUsers(['--config', 'x.yaml'], noApi), 2);
  });

  it('--config given as bytes (io.readFile may return a Uint8Array) is read as UTF-8', async () => {
    const server = await serve({ users: 2 });
    const bytes = new TextEncoder().encode(`version: 1\napp:\n  name: Flösum\napi:\n  baseUrl: ${server.baseUrl}\n  tokenRef: t\n`);
    const io = captureCliIO({ env: { SCIM_TOKEN: TOKEN }, files: { 'tenant.scim.yaml': bytes } });
    assert.equal(await runUsers(['--config', 'tenant.scim.yaml'], io), 0, io.stderr.join('\n'));
    assert.equal(io.stdout.length, 2);
  });

  it('a wrong token → exit 1 with the diagnosis on stderr, token never printed', async () => {
    const server = await serve({ users: 3 });
    const io = captureIO({ SCIM_TOKEN: `${TOKEN}-wrong` });
    assert.equal(await runUsers(['--base-url', server.baseUrl], io), 1);
    assert.match(io.stderr.join('\n'), /^scim-provisioning users: unauthorized: /m);
    assert.ok(!io.stderr.join('\n').includes(`${TOKEN}-wrong`));
  });

  it('warnings go to stderr, users to stdout (a server that ignores startIndex)', async () => {
    const server = await serve({ users: 250, quirks: { ignoreStartIndex: true } });
    const io = captureIO();
    assert.equal(await runUsers(['--base-url', server.baseUrl, '--format', 'json'], io), 0);
    assert.equal(io.stdout.length, 100);
    assert.deepEqual(io.stderr, ['scim-provisioning users: warning: the server ignores startIndex; showing the first 100 users only']);
  });

  it('a failure mid-way → exit 1; the users already printed stay printed', async () => {
    const server = await serve({ users: 500, intercept: (r) => (r.startIndex === 201 ? { status: 502, body: buildScimError(502, 'bad gateway') } : undefined) });
    const io = captureIO();
    assert.equal(await runUsers(['--base-url', server.baseUrl, '--format', 'json'], io), 1);
    assert.equal(io.stdout.length, 200);
    assert.match(io.stderr.join('\n'), /server-error: .*HTTP 502/);
    assert.match(io.stderr.join('\n'), /stopped after 200 users/);
    noToken(io);
  });

  it('cancellation through the signal → exit 1, no further requests', async () => {
    const ctrl = new AbortController();
    const server = await serve({ users: 1000, gate: (r) => (r.n === 1 ? Promise.resolve() : new Promise<void>(() => { ctrl.abort(); })) });
    const io = captureIO();
    assert.equal(await runUsers(['--base-url', server.baseUrl], io, { signal: ctrl.signal }), 1);
    assert.match(io.stderr.join('\n'), /cancelled/);
    assert.equal(io.stdout.length, 100);
    assert.ok(server.requests.length <= 1 + 4, `${server.requests.length} requests`);
  });

  it('a filter the server refuses with a SCIM 400 invalidFilter: its detail first, the fix, no base-URL advice', async () => {
    const server = await serve({
      users: 5,
      intercept: (req) => (req.filter !== undefined ? { status: 400, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidFilter', detail: 'filter operator sw is not supported' } } : undefined),
    });
    const io = captureIO();
    assert.equal(await runUsers(['--base-url', server.baseUrl, '--filter', 'userName sw "a"'], io), 1);
    const err = io.stderr.join('\n');
    assert.match(err, /^scim-provisioning users: scim-error: invalidFilter: filter operator sw is not supported \(HTTP 400 from 127\.0\.0\.1:\d+\)\. Use a simpler filter, e\.g\. userName eq "\.\.\."/m);
    assert.doesNotMatch(err, /login page|proxy page|region table|Base URL|flosum/i);
    noToken(io);
  });

  it('--filter in Entra\'s form: sent as typed (blanks normalised), with a note on stderr that strict servers may refuse it', async () => {
    const server = await serve({ users: 3 });
    const io = captureIO();
    await runUsers(['--base-url', server.baseUrl, '--filter', 'emails[type eq "work"].value  eq "a@example.com"'], io);
    assert.equal(server.requests[0]?.filter, 'emails[type eq "work"].value eq "a@example.com"');
    assert.match(io.stderr[0] ?? '', /^scim-provisioning users: note: emails\[\.\.\.\]\.value .*strict servers may refuse it; the RFC form is emails\[type eq "work" and value eq "a@example\.com"\]$/);
  });

  it('--filter with an unpaired surrogate: a clear usage error before anything is sent, no URIError', async () => {
    const server = await serve({ users: 3 });
    const io = captureIO();
    assert.equal(await runUsers(['--base-url', server.baseUrl, '--filter', 'userName eq "x\\ud800"'], io), 2);
    assert.match(io.stderr.join('\n'), /invalid --filter: the string holds an unpaired surrogate U\+D800/);
    assert.doesNotMatch(io.stderr.join('\n'), /URIError|URI malformed/);
    assert.equal(server.requests.length, 0);
  });
});
