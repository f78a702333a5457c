// The fast path must build exactly the tree yaml's parseDocument builds (every node's class, range,
// value, type, source, comments, spaceBefore) and the same plain value, or decline; and validation on
// top of it must give today's findings (messages, offsets, fixes) on every config in the repository
// and on thousands of generated and mutated ones. yaml stays the authority: the fast path only ever
// answers for documents yaml parses without an error or a warning.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Composer, isMap, isPair, isScalar, isSeq, Pair, Parser, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { fastParse, fastParseChunk, lastFastParseMiss, YAML_PARSE_OPTIONS } from '../../../../src/core/config/yaml/fastYaml';
import { parseConfig } from '../../../../src/core/config/yaml/parse';
import { validateParsed } from '../../../../src/core/config/validate';
import { generatedConfig } from '../../../support/configs.cjs';
import { generateYaml, mutateLines, mutateYaml } from '../../../support/yaml-gen';
import { nodeTree, yamlTree } from '../../../support/yaml-tree';
import { EXAMPLES, FIXTURES, prng, toCrlf } from '../helpers';

/** Every config file in the repository, and the benchmark's generated ones. */
function repositoryConfigs(): [string, string][] {
  const out: [string, string][] = [];
  const root = join(__dirname, '../../../..');
  for (const dir of [FIXTURES, EXAMPLES, join(root, 'test/workspace')]) {
    for (const f of readdirSync(dir)) if (/\.ya?ml$/.test(f)) out.push([f, readFileSync(join(dir, f), 'utf8')]);
  }
  // (9 people: the benchmark's typical file, bench/generate.cjs SIZES.typical)
  out.push(['bench typical', generatedConfig(9, { errors: true }).text], ['bench 300', generatedConfig(300, { errors: true }).text],
    ['bench 2000 clean', generatedConfig(2000).text]);
  for (const [name, text] of [...out]) out.push([`${name} (CRLF)`, toCrlf(text)]);
  return out;
}

/** The fast path's answer checked against parseDocument: 'fast' when it answered, else whether yaml reads the text. */
function agrees(text: string, label: string): 'fast' | 'valid' | 'invalid' {
  const fast = fastParse(text);
  const doc = parseDocument(text, YAML_PARSE_OPTIONS);
  if (!fast) return doc.errors.length ? 'invalid' : 'valid';
  assert.deepEqual(doc.errors, [], `${label}: the fast path answered for a document yaml rejects: ${JSON.stringify(text.slice(0, 200))}`);
  assert.deepEqual(doc.warnings, [], `${label}: yaml warns`);
  assert.deepEqual(yamlTree(fast.doc), yamlTree(doc), `${label}: tree differs for ${JSON.stringify(text.slice(0, 300))}`);
  assert.deepEqual(fast.value, doc.toJS({ maxAliasCount: 100 }), `${label}: value differs`);
  return 'fast';
}

function sameFindings(text: string, label: string): void {
  const fast = validateParsed(parseConfig(text));
  const full = validateParsed(parseConfig(text, { fastPath: false }));
  assert.deepEqual(fast, full, `${label}: findings differ for ${JSON.stringify(text.slice(0, 300))}`);
}

