// A TextDocument's shape for the vscode-free extension modules: lines, positions and offsets as
// VS Code's extension host computes them (one line ending for the whole document).

export interface FakePosition { line: number; character: number }

export interface FakeDocument {
  version: number;
  lineCount: number;
  eol: 1 | 2;
  lineAt(line: number): { text: string; range: { start: FakePosition; end: FakePosition } };
  offsetAt(p: FakePosition): number;
  getText(): string;
  /** Whole-text reads (what the large-document path must avoid). */
  reads: number;
}

export function fakeDocument(text: string, version = 1): FakeDocument {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) { starts.push(at); at += l.length + eol.length; }
  const doc: FakeDocument = {
    version,
    lineCount: lines.length,
    eol: eol === '\r\n' ? 2 : 1,
    lineAt: (line) => ({ text: lines[line], range: { start: { line, character: 0 }, end: { line, character: lines[line].length } } }),
    offsetAt: (p) => Math.min(text.length, starts[p.line] + p.character),
    getText: () => { doc.reads++; return text; },
    reads: 0,
  };
  return doc;
}
