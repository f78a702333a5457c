import * as vscode from 'vscode';
import type { ScimClient } from '../core/scim/client';
import type { ScimFailure } from '../core/scim/diagnosis';
import type { UserPage } from '../core/scim/pageReader';
import { network } from './lazyNetwork';
import { activeOf, type UserRow } from '../core/scim/users';
import { tenantUserProblems } from '../core/tenant/userProblems';
import type { TenantUser } from '../core/tenant/snapshot';
import { TenantUsers } from '../core/tenant/users';
import type { ReconcileView, ReconcilePart } from './reconcileView';
import { filterFromInput, validateScimFilter } from '../core/scim/filter';
import { Commands, ContextKey, Settings, Views } from './constants';
import { findWorkspaceConfigs, readConfigTarget } from './configPicker';
import type { ConfigFiles } from './configFiles';
import type { TokenStore } from './tokenStore';
import type { Logger } from './logger';
import type { Redactor } from '../core/http/redact';
import { createClient } from './network';
import { endpointOfTarget, tokenFor, type Endpoint } from './tokens';
import { nextStep, splitMessage } from './failureText';
import { markStep } from './contextKeys';

/** Rows per group once a tenant shows more users than fit comfortably in one list. */
const GROUP_SIZE = 1000;

/** A user row: the snapshot's slim record. */
type Row = TenantUser;

type Node =
  | { kind: 'tenant'; tenant: Tenant }
  | { kind: 'group'; tenant: Tenant; from: number; to: number }
  | { kind: 'user'; tenant: Tenant; row: Row }
  | { kind: 'attr'; label: string; value: string }
  | { kind: 'more'; tenant: Tenant }
  | { kind: 'message'; tenant?: Tenant; label: string; detail?: string; tooltip?: string; icon: string; command?: vscode.Command }
  | { kind: 'reconcile'; tenant: Tenant; part: ReconcilePart };

/** One config's tenant: its endpoint, client and its users (the shared snapshot, filled by the pager). */
class Tenant {
  /** The snapshot of the tenant's users and the pager filling it (slim records, never whole resources). */
  users: TenantUsers | undefined;
  client: ScimClient | undefined;
  endpoint: Endpoint | undefined;
  problem: Node | undefined;
  filter: string | undefined;
  warnings: string[] = [];
  loading: Promise<void> | undefined;
  started = false;
  patchSupported: boolean | undefined;
  readonly node: Node;

  constructor(readonly uri: vscode.Uri, public appName: string) {
    this.node = { kind: 'tenant', tenant: this };
  }

  get key(): string { return this.uri.toString(); }

  /** The rows shown: the snapshot's users, in the tenant's order. */
  get rows(): readonly Row[] { return this.users?.snapshot.list() ?? []; }
  /** The tenant's totalResults, once a page said. */
  get total(): number | undefined { return this.users?.total; }

  async reset(): Promise<void> {
    this.users = undefined;
    this.problem = undefined;
    this.warnings = [];
    this.started = false;
    const client = this.client;
    this.client = undefined;
    await client?.close();
  }
}

/** A failure row: the first sentence as the label, the next step as its click, everything in the tooltip. */
function failureNode(tenant: Tenant, failure: ScimFailure): Node {
  const step = nextStep(failure.diagnosis);
  const command: vscode.Command = { command: step.command, title: step.title, arguments: [...(step.withUri ? [tenant.uri] : []), ...(step.args ?? [])] };
  const { headline } = splitMessage(failure.message);
  const tooltip = [failure.message, failure.detail, `Click: ${step.title}`].filter(Boolean).join('\n\n');
  return { kind: 'message', tenant, label: headline, detail: step.hint, tooltip, icon: 'error', command };
}

/**
 * "SCIM Users": one root per provisioning config, users under it, paged as the tenant allows.
 * Nothing is fetched until a root is expanded (so not before the view is visible), and nothing at
 * all in an untrusted workspace.
 */