describe('fast YAML path', function () {
  this.timeout(180_000);

  it('builds parseDocument\'s tree and value for every config in the repository', () => {
    const declined: string[] = [];
    for (const [name, text] of repositoryConfigs()) if (agrees(text, name) !== 'fast') declined.push(`${name}: ${lastFastParseMiss()}`);
    // Only the files that are broken on purpose (syntax errors, duplicate keys, flow garbage) take the full parse.
    assert.deepEqual(declined.filter((d) => !/^(yaml-syntax|yaml-duplicate-key|other)\./.test(d)), []);
  });

  it('gives today\'s findings (messages, offsets, fixes) on every config in the repository', () => {
    for (const [name, text] of repositoryConfigs()) sameFindings(text, name);
  });

  it('agrees with parseDocument on 3,000 generated block YAML documents, and answers for most valid ones', () => {
    let valid = 0;
    let answered = 0;
    for (let i = 0; i < 3000; i++) {
      const rnd = prng(0xfa57 + i);
      const r = agrees(generateYaml(rnd, { crlf: rnd() < 0.2 }), `generated #${i}`);
      if (r === 'fast') answered++;
      if (r !== 'invalid') valid++;
    }
    assert.ok(answered > valid * 0.9, `the fast path answered ${answered} of ${valid} valid documents`);
  });

  it('agrees with parseDocument, or declines, on 5,000 mutated documents (exotic values, edits, syntax errors)', () => {
    let answered = 0;
    for (let i = 0; i < 5000; i++) {
      const rnd = prng(0x0b5e + i);
      let text = generateYaml(rnd, { crlf: rnd() < 0.15, exotic: true });
      const edits = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < edits; k++) text = rnd() < 0.5 ? mutateYaml(text, rnd) : mutateLines(text, rnd);
      if (agrees(text, `mutated #${i}`) === 'fast') answered++;
    }
    assert.ok(answered > 1000, `the fast path answered only ${answered} times`);
  });

  it('gives today\'s findings on 2,000 mutations of the repository\'s configs', () => {
    const bases = repositoryConfigs().filter(([, text]) => text.length < 4000);
    const rnd = prng(0xf1d5);
    let fast = 0;
    for (let i = 0; i < 2000; i++) {
      const [name, base] = bases[i % bases.length];
      let text = base;
      const edits = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < edits; k++) text = rnd() < 0.6 ? mutateLines(text, rnd) : mutateYaml(text, rnd);
      if (fastParse(text)) fast++;
      sameFindings(text, `${name} mutation ${i}`);
    }
    assert.ok(fast > 500, `the fast path answered only ${fast} times`);
  });

  it('makes nodes that are the yaml classes and pass their identity checks', () => {
    const r = fastParse('a: 1\nb:\n  - x\n  - k: v\n');
    assert.ok(r);
    const map = r.doc.contents;
    assert.ok(isMap(map) && map instanceof YAMLMap);
    const pair = map.items[1];
    assert.ok(isPair(pair) && pair instanceof Pair && isScalar(pair.key) && pair.key instanceof Scalar);
    assert.ok(isSeq(pair.value) && pair.value instanceof YAMLSeq);
    assert.ok(isMap(pair.value.items[1]));
    assert.deepEqual(r.doc.toJS(), { a: 1, b: ['x', { k: 'v' }] });
    assert.equal(String(r.doc), 'a: 1\nb:\n  - x\n  - k: v\n');
  });

  it('parses a chunk in place (absolute ranges) as yaml\'s parser and composer do', () => {
    const { text } = generatedConfig(40, { errors: true });
    const starts: number[] = [];
    for (let i = text.indexOf('\n  - '); i >= 0; i = text.indexOf('\n  - ', i + 1)) starts.push(i + 1);
    for (let k = 0; k + 1 < starts.length; k++) {
      const [from, to] = [starts[k], starts[k + 1]];
      const fast = fastParseChunk(text, from, to, false);
      assert.ok(fast, `chunk ${k}: ${lastFastParseMiss()}`);
      const parser = new Parser();
      parser.offset = from;
      const [doc] = [...new Composer(YAML_PARSE_OPTIONS).compose(parser.parse(text.slice(from, to)), true, to)];
      assert.deepEqual(doc.errors, []);
      assert.deepEqual(nodeTree(fast.contents), nodeTree(doc.contents), `chunk ${k}`);
      assert.deepEqual(fast.value, doc.toJS());
    }
  });

  it('declines what only yaml reads: anchors, tags, flow collections (but a key\'s list of plain words), block scalars, multi-line scalars, tabs, directives', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: [1, [2]]\n', 'a: [x y]\n', 'a: ["q"]\n', 'a: [1, 2,]\n', '- [1, 2]\n', 'a: {b: 1}\n', 'a: |\n  text\n', 'a: >\n  text\n', 'a: one\n  two\n',
      'a:\tb\n', '%YAML 1.2\n---\na: 1\n', '---\na: 1\n', 'a: 1\n...\n', '? a\n: 1\n', 'a: "x\\x41"\n', "a: 'multi\n  line'\n", '\ufeffa: 1\n', 'a: 1\rb: 2\n']) {
      assert.equal(fastParse(text), undefined, JSON.stringify(text));
      assert.notEqual(lastFastParseMiss(), '', JSON.stringify(text));
    }
  });

  it('declines duplicate keys and keys that only coincide as JS properties, so yaml reports or resolves them', () => {
    for (const text of ['a: 1\na: 2\n', 'x:\n  k: 1\n  k: 2\n', '1: a\n"1": b\n', '__proto__: x\n', '<<: x\n']) assert.equal(fastParse(text), undefined, text);
  });
});
