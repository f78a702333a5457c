// Bad input never throws: each case gives findings with ranges inside the text, in bounded work.
import assert from 'node:assert/strict';
import { parseConfig, decodeConfigBytes } from '../../../src/core/config/yaml/parse';
import { validateBytes, validateConfig } from '../../../src/core/config/validate';
import type { Finding } from '../../../src/core/config/types';
import { assignmentLines, buildConfig, codes, lineOf } from './helpers';

function assertRanges(text: string, findings: readonly Finding[]): void {
  for (const f of findings) {
    assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `${f.code} [${f.start}, ${f.end}] outside 0..${text.length}`);
    assert.ok(f.message.length > 0);
  }
}

function check(text: string): Finding[] {
  const f = validateConfig(text);
  assertRanges(text, f);
  return f;
}

describe('config bad input', () => {
  it('broken YAML: yaml-syntax with a range', () => {
    const t = buildConfig().replace('  region: us', '  region: [us, de');
    const f = check(t);
    assert.ok(codes(f).includes('yaml-syntax'));
  });

  it('tab indentation: yaml-syntax on that line', () => {
    const t = buildConfig().replace('  region: us', '\tregion: us');
    const f = check(t);
    const syn = f.filter((x) => x.code === 'yaml-syntax');
    assert.ok(syn.length > 0);
    assert.equal(lineOf(t, syn[0].start), t.split('\n').findIndex((l) => l.startsWith('\t')) + 1);
  });

  it('duplicate keys: yaml-duplicate-key at the second key, covering the key', () => {
    const t = buildConfig().replace('  name: Flosum', '  name: Flosum\n  "name": Other');
    const f = check(t);
    assert.deepEqual(codes(f), ['yaml-duplicate-key']);
    assert.equal(t.slice(f[0].start, f[0].end), '"name"');
  });

  it('anchors and aliases used normally are resolved and validate clean', () => {
    const t = buildConfig({ assignments: 'assignments:\n  - userName: a@example.com\n    timezone: &tz Europe/Berlin\n  - userName: b@example.com\n    timezone: *tz' });
    assert.deepEqual(check(t), []);
  });

  it('an alias bomb is refused with a finding, quickly', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const t = lines.join('\n') + '\n';
    const f = check(t);
    assert.deepEqual(codes(f), ['yaml-syntax']);
    assert.match(f[0].message, /alias/i);
    assert.ok(f[0].end > f[0].start);
  });

  it('very deep flow nesting is refused (no stack overflow)', () => {
    const t = `version: 1\napp: ${'['.repeat(100000)}${']'.repeat(100000)}\n`;
    const f = check(t);
    assert.deepEqual(codes(f), ['yaml-syntax']);
    assert.match(f[0].message, /deeper than 64/);
  });

  it('very deep block nesting is refused', () => {
    const lines = ['version: 1'];
    for (let i = 0; i < 100; i++) lines.push(`${' '.repeat(i)}k${i}:`);
    lines.push(`${' '.repeat(100)}v: 1`);
    const t = lines.join('\n');
    const f = check(t);
    assert.ok(f.some((x) => x.code === 'yaml-syntax' && /deeper than 64/.test(x.message)), JSON.stringify(codes(f)));
    const seq = `version: 1\napp:\n${'- '.repeat(5000)}x\n`;
    check(seq);
  });

  it('an empty file: one schema-required finding', () => {
    for (const t of ['', '   ', '\n', '# comment only', '---\n', '\uFEFF']) {
      const f = check(t);
      assert.deepEqual(codes(f), ['schema-required'], JSON.stringify(t));
    }
  });

  it('a root that is a list or a scalar: schema-type', () => {
    assert.deepEqual(codes(check('- a\n- b\n')), ['schema-type']);
    assert.deepEqual(codes(check('just text\n')), ['schema-type']);
  });

  it('multiple documents: yaml-syntax', () => {
    assert.ok(codes(check(buildConfig() + '---\nversion: 1\n')).includes('yaml-syntax'));
  });

  it('a 1 MB single-line file and a 1 MB config are handled', () => {
    const line = 'x'.repeat(1024 * 1024);
    check(line);
    check(`version: 1\napp:\n  name: ${line}\n`);
    const big = buildConfig({ assignments: assignmentLines(15000) });
    assert.ok(big.length > 500_000);
    assert.deepEqual(check(big), []);
  });

  it('NUL bytes and control characters', () => {
    check('version: 1\napp:\n  name: "a\u0000b"\n\u0001\u0002: x\n');
  });

  it('BOM: ranges stay in the text and a valid config with BOM is clean', () => {
    const t = '\uFEFF' + buildConfig();
    assert.deepEqual(check(t), []);
    const f = check('\uFEFF' + buildConfig().replace('version: 1\n', ''));
    assert.deepEqual(codes(f), ['schema-required']);
  });

  it('CRLF: a clean config is clean and ranges land on the right line', () => {
    const t = buildConfig().replace(/\n/g, '\r\n');
    assert.deepEqual(check(t), []);
    const bad = t.replace('syncPassword: false', 'syncPassword: true');
    const f = check(bad);
    assert.deepEqual(codes(f), ['sync-password']);
    assert.equal(bad.slice(f[0].start, f[0].end), 'true');
  });

  it('non-UTF-8 bytes: yaml-syntax at the first bad byte', () => {
    const good = Buffer.from('version: 1\napp:\n  name: ', 'utf8');
    const bytes = Buffer.concat([good, Buffer.from([0xff, 0xfe]), Buffer.from('\n', 'utf8')]);
    const { text, findings } = validateBytes(bytes);
    assertRanges(text, findings);
    const syn = findings.find((x) => x.code === 'yaml-syntax' && /UTF-8/.test(x.message));
    assert.ok(syn);
    assert.equal(syn.start, good.length);
    assert.equal(lineOf(text, syn.start), 3);
  });

  it('decodeConfigBytes: valid UTF-8 (with BOM, multibyte) has no finding; truncated sequences do', () => {
    assert.equal(decodeConfigBytes(Buffer.from('\uFEFFname: Zoë 日本\n', 'utf8')).finding, undefined);
    const trunc = decodeConfigBytes(Buffer.from([0x61, 0x3a, 0x20, 0xe6, 0x97]));
    assert.equal(trunc.finding?.start, 3);
    const overlong = decodeConfigBytes(Buffer.from([0x61, 0xc0, 0x80]));
    assert.equal(overlong.finding?.start, 1);
  });

  it('parseConfig never throws and reports eol and indent', () => {
    const p = parseConfig('a:\r\n    b: 1\r\n');
    assert.equal(p.eol, '\r\n');
    assert.equal(p.indentUnit, 4);
  });
});
