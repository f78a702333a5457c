// "Reconcile with Tenant" in the editor: the sweep (cancellable progress, never from an untrusted
// workspace, only when asked), the result on the assignment lines (diagnostics of their own, cleared
// when an edit touches the assignment), the quick fixes on `differs`, "Add to Assignments" for an
// unassigned tenant user, and a CodeLens above `assignments:`. The decisions are the core's.
import * as vscode from 'vscode';
import { assignmentsKeyOffset, documentSummary } from './summaryText';
import { LineIndex } from '../core/config/yaml/lineIndex';
import { parseConfig } from '../core/config/yaml/parse';
import { endpointStatus } from '../core/config/summary';
import type { TextEdit } from '../core/config/types';
import { readAssignments, readAssignmentsInSlices } from '../core/reconcile/assignments';
import type { ConfigAssignment, ConfigAssignments } from '../core/reconcile/assignments';
import { addAssignment, assignmentFor, takeTenantValues } from '../core/reconcile/edits';
import { reconcile, summaryLine } from '../core/reconcile/reconcile';
import type { Category, FieldDifference, Person, ReconcileResult } from '../core/reconcile/reconcile';
import type { TenantSnapshot } from '../core/tenant/snapshot';
import { sweepTenant, TenantUsers } from '../core/tenant/users';
import type { Redactor } from '../core/http/redact';
import { Commands, RECONCILE_SOURCE, Settings, Views } from './constants';
import type { ConfigFiles } from './configFiles';
import { network } from './lazyNetwork';
import type { Logger } from './logger';
import { createClient, ensureTrusted } from './network';
import type { ReconcileView } from './reconcileView';
import { resolveEndpoint, tokenFor } from './tokens';
import type { ConfigStatus } from './configStatus';
import type { TokenStore } from './tokenStore';
import type { UsersTree } from './usersTree';

export type ReconcileCode = 'tenant-missing' | 'tenant-differs' | 'tenant-inactive' | 'tenant-conflict' | 'tenant-unassigned';

const CODES: Partial<Record<Category, ReconcileCode>> = { missing: 'tenant-missing', differs: 'tenant-differs', inactive: 'tenant-inactive', conflict: 'tenant-conflict' };
const SEVERITY: Partial<Record<Category, vscode.DiagnosticSeverity>> = {
  missing: vscode.DiagnosticSeverity.Information,
  differs: vscode.DiagnosticSeverity.Information,
  inactive: vscode.DiagnosticSeverity.Warning,
  conflict: vscode.DiagnosticSeverity.Warning,
};

/** A diagnostic and the lines of the assignment it is about (0-based, moved as the text above changes). */
interface Entry {
  id: number;
  person?: Person;
  first: number;
  last: number;
  diagnostic: vscode.Diagnostic;
}

export interface ReconcileDeps {
  files: ConfigFiles;
  tokens: TokenStore;
  log: Logger;
  redact: Redactor;
  version: string;
  users: UsersTree;
  view: ReconcileView;
  /** Host, token and last test of each config in the picker. */
  status?: ConfigStatus;
}

const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const openDocument = (uri: vscode.Uri): vscode.TextDocument | undefined => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());

