// The incremental path must give exactly what a full validateConfig gives (findings, ranges, messages
// and fixes' edit offsets), over many random edits: a property test with a seeded PRNG.
import { deepStrictEqual, ok, strictEqual } from 'node:assert';
import { readdirSync } from 'node:fs';
import { IncrementalValidator } from '../../../src/core/config/incremental';
import { validateConfig } from '../../../src/core/config/validate';
import { example, fixture, FIXTURES, prng, toCrlf } from './helpers';
import { generatedConfig } from '../../support/configs.cjs';
import { mutateLines, mutateYaml } from '../../support/yaml-gen';


const SNIPPETS = ['a', 'x', ' ', '  ', '\n', '\r\n', '#', ': ', ':', '-', '- ', '"', "'", '42', 'true', 'null', 'Europe/Berlim', 'jane@example.com',
  '\n  - userName: dup@example.com\n    timezone: Etc/UTC', '\nassignments:\n  - userName: a@b.co', '\napi:\n  region: eu', 'version', '&a ', '*a', '{', '[', ']', '}', '\t', '|', '>', '---\n',
  '\n# comment\n', 'token: abcdefghijklmnopqrstuvwxyz0123456789', 'syncPassword: true', '\n  -\n', '? ', '!!str '];

function mutate(text: string, rnd: () => number): string {
  const pos = Math.floor(rnd() * (text.length + 1));
  const op = rnd();
  if (op < 0.45) return text.slice(0, pos) + SNIPPETS[Math.floor(rnd() * SNIPPETS.length)] + text.slice(pos);
  const len = Math.floor(rnd() * (op < 0.8 ? 4 : 40));
  const ins = op < 0.8 ? SNIPPETS[Math.floor(rnd() * SNIPPETS.length)] : '';
  return text.slice(0, pos) + ins + text.slice(pos + len);
}

/** Edits a value inside one random assignment (the editor's common case). */
function editValue(text: string, rnd: () => number): string {
  const idx: number[] = [];
  for (let i = text.indexOf('timezone: '); i >= 0 && idx.length < 2000; i = text.indexOf('timezone: ', i + 1)) idx.push(i);
  if (!idx.length) return text;
  const at = idx[Math.floor(rnd() * idx.length)] + 'timezone: '.length;
  const end = text.indexOf('\n', at);
  const zones = ['Asia/Tokio', 'Etc/UTC', 'Europe/Berlin', '', 'Mars/Base', '7'];
  return text.slice(0, at) + zones[Math.floor(rnd() * zones.length)] + text.slice(end < 0 ? text.length : end);
}

