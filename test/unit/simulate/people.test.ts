// Where the CodeLens "Preview Requests" goes: each assignment of a config text with the offset of
// its item, people without a userName skipped, broken YAML flagged (the editor then says so).
import assert from 'node:assert/strict';
import { configPeople, personNamed } from '../../../src/core/simulate/people';
import { JANE } from '../../support/simulate-people';
import { configText } from '../../support/configs.cjs';

describe('simulate: the people of a config text', () => {
  it('each assignment with the offset of its item; entries without a userName are skipped', () => {
    const text = configText({ set: { assignments: [JANE, { timezone: 'Etc/UTC' }, { userName: 'ken@example.co.jp', profile: { department: 'R&D' } }] } });
    const read = configPeople(text);
    assert.equal(read.broken, false);
    assert.deepEqual(read.people.map((p) => p.assignment.userName), ['jane@example.com', 'ken@example.co.jp']);
    for (const p of read.people) assert.ok(text.slice(p.start).startsWith(`userName: ${p.assignment.userName}`), text.slice(p.start, p.start + 40));
    assert.deepEqual(read.people[1]?.assignment.profile, { department: 'R&D' });
    assert.equal(personNamed(read.people, ' KEN@example.co.jp')?.assignment.userName, 'ken@example.co.jp');
    assert.equal(personNamed(read.people, 'carol@example.com'), undefined);
  });

  it('YAML errors mark the text broken; no assignments, no people; a cap on how many are located', () => {
    assert.equal(configPeople('assignments:\n  - userName: [unclosed\n').broken, true);
    assert.deepEqual(configPeople('version: 1\n').people, []);
    const many = configText({ set: { assignments: Array.from({ length: 30 }, (_, i) => ({ userName: `p${i}@example.com` })) } });
    assert.equal(configPeople(many, 10).people.length, 10);
  });
});
