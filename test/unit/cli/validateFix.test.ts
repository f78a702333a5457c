// `scim-provisioning validate --fix` and `--format sarif`, as DESIGN.md specifies them: the editor's
// Fix All applied to the files (each preferred fix once, one write per file, never the keychain fix,
// comments, columns and line endings kept), and SARIF 2.1.0 that validates against the schema.
import assert from 'node:assert/strict';
import { promises as fsp, readFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { main } from '../../../src/cli/main';
import { fixAll } from '../../../src/core/config/fixes';
import { validateConfig } from '../../../src/core/config/validate';
import { captureIO } from '../../support/cli-io';
import type { CapturedIO } from '../../support/cli-io';
import { EXAMPLES, FIXTURES } from '../config/helpers';

const BROKEN_LF = readFileSync(join(EXAMPLES, 'broken.scim.yaml'), 'utf8');
const BROKEN_CRLF = BROKEN_LF.replace(/\n/g, '\r\n');
const SECRET = readFileSync(join(FIXTURES, 'secret-in-file.scim.yaml'), 'utf8');

/** A CliIO whose files live in memory, recording every write. */
function memoryIO(files: Record<string, string | Uint8Array>): CapturedIO & { files: Record<string, string | Uint8Array>; writes: string[] } {
  const io = captureIO({ files });
  const writes: string[] = [];
  return Object.assign(io, {
    files,
    writes,
    writeFile: (p: string, bytes: Uint8Array) => { writes.push(p); files[p] = bytes; return Promise.resolve(); },
  });
}
const textOf = (v: string | Uint8Array | undefined): string => (typeof v === 'string' ? v : new TextDecoder().decode(v));

/** Every comment of `before` is in `after` on a line with the same text up to it, at the same column. */
function assertCommentsAndColumnsKept(before: string, after: string): void {
  const afterLines = after.split(/\r?\n/);
  for (const line of before.split(/\r?\n/)) {
    const at = line.indexOf('#');
    if (at < 0) continue;
    const comment = line.slice(at);
    assert.ok(afterLines.some((l) => l.indexOf(comment) === at), `comment lost or moved: ${comment}`);
  }
}

describe('cli: validate --fix', () => {
  for (const [name, original] of [['LF', BROKEN_LF], ['CRLF', BROKEN_CRLF]] as const) {
    it(`${name}: applies the editor's Fix All in one write, keeps every comment, column and line ending, reports what remains`, async () => {
      const io = memoryIO({ 'broken.scim.yaml': original });
      const before = validateConfig(original);
      const code = await main(['validate', '--fix', 'broken.scim.yaml'], io);
      assert.deepEqual(io.writes, ['broken.scim.yaml'], 'one write for the file');
      const fixed = textOf(io.files['broken.scim.yaml']);
      assert.equal(fixed, fixAll(original).text, 'the same result as the editor\'s Fix All');
      assert.notEqual(fixed, original);
      if (name === 'CRLF') assert.ok(!/[^\r]\n/.test(fixed), 'every line still ends in CRLF');
      else assert.ok(!fixed.includes('\r'), 'no CR added');
      assertCommentsAndColumnsKept(original, fixed);
      // Lines no fix had to touch are byte-identical.
      const untouched = original.split('\n').filter((l) => !/eu|user\.login|fristName|false|true|Berlim|berlin/.test(l));
      for (const l of untouched) assert.ok(fixed.split('\n').includes(l), `changed: ${JSON.stringify(l)}`);
      // Reported: what remains, as plain validate would report it for the fixed text.
      const remaining = validateConfig(fixed);
      assert.ok(remaining.length < before.length);
      assert.equal(io.stdout.length, remaining.length);
      for (const f of remaining) assert.ok(io.stdout.some((l) => l.includes(` ${f.code} ${f.message}`)), f.code);
      assert.match(io.stderr[0] ?? '', /^fixed \d+ problems in 1 file$/);
      assert.equal(code, remaining.some((f) => f.severity === 'error') ? 1 : 0);
      // Each fix once: a second --fix finds nothing it may apply and writes nothing.
      const again = memoryIO({ 'broken.scim.yaml': fixed });
      await main(['validate', '--fix', 'broken.scim.yaml'], again);
      assert.deepEqual(again.writes, []);
      assert.equal(again.stderr[0], 'nothing to fix');
    });
  }

  it('never applies the keychain fix: the literal token stays, and so does the finding', async () => {
    const io = memoryIO({ 's.scim.yaml': SECRET });
    assert.equal(await main(['validate', '--fix', 's.scim.yaml'], io), 1);
    const after = textOf(io.files['s.scim.yaml']);
    assert.ok(after.includes('00Qb4xGkP1cX2zJ9wR7tYfLmN3sVd8KqHaE6uWj5oT'), 'the token was not moved anywhere');
    assert.ok(io.stdout.some((l) => l.includes(' error secret-in-file ')));
  });

  it('keeps a UTF-8 byte-order mark, and leaves a file that is not UTF-8 untouched', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(BROKEN_LF)]);
    const latin1 = new Uint8Array([...new TextEncoder().encode(BROKEN_LF), 0x23, 0x20, 0xe9, 0x0a]);
    const io = memoryIO({ 'bom.scim.yaml': bom, 'latin1.scim.yaml': latin1 });
    await main(['validate', '--fix', 'bom.scim.yaml', 'latin1.scim.yaml'], io);
    assert.deepEqual(io.writes, ['bom.scim.yaml']);
    const written = io.files['bom.scim.yaml'] as Uint8Array;
    assert.deepEqual([...written.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(new TextDecoder().decode(written), fixAll(BROKEN_LF).text, 'TextDecoder drops the BOM again');
  });

  it('on disk: replaces the file in one step and keeps its mode', async () => {
    const dir = await fsp.mkdtemp(join(os.tmpdir(), 'scim-fix-'));
    try {
      const file = join(dir, 'broken.scim.yaml');
      await fsp.writeFile(file, BROKEN_CRLF, { mode: 0o640 });
      const io = captureIO();
      await main(['validate', '--fix', file], io);
      assert.equal(await fsp.readFile(file, 'utf8'), fixAll(BROKEN_CRLF).text);
      assert.equal((await fsp.stat(file)).mode & 0o777, 0o640);
      assert.deepEqual(await fsp.readdir(dir), ['broken.scim.yaml'], 'no temporary file left');
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('cli: validate --format sarif', () => {
  const schema = JSON.parse(readFileSync(join(__dirname, '../../fixtures/sarif/sarif-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validateSarif = ajv.compile(schema);

  interface SarifLog {
    version: string;
    runs: Array<{
      tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string } }> } };
      invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: unknown[] }>;
      results: Array<{ ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }> }>;
    }>;
  }

  it('valid SARIF 2.1.0 (the official schema), one result per finding with the JSON format\'s positions', async () => {
    const files = { 'configs/broken.scim.yaml': BROKEN_LF, 'configs/ok.scim.yaml': readFileSync(join(EXAMPLES, 'flosum-us.scim.yaml'), 'utf8') };
    const sarifIO = captureIO({ files });
    const jsonIO = captureIO({ files });
    assert.equal(await main(['validate', '--format', 'sarif', ...Object.keys(files)], sarifIO), 1);
    await main(['validate', '--format', 'json', ...Object.keys(files)], jsonIO);
    const log = JSON.parse(sarifIO.stdout.join('\n')) as SarifLog;
    assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2));
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.ok(run);
    assert.equal(run.tool.driver.name, 'scim-provisioning');
    assert.equal(run.invocations[0]?.executionSuccessful, true);
    const json = JSON.parse(jsonIO.stdout.join('\n')) as Array<{ file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string }>;
    assert.equal(run.results.length, json.length);
    run.results.forEach((r, i) => {
      const f = json[i];
      assert.ok(f);
      assert.equal(r.ruleId, f.code);
      assert.equal(run.tool.driver.rules[r.ruleIndex]?.id, f.code);
      assert.equal(r.level, f.severity === 'info' ? 'note' : f.severity);
      assert.equal(r.message.text, f.message);
      const loc = r.locations[0]?.physicalLocation;
      assert.deepEqual(loc?.artifactLocation, { uri: 'configs/broken.scim.yaml', uriBaseId: '%SRCROOT%' });
      assert.deepEqual(loc?.region, { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn });
    });
    const region = run.results.find((r) => r.ruleId === 'api-region');
    assert.deepEqual(region?.locations[0]?.physicalLocation.region, { startLine: 9, startColumn: 11, endLine: 9, endColumn: 13 });
    assert.equal(run.tool.driver.rules.find((r) => r.id === 'api-region')?.shortDescription.text, 'region is not one of us, de, jp, au');
    assert.equal(sarifIO.stderr.length, 0, 'nothing but SARIF on stdout and nothing on stderr');
  });

  it('no findings: valid SARIF with no results, exit 0; an unreadable file: a notification, exit 2, still valid', async () => {
    const ok = captureIO({ files: { 'ok.scim.yaml': readFileSync(join(EXAMPLES, 'flosum-us.scim.yaml'), 'utf8') } });
    assert.equal(await main(['validate', '--format=sarif', 'ok.scim.yaml'], ok), 0);
    const log = JSON.parse(ok.stdout.join('\n')) as SarifLog;
    assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors));
    assert.deepEqual(log.runs[0]?.results, []);
    const missing = captureIO({ files: {} });
    assert.equal(await main(['validate', '--format', 'sarif', 'gone.scim.yaml'], missing), 2);
    const bad = JSON.parse(missing.stdout.join('\n')) as SarifLog;
    assert.ok(validateSarif(bad), JSON.stringify(validateSarif.errors));
    assert.equal(bad.runs[0]?.invocations[0]?.executionSuccessful, false);
    assert.equal(bad.runs[0]?.invocations[0]?.toolExecutionNotifications?.length, 1);
  });

  it('paths outside the working directory are file: URIs; --fix with sarif reports what remains', async () => {
    const outside = join(os.tmpdir(), 'elsewhere', 'a b.scim.yaml');
    const io = memoryIO({ [outside]: BROKEN_LF });
    await main(['validate', '--fix', '--format', 'sarif', outside], io);
    const log = JSON.parse(io.stdout.join('\n')) as SarifLog;
    assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors));
    const uri = log.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation;
    assert.deepEqual(uri, { uri: `file://${outside.replace(/ /g, '%20')}` });
    assert.equal(log.runs[0]?.results.length, validateConfig(fixAll(BROKEN_LF).text).length);
  });
});