export class ReconcileController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('scim-provisioning-reconcile');
  private readonly entries = new Map<string, Entry[]>();
  private readonly running = new Map<string, Promise<ReconcileResult | undefined>>();
  private nextId = 1;
  private readonly disposables: vscode.Disposable[];
  readonly codeActions: vscode.CodeActionProvider;
  readonly codeLens: ReconcileCodeLens;

  constructor(private readonly deps: ReconcileDeps) {
    this.codeActions = { provideCodeActions: (doc, range) => this.provideCodeActions(doc, range) };
    this.codeLens = new ReconcileCodeLens(deps.files, deps.view);
    this.disposables = [
      this.collection,
      this.codeLens,
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      deps.files.onDidChangeFile((uri) => { if (!openDocument(uri)) this.clear(uri); }),
    ];
  }

  /** "Reconcile with Tenant" for a config (the argument, the active editor's, the only one, or picked). */
  run(given?: unknown): Promise<ReconcileResult | undefined> {
    // From the SCIM view the argument is a node: its tenant's config.
    const nodeUri = (given as { tenant?: { uri?: unknown } } | undefined)?.tenant?.uri;
    const arg = nodeUri instanceof vscode.Uri ? nodeUri : given;
    const key = arg instanceof vscode.Uri ? arg.toString() : undefined;
    const pending = key ? this.running.get(key) : undefined;
    if (pending) return pending;
    const run = this.runOnce(arg);
    if (key) {
      this.running.set(key, run);
      void run.finally(() => this.running.delete(key));
    }
    return run;
  }

  private async runOnce(arg: unknown): Promise<ReconcileResult | undefined> {
    const { files, tokens, log, redact, version, users, view, status } = this.deps;
    if (!(await ensureTrusted('Reconcile with Tenant'))) return undefined;
    const endpoint = await resolveEndpoint(files, arg, { title: 'Reconcile with Tenant: which config?', status, log });
    if (!endpoint) return undefined;
    const token = await tokenFor(tokens, endpoint, log);
    if (!token) return undefined;
    redact.add(token);
    const { uri } = endpoint.target;
    const appName = endpoint.target.summary.appName;
    const client = createClient(version, endpoint.baseUrl, token, log, redact);
    let kept = false;
    try {
      const concurrency = vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.usersConcurrency, 4);
      const sweep = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Reconciling ${appName} with the tenant`, cancellable: true },
        (progress, cancel) => vscode.window.withProgress({ location: { viewId: Views.users } }, async () => {
          const ctrl = new AbortController();
          const sub = cancel.onCancellationRequested(() => ctrl.abort());
          try {
            const tenant = new TenantUsers(new (network().UserPager)(client, { onWarning: (w) => log.warn(`${appName}: ${w}`) }));
            progress.report({ message: 'reading the tenant\'s users…' });
            let shown = 0;
            const r = await sweepTenant(tenant, {
              concurrency,
              signal: ctrl.signal,
              onPage: () => {
                if (tenant.size - shown < 1000 && tenant.size !== tenant.total) return;
                shown = tenant.size;
                progress.report({ message: `${tenant.size.toLocaleString()}${tenant.total !== undefined ? ` of ${tenant.total.toLocaleString()}` : ''} users` });
              },
            });
            return { r, tenant };
          } finally {
            sub.dispose();
          }
        }),
      );
      const { r, tenant } = sweep;
      log.info(`${appName}: reconcile read ${r.loaded} users in ${r.pages} pages (${r.requests} requests)`);
      if (!r.ok) {
        if (r.failure.diagnosis === 'cancelled') return undefined;
        const message = redact(r.failure.diagnosis === 'incomplete' ? `${r.failure.message} Nothing was reconciled: a partial list would call people missing who are not.` : r.failure.message);
        log.warn(`${appName}: reconcile: ${r.failure.diagnosis}: ${message}`);
        this.clear(uri);
        view.set({ uri, appName, at: new Date(), error: { diagnosis: r.failure.diagnosis, message } });
        void vscode.window.showErrorMessage(`Reconcile with ${appName}: ${message}`, 'Show Log').then((pick) => {
          if (pick) void vscode.commands.executeCommand(Commands.showLog);
        });
        return undefined;
      }
      const computed = await this.compute(uri, r.snapshot);
      if ('error' in computed) {
        void vscode.window.showErrorMessage(`Reconcile: ${vscode.workspace.asRelativePath(uri)}: ${computed.error}`);
        return undefined;
      }
      view.set({ uri, appName, at: new Date(), result: computed.result, snapshot: r.snapshot });
      this.publish(uri, computed.text, computed.result, computed.config);
      kept = await users.adopt(uri, endpoint, client, tenant);
      const s = computed.result.summary;
      const everyone = s.matched === computed.result.people.length;
      log.info(`${appName}: reconcile: ${summaryLine(s)}`);
      void vscode.window.showInformationMessage(
        everyone ? `${appName}: everyone is matched (${s.matched}).` : `${appName}: ${summaryLine(s)}.`,
        'Show in SCIM View', ...(everyone ? [] : ['Show Problems']),
      ).then((pick) => {
        if (pick === 'Show in SCIM View') void users.revealReconcile(uri);
        else if (pick === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return computed.result;
    } finally {
      if (!kept) await client.close();
    }
  }

  /** The config as it is now (the open document's text, else the file) against a snapshot. */
  private async compute(uri: vscode.Uri, snapshot: TenantSnapshot): Promise<{ result: ReconcileResult; text: string; config: ConfigAssignments } | { error: string }> {
    for (let attempt = 0; ; attempt++) {
      const doc = openDocument(uri);
      const version = doc?.version;
      const text = doc ? doc.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const read = await readAssignmentsInSlices(text, { pause });
      // Edited while it was read: read it again (the lines must be those of the text shown).
      if (doc && doc.version !== version && attempt < 3) continue;
      if (!read.ok) return { error: read.message };
      return { result: reconcile(read.config, snapshot), text, config: read.config };
    }
  }

  /** Re-reconciles the file as it is now against the stored snapshot (after Add to Assignments). */
  private async recompute(uri: vscode.Uri): Promise<void> {
    const stored = this.deps.view.get(uri);
    if (!stored?.snapshot) return;
    const computed = await this.compute(uri, stored.snapshot);
    if ('error' in computed) return;
    this.deps.view.set({ ...stored, result: computed.result });
    this.publish(uri, computed.text, computed.result, computed.config);
  }

  private publish(uri: vscode.Uri, text: string, result: ReconcileResult, config: ConfigAssignments): void {
    const lines = new LineIndex(text);
    const pos = (off: number): vscode.Position => { const p = lines.positionAt(off); return new vscode.Position(p.line - 1, p.column - 1); };
    const rangeOf = (a: ConfigAssignment): vscode.Range => new vscode.Range(pos(a.start), pos(a.end));
    const entries: Entry[] = [];
    for (const person of result.people) {
      const a = person.assignment;
      const code = CODES[person.category];
      if (!a || !code) continue;
      const d = new vscode.Diagnostic(rangeOf(a), person.message, SEVERITY[person.category]);
      d.source = RECONCILE_SOURCE;
      d.code = code;
      const related = relatedInformation(uri, person, rangeOf);
      if (related.length) d.relatedInformation = related;
      entries.push({ id: this.nextId++, person, first: a.line - 1, last: a.endLine - 1, diagnostic: d });
    }
    const unassigned = result.summary.unassigned;
    if (unassigned > 0 && config.key) {
      const d = new vscode.Diagnostic(new vscode.Range(pos(config.key.start), pos(config.key.end)),
        `${unassigned} active tenant user${unassigned === 1 ? ' is' : 's are'} not assigned: an import leaves ${unassigned === 1 ? 'it' : 'them'} unmatched; see Reconcile in the SCIM view to add them.`,
        vscode.DiagnosticSeverity.Information);
      d.source = RECONCILE_SOURCE;
      d.code = 'tenant-unassigned' satisfies ReconcileCode;
      entries.push({ id: this.nextId++, first: config.key.line - 1, last: config.key.line - 1, diagnostic: d });
    }
    this.entries.set(uri.toString(), entries);
    this.collection.set(uri, entries.map((e) => e.diagnostic));
  }

  private clear(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
    this.collection.delete(uri);
  }

  /** An edit drops the diagnostics of every assignment it touches and moves the ones below it. */
  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    let list = this.entries.get(key);
    if (!list?.length || !e.contentChanges.length) return;
    for (const c of e.contentChanges) {
      const s = c.range.start.line;
      const end = c.range.end.line;
      const delta = (c.text.match(/\n/g)?.length ?? 0) - (end - s);
      list = list.filter((x) => x.last < s || x.first > end);
      if (delta) {
        for (const x of list) {
          if (x.first <= end) continue;
          x.first += delta;
          x.last += delta;
          const r = x.diagnostic.range;
          x.diagnostic.range = new vscode.Range(r.start.line + delta, r.start.character, r.end.line + delta, r.end.character);
        }
      }
    }
    this.entries.set(key, list);
    this.collection.set(e.document.uri, list.map((x) => x.diagnostic));
  }

  private provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const e of this.entries.get(doc.uri.toString()) ?? []) {
      const p = e.person;
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
      const keep = new vscode.CodeAction("Keep the file's values: Okta will update the tenant", vscode.CodeActionKind.QuickFix);
      keep.diagnostics = [e.diagnostic];
      keep.command = { command: Commands.reconcileKeepFileValues, title: keep.title, arguments: [doc.uri, e.id] };
      actions.push(keep);
    }
    return actions;
  }

  /** "Keep the file's values": the person decided Okta should update the tenant; the hint goes away. */
  keepFileValues(uri: vscode.Uri, id: number): boolean {
    const list = this.entries.get(uri.toString());
    const entry = list?.find((x) => x.id === id);
    if (!list || !entry) return false;
    const rest = list.filter((x) => x !== entry);
    this.entries.set(uri.toString(), rest);
    this.collection.set(uri, rest.map((x) => x.diagnostic));
    this.deps.log.info(`reconcile: keeping the file's values for '${entry.person?.userName ?? ''}' (Okta will update the tenant)`);
    return true;
  }

  /** "Add to Assignments" on an unassigned tenant user: written at the end of the file's assignments. */
  async addToAssignments(arg?: unknown): Promise<boolean> {
    const target = personOf(arg);
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
    this.deps.log.info(`reconcile: added '${userName}' to the assignments of ${vscode.workspace.asRelativePath(target.uri)}`);
    await this.recompute(target.uri);
    return true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
  return edit;
}

