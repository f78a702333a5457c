// Offsets and 1-based line/column positions (src/core/config/yaml/lineIndex.ts).
import assert from 'node:assert/strict';
import { LineIndex } from '../../../../src/core/config/yaml/lineIndex';

describe('config yaml', () => {
  describe('LineIndex', () => {
    it('offset <-> 1-based line/column, LF, CRLF and CR', () => {
      const li = new LineIndex('ab\r\ncd\nef\rgh');
      assert.deepEqual(li.positionAt(0), { line: 1, column: 1 });
      assert.deepEqual(li.positionAt(4), { line: 2, column: 1 });
      assert.deepEqual(li.positionAt(8), { line: 3, column: 2 });
      assert.deepEqual(li.positionAt(10), { line: 4, column: 1 });
      assert.deepEqual(li.positionAt(999), { line: 4, column: 3 });
      assert.equal(li.offsetAt(2, 2), 5);
      assert.equal(li.lineCount, 4);
    });
  });
});
