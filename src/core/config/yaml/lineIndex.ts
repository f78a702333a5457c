// Offsets (UTF-16 code units, as in the editor) <-> 1-based line/column, for the CLI and tests.

export interface LineColumn {
  /** 1-based line. */
  line: number;
  /** 1-based column in UTF-16 code units. */
  column: number;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset -> 1-based line and column; offsets are clamped to the text. */
  positionAt(offset: number): LineColumn {
    const off = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: off - this.starts[lo] + 1 };
  }

  /** 1-based line and column -> offset, clamped to the line and the text. */
  offsetAt(line: number, column: number): number {
    const l = Math.max(1, Math.min(line, this.starts.length)) - 1;
    const start = this.starts[l];
    const next = l + 1 < this.starts.length ? this.starts[l + 1] : this.text.length;
    return Math.max(start, Math.min(start + column - 1, next));
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[Math.max(1, Math.min(line, this.starts.length)) - 1];
  }
}
