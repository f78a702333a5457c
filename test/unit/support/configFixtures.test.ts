// The config fixtures on disk are the table's (test/support/config-fixtures.ts): each rule fixture is
// the valid config of its identity provider with one edit on one line, so the CLI, SARIF and rule
// tests that read them test one problem each; the valid configs are the builder's (configs.cjs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FIXTURE_DIR, RULE_FIXTURES, applyEdit, fixtureFiles, fixtureFilesOnDisk, occurrences, ruleFixtureFile, validBody,
} from '../../support/config-fixtures';
import { validateConfig } from '../../../src/core/config/validate';

const WRITE = 'npx tsx test/support/config-fixtures.ts --write';

/** The lines where `a` and `b` differ, once their common first and last lines are set aside. */
function changedLines(a: string, b: string): { removed: string[]; added: string[] } {
  const x = a.split('\n');
  const y = b.split('\n');
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) { endX--; endY--; }
  return { removed: x.slice(start, endX), added: y.slice(start, endY) };
}

describe('config fixtures: the files are the table applied to the valid config', () => {
  it('every file under test/fixtures/configs has a row, every row a file', () => {
    assert.deepEqual(fixtureFilesOnDisk(), fixtureFiles().map(([f]) => f).sort(), `a fixture without a row (or a row without its file): add the row, then ${WRITE}`);
  });

  for (const [file, text] of fixtureFiles()) {
    it(`${file} is its row's text`, () => {
      assert.equal(readFileSync(join(FIXTURE_DIR, file), 'utf8'), text, `${file} was edited by hand or its row changed: ${WRITE}`);
    });
  }

  it('each rule fixture is one edit from valid: its find occurs once, and one line changes, is added or is removed', () => {
    for (const f of RULE_FIXTURES) {
      const valid = validBody(f.idp);
      assert.equal(occurrences(valid, f.find), 1, `${ruleFixtureFile(f)}: ${String(f.find)}`);
      const { removed, added } = changedLines(valid, applyEdit(valid, f));
      assert.ok(removed.length <= 1 && added.length <= 1 && removed.length + added.length > 0,
        `${ruleFixtureFile(f)} changes ${removed.length} line(s) and adds ${added.length}: ${JSON.stringify({ removed, added })}`);
    }
  });

  it('the valid configs validate clean; each rule fixture gives its code', () => {
    assert.deepEqual(validateConfig(validBody('okta')), []);
    assert.deepEqual(validateConfig(validBody('entra-id')), []);
    for (const f of RULE_FIXTURES) {
      const codes = validateConfig(readFileSync(join(FIXTURE_DIR, ruleFixtureFile(f)), 'utf8')).map((x) => x.code);
      assert.deepEqual(codes, [f.code], ruleFixtureFile(f));
    }
  });
});
