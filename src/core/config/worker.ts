// Validation worker (bundled to dist/validate-worker.js): the extension host posts large documents
// here so validation never blocks it. One incremental cache per document URI; only the newest
// version of each document is validated (older queued requests are answered `stale`); findings go
// back as plain data.
import { parentPort } from 'node:worker_threads';
import { IncrementalValidator } from './incremental';
import { validateParsed } from './validate';
import { limitSymbols, symbolsOfParsed, type ConfigSymbol } from './editorSupport';

/** Outline entries sent back per document: the structured clone runs on the extension host. */
const MAX_OUTLINE_SYMBOLS = 2000;
import type { Finding, ValidateOptions } from './types';

export interface ValidateRequest {
  type: 'validate';
  uri: string;
  version: number;
  text: string;
  options?: ValidateOptions;
}
export interface ForgetRequest {
  type: 'forget';
  uri: string;
}
export type WorkerRequest = ValidateRequest | ForgetRequest;
export interface WorkerResponse {
  uri: string;
  version: number;
  /** Absent when a newer version superseded this request before it ran. */
  findings?: Finding[];
  /** The outline, from the same parse (so the extension host never parses a large document). */
  symbols?: ConfigSymbol[];
  ms?: number;
  error?: string;
}

const validators = new Map<string, IncrementalValidator>();
const pending = new Map<string, ValidateRequest>();
let scheduled = false;

function drain(): void {
  scheduled = false;
  const next = pending.entries().next();
  if (next.done) return;
  const [uri, req] = next.value;
  pending.delete(uri);
  let v = validators.get(uri);
  if (!v) validators.set(uri, (v = new IncrementalValidator()));
  const started = performance.now();
  let res: WorkerResponse;
  try {
    const parsed = v.parser.parse(req.text);
    res = { uri, version: req.version, findings: validateParsed(parsed, req.options), symbols: limitSymbols(symbolsOfParsed(parsed), MAX_OUTLINE_SYMBOLS), ms: performance.now() - started };
  } catch (e) {
    v.parser.clear();
    res = { uri, version: req.version, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(res);
  schedule();
}

function schedule(): void {
  if (scheduled || pending.size === 0) return;
  scheduled = true;
  // setImmediate lets newer requests arrive (and supersede queued ones) between validations.
  setImmediate(drain);
}

parentPort?.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'forget') {
    validators.delete(msg.uri);
    const p = pending.get(msg.uri);
    pending.delete(msg.uri);
    if (p) parentPort?.postMessage({ uri: p.uri, version: p.version } satisfies WorkerResponse);
    return;
  }
  const old = pending.get(msg.uri);
  if (old) parentPort?.postMessage({ uri: old.uri, version: old.version } satisfies WorkerResponse);
  pending.set(msg.uri, msg);
  schedule();
});