describe('incremental validation', () => {
  const bases: [string, string][] = [
    ['example', example('flosum-us.scim.yaml')],
    ['broken', example('broken.scim.yaml')],
    ...readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml')).map((f): [string, string] => [f, fixture(f)]),
    ['generated-300', generatedConfig(300, { errors: true }).text],
  ];
  bases.push(['example-crlf', toCrlf(bases[0][1])]);

  it('equals a full validation on every example and fixture', () => {
    for (const [name, text] of bases) {
      const v = new IncrementalValidator();
      deepStrictEqual(v.validate(text), validateConfig(text), name);
      deepStrictEqual(v.validate(text), validateConfig(text), `${name} (cached)`);
    }
  });

  it('takes the chunked path on ordinary configs', () => {
    const v = new IncrementalValidator();
    v.validate(example('flosum-us.scim.yaml'));
    strictEqual(v.parser.lastFallback, undefined);
  });

  it('equals a full validation after each of many random edits (seeded)', function () {
    this.timeout(120000);
    let chunked = 0;
    let total = 0;
    for (let b = 0; b < bases.length; b++) {
      const [name, base] = bases[b];
      const rnd = prng(0x5c1 + b);
      const v = new IncrementalValidator();
      let text = base;
      const big = name.startsWith('generated');
      const steps = big ? 40 : 25;
      for (let s = 0; s < steps; s++) {
        if (rnd() < (big ? 0.4 : 0.15)) text = base; // back to a clean state now and then
        text = rnd() < (big ? 0.7 : 0.5) ? editValue(text, rnd) : mutate(text, rnd);
        const t0 = performance.now();
        const got = v.validate(text);
        const t1 = performance.now();
        const want = validateConfig(text);
        if (process.env.INC_DEBUG) console.log(name, s, (t1 - t0).toFixed(1), (performance.now() - t1).toFixed(1), v.parser.lastFallback);
        total++;
        if (v.parser.lastFallback === undefined) chunked++;
        deepStrictEqual(got, want, `${name} step ${s}: ${JSON.stringify(text.slice(0, 80))}`);
      }
    }
    ok(chunked > total / 4, `the chunked path was taken ${chunked}/${total} times`);
  });

  it('equals a full validation after line edits (moved, duplicated, re-indented lines) before, inside and after unchanged chunks', function () {
    this.timeout(120000);
    const bases = [generatedConfig(150, { errors: true }).text, toCrlf(generatedConfig(40).text), example('flosum-us.scim.yaml')];
    let chunked = 0;
    for (let b = 0; b < bases.length; b++) {
      const rnd = prng(0x11e5 + b);
      const v = new IncrementalValidator();
      let text = bases[b];
      v.validate(text);
      if (b % 2) v.parser.warm();
      for (let step = 0; step < 60; step++) {
        if (rnd() < 0.2) text = bases[b];
        text = rnd() < 0.6 ? mutateLines(text, rnd) : mutateYaml(text, rnd);
        const got = v.validate(text);
        if (v.parser.lastFallback === undefined) chunked++;
        deepStrictEqual(got, validateConfig(text), `base ${b} step ${step}: ${JSON.stringify(text.slice(0, 80))}`);
      }
    }
    ok(chunked > 25, `the chunked path was taken ${chunked} times`);
  });

  it('re-parses only the edited assignment of a large file', () => {
    const { text } = generatedConfig(2000, { errors: true });
    const v = new IncrementalValidator();
    v.validate(text);
    v.parser.warm(); // the worker fills the chunk cache from the first (whole-document) parse once its result is out
    const i = text.indexOf('timezone: Asia/Tokyo', text.length >> 1);
    const edited = text.slice(0, i) + 'timezone: Asia/Tokio' + text.slice(i + 20);
    deepStrictEqual(v.validate(edited), validateConfig(edited));
    strictEqual(v.parser.lastFallback, undefined);
    strictEqual(v.parser.lastParsedChunks, 1);
  });

  it('two edits far apart (two cursors) re-parse only their two assignments; the chunks between are found by their text', () => {
    const { text } = generatedConfig(2000, { errors: true });
    const v = new IncrementalValidator();
    v.validate(text);
    v.parser.warm();
    const i = text.indexOf('timezone: Asia/Tokyo', text.length >> 3);
    const j = text.indexOf('timezone: Asia/Tokyo', (text.length >> 3) * 7);
    ok(i > 0 && j > i);
    const edited = text.slice(0, i) + 'timezone: Asia/Tokio' + text.slice(i + 20, j) + 'timezone: Etc/UTC' + text.slice(j + 20);
    deepStrictEqual(v.validate(edited), validateConfig(edited));
    strictEqual(v.parser.lastFallback, undefined);
    strictEqual(v.parser.lastParsedChunks, 2);
    // and back (undo of both): again only those two
    deepStrictEqual(v.validate(text), validateConfig(text));
    strictEqual(v.parser.lastParsedChunks, 2);
  });

  it('falls back to a full parse for anchors, aliases and document markers', () => {
    for (const extra of ['x: &a 1\ny: *a\n', '---\nversion: 1\n', 'version: 1\nversion: 2\n']) {
      const v = new IncrementalValidator();
      const text = extra + example('flosum-us.scim.yaml');
      deepStrictEqual(v.validate(text), validateConfig(text));
      ok(v.parser.lastFallback !== undefined, extra);
    }
  });
});
