// The built CLI piped into a reader that closes early (`| head -3`, or a reader that is gone before
// the first line): it ends quietly with exit 0 (no "Unhandled 'error' event", no stack trace), for
// every command and format, and a listing stops asking the tenant for more pages.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startScimTenant } from '../../support/scim-tenant';
import type { ScimTenant } from '../../support/scim-tenant';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const TOKEN = 'pipe-test-token-8d1f';

interface Ended { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** `node dist/cli.js ARGS | head -n LINES` in a real shell pipeline: the CLI's own exit status and stderr. */
function throughHead(args: string[], lines: number): Promise<Ended> {
  const script = 'node "$CLI" "$@" 2>"$ERR" | head -n "$LINES"; echo "rc=${PIPESTATUS[0]}" >&2';
  return new Promise((resolve, reject) => {
    const err = path.join(os.tmpdir(), `scim-pipe-${process.pid}-${Math.random().toString(36).slice(2)}.err`);
    const child = spawn('bash', ['-c', script, 'pipe', ...args], { env: { ...process.env, CLI, ERR: err, LINES: String(lines), SCIM_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let status = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { status += d.toString(); });
    child.on('error', reject);
    child.on('close', () => {
      void fsp.readFile(err, 'utf8').then(async (stderr) => {
        await fsp.rm(err, { force: true });
        const rc = /rc=(\d+)/.exec(status)?.[1];
        resolve({ code: rc === undefined ? null : Number(rc), signal: null, stdout, stderr });
      }, reject);
    });
  });
}

/** The CLI with a stdout whose reader is gone before the first line is written. */
function readerGone(args: string[]): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, SCIM_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: '', stderr }));
  });
}

describe('the built CLI piped into a reader that closes early', function () {
  this.timeout(60_000);
  let tenant: ScimTenant;
  let dir: string;
  let bigConfig: string;
  let brokenCopy: string;
  let simulateConfig: string;

  before(async function () {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build (npm run test:unit does)');
    tenant = await startScimTenant({ users: 3000, token: TOKEN });
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'scim-pipe-'));
    // Enough findings that the report is far larger than a pipe's buffer.
    const assignments = Array.from({ length: 1500 }, (_, k) => `  - userName: person-${k}\n    timezone: Mars/Olympus_${k}\n`).join('');
    bigConfig = path.join(dir, 'big.scim.yaml');
    brokenCopy = path.join(dir, 'broken.scim.yaml');
    await fsp.copyFile(path.join(ROOT, 'examples/broken.scim.yaml'), brokenCopy);
    await fsp.writeFile(bigConfig, `version: 1\napp:\n  name: Flosum\napi:\n  region: us\n  tokenRef: t\nassignments:\n${assignments}`);
    simulateConfig = path.join(dir, 'simulate.scim.yaml');
    await fsp.writeFile(simulateConfig, (await fsp.readFile(path.join(ROOT, 'examples/flosum-us.scim.yaml'), 'utf8')).replace(/^ {2}region: us.*$/m, `  baseUrl: ${tenant.baseUrl}`));
  });
  after(async () => {
    await tenant.close();
    await fsp.rm(dir, { recursive: true, force: true });
  });

  /**
   * Exit 0, no error, no stack trace, no "cancelled". A summary the command had already written to
   * stderr (validate's "N errors in 1 file") may stay: it is what the same run says unpiped.
   */
  const quiet = (r: Ended, what: string): void => {
    assert.equal(r.signal, null, `${what}: killed by ${String(r.signal)}`);
    assert.equal(r.code, 0, `${what}: exit ${String(r.code)}\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /EPIPE|Unhandled|\bat .*:\d+:\d+|Error\b|[Cc]ancel/, `${what}: ${r.stderr}`);
    for (const line of r.stderr.split('\n').filter(Boolean)) assert.match(line, /^(\d+ errors? in \d+ files? \(\d+ files? checked\)|fixed \d+ problems? in \d+ files?)$/, `${what}: ${line}`);
  };

  for (const format of ['text', 'json']) {
    it(`users --format ${format} | head -n 3: three users, exit 0, quiet, and no more pages fetched`, async () => {
      const before = tenant.requests.length;
      const r = await throughHead(['users', '--base-url', tenant.baseUrl, '--format', format], 3);
      quiet(r, `users ${format}`);
      assert.equal(r.stderr, '', 'nothing at all on stderr: the cancelled listing says nothing');
      assert.equal(r.stdout.trim().split('\n').length, 3);
      const pages = tenant.requests.slice(before).filter((q) => q.url.includes('/Users?')).length;
      assert.ok(pages < 15, `${pages} pages requested after the reader left (3000 users need 15+)`);
    });
  }

  for (const format of ['text', 'json', 'sarif']) {
    it(`validate --format ${format} (a report larger than the pipe buffer) | head -n 3: exit 0, quiet`, async () => {
      quiet(await throughHead(['validate', '--format', format, bigConfig], 3), `validate ${format}`);
    });
  }

  const commands: Array<[string, () => string[]]> = [
    ['validate text', () => ['validate', bigConfig]],
    ['validate json', () => ['validate', '--format', 'json', bigConfig]],
    ['validate sarif', () => ['validate', '--format', 'sarif', bigConfig]],
    ['validate --fix', () => ['validate', '--fix', brokenCopy]],
    ['users text', () => ['users', '--base-url', tenant.baseUrl]],
    ['users json', () => ['users', '--base-url', tenant.baseUrl, '--format', 'json']],
    ['test-credentials text', () => ['test-credentials', '--base-url', tenant.baseUrl]],
    ['test-credentials json', () => ['test-credentials', '--base-url', tenant.baseUrl, '--format', 'json']],
    ['check text', () => ['check', '--base-url', tenant.baseUrl]],
    ['check json', () => ['check', '--base-url', tenant.baseUrl, '--format', 'json']],
    ['check junit', () => ['check', '--base-url', tenant.baseUrl, '--format', 'junit']],
    ['simulate text', () => ['simulate', '--config', simulateConfig]],
    ['simulate json', () => ['simulate', '--config', simulateConfig, '--format', 'json']],
    ['simulate --write', () => ['simulate', '--config', simulateConfig, '--write']],
    ['--help', () => ['--help']],
    ['users --help', () => ['users', '--help']],
  ];
  for (const [name, args] of commands) {
    it(`${name} with its reader gone before the first line: exit 0, quiet`, async () => {
      quiet(await readerGone(args()), name);
    });
  }

  it('simulate --write | head -n 1: exit 0, quiet, and the stand-in removed all the same', async () => {
    const before = tenant.users.list().map((u) => u.id);
    const r = await throughHead(['simulate', '--config', simulateConfig, '--write'], 1);
    quiet(r, 'simulate --write');
    assert.match(r.stdout, /^Okta's requests for jane@example\.com, run for the stand-in scim-simulate-/);
    assert.deepEqual(tenant.users.list().map((u) => u.id), before, 'the tenant does not hold the same users afterwards');
  });
});
