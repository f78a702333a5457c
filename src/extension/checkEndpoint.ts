import * as vscode from 'vscode';
import type { ConformanceReport } from '../core/scim/conformance/types';
import { Commands } from './constants';
import type { ConfigFiles } from './configFiles';
import type { TokenStore } from './tokenStore';
import type { Logger } from './logger';
import type { Redactor } from '../core/scim/redact';
import { network } from './lazyNetwork';
import { clientOptionsFromSettings, createClient, ensureTrusted } from './network';
import { resolveEndpoint, tokenFor } from './tokens';

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
  deps: { files: ConfigFiles; tokens: TokenStore; log: Logger; redact: Redactor; version: string; reports: ReportDocuments },
  arg?: vscode.Uri | CheckArgs,
): Promise<ConformanceReport | undefined> {
  if (!(await ensureTrusted('Checking the SCIM endpoint'))) return undefined;
  const args: CheckArgs = arg instanceof vscode.Uri ? { uri: arg } : (arg ?? {});
  const endpoint = await resolveEndpoint(deps.files, args.uri);
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
  const token = await tokenFor(deps.tokens, endpoint, deps.log);
  if (!token) return undefined;
  deps.redact.add(token);

  const net = network();
  const options = clientOptionsFromSettings(deps.version);
  const client = createClient(deps.version, endpoint.baseUrl, token, deps.log, deps.redact, endpoint.target.summary.target);
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
    const summary = `${s.pass} passed, ${s.warn} warnings, ${s.fail} failed, ${s.skip} skipped`;
    deps.log.info(`check of ${endpoint.baseUrl}: ${summary}${report.leftBehind.length ? `; left behind: ${report.leftBehind.join(', ')}` : ''}`);
    const markdown = deps.redact(net.renderConformanceMarkdown(report, { baseUrl: endpoint.baseUrl, date: new Date() }));
    const uri = deps.reports.add(markdown, `scim-check-${u.host}`);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: false });
    const message = `SCIM endpoint check of ${u.host}: ${summary}.`;
    if (s.fail > 0 || report.leftBehind.length) void vscode.window.showErrorMessage(message, 'Show Log').then((p) => p && vscode.commands.executeCommand(Commands.showLog));
    else if (s.warn > 0) void vscode.window.showWarningMessage(message);
    else void vscode.window.showInformationMessage(message);
    return report;
  } finally {
    await client.close();
  }
}
