// Simulate in the editor: a "Preview Requests" CodeLens on each assignment opening a read-only
// document of the requests the identity provider sends for that person, rendered beside the config
// (nothing is sent; it follows the file as it is edited), and "Simulate Provisioning…", which runs them against the
// tenant for a stand-in after a modal confirmation that names the tenant, with cancellable progress
// per step and a rendered report. The request builders and renderers (./lazySimulate) and the
// network side (./lazyNetwork) are loaded on first use.
import * as vscode from 'vscode';
import { configPeople, personNamed } from '../core/simulate/people';
import type { LocatedAssignment } from '../core/simulate/people';
import type { SimulationReport, StepResult } from '../core/simulate/run';
import type { Redactor } from '../core/http/redact';
import { Commands } from './constants';
import type { ConfigFiles } from './configFiles';
import { documentLength } from './diagnostics';
import { WORKER_THRESHOLD } from '../core/config/incremental';
import { pickConfig } from './configPicker';
import { showReport } from './checkEndpoint';
import type { ReportDocuments } from './checkEndpoint';
import type { ConfigStatus } from './configStatus';
import type { Logger } from './logger';
import { network } from './lazyNetwork';
import { simulation } from './lazySimulate';
import { clientOptionsFromSettings, ensureTrusted, tokenAndClient } from './network';
import type { TokenStore } from './tokenStore';
import { resolveEndpoint } from './tokens';

async function configText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

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
  const read = configPeople(await configText(uri));
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

interface PreviewEntry {
  config: vscode.Uri;
  userName: string;
}

/**
 * Read-only documents of the requests for one person (`scim-requests:` URIs), recomputed from the
 * config's current text whenever the config changes.
 */
export class RequestPreviews implements vscode.TextDocumentContentProvider, vscode.Disposable {
  static readonly scheme = 'scim-requests';
  private readonly entries = new Map<string, PreviewEntry>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.Disposable.from(vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === RequestPreviews.scheme) this.entries.delete(d.uri.toString());
    }), vscode.workspace.onDidChangeTextDocument((e) => {
      const key = e.document.uri.toString();
      for (const [uri, entry] of this.entries) {
        if (entry.config.toString() !== key) continue;
        clearTimeout(this.pending.get(uri));
        this.pending.set(uri, setTimeout(() => { this.pending.delete(uri); this.changed.fire(vscode.Uri.parse(uri)); }, 250));
      }
    }));
  }

  uriFor(config: vscode.Uri, userName: string): vscode.Uri {
    const folder = vscode.workspace.asRelativePath(config).replace(/[^\w.-]+/g, '-');
    const uri = vscode.Uri.from({ scheme: RequestPreviews.scheme, path: `/${folder}/Requests for ${userName.replace(/[/\\]+/g, '-')}.md` });
    this.entries.set(uri.toString(), { config, userName });
    return uri;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const entry = this.entries.get(uri.toString());
    if (!entry) return '# Preview no longer available\n\nOpen it again from the Preview Requests lens above the assignment.\n';
    const file = vscode.workspace.asRelativePath(entry.config);
    let text: string;
    try {
      text = await configText(entry.config);
    } catch {
      return `# ${file} cannot be read\n`;
    }
    const read = configPeople(text);
    if (read.broken) return `# ${file} has YAML errors\n\nFix them (see the Problems panel); the preview follows the file.\n`;
    const person = personNamed(read.people, entry.userName);
    if (!person) return `# ${entry.userName} is no longer assigned in ${file}\n`;
    const { planRequests, renderPreviewMarkdown } = simulation();
    const plan = planRequests(read.config, person.assignment);
    if ('error' in plan) return `# No preview\n\n${plan.error}.\n`;
    const line = text.slice(0, person.start).split('\n').length;
    return renderPreviewMarkdown(plan, { file, line });
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.subscription.dispose();
    this.changed.dispose();
  }
}


/** "Preview Requests" above each assignment of a config. */
export class AssignmentCodeLens implements vscode.CodeLensProvider {
  constructor(private readonly files: ConfigFiles) {}

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.files.matches(doc)) return [];
    // A lens per person is for files a person reads; large generated ones (those the validation worker
    // takes, above WORKER_THRESHOLD) get the palette command: a 413 KB config has 5,000 assignments, and
    // parsing it on the extension host and rendering 5,000 lenses after every keystroke held typing up.
    if (documentLength(doc) > WORKER_THRESHOLD) return [];
    const read = configPeople(doc.getText());
    return read.people.map((p) => {
      const at = doc.positionAt(p.start);
      return new vscode.CodeLens(new vscode.Range(at, at), {
        title: '$(open-preview) Preview Requests',
        tooltip: `The requests the identity provider sends for ${p.assignment.userName} (nothing is sent)`,
        command: Commands.previewRequests,
        arguments: [doc.uri, p.assignment.userName],
      });
    });
  }
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

