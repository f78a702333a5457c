import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { Finding, Severity, ValidateOptions } from '../../core/config/types';
import { validateConfig } from '../../core/config/validate';
import { YAML_TOOL_CODES } from '../../core/config/rules/catalog';
import { DIAGNOSTIC_SOURCE } from '../base/constants';
import type { ConfigFiles } from '../tenant/configFiles';
import type { Logger } from '../base/logger';
import type { WorkerResponse } from '../../core/config/worker/protocol';
import { WorkerDocuments } from '../../core/config/worker/client';
import type { ConfigSymbol } from '../../core/config/language/symbols';
import { Disposable, toDisposable } from '../base/lifecycle';
import { isLarge } from '../base/documentSize';
import { openDocument, toRange } from '../base/documents';
import { affectsSettings, validateDelayMs, validateEnabled, validateOptions, yamlToolActive } from '../base/settings';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Codes another YAML tool reports from the same schema; left to it when `yamlExtensionInterop` applies. */

export interface ValidatedDocument {
  version: number;
  findings: Finding[];
  diagnostics: vscode.Diagnostic[];
  /** The outline, when the worker validated the document (large documents only). */
  symbols?: ConfigSymbol[];
}

/**
 * Live validation: on open and as you type (debounced; a newer edit supersedes pending work),
 * cleared on close. Keeps the findings behind each diagnostic so code actions can apply their fixes.
 */
