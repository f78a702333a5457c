import * as vscode from 'vscode';
import type { Finding, RuleCode, Severity, ValidateOptions } from '../core/config/types';
import { validateConfig } from '../core/config/validate';
import { DIAGNOSTIC_SOURCE, Settings } from './constants';
import type { ConfigFiles } from './configFiles';
import type { Logger } from './logger';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Codes another YAML tool reports from the same schema; left to it when `yamlExtensionInterop` applies. */
const YAML_TOOL_CODES = new Set<RuleCode>(['yaml-syntax', 'yaml-duplicate-key', 'schema-unknown-key', 'schema-type', 'schema-enum', 'schema-required']);

export interface ValidatedDocument {
  version: number;
  findings: Finding[];
  diagnostics: vscode.Diagnostic[];
}

/**
 * Live validation: on open and as you type (debounced; a newer edit supersedes pending work),
 * cleared on close. Keeps the findings behind each diagnostic so code actions can apply their fixes.
 */
export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly results = new Map<string, ValidatedDocument>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly files: ConfigFiles,
    private readonly log: Logger,
    private readonly yamlToolActive: () => boolean,
  ) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.validateNow(d)),
      vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length) this.schedule(e.document); }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(Settings.section)) this.revalidateAll(); }),
      files.onDidChange(() => this.revalidateAll()),
    );
    this.revalidateAll();
  }

  /** The findings behind the current diagnostics of `doc`, or undefined when stale or not a config. */
  resultFor(doc: vscode.TextDocument): ValidatedDocument | undefined {
    const r = this.results.get(doc.uri.toString());
    return r && r.version === doc.version ? r : undefined;
  }

  /** Validate `doc` now unless up to date; returns the result (used by code actions and fix-all). */
  ensure(doc: vscode.TextDocument): ValidatedDocument | undefined {
    return this.resultFor(doc) ?? this.validateNow(doc);
  }

  revalidateAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.validateNow(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!this.files.matches(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.pending.get(key));
    const delay = vscode.workspace.getConfiguration(Settings.section, doc).get<number>(Settings.validateDelayMs, 150);
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      if (!doc.isClosed) this.validateNow(doc);
    }, Math.max(0, delay)));
  }

  validateNow(doc: vscode.TextDocument): ValidatedDocument | undefined {
    const key = doc.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    const cfg = vscode.workspace.getConfiguration(Settings.section, doc);
    if (!this.files.matches(doc) || !cfg.get<boolean>(Settings.validateEnable, true)) {
      this.forget(doc.uri);
      return undefined;
    }
    const started = performance.now();
    let findings: Finding[];
    try {
      findings = validateConfig(doc.getText(), optionsFrom(cfg));
    } catch (e) {
      // The core is built never to throw; if it does, say so once instead of breaking the editor.
      this.log.error(`validation failed for ${doc.uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      findings = [];
    }
    if (this.yamlToolActive()) findings = findings.filter((f) => !YAML_TOOL_CODES.has(f.code));
    const diagnostics = findings.map((f) => toDiagnostic(doc, f));
    const result: ValidatedDocument = { version: doc.version, findings, diagnostics };
    this.results.set(key, result);
    this.collection.set(doc.uri, diagnostics);
    this.log.trace(`validated ${doc.uri.fsPath} v${doc.version}: ${findings.length} finding(s) in ${(performance.now() - started).toFixed(1)} ms`);
    return result;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.results.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    for (const d of this.disposables) d.dispose();
  }
}

export function optionsFrom(cfg: vscode.WorkspaceConfiguration): ValidateOptions {
  const options: ValidateOptions = {};
  const target = cfg.get<string>(Settings.target, 'auto');
  if (target === 'flosum' || target === 'generic-scim') options.target = target;
  const severities = cfg.get<Record<string, string>>(Settings.severity, {});
  const allowed = new Set(['error', 'warning', 'info', 'off']);
  options.severities = Object.fromEntries(Object.entries(severities ?? {}).filter(([, v]) => allowed.has(v)));
  return options;
}

export function toRange(doc: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(doc.positionAt(start), doc.positionAt(end));
}

function toDiagnostic(doc: vscode.TextDocument, f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(doc, f.start, f.end), f.message, SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = f.code;
  return d;
}
