// What the status bar, the CodeLenses, the editor-title button and the walkthrough state need from
// an open config (app name, target, API region/base URL, token reference: the `app` and `api`
// blocks; where `assignments:` is), without building a large document's whole text: getText() joins
// every line of a 400 KB config (tens of milliseconds on the extension host each time).
import * as vscode from 'vscode';
import { WORKER_THRESHOLD } from '../core/config/incremental';
import { summarizeBlocks, summarizeConfig, type ConfigSummary } from '../core/config/summary';
import { documentLength } from './diagnostics';

const TOP_KEY = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)/;

interface Outline {
  /** The document's text, when it was taken whole (small, or a top level that is not plain block keys). */
  whole?: string;
  /** Otherwise the `app` and `api` blocks, each from its line at column 0 to the next such line. */
  blocks: Array<{ text: string; start: number }>;
  /** Line of the top-level `assignments:` key, if any. */
  assignmentsLine?: number;
}

const cache = new WeakMap<vscode.TextDocument, { version: number; outline: Outline }>();

/** The top-level facts of a document, computed once per version. */
function outline(doc: vscode.TextDocument): Outline {
  const hit = cache.get(doc);
  if (hit?.version === doc.version) return hit.outline;
  const o = scan(doc);
  cache.set(doc, { version: doc.version, outline: o });
  return o;
}

function scan(doc: vscode.TextDocument): Outline {
  if (documentLength(doc) <= WORKER_THRESHOLD) return { whole: doc.getText(), blocks: [] };
  const blocks: Outline['blocks'] = [];
  let assignmentsLine: number | undefined;
  let open = -1;
  const close = (end: number): void => {
    if (open < 0) return;
    blocks.push({ text: doc.getText(new vscode.Range(open, 0, end, 0)), start: doc.offsetAt(new vscode.Position(open, 0)) });
    open = -1;
  };
  for (let i = 0; i < doc.lineCount; i++) {
    const t = doc.lineAt(i).text;
    const c = t.charCodeAt(0);
    // Blank, indented, comment and column-0 sequence lines belong to the block above them.
    if (t.length === 0 || c === 32 || c === 35 || c === 45) continue;
    const m = TOP_KEY.exec(t);
    if (!m) return { whole: doc.getText(), blocks: [] };
    close(i);
    if (m[1] === 'app' || m[1] === 'api') open = i;
    else if (m[1] === 'assignments' && assignmentsLine === undefined) assignmentsLine = i;
  }
  close(doc.lineCount);
  return { blocks, assignmentsLine };
}

/** summarizeConfig(doc.getText()), without the whole text of a large document. */
export function documentSummary(doc: vscode.TextDocument): ConfigSummary {
  const o = outline(doc);
  return o.whole !== undefined ? summarizeConfig(o.whole) : summarizeBlocks(o.blocks);
}

/** Where the top-level `assignments` key starts (offset), if the document has one. */
export function assignmentsKeyOffset(doc: vscode.TextDocument): number | undefined {
  const o = outline(doc);
  if (o.whole !== undefined) {
    const m = /^assignments[ \t]*:/m.exec(o.whole);
    return m?.index;
  }
  return o.assignmentsLine === undefined ? undefined : doc.offsetAt(new vscode.Position(o.assignmentsLine, 0));
}

/** Whether the document is small enough that the host validates it itself (else the worker does). */
export function isSmallDocument(doc: vscode.TextDocument): boolean {
  return outline(doc).whole !== undefined && documentLength(doc) <= WORKER_THRESHOLD;
}
