// scim-provisioning simulate: the dry run (nothing sent, no token), the JSON of DESIGN.md, --user,
// --idp (Okta and Entra ID), --write against the scimmy tenant and a faulty one, exit codes, the token never printed.
import assert from 'node:assert/strict';
import { runSimulate } from '../../../src/cli/commands/simulate';
import { captureIO } from '../../support/cli-io';
import { startBrokenServer } from '../../support/broken-servers';
import type { BrokenServer } from '../../support/broken-servers';
import { startScimTenant } from '../../support/scim-tenant';
import type { ScimTenant } from '../../support/scim-tenant';
import { distinctiveToken } from '../../support/secrets';
import { ENTRA_MAPPINGS, JANE, JANE_ENTRA } from '../../support/simulate-people';
import { configText, type ConfigOptions } from '../../support/configs.cjs';

/** The valid config with Jane (and her names) the one assignee. */
const withJane = (o: ConfigOptions = {}): string => configText({ ...o, set: { assignments: [JANE], ...o.set } });

const TOKEN = distinctiveToken('simulate-cli');
const FILE = 'flosum.scim.yaml';

interface JsonStep { name: string; request?: { method: string; path: string; body?: Record<string, unknown> }; requests?: Array<{ method: string; path: string; status?: number }>; status?: number; ok?: boolean; problems: string[] }
interface JsonReport { idp: string; user: string; write: boolean; ok: boolean; standIn?: string; leftBehind?: string[]; steps: JsonStep[] }

const BOB = { userName: 'bob@example.com', givenName: 'Bob', familyName: 'Builder', timezone: 'America/New_York' };

