import * as vscode from 'vscode';
import type { ConformanceReport } from '../core/conformance/types';
import { Commands } from './constants';
import type { ConfigFiles } from './configFiles';
import type { TokenStore } from './tokenStore';
import type { Logger } from './logger';
import type { Redactor } from '../core/http/redact';
import { network } from './lazyNetwork';
import { clientOptionsFromSettings, ensureTrusted, tokenAndClient } from './network';
import { resolveEndpoint } from './tokens';
import type { ConfigStatus } from './configStatus';

/** Read-only Markdown reports of "Check SCIM Endpoint" runs (`scim-report:` URIs). */
export class ReportDocuments implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'scim-report';
  private readonly reports = new Map<string, string>();
  private next = 1;

  add(markdown: string, label: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: ReportDocuments.scheme, path: `/${this.next++}/${label.replace(/[^\w.-]+/g, '-')}.md` });
    this.reports.set(uri.toString(), markdown);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.toString()) ?? '# Report no longer available\n';
  }
}

/**
 * Opens a report rendered, in the editor's Markdown preview (tables, headings, no escapes); the
 * source stays available ("Open as Markdown"). Without the built-in Markdown extension: the source.
 * `beside`: next to the active editor (a preview that follows the file being edited). Returns the document.
 */
export async function showReport(uri: vscode.Uri, beside = false): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  try {
    // (the built-in Markdown extension activates on this command: it is not registered before)
    await vscode.commands.executeCommand(beside ? 'markdown.showPreviewToSide' : 'markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(doc, { preview: false, ...(beside ? { viewColumn: vscode.ViewColumn.Beside } : {}) });
  }
  return doc;
}

export interface CheckArgs {
  uri?: vscode.Uri;
  /** Skip the mode question (tests, automation). Write mode still needs the modal confirmation. */
  write?: boolean;
}

/**
 * "Check SCIM Endpoint": the conformance checks of Okta's spec test, Entra's validator and
 * scim2-tester against the config's tenant, with cancellable progress; the result is a read-only
 * Markdown report (pass/warn/fail with evidence and the fix a server author would make).
 */
export async function checkEndpoint(
  deps: { files: ConfigFiles; tokens: TokenStore; log: Logger; redact: Redactor; version: string; reports: ReportDocuments; status?: ConfigStatus },
  arg?: vscode.Uri | CheckArgs | { uri: vscode.Uri },
): Promise<ConformanceReport | undefined> {
  if (!(await ensureTrusted('Checking the SCIM endpoint'))) return undefined;
  const args: CheckArgs = arg instanceof vscode.Uri ? { uri: arg } : (arg ?? {});
  // from the users view: a root node carries its config as `tenant.uri`
  const endpoint = await resolveEndpoint(deps.files, args.uri ?? arg, { title: 'Check SCIM Endpoint: which config?', status: deps.status, log: deps.log });
  if (!endpoint) return undefined;
  let write = args.write;
  if (write === undefined) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'Read-only checks', description: 'nothing is written to the tenant', write: false },
        { label: 'Read and write checks…', description: 'creates, changes and removes one test user', write: true },
      ],
      { title: `Check SCIM Endpoint: ${endpoint.origin}` },
    );
    if (!pick) return undefined;
    write = pick.write;
  }
  if (write) {
    const go = 'Create and Remove a Test User';
    const confirmed = await vscode.window.showWarningMessage(
      `The write checks change ${endpoint.target.summary.appName} at ${endpoint.origin}.`,
      { modal: true, detail: 'They create one user named scim-check-<random>@example.invalid, read, filter, update (PUT and PATCH) and deactivate it, try a duplicate (409), then deactivate and delete it — also when a check fails or you cancel. Anything that cannot be removed is listed in the report.' },
      go,
    );
    if (confirmed !== go) return undefined;
  }
  const session = await tokenAndClient(deps, endpoint);
  if (!session) return undefined;
  const { token, client } = session;

  const net = network();
  const options = clientOptionsFromSettings(deps.version);
  const u = new URL(endpoint.baseUrl);
  const total = net.CONFORMANCE_CHECKS.length + (write ? 1 : 0);
  deps.log.info(`checking ${endpoint.baseUrl} (${write ? 'read and write' : 'read-only'})`);
  try {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking ${endpoint.target.summary.appName}'s SCIM endpoint`, cancellable: true },
      async (progress, cancel) => {
        const ctrl = new AbortController();
        const sub = cancel.onCancellationRequested(() => ctrl.abort());
        try {
          return await net.runConformance({
            client,
            raw: { token, timeoutMs: options.timeoutMs, userAgent: `scim-provisioning-vscode/${deps.version}` },
            write,
            target: endpoint.target.summary.target,
            signal: ctrl.signal,
            onProgress: (check, result) => {
              progress.report({ increment: 100 / total, message: `${check.title}: ${result.status}` });
              deps.log.debug(`check ${check.id}: ${result.status}: ${result.message}`);
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    const s = report.summary;
    const summary = `${s.pass} passed, ${s.warn} warnings, ${s.fail} failed, ${s.skip} not run`;
    const logLine = `check of ${endpoint.baseUrl}: ${summary}${report.leftBehind.length ? `; left behind: ${report.leftBehind.join(', ')}` : ''}`;
    if (s.fail > 0 || report.leftBehind.length) deps.log.warn(logLine);
    else deps.log.info(logLine);
    for (const c of report.checks) if (c.status === 'fail' || c.status === 'warn') deps.log.warn(`check ${c.id}: ${c.status}: ${deps.redact(c.message)}`);
    const markdown = deps.redact(net.renderConformanceMarkdown(report, { baseUrl: endpoint.baseUrl, date: new Date(), audience: 'editor' }));
    const uri = deps.reports.add(markdown, `SCIM check ${u.host}`);
    await showReport(uri);
    const message = `SCIM endpoint check of ${u.host}: ${summary}.`;
    const source = 'Open as Markdown';
    const onPick = (p: string | undefined): unknown => p === 'Show Log' ? vscode.commands.executeCommand(Commands.showLog)
      : p === source ? vscode.window.showTextDocument(uri, { preview: false }) : undefined;
    if (s.fail > 0 || report.leftBehind.length) void vscode.window.showErrorMessage(message, 'Show Log', source).then(onPick);
    else if (s.warn > 0) void vscode.window.showWarningMessage(message, source).then(onPick);
    else void vscode.window.showInformationMessage(message, source).then(onPick);
    return report;
  } finally {
    await client.close();
  }
}
