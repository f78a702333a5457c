// What every feature may use, built once at activation: the log (and its redactor), which files are
// configs, the keychain's tokens, the last credential tests, the one way to a tenant, the reports.
// Features take this object, never a list of positional arguments.
import * as vscode from 'vscode';
import type { Logger, Redactor } from '../core/http/redact';
import { Commands } from './base/constants';
import { ConfigFiles } from './tenant/configFiles';
import { ConfigStatus } from './tenant/configStatus';
import { LastTests } from './tenant/lastTests';
import { ChannelLogger } from './base/logger';
import { redactorFor } from './tenant/redaction';
import { ReportDocuments } from './reports';
import { TenantConnections } from './tenant/connections';
import { TokenStore } from './tenant/tokenStore';

export interface Services {
  /** The extension's version (in the User-Agent of every request). */
  readonly version: string;
  readonly channel: ChannelLogger;
  readonly log: Logger;
  /** Knows every token the store has read or written. */
  readonly redact: Redactor;
  readonly files: ConfigFiles;
  readonly tokens: TokenStore;
  readonly lastTests: LastTests;
  /** Host, token and last test of a config (the pickers and the walkthrough). */
  readonly status: ConfigStatus;
  readonly connections: TenantConnections;
  readonly reports: ReportDocuments;
}

/** Builds the services; each is disposed with the extension. Registers "Show Log" and the reports' scheme. */
export function createServices(context: vscode.ExtensionContext): Services {
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const tokens = new TokenStore(context.secrets, context.globalState);
  const redact = redactorFor(tokens);
  const channel = new ChannelLogger('SCIM Provisioning', redact);
  const log = channel.logger;
  const files = new ConfigFiles();
  const lastTests = new LastTests(context.globalState);
  const status = new ConfigStatus(tokens, lastTests);
  const connections = new TenantConnections({ files, tokens, log, redact, version, status });
  const reports = new ReportDocuments();
  context.subscriptions.push(
    channel, files, tokens, lastTests, connections,
    vscode.commands.registerCommand(Commands.showLog, () => channel.show()),
    vscode.workspace.registerTextDocumentContentProvider(ReportDocuments.scheme, reports),
  );
  return { version, channel, log, redact, files, tokens, lastTests, status, connections, reports };
}
