// The one place that decides whether a document is "large": above the validation worker's threshold
// it is validated off the extension host's thread, and the host never builds its whole text for
// a summary, a CodeLens or the walkthrough. No `vscode` import (a TextDocument fits the shape).
import { WORKER_THRESHOLD } from '../../core/config/incremental';

/** What the size needs of a document (vscode.TextDocument has it). */
export interface SizedDocument<P = unknown> {
  readonly lineCount: number;
  lineAt(line: number): { readonly range: { readonly end: P } };
  offsetAt(position: P): number;
}

/** The document's length in UTF-16 units, without building its text (getText() joins every line). */
export function documentLength<P>(doc: SizedDocument<P>): number {
  return doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
}

/** Large: validated by the worker, never read whole on the extension host. */
export function isLarge<P>(doc: SizedDocument<P>): boolean {
  return documentLength(doc) > WORKER_THRESHOLD;
}

/** The same rule for a text read from disk. */
export function isLargeText(text: string): boolean {
  return text.length > WORKER_THRESHOLD;
}