export class DiagnosticsController extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly results = new Map<string, ValidatedDocument>();
  private worker: Worker | undefined;
  /** What the worker holds of each document: change events go to it as edits, not as whole texts. */
  private workerDocs: WorkerDocuments | undefined;
  private workerBroken = false;
  /** Newest version posted to the worker per document; older answers are discarded. */
  private readonly posted = new Map<string, number>();
  private readonly waiters = new Map<string, Array<(r: ValidatedDocument | undefined) => void>>();

  constructor(private readonly files: ConfigFiles, private readonly log: Logger) {
    super();
    this._register(toDisposable(() => {
      for (const t of this.pending.values()) clearTimeout(t);
      this.pending.clear();
      void this.worker?.terminate();
      this.worker = undefined;
    }));
    for (const d of [
      vscode.workspace.onDidOpenTextDocument((d) => this.validateNow(d)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!e.contentChanges.length) return;
        // Every change event of a document the worker holds goes to it right away (a few bytes per keystroke).
        this.workerDocs?.changed(e.document.uri.toString(), e.document.version,
          e.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text })));
        this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => { if (affectsSettings(e)) this.revalidateAll(); }),
      files.onDidChange(() => this.revalidateAll()),
    ]) this._register(d);
    this.revalidateAll();
  }

  /** The findings behind the current diagnostics of `doc`, or undefined when stale or not a config. */
  resultFor(doc: vscode.TextDocument): ValidatedDocument | undefined {
    const r = this.results.get(doc.uri.toString());
    return r && r.version === doc.version ? r : undefined;
  }

  /** Validate `doc` now unless up to date; returns the result (used by code actions and fix-all). */
  ensure(doc: vscode.TextDocument): ValidatedDocument | undefined {
    // Synchronous on purpose (code actions): a large document not yet back from the worker is
    // validated here once; the worker's later answer for the same version is then ignored.
    return this.resultFor(doc) ?? this.validateNow(doc, true);
  }

  revalidateAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.validateNow(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!this.files.matches(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      if (!doc.isClosed) this.validateNow(doc);
    }, validateDelayMs(doc)));
  }

  /**
   * Validate `doc` now. Small documents are validated synchronously and the result returned; large
   * ones are posted to the worker (the result arrives later, see `whenValidated`) unless `sync`.
   */
  validateNow(doc: vscode.TextDocument, sync = false): ValidatedDocument | undefined {
    const key = doc.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    if (!this.files.matches(doc) || !validateEnabled(doc)) {
      this.forget(doc.uri);
      return undefined;
    }
    const options = validateOptions(doc);
    if (!sync && isLarge(doc) && this.postToWorker(key, doc, options)) return undefined;
    this.posted.delete(key);
    const text = doc.getText();
    const started = performance.now();
    let findings: Finding[];
    try {
      findings = validateConfig(text, options);
    } catch (e) {
      // The core is built never to throw; if it does, say so once instead of breaking the editor.
      this.log.error(`validation failed for ${doc.uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      findings = [];
    }
    const result = this.publish(doc, findings);
    this.log.trace(`validated ${doc.uri.fsPath} v${doc.version}: ${findings.length} finding(s) in ${(performance.now() - started).toFixed(1)} ms`);
    return result;
  }

  /** The result for the document's current version, waiting for the worker when it is validating it. */
  whenValidated(doc: vscode.TextDocument): Promise<ValidatedDocument | undefined> {
    const r = this.resultFor(doc);
    if (r) return Promise.resolve(r);
    const key = doc.uri.toString();
    if (this.posted.get(key) !== doc.version) {
      // Not posted yet (e.g. the outline asks before the typing debounce fired): a large document
      // goes to the worker now rather than being validated on this thread.
      if (!isLarge(doc)) return Promise.resolve(this.ensure(doc));
      const now = this.validateNow(doc);
      if (now || this.posted.get(key) !== doc.version) return Promise.resolve(now ?? this.ensure(doc));
    }
    return new Promise((resolve) => {
      const list = this.waiters.get(key) ?? [];
      list.push(resolve);
      this.waiters.set(key, list);
    });
  }

  private publish(doc: vscode.TextDocument, all: Finding[], symbols?: ConfigSymbol[]): ValidatedDocument {
    const findings = yamlToolActive() ? all.filter((f) => !YAML_TOOL_CODES.has(f.code)) : all;
    const diagnostics = findings.map((f) => toDiagnostic(doc, f));
    const result: ValidatedDocument = { version: doc.version, findings, diagnostics };
    if (symbols) result.symbols = symbols;
    const key = doc.uri.toString();
    this.results.set(key, result);
    this.collection.set(doc.uri, diagnostics);
    const waiting = this.waiters.get(key);
    this.waiters.delete(key);
    for (const w of waiting ?? []) w(result);
    return result;
  }

  private postToWorker(key: string, doc: vscode.TextDocument, options: ValidateOptions): boolean {
    const w = this.ensureWorker();
    if (!w || !this.workerDocs) return false;
    if (this.posted.get(key) === doc.version) return true;
    this.posted.set(key, doc.version);
    // The text goes along only when the worker does not hold this version (the first time, or after a gap).
    this.workerDocs.validate(key, doc.version, () => doc.getText(), options);
    return true;
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.workerBroken) return this.worker;
    try {
      const w = new Worker(path.join(__dirname, 'validate-worker.js'));
      w.on('message', (m: WorkerResponse) => this.onWorkerResult(m));
      w.on('error', (e) => {
        this.log.error(`validation worker failed: ${e.message}; validating on the main thread from now on`);
        this.workerBroken = true;
        this.worker = undefined;
        this.workerDocs = undefined;
        this.posted.clear();
        this.revalidateAll();
      });
      w.unref();
      this.worker = w;
      this.workerDocs = new WorkerDocuments((m) => w.postMessage(m));
    } catch (e) {
      this.log.error(`validation worker could not start: ${e instanceof Error ? e.message : String(e)}`);
      this.workerBroken = true;
    }
    return this.worker;
  }

  private onWorkerResult(m: WorkerResponse): void {
    if (this.posted.get(m.uri) !== m.version) return; // superseded by a newer version
    const doc = openDocument(m.uri);
    if (!doc || doc.isClosed || doc.version !== m.version) return; // stale: a newer version is on its way
    if (m.needText) {
      // The worker missed an edit: send this version's whole text.
      this.workerDocs?.lost(m.uri);
      this.posted.delete(m.uri);
      this.validateNow(doc);
      return;
    }
    if (!m.findings) return;
    this.posted.delete(m.uri);
    if (m.error) this.log.error(`validation failed for ${doc.uri.fsPath}: ${m.error}`);
    this.publish(doc, m.findings, m.symbols);
    this.log.trace(`validated ${doc.uri.fsPath} v${m.version} in the worker: ${m.findings.length} finding(s) in ${(m.ms ?? 0).toFixed(1)} ms`);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.results.delete(key);
    this.collection.delete(uri);
    this.posted.delete(key);
    this.workerDocs?.forget(key);
    const waiting = this.waiters.get(key);
    this.waiters.delete(key);
    for (const w of waiting ?? []) w(undefined);
  }

}

function toDiagnostic(doc: vscode.TextDocument, f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(doc, f.start, f.end), f.message, SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = f.code;
  // The message is the fact and the fix (what a Problems row shows); the background rides along
  // as related information at the same range: the hover and the Problems row's child show it.
  if (f.detail) d.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, d.range), f.detail)];
  return d;
}
