// `scim-provisioning import` and `drift` against the stand-in Okta org and stand-in Microsoft Graph:
// DESIGN.md's flags, exit codes and JSON; --out created whole and never over a file without --force;
// the token only from the environment and never in any output; nothing ever written to the identity
// provider (every stand-in ends with no write and no contract violation); the built CLI piped into
// `head` ends quietly.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { validateConfig } from '../../../src/core/config/validate';
import { LineIndex } from '../../../src/core/config/yaml/lineIndex';
import { captureIO } from '../../support/cli-io';
import type { CapturedIO } from '../../support/cli-io';
import { startOktaOrg } from '../../support/idp/okta-org';
import type { OktaOrg } from '../../support/idp/okta-org';
import { startGraph } from '../../support/idp/graph';
import type { StandInGraph } from '../../support/idp/graph';

const ROOT = path.resolve(__dirname, '../../..');

describe('cli: scim-provisioning import and drift against the stand-in identity providers', function () {
  this.timeout(60_000);
  const open: Array<{ close(): Promise<void> }> = [];
  let dir: string;
  const all: CapturedIO[] = [];
  beforeEach(async () => { dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'idp-cli-')); });
  afterEach(async () => {
    while (open.length) await open.pop()?.close();
    await fsp.rm(dir, { recursive: true, force: true });
  });

  const okta = async (): Promise<OktaOrg> => { const o = await startOktaOrg({ rateLimit: { off: true } }); open.push(o); return o; };
  const graph = async (): Promise<StandInGraph> => { const g = await startGraph({ rateLimit: { off: true } }); open.push(g); return g; };
  const run = async (argv: string[], env: Record<string, string>): Promise<{ code: number; io: CapturedIO }> => {
    const io = captureIO({ env });
    all.push(io);
    return { code: await main(argv, io, {}), io };
  };
  const readOnly = (s: OktaOrg | StandInGraph, token: string): void => {
    assert.deepEqual(s.violations, [], 'no write and no contract violation');
    assert.ok(s.requests.every((r) => r.method === 'GET' || r.path.endsWith('/$batch')));
    for (const io of all) assert.ok(![...io.stdout, ...io.stderr].some((l) => l.includes(token)), 'the token was printed');
  };
  const oktaArgs = (o: OktaOrg, ...more: string[]): string[] => ['import', '--from', 'okta', '--org-url', o.url, '--app-id', o.seed.scimApp ?? '', ...more];

  it("import --from okta to stdout: a config whose planted live typo validate reports on its line; exit 0", async () => {
    const o = await okta();
    const props = { ...(o.org.mappings.get(o.seed.scimMapping ?? '')?.properties as Record<string, { expression: string; pushStatus: string }>) };
    props.familyName = { expression: 'user.lastNme', pushStatus: 'PUSH' };
    o.org.setMapping(o.seed.scimApp ?? '', props, o.seed.scimMapping);
    const { code, io } = await run(oktaArgs(o), { OKTA_API_TOKEN: o.token });
    assert.equal(code, 0, io.stderr.join('\n'));
    const text = `${io.stdout.join('\n')}\n`;
    assert.match(text, /^idp: {2}# where the app lives in Okta/m);
    assert.match(text, new RegExp(`^ {2}appId: ${o.seed.scimApp ?? ''}`, 'm'));
    const typo = validateConfig(text).filter((f) => f.code === 'expression-unknown-attribute');
    assert.equal(typo.length, 1);
    assert.equal(new LineIndex(text).positionAt(typo[0]?.start ?? 0).line, text.split('\n').findIndex((l) => l.includes('familyName: user.lastNme')) + 1);
    readOnly(o, o.token);
  });

  it('--out creates the file whole; an existing file is refused without --force (nothing read or written), replaced with it', async () => {
    const o = await okta();
    const out = path.join(dir, 'flosum.scim.yaml');
    const first = await run(oktaArgs(o, '--out', out), { OKTA_API_TOKEN: o.token });
    assert.equal(first.code, 0, first.io.stderr.join('\n'));
    assert.match(first.io.stdout.join('\n'), /^Wrote .*flosum\.scim\.yaml: the Okta app "Flosum" — 6 mappings, 4 SAML attributes, 5 assignments, 1 groups\.\n {2}not readable: api: .*set in the Admin Console/);
    const written = await fsp.readFile(out, 'utf8');
    assert.match(written, /^version: 1$/m);
    assert.deepEqual(await fsp.readdir(dir), ['flosum.scim.yaml'], 'no temporary file left behind');

    await fsp.writeFile(out, 'mine\n');
    const before = o.requests.length;
    const refused = await run(oktaArgs(o, '--out', out), { OKTA_API_TOKEN: o.token });
    assert.equal(refused.code, 2);
    assert.match(refused.io.stderr.join('\n'), /flosum\.scim\.yaml exists: give --force to replace it/);
    assert.equal(await fsp.readFile(out, 'utf8'), 'mine\n');
    assert.equal(o.requests.length, before, 'nothing was asked of Okta');

    const forced = await run(oktaArgs(o, '--out', out, '--force', '--format', 'json'), { OKTA_API_TOKEN: o.token });
    assert.equal(forced.code, 0);
    const json = JSON.parse(forced.io.stdout.join('\n')) as { ok: boolean; file: string; counts: Record<string, number>; notReadable: Array<{ section: string }> };
    assert.deepEqual([json.ok, json.file, json.counts.assignments, json.notReadable.map((n) => n.section)], [true, out, 5, ['api']]);
    assert.equal(await fsp.readFile(out, 'utf8'), written);
    readOnly(o, o.token);
  });

  it('failures: a wrong token is exit 1 with {error} JSON on stderr; no token, bad flags are exit 2; plain http to a remote org is refused before any connection', async () => {
    const o = await okta();
    const wrong = await run([...oktaArgs(o), '--format', 'json'], { OKTA_API_TOKEN: 'revoked-token-0123456789abcdef' });
    assert.equal(wrong.code, 1);
    assert.deepEqual(wrong.io.stdout, []);
    const err = JSON.parse(wrong.io.stderr.join('\n')) as { error: { diagnosis: string; message: string } };
    assert.equal(err.error.diagnosis, 'unauthorized');
    assert.match(err.error.message, /another org/);
    const none = await run(oktaArgs(o), {});
    assert.equal(none.code, 2);
    assert.match(none.io.stderr.join('\n'), /set the environment variable OKTA_API_TOKEN to an Okta API token \(SSWS\), e\.g\.[\s\S]*It needs these read permissions:\n {2}okta\.apps\.read: /);
    assert.equal((await run(['import', '--from', 'okta', '--org-url', o.url], { OKTA_API_TOKEN: o.token })).code, 2);
    const mixed = await run([...oktaArgs(o), '--service-principal-id', '66666666-7777-8888-9999-000000000000'], { OKTA_API_TOKEN: o.token });
    assert.equal(mixed.code, 2);
    assert.match(mixed.io.stderr.join('\n'), /--service-principal-id is for --from entra-id, not okta/);
    const insecure = await run(['import', '--from', 'okta', '--org-url', 'http://acme.okta.com', '--app-id', '0oa1'], { OKTA_API_TOKEN: o.token });
    assert.equal(insecure.code, 1);
    assert.match(insecure.io.stderr.join('\n'), /insecure-url: --org-url http:\/\/acme\.okta\.com: refusing to send the token over plain http/);
    readOnly(o, o.token);
    readOnly(o, 'revoked-token-0123456789abcdef');
  });

  it('drift: exit 0 on the imported file, exit 1 with items and lines once the live app changes, {error} on stdout when it cannot be read', async () => {
    const o = await okta();
    const file = path.join(dir, 'okta.scim.yaml');
    assert.equal((await run(oktaArgs(o, '--out', file), { OKTA_API_TOKEN: o.token })).code, 0);
    const same = await run(['drift', '--config', file], { OKTA_API_TOKEN: o.token });
    assert.equal(same.code, 0, same.io.stdout.join('\n'));
    assert.match(same.io.stdout[same.io.stdout.length - 1] ?? '', /^no drift from the Okta app "Flosum": \d+ same, 0 differ, 0 only in the file, 0 only in Okta, 2 not readable$/);
    // someone changes the app in the console
    o.org.patchApp(o.seed.scimApp ?? '', 'features', ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION', 'PUSH_PASSWORD_UPDATES']);
    o.org.addAppUsers(o.seed.scimApp ?? '', 1);
    const changed = await run(['drift', '--config', file, '--format', 'json'], { OKTA_API_TOKEN: o.token });
    assert.equal(changed.code, 1);
    const out = JSON.parse(changed.io.stdout.join('\n')) as { summary: Record<string, number>; items: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(out.summary), ['same', 'differs', 'onlyInFile', 'onlyInIdp', 'notReadable']);
    const sync = out.items.find((i) => i.key === 'syncPassword');
    const text = await fsp.readFile(file, 'utf8');
    assert.deepEqual(sync, { section: 'toApp', key: 'syncPassword', category: 'differs', file: 'false', idp: 'true', line: text.split('\n').findIndex((l) => l.includes('syncPassword: false')) + 1, message: 'provisioning.toApp.syncPassword is on in Okta, off in the file.' });
    assert.ok(out.items.some((i) => i.section === 'assignments' && i.category === 'only-in-idp'));
    for (const i of out.items) assert.deepEqual(Object.keys(i).filter((k) => !['section', 'key', 'category', 'file', 'idp', 'line', 'message'].includes(k)), []);
    const bad = await run(['drift', '--config', file, '--format', 'json'], { OKTA_API_TOKEN: 'wrong-token-abcdef0123456789' });
    assert.equal(bad.code, 1);
    assert.equal((JSON.parse(bad.io.stdout.join('\n')) as { error: { diagnosis: string } }).error.diagnosis, 'unauthorized');
    await fsp.writeFile(path.join(dir, 'no-idp.scim.yaml'), 'version: 1\napp:\n  name: X\napi:\n  region: us\n');
    const noIdp = await run(['drift', '--config', path.join(dir, 'no-idp.scim.yaml')], { OKTA_API_TOKEN: o.token });
    assert.equal(noIdp.code, 2);
    assert.match(noIdp.io.stderr.join('\n'), /has no idp block: add one naming the Okta app \(idp\.orgUrl, idp\.appId\)/);
    readOnly(o, o.token);
  });

  it('Entra ID: import with GRAPH_TOKEN, then drift; a missing permission is named', async () => {
    const g = await graph();
    const file = path.join(dir, 'entra.scim.yaml');
    const env = { GRAPH_TOKEN: g.token };
    const args = ['import', '--from', 'entra-id', '--graph-url', g.url, '--tenant-id', g.tenantId, '--service-principal-id', g.seed.scimApp ?? '', '--out', file];
    const imp = await run(args, env);
    assert.equal(imp.code, 0, imp.io.stderr.join('\n'));
    const text = await fsp.readFile(file, 'utf8');
    assert.match(text, /^ {2}servicePrincipalId: /m);
    assert.match(text, /^ {4}email: "\[mail\]"$/m);
    const d = await run(['drift', '--config', file], env);
    assert.equal(d.code, 0, d.io.stdout.join('\n'));
    g.graph.setAttributeMapping(g.seed.scimJob ?? '', 'name.familyName', '[surnme]');
    const d2 = await run(['drift', '--config', file], env);
    assert.equal(d2.code, 1);
    assert.ok(d2.io.stdout.some((l) => new RegExp(`entra\\.scim\\.yaml:${text.split('\n').findIndex((x) => x.includes('familyName: "[surname]"')) + 1}: differs mappings familyName: provisioning\\.mappings\\.familyName: Entra ID maps \\[surnme\\]`).test(l)), d2.io.stdout.join('\n'));
    const noSync = g.tokenFor({ scp: 'Application.Read.All User.Read.All' });
    const f = await run([...args.slice(0, -2), '--format', 'json'], { GRAPH_TOKEN: noSync });
    assert.equal(f.code, 1);
    assert.match(f.io.stderr.join('\n'), /"diagnosis":"forbidden".*Synchronization\.Read\.All/);
    readOnly(g, g.token);
    readOnly(g, noSync);
  });

  it('the built CLI: import piped into `head -n 3` ends quietly with exit 0', async function () {
    const cli = path.join(ROOT, 'dist/cli.js');
    if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build (npm run test:unit does)');
    const o = await okta();
    const script = 'node "$CLI" "$@" 2>"$ERR" | head -n 3 >/dev/null; echo "rc=${PIPESTATUS[0]}"';
    const errFile = path.join(dir, 'err.txt');
    const rc = await new Promise<string>((resolve, reject) => {
      const child = spawn('bash', ['-c', script, 'pipe', ...oktaArgs(o)], { env: { ...process.env, CLI: cli, ERR: errFile, OKTA_API_TOKEN: o.token }, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    assert.match(rc, /rc=0/);
    assert.equal(await fsp.readFile(errFile, 'utf8'), '');
    readOnly(o, o.token);
  });
});
