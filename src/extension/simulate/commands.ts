// "Preview Requests" (a read-only document of the requests the identity provider sends for a
// person, beside the config; nothing is sent) and "Simulate Provisioning…", which runs them against
// the tenant for a stand-in after a modal confirmation that names the tenant, with cancellable
// progress per step and a rendered report. The request builders and renderers (the simulate bundle)
// and the network side (the network bundle) are loaded on first use.
import * as vscode from 'vscode';
import { configPeople, personNamed } from '../../core/simulate/people';
import type { LocatedAssignment } from '../../core/simulate/people';
import type { SimulationReport, StepResult } from '../../core/simulate/run';
import type { ConfigFiles } from '../tenant/configFiles';
import { pickConfig } from '../tenant/configPicker';
import { showReport } from '../reports';
import type { Services } from '../services';
import { textOf } from '../base/commandArgs';
import { readText } from '../base/documents';
import type { RequestPreviews } from './previews';
import { network, simulation } from '../base/lazyBundle';
import { showOutcome } from '../base/notify';
import { withCancellableProgress } from '../base/progress';
import { clientOptions } from '../base/settings';

async function pickPerson(people: readonly LocatedAssignment[], title: string, userName?: string): Promise<LocatedAssignment | undefined> {
  if (userName !== undefined) {
    const found = personNamed(people, userName);
    if (!found) void vscode.window.showErrorMessage(`No assignment with userName '${userName}' in this config.`);
    return found;
  }
  if (people.length === 1) return people[0];
  const pick = await vscode.window.showQuickPick(
    people.map((p) => ({
      label: p.assignment.userName,
      description: [p.assignment.givenName, p.assignment.familyName].filter(Boolean).join(' '),
      detail: p.assignment.timezone ? `time zone ${p.assignment.timezone}` : undefined,
      person: p,
    })),
    { title, placeHolder: 'Whose requests? (an assigned person)', matchOnDescription: true },
  );
  return pick?.person;
}

/** The people of a config, or undefined after telling the person why there are none to simulate. */
async function peopleOf(uri: vscode.Uri): Promise<ReturnType<typeof configPeople> | undefined> {
  const read = configPeople(await readText(uri));
  const file = vscode.workspace.asRelativePath(uri);
  if (read.broken) {
    void vscode.window.showErrorMessage(`${file} has YAML errors: fix them first (see the Problems panel), then simulate.`);
    return undefined;
  }
  if (!read.people.length) {
    void vscode.window.showErrorMessage(`${file} assigns nobody: add a person under 'assignments:' to simulate their requests.`);
    return undefined;
  }
  return read;
}

/** Opens the requests preview for a person of a config (picking the config and the person when not given). */
export async function previewRequests(files: ConfigFiles, previews: RequestPreviews, arg?: unknown, userName?: string): Promise<vscode.TextDocument | undefined> {
  const uri = await pickConfig(files, arg, { title: 'Preview Requests: which config?' });
  if (!uri) return undefined;
  const read = await peopleOf(uri);
  if (!read) return undefined;
  const person = await pickPerson(read.people, 'Preview Requests', userName);
  if (!person) return undefined;
  return showReport(previews.uriFor(uri, person.assignment.userName), true);
}

const outcome = (s: StepResult): string => (s.skipped ? (s.skipped === 'cancelled' ? 'cancelled' : 'not run') : s.ok ? 'ok' : 'failed');

/**
 * "Simulate Provisioning…": the identity provider's requests for a person, run against the
 * config's tenant for a stand-in, then removed. The argument: a config's Uri, a node of the SCIM
 * view, or `{ uri, userName }` (the assignment: no person picker). Returns the report (undefined when not run).
 */
export async function simulateProvisioning(services: Services, arg?: unknown): Promise<SimulationReport | undefined> {
  const { connections, log, redact, version, reports } = services;
  const endpoint = await connections.endpointFor(arg, { action: 'Simulating provisioning', title: 'Simulate Provisioning: which config?' });
  if (!endpoint) return undefined;
  const read = await peopleOf(endpoint.target.uri);
  if (!read) return undefined;
  const person = await pickPerson(read.people, `Simulate Provisioning: ${endpoint.target.summary.appName}`, textOf(arg, 'userName'));
  if (!person) return undefined;
  const { planRequests, outcomeSummary, renderSimulationMarkdown } = simulation();
  const plan = planRequests(read.config, person.assignment);
  if ('error' in plan) {
    void vscode.window.showErrorMessage(`Simulate Provisioning: ${plan.error}.`);
    return undefined;
  }
  const appName = endpoint.target.summary.appName;
  const who = person.assignment.userName;
  const go = 'Run Against the Tenant';
  const confirmed = await vscode.window.showWarningMessage(
    `Simulate ${plan.idp.label} provisioning of ${who} against ${appName} at ${endpoint.origin}?`,
    {
      modal: true,
      detail: `This writes to ${endpoint.origin}: it creates a stand-in user (scim-simulate-<random>@example.invalid with ${who}'s profile), ` +
        'updates, deactivates and reactivates it the way the identity provider would, reads it back after each step, then deactivates and deletes it: ' +
        'also when a step fails or you cancel. Anything that cannot be removed is named in the report.',
    },
    go,
  );
  if (confirmed !== go) return undefined;
  const connection = await connections.connect(endpoint);
  if (!connection) return undefined;

  const net = network();
  const transport = net.rawTransport({
    baseUrl: endpoint.baseUrl, token: connection.token, redact, timeoutMs: clientOptions(version).timeoutMs,
    dispatcher: connection.client.dispatcherFor(endpoint.baseUrl), userAgent: `scim-provisioning-vscode/${version}`,
  });
  log.info(`simulating ${plan.idp.label} provisioning of ${who} against ${endpoint.baseUrl}`);
  try {
    const result = await withCancellableProgress({
      title: `Simulating ${plan.idp.label} provisioning of ${who}`,
      onCancel: (progress) => progress.report({ message: 'cancelled: removing the stand-in…' }),
    }, (signal, progress) => net.runSimulation({
      config: read.config, assignment: person.assignment, transport, signal, redact,
      onStep: (s) => {
        progress.report({ increment: 100 / 6, message: `${s.name}: ${outcome(s)}` });
        const line = `simulate ${s.name}: ${outcome(s)}${s.problems.length ? `: ${s.problems.join('; ')}` : ''}${s.fixes?.length ? ` (fix: ${s.fixes.join('; ')})` : ''}`;
        if (s.ok === false && !s.skipped) log.warn(line);
        else log.info(line);
      },
    }));
    if ('error' in result) {
      void vscode.window.showErrorMessage(`Simulate Provisioning: ${result.error}.`);
      return undefined;
    }
    const markdown = redact(renderSimulationMarkdown(result, { baseUrl: endpoint.baseUrl, appName, date: new Date() }));
    const uri = reports.add(markdown, `Simulation ${who}`);
    await showReport(uri);
    const message = `Simulated provisioning of ${who}: ${outcomeSummary(result)}.`;
    if (result.ok) log.info(message);
    else log.warn(message);
    showOutcome({ level: result.ok ? 'info' : 'error', message, log: !result.ok, source: uri });
    return result;
  } finally {
    await transport.close();
    connection.release();
  }
}
