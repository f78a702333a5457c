import * as vscode from 'vscode';
import { hintsFor } from '../core/targets/hints';
import type { CredentialTestResult } from '../core/scim/credentials';
import { network } from './lazyNetwork';
import { Commands } from './constants';
import type { ConfigFiles } from './configFiles';
import type { TokenStore } from './tokenStore';
import type { Logger } from './logger';
import type { Redactor } from '../core/scim/redact';
import { ensureTrusted, clientOptionsFromSettings } from './network';
import { resolveEndpoint, tokenFor } from './tokens';
import { summarizeConfig } from '../core/configSummary';

export interface LastResult {
  ok: boolean;
  diagnosis: string;
  message: string;
  at: Date;
}

/**
 * "Test API Credentials": what Okta's button does (GET /Users?startIndex=1&count=2 with the bearer
 * token), with cancellable progress, the seed's wording on success and the next step on failure.
 */
export class CredentialTester implements vscode.Disposable {
  private readonly last = new Map<string, LastResult>();
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly files: ConfigFiles,
    private readonly tokens: TokenStore,
    private readonly log: Logger,
    private readonly redact: Redactor,
    private readonly version: string,
  ) {}

  lastResultFor(origin: string): LastResult | undefined {
    return this.last.get(origin);
  }

  async run(arg?: unknown): Promise<CredentialTestResult | undefined> {
    if (!(await ensureTrusted('Testing API credentials'))) return undefined;
    const endpoint = await resolveEndpoint(this.files, arg);
    if (!endpoint) return undefined;
    const token = await tokenFor(this.tokens, endpoint, this.log);
    if (!token) return undefined;
    this.redact.add(token);
    const appName = endpoint.target.summary.appName;
    this.log.info(`testing credentials '${endpoint.target.tokenRef}' against ${endpoint.baseUrl}`);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Testing API credentials for ${appName}…`, cancellable: true },
      async (_progress, cancel) => {
        const controller = new AbortController();
        const sub = cancel.onCancellationRequested(() => controller.abort());
        try {
          return await network().testCredentials({
            ...clientOptionsFromSettings(this.version),
            baseUrl: endpoint.baseUrl,
            token,
            appName,
            signal: controller.signal,
            logger: this.log,
            hints: hintsFor({ target: endpoint.target.summary.target, baseUrl: endpoint.baseUrl }),
          });
        } finally {
          sub.dispose();
        }
      },
    );
    const message = this.redact(result.message);
    this.last.set(endpoint.origin, { ok: result.ok, diagnosis: result.diagnosis, message, at: new Date() });
    this.changed.fire(endpoint.origin);
    this.log.info(`credential test: ${result.diagnosis}${result.status ? ` (HTTP ${result.status})` : ''} in ${Math.round(result.elapsedMs)} ms: ${message}`);
    if (result.serviceProviderConfig) this.log.info(`ServiceProviderConfig: ${JSON.stringify(result.serviceProviderConfig)}`);
    if (result.ok) {
      void vscode.window.showInformationMessage(message);
    } else if (result.diagnosis !== 'cancelled') {
      const actions = result.diagnosis === 'unauthorized' || result.diagnosis === 'forbidden' ? ['Set API Token', 'Show Log'] : ['Open Config', 'Show Log'];
      void vscode.window.showErrorMessage(message, ...actions).then(async (pick) => {
        if (pick === 'Set API Token') await vscode.commands.executeCommand(Commands.setToken, endpoint.target.uri);
        else if (pick === 'Open Config') await vscode.window.showTextDocument(endpoint.target.uri);
        else if (pick === 'Show Log') await vscode.commands.executeCommand(Commands.showLog);
      });
    }
    return result;
  }

  dispose(): void { this.changed.dispose(); }
}

/** "Test API Credentials" and "Set API Token" above the `api:` block of a config. */
export class ApiCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly files: ConfigFiles) {}

  refresh(): void { this.changed.fire(); }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.files.matches(doc)) return [];
    const summary = summarizeConfig(doc.getText());
    if (!summary.apiKey) return [];
    const range = new vscode.Range(doc.positionAt(summary.apiKey.start), doc.positionAt(summary.apiKey.end));
    return [
      new vscode.CodeLens(range, { title: '$(plug) Test API Credentials', command: Commands.testCredentials, arguments: [doc.uri] }),
      new vscode.CodeLens(range, { title: '$(key) Set API Token', command: Commands.setToken, arguments: [doc.uri] }),
    ];
  }
}