/** The tree node (or `{ uri, person }`) a command was invoked on. */
function personOf(arg: unknown): { uri: vscode.Uri; person: Person } | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const node = arg as { tenant?: { uri?: unknown }; part?: { level?: string; person?: Person }; uri?: unknown; person?: Person };
  if (node.part?.level === 'person' && node.part.person && node.tenant?.uri instanceof vscode.Uri) return { uri: node.tenant.uri, person: node.part.person };
  if (node.uri instanceof vscode.Uri && node.person) return { uri: node.uri, person: node.person };
  return undefined;
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

/** "Reconcile with Tenant" above `assignments:` (and the last result's counts). Not in untrusted workspaces. */
export class ReconcileCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subs: vscode.Disposable[];

  constructor(private readonly files: ConfigFiles, private readonly view: ReconcileView) {
    this.subs = [view.onDidChange(() => this.changed.fire()), vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire())];
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted || !this.files.matches(doc)) return [];
    const at = assignmentsKeyOffset(doc);
    if (at === undefined) return [];
    // A config that cannot reach a tenant: the lens above api: says why; nothing to offer here.
    if (!endpointStatus(documentSummary(doc)).ok) return [];
    const range = new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'assignments'.length));
    const lenses = [new vscode.CodeLens(range, { title: '$(git-compare) Reconcile with Tenant', command: Commands.reconcile, arguments: [doc.uri] })];
    const stored = this.view.get(doc.uri);
    if (stored?.result) {
      const s = stored.result.summary;
      const parts = (Object.keys(s) as Category[]).filter((c) => s[c] > 0).map((c) => `${s[c]} ${c}`);
      lenses.push(new vscode.CodeLens(range, { title: parts.join(' · ') || 'nothing to compare', command: Commands.reconcileShow, arguments: [doc.uri] }));
    }
    return lenses;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
  }
}
