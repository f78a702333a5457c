// "Reconcile with Tenant" in the editor: the sweep (cancellable progress, never from an untrusted
// workspace, only when asked), the result on the assignment lines (./trackedDiagnostics.ts), the
// quick fixes on `differs`, "Keep the file's values" and "Add to Assignments" for an unassigned
// tenant user. The decisions are the core's.
import * as vscode from 'vscode';
import { LineIndex } from '../../core/config/yaml/lineIndex';
import { parseConfig } from '../../core/config/yaml/parse';
import { readAssignments, readAssignmentsInSlices } from '../../core/reconcile/assignments';
import type { ConfigAssignment, ConfigAssignments } from '../../core/reconcile/assignments';
import { addAssignment, assignmentFor, takeTenantValues } from '../../core/reconcile/edits';
import { reconcile, summaryLine } from '../../core/reconcile/reconcile';
import type { Category, FieldDifference, Person, ReconcileResult } from '../../core/reconcile/reconcile';
import type { TenantSnapshot } from '../../core/tenant/snapshot';
import { sweepTenant, TenantUsers } from '../../core/tenant/users';
import { DEFAULT_IDP_DESCRIPTOR } from '../../core/idp/descriptors';
import { idpDescriptorFor } from '../../core/idp/registry';
import { isUri, openDocument, readText, toWorkspaceEdit } from '../base/documents';
import { personOf, uriOf } from '../base/commandArgs';
import { Commands, RECONCILE_SOURCE, Views } from '../base/constants';
import { network } from '../base/lazyBundle';
import { Disposable } from '../base/lifecycle';
import { showOutcome } from '../base/notify';
import { withCancellableProgress } from '../base/progress';
import { usersConcurrency } from '../base/settings';
import type { Services } from '../services';
import type { Endpoint } from '../tenant/configTarget';
import type { ReconcileResults } from './results';
import { TrackedDiagnostics } from './trackedDiagnostics';

export type ReconcileCode = 'tenant-missing' | 'tenant-differs' | 'tenant-inactive' | 'tenant-conflict' | 'tenant-unassigned';

const CODES: Partial<Record<Category, ReconcileCode>> = { missing: 'tenant-missing', differs: 'tenant-differs', inactive: 'tenant-inactive', conflict: 'tenant-conflict' };
const SEVERITY: Partial<Record<Category, vscode.DiagnosticSeverity>> = {
  missing: vscode.DiagnosticSeverity.Information,
  differs: vscode.DiagnosticSeverity.Information,
  inactive: vscode.DiagnosticSeverity.Warning,
  conflict: vscode.DiagnosticSeverity.Warning,
};

/** A whole tenant read by a reconcile: the SCIM view may show it instead of reading it again. */
export interface TenantRead {
  endpoint: Endpoint;
  users: TenantUsers;
}

