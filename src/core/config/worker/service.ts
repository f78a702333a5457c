// The validation worker's service (its thread: src/bundles/validateWorker.ts; its messages:
// ./protocol.ts). It keeps its own copy of each document's text, updated by the host's edits, and one
// incremental cache per document; only the newest requested version of a document is validated (older
// queued requests are answered without findings). Once edits pause it validates ahead with the
// document's last options, so the host's request after its debounce is answered from that result.
import { IncrementalValidator } from '../incremental';
import { validateParsed } from '../validate';
import type { ValidateOptions } from '../types';
import { limitedSymbolsOfParsed } from '../language/symbols';
import { applyChanges } from './protocol';
import type { WorkerResponse, ValidateRequest, WorkerRequest } from './protocol';

/**
 * Outline entries sent back per document (only documents above the worker threshold come here): the
 * workbench asks for the outline after every keystroke, so its size is the host's work per keystroke
 * (docs/benchmarks.md, "Where the speed comes from").
 */
export const MAX_OUTLINE_SYMBOLS = 500;
/** Edits pause this long before the worker validates ahead of the host's request. */
export const SPECULATE_AFTER_MS = 40;
/** Only documents up to this length are validated ahead: a longer run could still be busy when the request comes. */
const SPECULATE_MAX_LENGTH = 1_500_000;

/** Timers for validating ahead (injected by tests). */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}
const REAL_TIMERS: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as NodeJS.Timeout) };

interface DocState {
  validator: IncrementalValidator;
  /** The options of the last request, used when validating ahead. */
  options?: ValidateOptions;
  /** The last result, for the version and options it was computed with. */
  result?: { version: number; options: string; response: WorkerResponse };
  ahead?: unknown;
}

/**
 * The worker's side, independent of the thread it runs on (tests drive it directly): documents' texts
 * by version, their validators, and the queue of validations.
 */
export class ValidationService {
  private readonly texts = new Map<string, { version: number; text: string }>();
  private readonly docs = new Map<string, DocState>();
  private readonly pending = new Map<string, ValidateRequest>();
  private scheduled = false;
  /** Validations run (for tests): ahead of a request, and for one. */
  readonly runs = { ahead: 0, requested: 0 };

  constructor(private readonly reply: (r: WorkerResponse) => void, private readonly later: (fn: () => void) => void = setImmediate,
    private readonly timers: Timers = REAL_TIMERS) {}

  receive(msg: WorkerRequest): void {
    if (msg.type === 'forget') {
      this.texts.delete(msg.uri);
      const d = this.docs.get(msg.uri);
      if (d?.ahead !== undefined) this.timers.clear(d.ahead);
      this.docs.delete(msg.uri);
      const p = this.pending.get(msg.uri);
      this.pending.delete(msg.uri);
      if (p) this.reply({ uri: p.uri, version: p.version });
      return;
    }
    if (msg.type === 'edit') {
      const held = this.texts.get(msg.uri);
      // A gap in the chain of versions: drop the text; the next validation asks for it whole.
      if (!held || held.version !== msg.from) this.texts.delete(msg.uri);
      else {
        this.texts.set(msg.uri, { version: msg.version, text: applyChanges(held.text, msg.changes) });
        this.aheadLater(msg.uri);
      }
      return;
    }
    if (msg.text !== undefined) this.texts.set(msg.uri, { version: msg.version, text: msg.text });
    const d = this.docs.get(msg.uri);
    if (d?.ahead !== undefined) { this.timers.clear(d.ahead); d.ahead = undefined; }
    const key = JSON.stringify(msg.options ?? {});
    const old = this.pending.get(msg.uri);
    if (old) this.reply({ uri: old.uri, version: old.version });
    if (d?.result && d.result.version === msg.version && d.result.options === key && this.texts.get(msg.uri)?.version === msg.version) {
      // Validated ahead (or asked before): answer now.
      this.pending.delete(msg.uri);
      d.options = msg.options ?? {};
      this.reply(d.result.response);
      return;
    }
    this.pending.set(msg.uri, msg);
    this.schedule();
  }

  /** After the edits pause, validate the newest text with the last request's options. */
  private aheadLater(uri: string): void {
    const d = this.docs.get(uri);
    if (!d || d.options === undefined || (this.texts.get(uri)?.text.length ?? 0) > SPECULATE_MAX_LENGTH) return;
    if (d.ahead !== undefined) this.timers.clear(d.ahead);
    d.ahead = this.timers.set(() => {
      d.ahead = undefined;
      const held = this.texts.get(uri);
      if (!held || this.pending.has(uri) || this.docs.get(uri) !== d) return;
      this.runs.ahead++;
      this.run(uri, held, { type: 'validate', uri, version: held.version, options: d.options! });
    }, SPECULATE_AFTER_MS);
  }

  /** The text the worker holds for a document (tests). */
  textOf(uri: string): { version: number; text: string } | undefined {
    return this.texts.get(uri);
  }

  private schedule(): void {
    if (this.scheduled || this.pending.size === 0) return;
    this.scheduled = true;
    // Later, so newer requests can arrive (and supersede queued ones) between validations.
    this.later(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    const next = this.pending.entries().next();
    if (next.done) return;
    const [uri, req] = next.value;
    this.pending.delete(uri);
    const held = this.texts.get(uri);
    if (!held || held.version !== req.version) {
      // Edits moved past this version (a newer request follows), or the text is not here.
      this.reply(held && held.version > req.version ? { uri, version: req.version } : { uri, version: req.version, needText: true });
      this.schedule();
      return;
    }
    this.runs.requested++;
    this.reply(this.run(uri, held, req));
    // With the result out, fill the document's chunk cache from a first whole-document parse (idle time).
    const d = this.docs.get(uri);
    this.later(() => d?.validator.parser.warm());
    this.schedule();
  }

  private run(uri: string, held: { version: number; text: string }, req: ValidateRequest): WorkerResponse {
    let d = this.docs.get(uri);
    if (!d) this.docs.set(uri, (d = { validator: new IncrementalValidator() }));
    const v = d.validator;
    const started = performance.now();
    let res: WorkerResponse;
    try {
      const parsed = v.parser.parse(held.text);
      res = { uri, version: req.version, findings: validateParsed(parsed, req.options), symbols: limitedSymbolsOfParsed(parsed, MAX_OUTLINE_SYMBOLS), ms: performance.now() - started };
    } catch (e) {
      v.parser.clear();
      res = { uri, version: req.version, error: e instanceof Error ? e.message : String(e) };
    }
    d.options = req.options ?? {};
    if (!res.error) d.result = { version: req.version, options: JSON.stringify(req.options ?? {}), response: res };
    return res;
  }
}
