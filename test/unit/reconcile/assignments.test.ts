import * as assert from 'node:assert/strict';
import { parseConfig } from '../../../src/core/config/yaml/parse';
import { readAssignments, readAssignmentsInSlices } from '../../../src/core/reconcile/assignments';
import type { ReadResult } from '../../../src/core/reconcile/assignments';
import { reconcileConfig } from '../../support/reconcile-cases';
import { prng } from '../config/helpers';
import type { AssignmentSpec } from '../../support/reconcile-cases';

const ZONES = ['Europe/Berlin', 'Etc/UTC', 'Asia/Tokyo', null, undefined] as const;

/** n assignments with every shape the reader meets: optional fields, blank time zones, comments. */
function manyAssignments(n: number): AssignmentSpec[] {
  return Array.from({ length: n }, (_, i) => {
    const tz = ZONES[i % ZONES.length];
    const a: AssignmentSpec = { userName: `person.${i}@example.com`, ...(tz !== undefined ? { timezone: tz } : {}) };
    if (i % 7 === 0) a.givenName = `Given${i}`;
    if (i % 11 === 0) a.email = `person.${i}@mail.example.com`;
    if (i % 13 === 0) a.comment = `note ${i}`;
    return a;
  });
}

function ok(r: ReadResult): Extract<ReadResult, { ok: true }>['config'] {
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.config;
}

