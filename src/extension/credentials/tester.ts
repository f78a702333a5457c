import * as vscode from 'vscode';
import { hintsFor } from '../../core/targets/hints';
import type { CredentialTestResult } from '../../core/scim/credentials';
import { Commands, Views } from '../base/constants';
import { connectionProbe, identityProviderFor } from '../../core/idp/registry';
import type { LastResult } from '../tenant/lastTests';
import { nextStep } from '../base/failureText';
import { focusView } from '../base/context';
import { network } from '../base/lazyBundle';
import { showOutcome } from '../base/notify';
import { withCancellableProgress } from '../base/progress';
import { clientOptions } from '../base/settings';
import type { Services } from '../services';

/**
 * "Test API Credentials": what the config's identity provider's button does (Okta: GET
 * /Users?startIndex=1&count=2; Entra ID's Test Connection: a userName filter for nobody) with the bearer
 * token, with cancellable progress, the seed's wording on success and the next step on failure.
 * The outcome is kept per origin (LastTests) for the status bar, the pickers and the walkthrough.
 */
export class CredentialTester {
  readonly onDidChange: vscode.Event<string>;

  constructor(private readonly services: Services) {
    this.onDidChange = services.lastTests.onDidChange;
  }

  lastResultFor(origin: string): LastResult | undefined {
    return this.services.lastTests.get(origin);
  }

  async run(arg?: unknown): Promise<CredentialTestResult | undefined> {
    const { connections, log, redact, version, lastTests } = this.services;
    const endpoint = await connections.endpointFor(arg, { action: 'Testing API credentials', title: 'Test API Credentials: which config?' });
    if (!endpoint) return undefined;
    const connection = await connections.connect(endpoint);
    if (!connection) return undefined;
    const appName = endpoint.target.summary.appName;
    // What the config's identity provider sends when its admin tests the connection (Entra ID: a userName filter for nobody).
    const probe = connectionProbe(identityProviderFor(endpoint.target.summary.identityProvider));
    log.info(`testing credentials '${endpoint.target.tokenRef}' against ${endpoint.baseUrl} as ${probe.idpLabel}'s ${probe.button} does: GET ${probe.path}`);
    let result: CredentialTestResult;
    try {
      result = await withCancellableProgress({ title: `Testing API credentials for ${appName}…` }, (signal) => network().testCredentials({
        ...clientOptions(version),
        baseUrl: endpoint.baseUrl,
        token: connection.token,
        client: connection.client,
        appName,
        signal,
        logger: log,
        hints: hintsFor({ target: endpoint.target.summary.target, baseUrl: endpoint.baseUrl }),
        probe,
      }));
    } finally {
      connection.release();
    }
    const message = redact(result.message);
    if (result.diagnosis === 'cancelled') {
      log.info('credential test cancelled');
      return result;
    }
    await lastTests.set(endpoint.origin, { ok: result.ok, diagnosis: result.diagnosis, message, at: new Date() });
    const line = `credential test of ${endpoint.baseUrl}: ${result.diagnosis}${result.status ? ` (HTTP ${result.status})` : ''} in ${Math.round(result.elapsedMs)} ms: ${message}${result.detail ? ` [${redact(result.detail)}]` : ''}`;
    if (result.ok) log.info(line);
    else log.warn(line);
    if (result.serviceProviderConfig) log.info(`ServiceProviderConfig: ${JSON.stringify(result.serviceProviderConfig)}`);
    if (result.ok) {
      showOutcome({ level: 'info', message, actions: [{ title: 'Show Users', run: () => focusView(Views.users) }] });
    } else {
      // The toast leads with what is wrong; the next step is its first button; the log has the detail.
      const step = nextStep(result.diagnosis);
      const run = (): unknown => vscode.commands.executeCommand(step.command, ...(step.withUri ? [endpoint.target.uri] : []), ...(step.args ?? []));
      showOutcome({ level: 'error', message, actions: [{ title: step.title, run }], log: step.command !== Commands.showLog });
    }
    return result;
  }
}