export interface SimulateArgs {
  uri?: vscode.Uri;
  /** The assignment (skips the person picker). */
  userName?: string;
}

export interface SimulateDeps {
  files: ConfigFiles;
  tokens: TokenStore;
  log: Logger;
  redact: Redactor;
  version: string;
  reports: ReportDocuments;
  status?: ConfigStatus;
}

const outcome = (s: StepResult): string => (s.skipped ? (s.skipped === 'cancelled' ? 'cancelled' : 'not run') : s.ok ? 'ok' : 'failed');

/**
 * "Simulate Provisioning…": the identity provider's requests for a person, run against the
 * config's tenant for a stand-in, then removed. Returns the report (undefined when not run).
 */
export async function simulateProvisioning(deps: SimulateDeps, arg?: unknown): Promise<SimulationReport | undefined> {
  if (!(await ensureTrusted('Simulating provisioning'))) return undefined;
  const args: SimulateArgs = arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? arg : {};
  const endpoint = await resolveEndpoint(deps.files, arg, { title: 'Simulate Provisioning: which config?', status: deps.status, log: deps.log });
  if (!endpoint) return undefined;
  const read = await peopleOf(endpoint.target.uri);
  if (!read) return undefined;
  const person = await pickPerson(read.people, `Simulate Provisioning: ${endpoint.target.summary.appName}`, args.userName);
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
  const session = await tokenAndClient(deps, endpoint);
  if (!session) return undefined;
  const { token, client } = session;

  const net = network();
  const options = clientOptionsFromSettings(deps.version);
  const transport = net.rawTransport({
    baseUrl: endpoint.baseUrl, token, redact: deps.redact, timeoutMs: options.timeoutMs,
    dispatcher: client.dispatcherFor(endpoint.baseUrl), userAgent: `scim-provisioning-vscode/${deps.version}`,
  });
  deps.log.info(`simulating ${plan.idp.label} provisioning of ${who} against ${endpoint.baseUrl}`);
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Simulating ${plan.idp.label} provisioning of ${who}`, cancellable: true },
      async (progress, cancel) => {
        const ctrl = new AbortController();
        const sub = cancel.onCancellationRequested(() => {
          ctrl.abort();
          progress.report({ message: 'cancelled: removing the stand-in…' });
        });
        try {
          return await net.runSimulation({
            config: read.config, assignment: person.assignment, transport, signal: ctrl.signal, redact: deps.redact,
            onStep: (s) => {
              progress.report({ increment: 100 / 6, message: `${s.name}: ${outcome(s)}` });
              const line = `simulate ${s.name}: ${outcome(s)}${s.problems.length ? `: ${s.problems.join('; ')}` : ''}${s.fixes?.length ? ` (fix: ${s.fixes.join('; ')})` : ''}`;
              if (s.ok === false && !s.skipped) deps.log.warn(line);
              else deps.log.info(line);
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    if ('error' in result) {
      void vscode.window.showErrorMessage(`Simulate Provisioning: ${result.error}.`);
      return undefined;
    }
    const markdown = deps.redact(renderSimulationMarkdown(result, { baseUrl: endpoint.baseUrl, appName, date: new Date() }));
    const uri = deps.reports.add(markdown, `Simulation ${who}`);
    await showReport(uri);
    const message = `Simulated provisioning of ${who}: ${outcomeSummary(result)}.`;
    const source = 'Open as Markdown';
    const onPick = (p: string | undefined): unknown => p === 'Show Log' ? vscode.commands.executeCommand(Commands.showLog)
      : p === source ? vscode.window.showTextDocument(uri, { preview: false }) : undefined;
    if (result.ok) {
      deps.log.info(message);
      void vscode.window.showInformationMessage(message, source).then(onPick);
    } else {
      deps.log.warn(message);
      void vscode.window.showErrorMessage(message, 'Show Log', source).then(onPick);
    }
    return result;
  } finally {
    await transport.close();
    await client.close();
  }
}
