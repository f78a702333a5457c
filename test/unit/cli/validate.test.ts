// `scim-provisioning validate` through main() with captured io.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';
import { EXAMPLES, FIXTURES } from '../config/helpers';
import { captureIO } from '../../support/cli-io';

interface Captured { io: CliIO; out: string[]; err: string[] }

function capture(files?: Record<string, string | Uint8Array>): Captured {
  const io = captureIO(files ? { files } : {});
  return { io, out: io.stdout, err: io.stderr };
}

const VALID = join(EXAMPLES, 'flosum-us.scim.yaml');
const BROKEN = join(EXAMPLES, 'broken.scim.yaml');

describe('cli: scim-provisioning validate', () => {
  it('a valid file: exit 0, nothing on stdout', async () => {
    const c = capture();
    assert.equal(await main(['validate', VALID], c.io), 0);
    assert.deepEqual(c.out, []);
    assert.match(c.err.join('\n'), /no problems in 1 file/);
  });

  it('text format: file:line:col: severity code message, summary on stderr, exit 1', async () => {
    const c = capture();
    assert.equal(await main(['validate', BROKEN], c.io), 1);
    assert.ok(c.out.length >= 8);
    assert.ok(c.out.includes(`${BROKEN}:9:11: error api-region Region 'eu' is not a Flosum region: did you mean 'de'?`), c.out.join('\n'));
    for (const l of c.out) assert.match(l, /^.+:\d+:\d+: (error|warning|info) [a-z-]+ .+$/);
    assert.match(c.err.join('\n'), /^\d+ errors in 1 file/);
  });

  it('json format: one array with 1-based positions', async () => {
    const c = capture();
    assert.equal(await main(['validate', '--format', 'json', BROKEN, VALID], c.io), 1);
    const arr = JSON.parse(c.out.join('\n')) as Record<string, unknown>[];
    assert.ok(Array.isArray(arr) && arr.length >= 8);
    const region = arr.find((f) => f.code === 'api-region')!;
    assert.deepEqual(region, {
      file: BROKEN, line: 9, column: 11, endLine: 9, endColumn: 13, severity: 'error', code: 'api-region',
      message: "Region 'eu' is not a Flosum region: did you mean 'de'?",
    });
    assert.ok(arr.every((f) => f.file === BROKEN));
  });

  it('json format with no findings prints [] and exits 0; --format=json works', async () => {
    const c = capture();
    assert.equal(await main(['validate', '--format=json', VALID], c.io), 0);
    assert.deepEqual(JSON.parse(c.out.join('\n')), []);
  });

  it('every fixture of a rule exits 1 and names its code', async () => {
    for (const code of ['secret-in-file', 'timezone-invalid', 'yaml-syntax']) {
      const c = capture();
      assert.equal(await main(['validate', join(FIXTURES, `${code}.scim.yaml`)], c.io), 1);
      assert.ok(c.out.some((l) => l.includes(` error ${code} `)), c.out.join('\n'));
      assert.ok(!c.out.join('\n').includes('00Qb4xGkP1cX2zJ9wR7tYfLmN3sVd8KqHaE6uWj5oT'));
    }
  });

  it('uses io.readFile when provided (a file missing app and api)', async () => {
    const c = capture({ 'a.scim.yaml': 'version: 1\n' });
    assert.equal(await main(['validate', 'a.scim.yaml'], c.io), 1);
    assert.ok(c.out.some((l) => l.startsWith('a.scim.yaml:1:1: error schema-required')));
  });

  it('reads bytes: invalid UTF-8 is a yaml-syntax finding at the bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('version: 1\napp:\n  name: '), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
    const c = capture({ 'bad.scim.yaml': bytes });
    assert.equal(await main(['validate', 'bad.scim.yaml'], c.io), 1);
    assert.ok(c.out.some((l) => /^bad\.scim\.yaml:3:9: error yaml-syntax The file is not valid UTF-8/.test(l)), c.out.join('\n'));
  });

  it('usage errors exit 2: no files, unknown option, bad --format', async () => {
    for (const argv of [['validate'], ['validate', '--strict', VALID], ['validate', '--format', 'xml', VALID], ['validate', '--format']]) {
      const c = capture();
      assert.equal(await main(argv, c.io), 2, argv.join(' '));
      assert.match(c.err.join('\n'), /usage: scim-provisioning validate/);
      assert.doesNotMatch(c.err.join('\n'), /\n\s+at /);
    }
  });

  it('an unreadable file: clear message, exit 2, other files still checked', async () => {
    const c = capture();
    assert.equal(await main(['validate', join(FIXTURES, 'nope.scim.yaml'), BROKEN], c.io), 2);
    assert.match(c.err.join('\n'), /cannot read .*nope\.scim\.yaml: no such file/);
    assert.ok(c.out.length > 0);
    const d = capture();
    assert.equal(await main(['validate', FIXTURES], d.io), 2);
    assert.match(d.err.join('\n'), /is a directory|cannot read/);
  });

  it('--help exits 0 with the usage on stdout', async () => {
    const c = capture();
    assert.equal(await main(['validate', '--help'], c.io), 0);
    assert.match(c.out.join('\n'), /--format text\|json/);
  });
});