export class UsersTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly tenants = new Map<string, Tenant>();
  private roots: Tenant[] | undefined;
  private listed = false;
  private editTimer: NodeJS.Timeout | undefined;
  readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    files: ConfigFiles,
    private readonly tokens: TokenStore,
    private readonly log: Logger,
    private readonly redact: Redactor,
    private readonly version: string,
    private readonly reconcile: ReconcileView,
  ) {
    // no Collapse All button: with Filter, Refresh and the menu the title "SCIM PROVISIONING: USERS" still fits
    this.view = vscode.window.createTreeView(Views.users, { treeDataProvider: this });
    this.disposables.push(
      this.view, this.changed,
      files.onDidChange(() => this.refreshRoots()),
      files.onDidCreateOrDelete(() => this.refreshRoots()),
      files.onDidChangeFile((uri) => { if (this.tenants.has(uri.toString())) void this.refresh(this.tenants.get(uri.toString())); }),
      tokens.onDidChange(() => { for (const t of this.tenants.values()) if (t.problem) void this.refresh(t); }),
      // a root that says why it cannot list users follows the edits that fix it (before they are saved)
      vscode.workspace.onDidChangeTextDocument((e) => {
        const t = this.tenants.get(e.document.uri.toString());
        if (!t?.problem || !e.contentChanges.length) return;
        clearTimeout(this.editTimer);
        this.editTimer = setTimeout(() => void this.refresh(t), 300);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshRoots()),
      reconcile.onDidChange((uri) => { const t = this.tenants.get(uri.toString()); if (t) this.changed.fire(t.node); }),
    );
  }

  // ---- TreeDataProvider -------------------------------------------------------------------

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      if (!this.roots) {
        const uris = await findWorkspaceConfigs();
        const roots: Tenant[] = [];
        for (const uri of uris) {
          const t = this.tenants.get(uri.toString()) ?? new Tenant(uri, 'SCIM tenant');
          this.tenants.set(uri.toString(), t);
          roots.push(t);
        }
        this.roots = roots;
        await Promise.all(roots.map(async (t) => {
          const target = await readConfigTarget(t.uri);
          t.appName = target.summary.appName;
          const endpoint = endpointOfTarget(target);
          t.endpoint = typeof endpoint === 'string' ? undefined : endpoint;
        }));
      }
      return this.roots.map((t) => t.node);
    }
    if (node.kind === 'tenant') return this.tenantChildren(node.tenant);
    if (node.kind === 'group') return node.tenant.rows.slice(node.from, node.to).map((row) => ({ kind: 'user', tenant: node.tenant, row }));
    if (node.kind === 'user') return userAttributes(node.row);
    if (node.kind === 'reconcile') return this.reconcile.children(node.tenant.uri, node.part).map((part) => ({ kind: 'reconcile', tenant: node.tenant, part }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'tenant': {
        const t = node.tenant;
        const item = new vscode.TreeItem(t.appName, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `tenant:${t.key}`;
        const host = t.endpoint ? new URL(t.endpoint.origin).host : vscode.workspace.asRelativePath(t.uri);
        // a count only once the tenant said something: not for a first page that failed
        const counted = !!t.users && (t.rows.length > 0 || t.total !== undefined || (t.users.isDone && !t.problem));
        const count = t.started && counted ? (t.total !== undefined ? `${t.rows.length} of ${t.total}` : `${t.rows.length}`) : undefined;
        // the count first: a narrow sidebar cuts the end of the line
        item.description = [count ? `${count} users` : undefined, t.filter ? `filter: ${t.filter}` : undefined, host].filter(Boolean).join(' · ');
        item.tooltip = new vscode.MarkdownString(`**${t.appName}**\n\n${t.endpoint?.baseUrl ?? ''}\n\nConfig: \`${vscode.workspace.asRelativePath(t.uri)}\``);
        item.iconPath = new vscode.ThemeIcon('server-environment');
        // Filter, Load all, Test, Set Token and Check act on a root that can list users only
        item.contextValue = t.endpoint && vscode.workspace.isTrusted ? 'tenant' : 'tenant.unavailable';
        item.resourceUri = t.uri;
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(`Users ${node.from + 1}–${node.to}`, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `group:${node.tenant.key}:${node.from}`;
        const first = node.tenant.rows[node.from]?.userName ?? '';
        const last = node.tenant.rows[node.to - 1]?.userName ?? '';
        item.description = `${first} … ${last}`;
        item.iconPath = new vscode.ThemeIcon('folder');
        return item;
      }
      case 'user': {
        const { row } = node;
        const item = new vscode.TreeItem(row.displayName ?? row.userName, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `user:${node.tenant.key}:${row.id}`;
        item.description = [row.displayName ? row.userName : undefined, row.active === false ? 'inactive' : undefined].filter(Boolean).join(' · ');
        const problems = tenantUserProblems(row);
        const warn = problems.length > 0;
        item.iconPath = warn
          ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
          : row.active === false
            ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'))
            : new vscode.ThemeIcon('person', new vscode.ThemeColor('testing.iconPassed'));
        const tip = new vscode.MarkdownString(`**${row.userName}**${row.displayName ? ` — ${row.displayName}` : ''}\n\n${row.active === false ? 'Inactive' : 'Active'} · id \`${row.id}\``);
        if (warn) tip.appendMarkdown(`\n\n$(warning) ${problems.join('\n\n$(warning) ')}`);
        tip.supportThemeIcons = true;
        item.tooltip = tip;
        item.contextValue = row.active === false ? 'user.inactive' : 'user.active';
        return item;
      }
      case 'attr': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.description = node.value;
        item.tooltip = `${node.label}: ${node.value}`;
        return item;
      }
      case 'more': {
        const t = node.tenant;
        const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
        item.id = `more:${t.key}:${t.rows.length}`;
        item.description = t.total !== undefined ? `${t.total - t.rows.length} more` : undefined;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: Commands.usersLoadMore, title: 'Load more', arguments: [t.node] };
        item.contextValue = 'loadMore';
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.description = node.detail;
        item.tooltip = node.tooltip ?? (node.detail ? `${node.label}\n\n${node.detail}` : node.label);
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.command = node.command;
        item.contextValue = 'message';
        return item;
      }
      case 'reconcile':
        return this.reconcile.item(node.tenant.uri, node.tenant.key, node.part);
    }
  }

  // ---- loading ------------------------------------------------------------------------------

  /** Starts the tenant once (client, pager, first page); later callers wait for the same start. */
  private async ensureStarted(t: Tenant): Promise<void> {
    if (!t.started) {
      t.started = true;
      t.loading = this.start(t).finally(() => { t.loading = undefined; });
      await t.loading;
      // The root's description ("100 of 250 users") changed with the first page: show it now, but
      // only after these children have been handed over (a refresh of the root while its children are
      // being resolved makes the view register the same ids twice).
      // A first page that failed changed nothing there: no refresh that would redraw the row that says why.
      if (t.rows.length || t.total !== undefined) setTimeout(() => this.changed.fire(t.node), 0);
      return;
    }
    await t.loading;
  }

  /** The tenant a command acts on: the node's, else the only one, else the person picks. */
  private async tenantOf(node: Node | undefined): Promise<Tenant | undefined> {
    const t = node && 'tenant' in node ? node.tenant : undefined;
    // a title-bar action gets the focused row: if its config cannot list users, ask among those that can
    return t?.endpoint ? t : this.pickTenant();
  }

  private async tenantChildren(t: Tenant): Promise<Node[]> {
    await this.ensureStarted(t);
    const nodes: Node[] = [];
    if (t.problem) nodes.push(t.problem);
    for (const w of t.warnings) nodes.push({ kind: 'message', tenant: t, label: w, icon: 'info' });
    if (vscode.workspace.isTrusted) nodes.push({ kind: 'reconcile', tenant: t, part: { level: 'summary' } });
    if (t.rows.length > GROUP_SIZE) {
      for (let from = 0; from < t.rows.length; from += GROUP_SIZE) nodes.push({ kind: 'group', tenant: t, from, to: Math.min(t.rows.length, from + GROUP_SIZE) });
    } else {
      for (const row of t.rows) nodes.push({ kind: 'user', tenant: t, row });
    }
    if (t.users && !t.users.isDone && !t.problem) nodes.push({ kind: 'more', tenant: t });
    if (t.users && t.users.isDone && !t.rows.length && !t.problem) nodes.push({ kind: 'message', tenant: t, label: t.filter ? 'No user matches the filter.' : 'The tenant has no users.', icon: 'info' });
    return nodes;
  }

  /** Set up the client and pager for a tenant and fetch the first page. Problems become a node. */
  private async start(t: Tenant): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      t.problem = { kind: 'message', tenant: t, label: 'Untrusted workspace: nothing is sent to the tenant.', icon: 'shield', command: { command: 'workbench.trust.manage', title: 'Manage Workspace Trust' } };
      return;
    }
    const target = await readConfigTarget(t.uri);
    t.appName = target.summary.appName;
    const endpoint = endpointOfTarget(target);
    if (typeof endpoint === 'string') {
      const problem = target.endpoint.ok ? undefined : target.endpoint;
      t.problem = { kind: 'message', tenant: t, label: problem?.short ?? endpoint, detail: 'click to see the fixes',
        tooltip: [endpoint, problem?.detail, 'Click: the quick fixes at the problem'].filter(Boolean).join('\n\n'),
        icon: 'error', command: { command: Commands.revealEndpointProblem, title: 'Show the Fixes', arguments: [t.uri] } };
      this.log.warn(`${vscode.workspace.asRelativePath(t.uri)} cannot list users: ${endpoint}`);
      return;
    }
    t.endpoint = endpoint;
    const token = await tokenFor(this.tokens, endpoint, this.log, false);
    if (!token) {
      t.problem = { kind: 'message', tenant: t, label: `No API token for ${new URL(endpoint.origin).host} yet`, detail: 'click to set one', icon: 'key',
        tooltip: `No API token '${endpoint.target.tokenRef}' is stored for ${endpoint.origin}.\n\nClick: Set API Token`, command: { command: Commands.setToken, title: 'Set API Token', arguments: [t.uri] } };
      return;
    }
    this.redact.add(token);
    const cfg = vscode.workspace.getConfiguration(Settings.section);
    t.client = createClient(this.version, endpoint.baseUrl, token, this.log, this.redact, endpoint.target.summary.target);
    try {
      t.users = new TenantUsers(new (network().UserPager)(t.client, {
        filter: t.filter,
        pageSize: cfg.get<number>(Settings.usersPageSize, 100),
        onWarning: (w) => { t.warnings.push(w); this.log.warn(`${t.appName}: ${w}`); },
      }), t.filter);
    } catch (e) {
      t.problem = { kind: 'message', tenant: t, label: e instanceof network().InvalidFilterError ? `Invalid filter: ${e.reason}` : String(e), icon: 'error', command: { command: Commands.usersFilter, title: 'Edit Filter', arguments: [t.node] } };
      return;
    }
    const r = await t.users.firstPage();
    this.applyPage(t, r.ok ? r.page : undefined, r.ok ? undefined : r.failure);
  }

  /** After a page (already in the tenant's snapshot) or a failure. */
  private applyPage(t: Tenant, page: UserPage | undefined, failure: ScimFailure | undefined): void {
    if (page) {
      if (page.users.length && !this.listed) {
        this.listed = true;
        void vscode.commands.executeCommand('setContext', ContextKey.usersListed, true);
        void markStep('users', true);
      }
      t.problem = undefined;
    }
    if (failure && failure.diagnosis !== 'cancelled') {
      t.problem = failureNode(t, failure);
      this.log.warn(`${t.appName}: ${failure.diagnosis}: ${failure.message}`);
    }
  }

  async loadMore(node?: Node): Promise<void> {
    const t = await this.tenantOf(node);
    if (!t) return;
    if (!t.users) { await this.refresh(t); return; }
    const r = await t.users.nextPage();
    this.applyPage(t, r.ok ? r.page : undefined, r.ok ? undefined : r.failure);
    this.changed.fire(t.node);
  }

  /** "Load all": every remaining page, bounded concurrency, cancellable; the tree updates as pages arrive. */
  async loadAll(node?: Node): Promise<void> {
    const t = await this.tenantOf(node);
    if (!t) return;
    await this.ensureStarted(t);
    const users = t.users;
    if (!users || t.problem) { this.changed.fire(t.node); return; }
    const concurrency = vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.usersConcurrency, 4);
    await vscode.window.withProgress(
      { location: { viewId: Views.users }, title: `Loading ${t.appName} users…`, cancellable: true },
      () => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Loading all users of ${t.appName}`, cancellable: true }, async (progress, cancel) => {
        const ctrl = new AbortController();
        const sub = cancel.onCancellationRequested(() => ctrl.abort());
        let lastRefresh = 0;
        try {
          const result = await users.loadAll({
            concurrency,
            signal: ctrl.signal,
            onPage: (page) => {
              this.applyPage(t, page, undefined);
              const now = Date.now();
              if (now - lastRefresh > 250) {
                lastRefresh = now;
                progress.report({ message: t.total ? `${t.rows.length} of ${t.total}` : `${t.rows.length}` });
                this.changed.fire(t.node);
              }
            },
          });
          if (!result.ok) this.applyPage(t, undefined, result.failure);
          this.log.info(`${t.appName}: loaded ${result.loaded} users in ${result.pages} pages (${result.requests} requests)`);
        } finally {
          sub.dispose();
          this.changed.fire(t.node);
        }
      }),
    );
  }

  // ---- commands -----------------------------------------------------------------------------

  async refresh(t?: Tenant): Promise<void> {
    if (!t) { await this.refreshRoots(); return; }
    await t.reset();
    this.changed.fire(t.node);
  }

  async refreshRoots(): Promise<void> {
    for (const t of this.tenants.values()) await t.reset();
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  async filter(node?: Node): Promise<void> {
    const t = await this.tenantOf(node);
    if (!t) return;
    const value = await vscode.window.showInputBox({
      title: `Filter ${t.appName} users`,
      prompt: 'A word filters by userName sw "word"; or type a SCIM filter, e.g. userName eq "jane@example.com", emails co "@example.com", active eq false',
      value: t.filter ?? '',
      valueSelection: [0, (t.filter ?? '').length],
      validateInput: (v) => {
        const f = filterFromInput(v);
        if (!f) return undefined;
        const check = validateScimFilter(f);
        if (!check.ok) return { message: `${check.message} (at ${check.offset + 1})`, severity: vscode.InputBoxValidationSeverity.Error };
        return check.notes[0] !== undefined ? { message: check.notes[0], severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
      },
    });
    if (value === undefined) return;
    await this.setFilter(t, filterFromInput(value));
  }

  async setFilter(t: Tenant, filter: string | undefined): Promise<void> {
    t.filter = filter;
    await vscode.commands.executeCommand('setContext', 'scimProvisioning.users.filtered', [...this.tenants.values()].some((x) => !!x.filter));
    this.view.description = [...this.tenants.values()].filter((x) => x.filter).map((x) => `${x.appName}: ${x.filter}`).join(' · ') || undefined;
    await this.refresh(t);
    await this.view.reveal(t.node, { expand: true }).then(undefined, () => undefined);
  }

  async clearFilter(): Promise<void> {
    for (const t of this.tenants.values()) if (t.filter) await this.setFilter(t, undefined);
  }

  async openJson(node?: Node): Promise<void> {
    if (node?.kind !== 'user') return;
    // the tab is named after the person; the id is the folder
    const name = (node.row.displayName ?? node.row.userName).replace(/[\\/:*?"<>|]+/g, '-');
    const uri = vscode.Uri.from({ scheme: UserDocuments.scheme, path: `/${encodeURIComponent(node.tenant.key)}/${encodeURIComponent(node.row.id)}/${name}.json` });
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  /** The full resource of a user, fetched on demand for "Open as JSON" (not kept in memory). */
  async fetchUserJson(tenantKey: string, id: string, token?: vscode.CancellationToken): Promise<string> {
    const t = this.tenants.get(tenantKey);
    if (!t?.client) return `// The tenant is not loaded: expand it in the SCIM Users view first.`;
    const ctrl = new AbortController();
    token?.onCancellationRequested(() => ctrl.abort());
    const r = await network().getUser(t.client, id, ctrl.signal);
    return r.ok ? JSON.stringify(r.user, null, 2) + '\n' : `// ${r.failure.diagnosis}: ${r.failure.message}\n`;
  }

  async copy(node: Node | undefined, what: 'id' | 'userName'): Promise<void> {
    if (node?.kind !== 'user') return;
    await vscode.env.clipboard.writeText(what === 'id' ? node.row.id : node.row.userName);
    vscode.window.setStatusBarMessage(`Copied ${what} of ${node.row.userName}`, 3000);
  }

  /** Deactivate / reactivate behind a modal confirmation; the row shows the server's answer. */
  async setActive(node: Node | undefined, active: boolean): Promise<boolean> {
    if (node?.kind !== 'user') return false;
    if (!vscode.workspace.isTrusted) return false;
    const t = node.tenant;
    if (!t.client) return false;
    const verb = active ? 'Reactivate' : 'Deactivate';
    const pick = await vscode.window.showWarningMessage(
      `${verb} ${node.row.userName} in ${t.appName}?`,
      { modal: true, detail: active ? 'The user can sign in again.' : 'The user can no longer sign in. Okta does the same when a person is unassigned.' },
      verb,
    );
    if (pick !== verb) return false;
    if (t.patchSupported === undefined) {
      const spc = await t.client.get('/ServiceProviderConfig');
      t.patchSupported = spc.ok ? network().readServiceProviderSupport(spc.body)?.patch : undefined;
    }
    const r = await vscode.window.withProgress({ location: { viewId: Views.users }, title: `${verb} ${node.row.userName}` }, () =>
      network().setUserActive(t.client as ScimClient, node.row.id, active, { patchSupported: t.patchSupported }));
    if (!r.ok) {
      void vscode.window.showErrorMessage(`${verb} failed: ${r.failure.message}`);
      return false;
    }
    t.users?.upsert(r.user);
    this.log.info(`${t.appName}: ${verb.toLowerCase()}d ${node.row.userName} (${r.method}); server says active=${String(activeOf(r.user.active))}`);
    this.changed.fire(t.node);
    return true;
  }

  /** The tenant a title-bar action acts on: among the roots that can list users only. */
  private async pickTenant(): Promise<Tenant | undefined> {
    await this.getChildren();
    const all = (this.roots ?? []).filter((t) => t.endpoint);
    if (all.length <= 1) return all[0];
    const item = await vscode.window.showQuickPick(all.map((t) => ({
      label: t.appName,
      description: vscode.workspace.asRelativePath(t.uri),
      detail: [t.endpoint ? new URL(t.endpoint.origin).host : undefined, t.filter ? `filter: ${t.filter}` : undefined,
        t.started ? `${t.rows.length}${t.total !== undefined ? ` of ${t.total}` : ''} users loaded` : undefined].filter(Boolean).join(' · '),
      t,
    })), { title: 'Which tenant?' });
    return item?.t;
  }

  /** For tests and the walkthrough: the rows currently shown for a config. */
  rowsFor(uri: vscode.Uri): readonly UserRow[] {
    return this.tenants.get(uri.toString())?.rows ?? [];
  }

  getParent(node: Node): Node | undefined {
    if (node.kind === 'user' || node.kind === 'more' || node.kind === 'group') return node.tenant.node;
    if (node.kind === 'reconcile') {
      const part = this.reconcile.parentOf(node.tenant.uri, node.part);
      return part ? { kind: 'reconcile', tenant: node.tenant, part } : node.tenant.node;
    }
    return undefined;
  }

  /**
   * Reconcile read the whole tenant: the tree shows that list and keeps its client for the rows'
   * actions (unless the tree is filtered, or does not show this config). False: the caller keeps
   * the client (and closes it).
   */
  async adopt(uri: vscode.Uri, endpoint: Endpoint, client: ScimClient, users: TenantUsers): Promise<boolean> {
    const t = this.tenants.get(uri.toString());
    if (!t || t.filter) return false;
    await t.loading;
    const old = t.client;
    t.users = users;
    t.client = client;
    t.endpoint = endpoint;
    t.problem = undefined;
    t.warnings = [...users.pager.warnings];
    t.started = true;
    if (old && old !== client) await old.close();
    this.changed.fire(t.node);
    return true;
  }

  /** Shows the Reconcile node of a config's tenant (expanded) in the SCIM view. */
  async revealReconcile(uri: vscode.Uri): Promise<void> {
    await this.getChildren();
    const t = this.tenants.get(uri.toString());
    if (!t) { await vscode.commands.executeCommand(`${Views.users}.focus`); return; }
    await this.view.reveal({ kind: 'reconcile', tenant: t, part: { level: 'summary' } }, { expand: true, focus: true, select: true }).then(undefined, () => undefined);
  }

  dispose(): void {
    clearTimeout(this.editTimer);
    for (const t of this.tenants.values()) void t.reset();
    for (const d of this.disposables) d.dispose();
  }
}

function userAttributes(row: Row): Node[] {
  const attrs: Array<[string, string | undefined]> = [
    ['userName', row.userName],
    ['displayName', row.displayName],
    ['email', row.email],
    ['active', row.active === undefined ? undefined : String(row.active)],
    ['timezone', row.timezone],
    ['id', row.id],
  ];
  const nodes: Node[] = attrs.filter(([, v]) => v !== undefined).map(([label, value]) => ({ kind: 'attr', label, value: value ?? '' }));
  for (const p of tenantUserProblems(row)) nodes.push({ kind: 'message', label: p, icon: 'warning' });
  return nodes;
}

/** Read-only JSON documents of single users (`scim-user:` URIs). */
export class UserDocuments implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'scim-user';
  constructor(private readonly tree: UsersTree) {}

  provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const [, tenant, id] = uri.path.split('/');
    return this.tree.fetchUserJson(decodeURIComponent(tenant ?? ''), decodeURIComponent(id ?? ''), token);
  }
}
