import * as vscode from 'vscode';
import { documentSummary } from './summaryText';
import { hintsFor } from '../core/targets/hints';
import type { CredentialTestResult } from '../core/scim/credentials';
import { network } from './lazyNetwork';
import { Commands, Views } from './constants';
import type { ConfigFiles } from './configFiles';
import type { TokenStore } from './tokenStore';
import type { Logger } from './logger';
import type { Redactor } from '../core/http/redact';
import { ensureTrusted, clientOptionsFromSettings } from './network';
import { resolveEndpoint, tokenFor } from './tokens';
import { endpointStatus } from '../core/config/summary';
import { connectionProbe, identityProviderFor } from '../core/idp/registry';
import type { ConfigStatus, LastResult, LastTests } from './configStatus';
import { nextStep } from './failureText';

/**
 * "Test API Credentials": what the config's identity provider's button does (Okta: GET
 * /Users?startIndex=1&count=2; Entra ID's Test Connection: a userName filter for nobody) with the bearer
 * token), with cancellable progress, the seed's wording on success and the next step on failure.
 * The outcome is kept per origin (LastTests) for the status bar, the pickers and the walkthrough.
 */
export class CredentialTester implements vscode.Disposable {
  readonly onDidChange: vscode.Event<string>;

  constructor(
    private readonly files: ConfigFiles,
    private readonly tokens: TokenStore,
    private readonly log: Logger,
    private readonly redact: Redactor,
    private readonly version: string,
    readonly lastTests: LastTests,
    private readonly status?: ConfigStatus,
  ) {
    this.onDidChange = lastTests.onDidChange;
  }

  lastResultFor(origin: string): LastResult | undefined {
    return this.lastTests.get(origin);
  }

  async run(arg?: unknown): Promise<CredentialTestResult | undefined> {
    if (!(await ensureTrusted('Testing API credentials'))) return undefined;
    const endpoint = await resolveEndpoint(this.files, arg, { title: 'Test API Credentials: which config?', status: this.status, log: this.log });
    if (!endpoint) return undefined;
    const token = await tokenFor(this.tokens, endpoint, this.log);
    if (!token) return undefined;
    this.redact.add(token);
    const appName = endpoint.target.summary.appName;
    // What the config's identity provider sends when its admin tests the connection (Entra ID: a userName filter for nobody).
    const probe = connectionProbe(identityProviderFor(endpoint.target.summary.identityProvider));
    this.log.info(`testing credentials '${endpoint.target.tokenRef}' against ${endpoint.baseUrl} as ${probe.idpLabel}'s ${probe.button} does: GET ${probe.path}`);
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
            probe,
          });
        } finally {
          sub.dispose();
        }
      },
    );
    const message = this.redact(result.message);
    if (result.diagnosis === 'cancelled') {
      this.log.info('credential test cancelled');
      return result;
    }
    await this.lastTests.set(endpoint.origin, { ok: result.ok, diagnosis: result.diagnosis, message, at: new Date() });
    const line = `credential test of ${endpoint.baseUrl}: ${result.diagnosis}${result.status ? ` (HTTP ${result.status})` : ''} in ${Math.round(result.elapsedMs)} ms: ${message}${result.detail ? ` [${this.redact(result.detail)}]` : ''}`;
    if (result.ok) this.log.info(line);
    else this.log.warn(line);
    if (result.serviceProviderConfig) this.log.info(`ServiceProviderConfig: ${JSON.stringify(result.serviceProviderConfig)}`);
    if (result.ok) {
      const users = 'Show Users';
      void vscode.window.showInformationMessage(message, users).then((p) => p && vscode.commands.executeCommand(`${Views.users}.focus`));
    } else {
      // The toast leads with what is wrong; the next step is its first button; the log has the detail.
      const step = nextStep(result.diagnosis);
      const actions = [step.title, ...(step.title === 'Show Log' ? [] : ['Show Log'])];
      void vscode.window.showErrorMessage(message, ...actions).then(async (pick) => {
        if (pick === 'Show Log') await vscode.commands.executeCommand(Commands.showLog);
        else if (pick === step.title) await vscode.commands.executeCommand(step.command, ...(step.withUri ? [endpoint.target.uri] : []), ...(step.args ?? []));
      });
    }
    return result;
  }

  dispose(): void { /* the LastTests store is disposed by its owner */ }
}

/**
 * "Test API Credentials" and "Set API Token" above the `api:` block of a config — only where they can
 * work. A config that cannot reach a tenant gets one lens saying why (click: the quick fixes at the
 * problem); an untrusted workspace gets one saying nothing is sent.
 */
export class ApiCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly trust = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());

  constructor(private readonly files: ConfigFiles) {}

  refresh(): void { this.changed.fire(); }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.files.matches(doc)) return [];
    const summary = documentSummary(doc);
    if (!summary.apiKey) return [];
    const range = new vscode.Range(doc.positionAt(summary.apiKey.start), doc.positionAt(summary.apiKey.end));
    if (!vscode.workspace.isTrusted) {
      return [new vscode.CodeLens(range, { title: '$(shield) Untrusted workspace: nothing is sent to the tenant', command: 'workbench.trust.manage' })];
    }
    const endpoint = endpointStatus(summary);
    if (!endpoint.ok) {
      return [new vscode.CodeLens(range, {
        title: `$(warning) Cannot test credentials: ${endpoint.message}`,
        tooltip: `${endpoint.message}${endpoint.detail ? `\n\n${endpoint.detail}` : ''}\n\nClick to see the fixes.`,
        command: Commands.revealEndpointProblem,
        arguments: [doc.uri],
      })];
    }
    return [
      new vscode.CodeLens(range, { title: '$(plug) Test API Credentials', command: Commands.testCredentials, arguments: [doc.uri] }),
      new vscode.CodeLens(range, { title: '$(key) Set API Token', command: Commands.setToken, arguments: [doc.uri] }),
    ];
  }

  dispose(): void { this.changed.dispose(); this.trust.dispose(); }
}