const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class ReconcileController extends Disposable implements vscode.CodeActionProvider {
  private readonly diagnostics = this._register(new TrackedDiagnostics<Person>('scim-provisioning-reconcile'));
  private readonly running = new Map<string, Promise<ReconcileResult | undefined>>();
  private readonly read = this._register(new vscode.EventEmitter<TenantRead>());
  /** A reconcile read the whole tenant of a config. */
  readonly onDidReadTenant = this.read.event;

  constructor(private readonly services: Services, private readonly results: ReconcileResults) {
    super();
    this._register(services.files.onDidChangeFile((uri) => { if (!openDocument(uri)) this.diagnostics.clear(uri); }));
  }

  /** "Reconcile with Tenant" for a config (the argument, the active editor's, the only one, or picked); one run per config at a time. */
  run(given?: unknown): Promise<ReconcileResult | undefined> {
    const uri = uriOf(given, isUri);
    const key = uri?.toString();
    const pending = key ? this.running.get(key) : undefined;
    if (pending) return pending;
    const run = this.runOnce(uri ?? given);
    if (key) {
      this.running.set(key, run);
      void run.finally(() => this.running.delete(key));
    }
    return run;
  }

  private async runOnce(arg: unknown): Promise<ReconcileResult | undefined> {
    const { connections, log, redact } = this.services;
    const endpoint = await connections.endpointFor(arg, { action: 'Reconcile with Tenant', title: 'Reconcile with Tenant: which config?' });
    if (!endpoint) return undefined;
    const connection = await connections.connect(endpoint);
    if (!connection) return undefined;
    const { uri } = endpoint.target;
    const appName = endpoint.target.summary.appName;
    const idp = idpDescriptorFor(endpoint.target.summary.identityProvider);
    try {
      const { r, tenant } = await withCancellableProgress({ title: `Reconciling ${appName} with the tenant`, view: Views.users }, async (signal, progress) => {
        const tenant = new TenantUsers(new (network().UserPager)(connection.client, { onWarning: (w) => log.warn(`${appName}: ${w}`) }));
        progress.report({ message: 'reading the tenant\'s users…' });
        let shown = 0;
        const r = await sweepTenant(tenant, {
          concurrency: usersConcurrency(),
          signal,
          onPage: () => {
            if (tenant.size - shown < 1000 && tenant.size !== tenant.total) return;
            shown = tenant.size;
            progress.report({ message: `${tenant.size.toLocaleString()}${tenant.total !== undefined ? ` of ${tenant.total.toLocaleString()}` : ''} users` });
          },
        });
        return { r, tenant };
      });
      log.info(`${appName}: reconcile read ${r.loaded} users in ${r.pages} pages (${r.requests} requests)`);
      if (!r.ok) {
        if (r.failure.diagnosis === 'cancelled') return undefined;
        const message = redact(r.failure.diagnosis === 'incomplete' ? `${r.failure.message} Nothing was reconciled: a partial list would call people missing who are not.` : r.failure.message);
        log.warn(`${appName}: reconcile: ${r.failure.diagnosis}: ${message}`);
        this.diagnostics.clear(uri);
        this.results.set({ uri, appName, idp, at: new Date(), error: { diagnosis: r.failure.diagnosis, message } });
        showOutcome({ level: 'error', message: `Reconcile with ${appName}: ${message}`, log: true });
        return undefined;
      }
      const computed = await this.compute(uri, r.snapshot);
      if ('error' in computed) {
        void vscode.window.showErrorMessage(`Reconcile: ${vscode.workspace.asRelativePath(uri)}: ${computed.error}`);
        return undefined;
      }
      this.results.set({ uri, appName, idp: computed.config.idp ?? idp, at: new Date(), result: computed.result, snapshot: r.snapshot });
      this.publish(uri, computed.text, computed.result, computed.config);
      this.read.fire({ endpoint, users: tenant });
      const s = computed.result.summary;
      const everyone = s.matched === computed.result.people.length;
      log.info(`${appName}: reconcile: ${summaryLine(s)}`);
      showOutcome({
        level: 'info',
        message: everyone ? `${appName}: everyone is matched (${s.matched}).` : `${appName}: ${summaryLine(s)}.`,
        actions: [
          { title: 'Show in SCIM View', run: () => vscode.commands.executeCommand(Commands.reconcileShow, uri) },
          ...(everyone ? [] : [{ title: 'Show Problems', run: () => vscode.commands.executeCommand('workbench.actions.view.problems') }]),
        ],
      });
      return computed.result;
    } finally {
      connection.release();
    }
  }

  /** The config as it is now (the open document's text, else the file) against a snapshot. */
  private async compute(uri: vscode.Uri, snapshot: TenantSnapshot): Promise<{ result: ReconcileResult; text: string; config: ConfigAssignments } | { error: string }> {
    for (let attempt = 0; ; attempt++) {
      const doc = openDocument(uri);
      const version = doc?.version;
      const text = doc ? doc.getText() : await readText(uri);
      const read = await readAssignmentsInSlices(text, { pause });
      // Edited while it was read: read it again (the lines must be those of the text shown).
      if (doc && doc.version !== version && attempt < 3) continue;
      if (!read.ok) return { error: read.message };
      return { result: reconcile(read.config, snapshot), text, config: read.config };
    }
  }

  /** Re-reconciles the file as it is now against the stored snapshot (after Add to Assignments). */
  private async recompute(uri: vscode.Uri): Promise<void> {
    const stored = this.results.get(uri);
    if (!stored?.snapshot) return;
    const computed = await this.compute(uri, stored.snapshot);
    if ('error' in computed) return;
    this.results.set({ ...stored, idp: computed.config.idp ?? stored.idp, result: computed.result });
    this.publish(uri, computed.text, computed.result, computed.config);
  }

  private publish(uri: vscode.Uri, text: string, result: ReconcileResult, config: ConfigAssignments): void {
    const lines = new LineIndex(text);
    const pos = (off: number): vscode.Position => { const p = lines.positionAt(off); return new vscode.Position(p.line - 1, p.column - 1); };
    const rangeOf = (a: ConfigAssignment): vscode.Range => new vscode.Range(pos(a.start), pos(a.end));
    const entries: Array<{ data?: Person; first: number; last: number; diagnostic: vscode.Diagnostic }> = [];
    for (const person of result.people) {
      const a = person.assignment;
      const code = CODES[person.category];
      if (!a || !code) continue;
      const d = new vscode.Diagnostic(rangeOf(a), person.message, SEVERITY[person.category]);
      d.source = RECONCILE_SOURCE;
      d.code = code;
      const related = relatedInformation(uri, person, rangeOf);
      if (related.length) d.relatedInformation = related;
      entries.push({ data: person, first: a.line - 1, last: a.endLine - 1, diagnostic: d });
    }
    const unassigned = result.summary.unassigned;
    if (unassigned > 0 && config.key) {
      const { matching } = config.idp ?? DEFAULT_IDP_DESCRIPTOR;
      const d = new vscode.Diagnostic(new vscode.Range(pos(config.key.start), pos(config.key.end)),
        `${unassigned} active tenant user${unassigned === 1 ? ' is' : 's are'} not assigned: ${unassigned === 1 ? matching.unassigned : matching.unassignedMany}; see Reconcile in the SCIM view to add them.`,
        vscode.DiagnosticSeverity.Information);
      d.source = RECONCILE_SOURCE;
      d.code = 'tenant-unassigned' satisfies ReconcileCode;
      entries.push({ first: config.key.line - 1, last: config.key.line - 1, diagnostic: d });
    }
    this.diagnostics.set(uri, entries);
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const keepTitle = `Keep the file's values: ${this.updates(doc.uri)}`;
    for (const e of this.diagnostics.get(doc.uri)) {
      const p = e.data;
      if (p?.category !== 'differs' || !p.fields?.length || !e.diagnostic.range.intersection(range)) continue;
      const take = (title: string, fields: readonly FieldDifference[]): void => {
        const r = takeTenantValues(doc.getText(), { line: e.first + 1, userName: p.userName }, fields.map((f) => ({ name: f.name, tenant: f.tenant })));
        if (!r.ok) return;
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [e.diagnostic];
        action.edit = toWorkspaceEdit(doc, r.edits);
        actions.push(action);
      };
      for (const f of p.fields) take(`Take the tenant's ${f.name}: ${f.tenant === null ? 'remove it from the file' : `'${f.tenant}'`}`, [f]);
      if (p.fields.length > 1) take(`Take all the tenant's values (${p.fields.map((f) => f.name).join(', ')})`, p.fields);
      const keep = new vscode.CodeAction(keepTitle, vscode.CodeActionKind.QuickFix);
      keep.diagnostics = [e.diagnostic];
      keep.command = { command: Commands.reconcileKeepFileValues, title: keep.title, arguments: [doc.uri, e.id] };
      actions.push(keep);
    }
    return actions;
  }

  /** "Keep the file's values": the person decided the identity provider should update the tenant; the hint goes away. */
  keepFileValues(uri: vscode.Uri, id: number): boolean {
    const entry = this.diagnostics.remove(uri, id);
    if (!entry) return false;
    this.services.log.info(`reconcile: keeping the file's values for '${entry.data?.userName ?? ''}' (${this.updates(uri)})`);
    return true;
  }

  /** "Okta will update the tenant", in the words of the config's identity provider. */
  private updates(uri: vscode.Uri): string {
    const idp = this.results.get(uri)?.idp ?? DEFAULT_IDP_DESCRIPTOR;
    return `${idp.label} ${idp.matching.outcomes.differs}`;
  }

  /** "Add to Assignments" on an unassigned tenant user: written at the end of the file's assignments. */
  async addToAssignments(arg?: unknown): Promise<boolean> {
    const target = personOf<vscode.Uri, Person>(arg, isUri);
    if (!target || target.person.category !== 'unassigned') return false;
    const user = target.person.tenant[0];
    if (!user) return false;
    const doc = await vscode.workspace.openTextDocument(target.uri);
    const text = doc.getText();
    const parsed = readAssignments(parseConfig(text));
    const fields = assignmentFor(user, parsed.ok ? parsed.config.defaultTimezone : undefined);
    const userName = fields[0]?.[1] ?? user.userName;
    const already = parsed.ok ? parsed.config.assignments.find((a) => a.userName.toLowerCase() === userName.toLowerCase()) : undefined;
    if (already) {
      void vscode.window.showInformationMessage(`'${userName}' is already assigned (line ${already.line}): run Reconcile with Tenant again.`);
      return false;
    }
    const r = addAssignment(text, fields);
    if (!r.ok) {
      void vscode.window.showErrorMessage(`Cannot add '${userName}': ${r.message}.`);
      return false;
    }
    if (!(await vscode.workspace.applyEdit(toWorkspaceEdit(doc, r.edits)))) return false;
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    if (r.line !== undefined) {
      const line = doc.lineAt(Math.min(doc.lineCount - 1, r.line - 1));
      const at = line.text.indexOf(userName);
      editor.selection = at >= 0 ? new vscode.Selection(line.lineNumber, at, line.lineNumber, at + userName.length) : new vscode.Selection(line.range.start, line.range.start);
      editor.revealRange(line.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
    this.services.log.info(`reconcile: added '${userName}' to the assignments of ${vscode.workspace.asRelativePath(target.uri)}`);
    await this.recompute(target.uri);
    return true;
  }
}

/** Where else to look: the other assignment of a duplicate, the tenant users of a conflict, the values that differ. */
function relatedInformation(uri: vscode.Uri, p: Person, rangeOf: (a: ConfigAssignment) => vscode.Range): vscode.DiagnosticRelatedInformation[] {
  const here = p.assignment ? new vscode.Location(uri, rangeOf(p.assignment)) : undefined;
  if (!here) return [];
  const out: vscode.DiagnosticRelatedInformation[] = [];
  if (p.other) out.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, rangeOf(p.other)), p.conflict === 'duplicate-assignment' ? 'first assigned here' : `'${p.other.userName}' matches the same tenant user`));
  if (p.category === 'conflict') for (const u of p.tenant) out.push(new vscode.DiagnosticRelatedInformation(here, `tenant user '${u.userName}' (id ${u.id}${u.email ? `, email ${u.email}` : ''})`));
  for (const f of p.fields ?? []) out.push(new vscode.DiagnosticRelatedInformation(here, `${f.name}: file '${f.config}', tenant ${f.tenant === null ? 'blank' : `'${f.tenant}'`}`));
  return out;
}
