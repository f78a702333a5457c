import * as vscode from 'vscode';
import type { ConformanceReport } from '../../core/conformance/types';
import { uriOf } from '../base/commandArgs';
import { isUri } from '../base/documents';
import { network } from '../base/lazyBundle';
import { showOutcome } from '../base/notify';
import { withCancellableProgress } from '../base/progress';
import { clientOptions } from '../base/settings';
import { showReport } from '../reports';
import type { Services } from '../services';

export interface CheckArgs {
  uri?: vscode.Uri;
  /** Skip the mode question (tests, automation). Write mode still needs the modal confirmation. */
  write?: boolean;
}

/**
 * "Check SCIM Endpoint": the conformance checks of Okta's spec test, Entra's validator and
 * scim2-tester against the config's tenant, with cancellable progress; the result is a read-only
 * Markdown report (pass/warn/fail with evidence and the fix a server author would make).
 * The argument: a config's Uri, `{ uri, write }`, or a node of the SCIM view.
 */
export async function checkEndpoint(services: Services, arg?: unknown): Promise<ConformanceReport | undefined> {
  const { connections, log, redact, version, reports } = services;
  const endpoint = await connections.endpointFor(uriOf(arg, isUri) ?? arg, { action: 'Checking the SCIM endpoint', title: 'Check SCIM Endpoint: which config?' });
  if (!endpoint) return undefined;
  let write = arg && typeof arg === 'object' && !isUri(arg) ? (arg as CheckArgs).write : undefined;
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
  const connection = await connections.connect(endpoint);
  if (!connection) return undefined;

  const net = network();
  const u = new URL(endpoint.baseUrl);
  const total = net.CONFORMANCE_CHECKS.length + (write ? 1 : 0);
  log.info(`checking ${endpoint.baseUrl} (${write ? 'read and write' : 'read-only'})`);
  try {
    const report = await withCancellableProgress({ title: `Checking ${endpoint.target.summary.appName}'s SCIM endpoint` }, (signal, progress) => net.runConformance({
      client: connection.client,
      raw: { token: connection.token, timeoutMs: clientOptions(version).timeoutMs, userAgent: `scim-provisioning-vscode/${version}` },
      write,
      target: endpoint.target.summary.target,
      signal,
      onProgress: (check, result) => {
        progress.report({ increment: 100 / total, message: `${check.title}: ${result.status}` });
        log.debug(`check ${check.id}: ${result.status}: ${result.message}`);
      },
    }));
    const s = report.summary;
    const summary = `${s.pass} passed, ${s.warn} warnings, ${s.fail} failed, ${s.skip} not run`;
    const failed = s.fail > 0 || report.leftBehind.length > 0;
    const logLine = `check of ${endpoint.baseUrl}: ${summary}${report.leftBehind.length ? `; left behind: ${report.leftBehind.join(', ')}` : ''}`;
    if (failed) log.warn(logLine);
    else log.info(logLine);
    for (const c of report.checks) if (c.status === 'fail' || c.status === 'warn') log.warn(`check ${c.id}: ${c.status}: ${redact(c.message)}`);
    const markdown = redact(net.renderConformanceMarkdown(report, { baseUrl: endpoint.baseUrl, date: new Date(), audience: 'editor' }));
    const uri = reports.add(markdown, `SCIM check ${u.host}`);
    await showReport(uri);
    showOutcome({ level: failed ? 'error' : s.warn > 0 ? 'warning' : 'info', message: `SCIM endpoint check of ${u.host}: ${summary}.`, log: failed, source: uri });
    return report;
  } finally {
    connection.release();
  }
}
