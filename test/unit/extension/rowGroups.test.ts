// src/extension/base/rowGroups.ts: long lists in the SCIM view (users, a reconcile category) in ranges of 1,000.
import * as assert from 'node:assert/strict';
import { GROUP_SIZE, rangeOf, rowRanges } from '../../../src/extension/base/rowGroups';

describe('extension row groups', () => {
  it('rowRanges: whole ranges of GROUP_SIZE, the last one shorter, covering every row once', () => {
    assert.deepEqual(rowRanges(0, 2_500), [{ from: 0, to: 1_000 }, { from: 1_000, to: 2_000 }, { from: 2_000, to: 2_500 }]);
    assert.deepEqual(rowRanges(0, GROUP_SIZE), [{ from: 0, to: GROUP_SIZE }]);
    assert.deepEqual(rowRanges(0, 0), []);
    assert.deepEqual(rowRanges(3_000, 4_200), [{ from: 3_000, to: 4_000 }, { from: 4_000, to: 4_200 }]);
  });

  it('rangeOf: the range a row is shown in (what reveal walks up through)', () => {
    assert.deepEqual(rangeOf(0, 2_500), { from: 0, to: 1_000 });
    assert.deepEqual(rangeOf(1_999, 2_500), { from: 1_000, to: 2_000 });
    assert.deepEqual(rangeOf(2_000, 2_500), { from: 2_000, to: 2_500 });
    for (let row = 0; row < 2_500; row += 137) {
      const r = rangeOf(row, 2_500);
      assert.ok(rowRanges(0, 2_500).some((x) => x.from === r.from && x.to === r.to) && r.from <= row && row < r.to, String(row));
    }
  });
});