describe('reconcile/assignments: what reconcile reads from the file', () => {
  it('assignments with their lines and userName offsets, the default time zone and the assignments key', () => {
    const text = reconcileConfig({ assignments: [{ userName: 'jane@example.com', timezone: 'Europe/Berlin', givenName: 'Jane' }, { userName: ' raj@example.com ', timezone: null }], defaultTimezone: 'Asia/Kolkata' });
    const c = ok(readAssignments(parseConfig(text)));
    const lines = text.split('\n');
    assert.equal(c.defaultTimezone, 'Asia/Kolkata');
    assert.equal(lines[(c.key?.line ?? 0) - 1]?.startsWith('assignments:'), true);
    const [jane, raj] = c.assignments;
    assert.ok(jane && raj);
    assert.deepEqual({ ...jane, start: undefined, end: undefined }, { index: 0, userName: 'jane@example.com', givenName: 'Jane', timezone: 'Europe/Berlin', line: jane.line, endLine: jane.line + 2, start: undefined, end: undefined });
    assert.equal(text.slice(jane.start, jane.end), 'jane@example.com');
    assert.equal(lines[jane.line - 1], '  - userName: jane@example.com');
    assert.equal(raj.userName, 'raj@example.com');
    assert.equal(raj.timezone, undefined, 'a blank timezone is absent');
    assert.equal(raj.endLine, raj.line + 1);
  });

  it('refuses a file with YAML errors (it could hide assignments), naming the line', () => {
    const r = readAssignments(parseConfig('version: 1\nassignments:\n  - userName: a@example.com\n  bad: [\n'));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /YAML error on line \d+/);
    const dup = readAssignments(parseConfig('assignments:\n  - userName: a@example.com\n    userName: b@example.com\n'));
    assert.equal(dup.ok, false);
    assert.equal(readAssignments(parseConfig('assignments: nobody\n')).ok, false);
    assert.deepEqual(ok(readAssignments(parseConfig(''))).assignments, []);
    assert.deepEqual(ok(readAssignments(parseConfig('version: 1\nassignments:\n'))).assignments, []);
  });

  it('a large file read in slices gives exactly what one full parse gives (LF and CRLF), yielding between slices', async () => {
    for (const crlf of [false, true]) {
      const text = reconcileConfig({ assignments: manyAssignments(3000), defaultTimezone: 'Europe/Berlin', crlf })
        .replace(`  - userName: person.1200@example.com`, `  # a comment between items, at a slice boundary\n  - userName: person.1200@example.com`.replace(/\n/g, crlf ? '\r\n' : '\n'));
      assert.ok(text.length > 100_000);
      let pauses = 0;
      const sliced = ok(await readAssignmentsInSlices(text, { pause: () => { pauses++; return Promise.resolve(); } }));
      const full = ok(readAssignments(parseConfig(text)));
      assert.deepEqual(sliced, full);
      assert.equal(full.assignments.length, 3000);
      assert.ok(pauses >= 10, `${pauses} pauses`);
    }
  });

  it('falls back to one full parse for anything a slice could read differently (anchors, flow lists, odd indentation)', async () => {
    const base = reconcileConfig({ assignments: manyAssignments(2000) });
    const variants = [
      base.replace('  - userName: person.5@example.com', '  - &p5\n    userName: person.5@example.com'),
      base.replace(/assignments:.*\n/, 'assignments:\n  - {userName: flow@example.com}\n'),
      base.replace('  - userName: person.9@example.com', '  -   userName: person.9@example.com'),
      base.replace(/\n {2}- userName: person.10@example.com/, '\n    - userName: person.10@example.com'),
    ];
    for (const text of variants) assert.deepEqual(await readAssignmentsInSlices(text), readAssignments(parseConfig(text)));
  });

  it('the line scanner reads every item exactly as the YAML parser does, or leaves it to the parser (seeded fuzz)', async () => {
    const rnd = prng(20261201);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    // Values the YAML parser reads (as strings, numbers, booleans, nulls, collections) ...
    const values = ['jane@example.com', ' spaced@example.com ', '"quoted@example.com"', "'single@example.com'", "'it''s@example.com'", '"esc\\u0041@example.com"',
      '42', '1e3', 'true', 'Null', '~', '0x1F', '.inf', 'Mary Ann', 'Ann#5', 'Ann # note', 'Zoë', 'Etc/GMT+5', '-dash', '[1, 2]', '{a: 1}', '|', '""', "''", '',
      'Europe/Berlin   ', 'a@b.c # trailing', '"a # not a comment"', "'x' # c", '1stuser@example.com'];
    // ... and the ones it refuses or that stop slicing altogether (one in some rounds).
    const rare = ['Ann: Marie', 'x:', '@at', '&anchor x', '*alias', '!tag x'];
    const keys = ['userName', 'givenName', 'familyName', 'email', 'timezone', 'department', 'user-name', '"title"'];
    let readable = 0;
    for (let round = 0; round < 40; round++) {
      const lines = ['version: 1', 'provisioning:', '  defaults:', `    timezone: ${pick(['Etc/UTC', 'Europe/Berlin', '', '"Asia/Tokyo"'])}`, 'assignments:'];
      const rareAt = round % 4 === 0 ? Math.floor(rnd() * 60) : -1;
      for (let i = 0; i < 60; i++) {
        const n = 1 + Math.floor(rnd() * 4);
        const used = new Set<string>();
        for (let k = 0; k < n; k++) {
          let key = k === 0 && rnd() < 0.8 ? 'userName' : pick(keys);
          if (used.has(key)) key = `extra${k}`;
          used.add(key);
          const v = i === rareAt && k === n - 1 ? pick(rare) : pick(values);
          lines.push(`${k === 0 ? '  - ' : '    '}${key}:${v === '' ? '' : ` ${v}`}`);
          if (rnd() < 0.1) lines.push(pick(['', '    # a comment', '  # less indented comment', '#column 0 comment']));
        }
        if (rnd() < 0.05) lines.push('  - just a string');
        if (rnd() < 0.05) lines.push('  -', '    userName: below.the.dash@example.com');
        if (rnd() < 0.05) lines.push('  - userName: nested@example.com', '    profile:', '      department: Sales');
      }
      const text = lines.join(rnd() < 0.3 ? '\r\n' : '\n') + '\n';
      const full = readAssignments(parseConfig(text));
      if (full.ok) readable++;
      for (const scan of [true, false]) {
        assert.deepEqual(await readAssignmentsInSlices(text, { threshold: 0, scan }), full, `round ${round}, scan ${scan}:\n${text}`);
      }
    }
    assert.ok(readable >= 25, `only ${readable} of 40 generated files were readable YAML: the fuzz compares too little`);
  });

  it('a YAML error in a large file is refused as in the full parse', async () => {
    const text = reconcileConfig({ assignments: manyAssignments(2000) }).replace('    timezone: Asia/Tokyo\n', '    timezone: "Asia/Tokyo\n');
    const r = await readAssignmentsInSlices(text);
    assert.equal(r.ok, false);
  });
});
