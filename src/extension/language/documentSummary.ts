// What the status bar, the CodeLenses, the editor-title button and the walkthrough need from an open
// config (the `app` and `api` blocks, where `assignments:` is), computed once per version and, for
// a large document, without building its whole text (see docs/benchmarks.md). No `vscode` import:
// a TextDocument has the shape below, and the tests use plain mocha.
import { summarizeBlocks, summarizeConfig, type ConfigSummary } from '../../core/config/summary';
import { isLarge, type SizedDocument } from '../base/documentSize';

/** What the summary needs of a document (vscode.TextDocument has it; `eol` 2 is CRLF). */
export interface SummaryDocument<P = unknown> extends SizedDocument<P> {
  readonly version: number;
  readonly eol: number;
  lineAt(line: number): { readonly text: string; readonly range: { readonly end: P } };
  getText(): string;
}

const TOP_KEY = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)/;

interface Outline {
  /** The document's text, when it was taken whole (small, or a top level that is not plain block keys). */
  whole?: string;
  /** Otherwise the `app` and `api` blocks, each from its line at column 0 to the next such line. */
  blocks: Array<{ text: string; start: number }>;
  /** Offset of the top-level `assignments:` key, if any. */
  assignmentsAt?: number;
}

const cache = new WeakMap<object, { version: number; outline: Outline }>();

/** The top-level facts of a document, computed once per version. */
function outline<P>(doc: SummaryDocument<P>): Outline {
  const hit = cache.get(doc);
  if (hit?.version === doc.version) return hit.outline;
  const o = scan(doc);
  cache.set(doc, { version: doc.version, outline: o });
  return o;
}

function scan<P>(doc: SummaryDocument<P>): Outline {
  if (!isLarge(doc)) return { whole: doc.getText(), blocks: [] };
  const eol = doc.eol === 2 ? '\r\n' : '\n';
  const blocks: Outline['blocks'] = [];
  let assignmentsAt: number | undefined;
  let open: string[] | undefined;
  let openAt = 0;
  const close = (): void => {
    if (open) blocks.push({ text: open.join(''), start: openAt });
    open = undefined;
  };
  let offset = 0;
  for (let i = 0; i < doc.lineCount; i++, offset += eol.length) {
    const t = doc.lineAt(i).text;
    const last = i === doc.lineCount - 1;
    const c = t.charCodeAt(0);
    // Blank, indented, comment and column-0 sequence lines belong to the block above them.
    if (t.length === 0 || c === 32 || c === 35 || c === 45) {
      open?.push(last ? t : t + eol);
      offset += t.length;
      continue;
    }
    const m = TOP_KEY.exec(t);
    if (!m) return { whole: doc.getText(), blocks: [] };
    close();
    if (m[1] === 'app' || m[1] === 'api') { open = [last ? t : t + eol]; openAt = offset; }
    else if (m[1] === 'assignments' && assignmentsAt === undefined) assignmentsAt = offset;
    offset += t.length;
  }
  close();
  return { blocks, assignmentsAt };
}

/** summarizeConfig(doc.getText()), without the whole text of a large document. */
export function documentSummary<P>(doc: SummaryDocument<P>): ConfigSummary {
  const o = outline(doc);
  return o.whole !== undefined ? summarizeConfig(o.whole) : summarizeBlocks(o.blocks);
}

/** Where the top-level `assignments` key starts (offset), if the document has one. */
export function assignmentsKeyOffset<P>(doc: SummaryDocument<P>): number | undefined {
  const o = outline(doc);
  if (o.whole === undefined) return o.assignmentsAt;
  return /^assignments[ \t]*:/m.exec(o.whole)?.index;
}

/** Whether the host validates the document itself (else the worker does, and its text is never built here). */
export function isSmallDocument<P>(doc: SummaryDocument<P>): boolean {
  return outline(doc).whole !== undefined && !isLarge(doc);
}