describe('cli: scim-provisioning simulate', function () {
  this.timeout(30_000);
  let tenant: ScimTenant;
  before(async () => { tenant = await startScimTenant({ users: 6, token: TOKEN }); });
  after(async () => { await tenant.close(); });

  const run = async (argv: string[], text: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string[]; stderr: string[] }> => {
    const io = captureIO({ env, files: { [FILE]: text } });
    const code = await runSimulate(argv, io);
    const all = [...io.stdout, ...io.stderr].join('\n');
    assert.ok(!all.includes(TOKEN), 'the token was printed');
    return { code, stdout: io.stdout, stderr: io.stderr };
  };

  it('dry run (the default): prints the requests with each field\'s mapping, sends nothing, needs no token, exit 0', async () => {
    const from = tenant.requests.length;
    const r = await run(['--config', FILE], withJane({ baseUrl: tenant.baseUrl }));
    assert.equal(r.code, 0, r.stderr.join('\n'));
    const out = r.stdout.join('\n');
    assert.match(out, /^Okta's requests for jane@example\.com \(dry run: nothing is sent/);
    assert.match(out, /GET \/Users\?filter=userName eq "jane@example\.com"&startIndex=1&count=100/);
    assert.match(out, /"givenName": "Jane", +\/\/ givenName: user\.firstName/);
    assert.match(out, /"timezone": "Europe\/Berlin", +\/\/ timezone: user\.timezone/);
    assert.match(out, /4\. deactivate: .*\n {3}PATCH \/Users\/\{id\}/);
    assert.equal(tenant.requests.length, from, 'a dry run sent a request');
  });

  it('--format json: {idp, user, write, ok, steps: [{name, request|requests, problems}]} in the order of DESIGN.md', async () => {
    const r = await run(['--config', FILE, '--format', 'json'], withJane());
    assert.equal(r.code, 0);
    assert.equal(r.stdout.length, 1);
    const report = JSON.parse(r.stdout[0] ?? '') as JsonReport;
    assert.deepEqual({ idp: report.idp, user: report.user, write: report.write, ok: report.ok }, { idp: 'okta', user: 'jane@example.com', write: false, ok: true });
    assert.deepEqual(report.steps.map((s) => s.name), ['lookup', 'create', 'update', 'deactivate', 'reactivate']);
    assert.deepEqual(report.steps[0]?.request, { method: 'GET', path: '/Users?filter=userName%20eq%20%22jane%40example.com%22&startIndex=1&count=100' });
    assert.equal(report.steps[1]?.request?.method, 'POST');
    assert.equal(report.steps[1]?.request?.body?.userName, 'jane@example.com');
    assert.deepEqual(report.steps[2]?.requests?.map((q) => `${q.method} ${q.path}`), ['GET /Users/{id}', 'PUT /Users/{id}']);
    for (const s of report.steps) {
      assert.deepEqual(s.problems, []);
      assert.equal('status' in s || 'ok' in s, false, 'a dry run has no status');
    }
  });

  it('--user picks the assignment (case-insensitively); an unknown one or a file without assignments is exit 2', async () => {
    const text = configText({ set: { assignments: [JANE, BOB] } });
    const r = await run(['--config', FILE, '--user', 'BOB@example.com', '--format', 'json'], text);
    assert.equal(r.code, 0);
    const report = JSON.parse(r.stdout[0] ?? '') as JsonReport;
    assert.equal(report.user, 'bob@example.com');
    assert.equal(report.steps[1]?.request?.body?.timezone, 'America/New_York');
    const unknown = await run(['--config', FILE, '--user', 'carol@example.com'], text);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr.join('\n'), /has no assignment with userName 'carol@example\.com'; it assigns jane@example\.com, bob@example\.com/);
    const nobody = await run(['--config', FILE], configText({ set: { assignments: [] } }));
    assert.equal(nobody.code, 2);
    assert.match(nobody.stderr.join('\n'), /assigns nobody/);
  });

  it('a dry run that finds a problem (an expression Okta cannot evaluate) exits 1 and says which', async () => {
    const r = await run(['--config', FILE], withJane({ set: { 'provisioning.mappings': { userName: 'user.email', email: 'user.email', givenName: 'String.toUpperCase(user.firstName' } } }));
    assert.equal(r.code, 1);
    assert.match(r.stdout.join('\n'), /problem: givenName: Okta cannot evaluate 'String\.toUpperCase\(user\.firstName'/);
  });

  it('--idp names the identity provider; one that is not a choice is exit 2', async () => {
    const r = await run(['--config', FILE, '--idp', 'okta', '--format', 'json'], withJane({ idp: 'okta' }));
    assert.equal((JSON.parse(r.stdout[0] ?? '') as JsonReport).idp, 'okta');
    const onelogin = await run(['--config', FILE, '--idp', 'onelogin'], withJane());
    assert.equal(onelogin.code, 2);
    assert.match(onelogin.stderr.join('\n'), /okta.*entra-id/);
  });

  it("--idp entra-id (or app.identityProvider: entra-id): Entra's requests, its expressions evaluated by the Entra module", async () => {
    const entraText = configText({ idp: 'entra-id', set: { 'provisioning.mappings': ENTRA_MAPPINGS, assignments: [JANE_ENTRA] } });
    for (const argv of [['--config', FILE, '--format', 'json'], ['--config', FILE, '--idp', 'entra-id', '--format', 'json']]) {
      const r = await run(argv, entraText);
      assert.equal(r.code, 0, r.stderr.join('\n'));
      const report = JSON.parse(r.stdout[0] ?? '') as JsonReport;
      assert.equal(report.idp, 'entra-id');
      assert.deepEqual(report.steps.map((s) => `${s.name} ${s.request?.method ?? ''} ${s.request?.path ?? ''}`), [
        'lookup GET /Users?filter=userName%20eq%20%22jane%40example.com%22',
        'create POST /Users',
        'update PATCH /Users/{id}',
        'deactivate PATCH /Users/{id}',
        'reactivate PATCH /Users/{id}',
      ]);
      const body = report.steps[1]?.request?.body ?? {};
      assert.equal(body.timezone, 'Europe/Berlin', 'Coalesce([extensionAttribute1], "Etc/UTC") on her profile');
      assert.equal(body.displayName, 'Jane Doe', 'Join(" ", [givenName], [surname])');
      assert.deepEqual(report.steps[2]?.request?.body?.Operations, [
        { op: 'Replace', path: 'name.givenName', value: 'Jane-Updated' },
        { op: 'Replace', path: 'displayName', value: 'Jane-Updated Doe' },
      ]);
      assert.deepEqual(report.steps[3]?.request?.body?.Operations, [{ op: 'Replace', path: 'active', value: 'False' }]);
    }
    // The text names Entra and annotates with Entra's expressions.
    const text = await run(['--config', FILE], entraText);
    assert.match(text.stdout.join('\n'), /^Entra ID's requests for jane@example\.com/);
    assert.match(text.stdout.join('\n'), /"displayName": "Jane Doe", +\/\/ displayName: Join\(" ", \[givenName\], \[surname\]\)/);
    // --idp okta on an Entra file: Okta cannot evaluate Entra's brackets, which is said (exit 1).
    const okta = await run(['--config', FILE, '--idp', 'okta'], entraText);
    assert.equal(okta.code, 1);
    assert.match(okta.stdout.join('\n'), /problem: userName: Okta cannot evaluate '\[mail\]'/);
  });

  it("--write --idp entra-id against the tenant: Entra's string \"False\" refused (exit 1), the fix (the flag) on its own line, nothing left behind", async () => {
    const before = tenant.users.list().map((u) => u.id);
    const entraText = configText({ idp: 'entra-id', baseUrl: tenant.baseUrl, set: { 'provisioning.mappings': ENTRA_MAPPINGS, assignments: [JANE_ENTRA] } });
    const r = await run(['--config', FILE, '--write'], entraText, { SCIM_TOKEN: TOKEN });
    assert.equal(r.code, 1, r.stdout.join('\n'));
    const out = r.stdout.join('\n');
    assert.match(out, /^update +ok +PATCH \/Users\/\S+ -> 200$/m);
    assert.match(out, /^deactivate +FAIL +PATCH \/Users\/\S+ -> 400$/m);
    assert.match(out, /problem: .*: the user stays active\n +fix: add '\?aadOptscim062020' to the Tenant URL in Entra \(not in this file\) if the tenant wants a Boolean/);
    assert.match(out, /^cleanup +ok /m);
    assert.match(out, /steps failed \(deactivate(, reactivate)?\); nothing left behind\.$/);
    assert.deepEqual(tenant.users.list().map((u) => u.id), before);
  });

  it('--write runs the steps for a stand-in against the tenant: exit 0, every step ok, the same users afterwards', async () => {
    const before = tenant.users.list().map((u) => u.id);
    const r = await run(['--config', FILE, '--write', '--format', 'json'], withJane({ baseUrl: tenant.baseUrl }), { SCIM_TOKEN: TOKEN });
    assert.equal(r.code, 0, r.stdout.join('\n') + r.stderr.join('\n'));
    const report = JSON.parse(r.stdout[0] ?? '') as JsonReport;
    assert.equal(report.write, true);
    assert.equal(report.ok, true);
    assert.match(report.standIn ?? '', /^scim-simulate-[a-z0-9]+@example\.invalid$/);
    assert.deepEqual(report.steps.map((s) => [s.name, s.ok, s.status]), [
      ['lookup', true, 200], ['create', true, 201], ['update', true, 200], ['deactivate', true, 200], ['reactivate', true, 200], ['cleanup', true, 204],
    ]);
    assert.deepEqual(report.leftBehind, []);
    assert.deepEqual(tenant.users.list().map((u) => u.id), before);
  });

  it('--write against a tenant whose PUT fails: exit 1, the text names the failed step, nothing left behind', async () => {
    const server: BrokenServer = await startBrokenServer({ users: 3, token: TOKEN, quirks: { failOn: { method: 'PUT', status: 500 } } });
    try {
      const r = await run(['--config', FILE, '--write'], withJane({ baseUrl: server.baseUrl }), { SCIM_TOKEN: TOKEN });
      assert.equal(r.code, 1);
      const out = r.stdout.join('\n');
      assert.match(out, /^update +FAIL +GET \/Users\/\S+ -> 200, PUT \/Users\/\S+ -> 500$/m);
      assert.match(out, /problem: PUT \/Users\/\S+ answered HTTP 500: Injected failure/);
      assert.match(out, /^cleanup +ok /m);
      assert.match(out, /1 of 6 steps failed \(update\); nothing left behind\.$/);
      assert.equal([...server.users.values()].length, 3);
    } finally {
      await server.close();
    }
  });

  it('usage: --config is required, --base-url is not an option, --write needs SCIM_TOKEN, broken YAML is exit 2', async () => {
    const text = withJane({ baseUrl: tenant.baseUrl });
    assert.equal((await run([], text)).code, 2);
    const baseUrl = await run(['--config', FILE, '--base-url', tenant.baseUrl], text);
    assert.equal(baseUrl.code, 2);
    assert.match(baseUrl.stderr.join('\n'), /--base-url is not an option of simulate/);
    const noToken = await run(['--config', FILE, '--write'], text);
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr.join('\n'), /SCIM_TOKEN/);
    const broken = await run(['--config', FILE], 'app: [unclosed\n');
    assert.equal(broken.code, 2);
    assert.match(broken.stderr.join('\n'), /flosum\.scim\.yaml:\d+:\d+: .*run 'scim-provisioning validate flosum\.scim\.yaml'/);
    assert.equal((await run(['--config', 'missing.scim.yaml'], text)).code, 2);
  });
});
