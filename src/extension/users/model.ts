// The SCIM view's state: one Tenant per provisioning config (its endpoint, its connection, the
// snapshot of its users filled page by page, its filter, or the problem that stops it listing), and
// the loading: nothing before a root is expanded, nothing at all in an untrusted workspace.
import * as vscode from 'vscode';
import type { ScimClient } from '../../core/scim/client';
import type { ScimFailure } from '../../core/scim/diagnosis';
import type { UserPage } from '../../core/scim/pager';
import type { TenantUser } from '../../core/tenant/snapshot';
import { TenantUsers } from '../../core/tenant/users';
import { setContext } from '../base/context';
import { Commands, Views } from '../base/constants';
import { nextStep, splitMessage } from '../base/failureText';
import { network } from '../base/lazyBundle';
import { Disposable, toDisposable } from '../base/lifecycle';
import { withCancellableProgress } from '../base/progress';
import { usersConcurrency, usersPageSize } from '../base/settings';
import type { TenantRead } from '../reconcile/controller';
import type { ReconcilePart } from '../reconcile/treeItems';
import type { Services } from '../services';
import { endpointOfTarget, readConfigTarget, type Endpoint } from '../tenant/configTarget';
import type { TenantConnection } from '../tenant/connections';

/** What the SCIM view shows: a tenant (one per config), ranges of users, a user and its attributes, messages, reconcile. */
export type Node =
  | { kind: 'tenant'; tenant: Tenant }
  | { kind: 'group'; tenant: Tenant; from: number; to: number }
  | { kind: 'user'; tenant: Tenant; row: TenantUser }
  | { kind: 'attr'; label: string; value: string }
  | { kind: 'more'; tenant: Tenant }
  | { kind: 'message'; tenant?: Tenant; label: string; detail?: string; tooltip?: string; icon: string; command?: vscode.Command }
  | { kind: 'reconcile'; tenant: Tenant; part: ReconcilePart };

/** One config's tenant: its endpoint, connection and users (the shared snapshot, filled by the pager). */
export class Tenant {
  /** The snapshot of the tenant's users and the pager filling it (slim records, never whole resources). */
  users: TenantUsers | undefined;
  /** The token and client for the rows' actions (the client is the connection service's). */
  connection: TenantConnection | undefined;
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
  get client(): ScimClient | undefined { return this.connection?.client; }

  /** The rows shown: the snapshot's users, in the tenant's order. */
  get rows(): readonly TenantUser[] { return this.users?.snapshot.list() ?? []; }
  /** The tenant's totalResults, once a page said. */
  get total(): number | undefined { return this.users?.total; }

  /** Forgets what was loaded (the next expand starts again) and lets go of the connection. */
  reset(): void {
    this.users = undefined;
    this.problem = undefined;
    this.warnings = [];
    this.started = false;
    this.connection?.release();
    this.connection = undefined;
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

export class UsersModel extends Disposable {
  private readonly tenants = new Map<string, Tenant>();
  private roots: Tenant[] | undefined;
  private listed = false;
  private editTimer: NodeJS.Timeout | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<Node | undefined>());
  /** A tenant's node changed (undefined: the roots). */
  readonly onDidChange = this.changed.event;
  private readonly listedUsers = this._register(new vscode.EventEmitter<void>());
  /** The first users of any tenant were listed (the walkthrough's last step). */
  readonly onDidListUsers = this.listedUsers.event;

  constructor(private readonly services: Services) {
    super();
    const { files, tokens } = services;
    this._register(toDisposable(() => {
      clearTimeout(this.editTimer);
      for (const t of this.tenants.values()) t.reset();
    }));
    this._register(files.onDidChange(() => this.refreshRoots()));
    this._register(files.onDidCreateOrDelete(() => this.refreshRoots()));
    this._register(files.onDidChangeFile((uri) => { const t = this.tenants.get(uri.toString()); if (t) this.refresh(t); }));
    this._register(tokens.onDidChange(() => { for (const t of this.tenants.values()) if (t.problem) this.refresh(t); }));
    // a root that says why it cannot list users follows the edits that fix it (before they are saved)
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      const t = this.tenants.get(e.document.uri.toString());
      if (!t?.problem || !e.contentChanges.length) return;
      clearTimeout(this.editTimer);
      this.editTimer = setTimeout(() => this.refresh(t), 300);
    }));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshRoots()));
  }

  /** The tenant of a config (by its uri, or the uri's string). */
  get(uri: vscode.Uri | string): Tenant | undefined { return this.tenants.get(uri.toString()); }
  all(): Tenant[] { return [...this.tenants.values()]; }

  /** One tenant per config in the workspace, with its app name and endpoint (found once, until refreshed). */
  async rootTenants(): Promise<Tenant[]> {
    if (!this.roots) {
      const roots: Tenant[] = [];
      for (const uri of await this.services.files.findConfigs()) {
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
    return this.roots;
  }

  /** Starts the tenant once (connection, pager, first page); later callers wait for the same start. */
  async ensureStarted(t: Tenant): Promise<void> {
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

  /** Sets up the connection and pager for a tenant and fetches the first page. Problems become a node. */
  private async start(t: Tenant): Promise<void> {
    const { connections, log } = this.services;
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
      log.warn(`${vscode.workspace.asRelativePath(t.uri)} cannot list users: ${endpoint}`);
      return;
    }
    t.endpoint = endpoint;
    const connection = await connections.connect(endpoint, { prompt: false });
    if (!connection) {
      t.problem = { kind: 'message', tenant: t, label: `No API token for ${new URL(endpoint.origin).host} yet`, detail: 'click to set one', icon: 'key',
        tooltip: `No API token '${endpoint.target.tokenRef}' is stored for ${endpoint.origin}.\n\nClick: Set API Token`, command: { command: Commands.setToken, title: 'Set API Token', arguments: [t.uri] } };
      return;
    }
    t.connection = connection;
    try {
      t.users = new TenantUsers(new (network().UserPager)(connection.client, {
        filter: t.filter,
        pageSize: usersPageSize(),
        onWarning: (w) => { t.warnings.push(w); log.warn(`${t.appName}: ${w}`); },
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
        this.listedUsers.fire();
      }
      t.problem = undefined;
    }
    if (failure && failure.diagnosis !== 'cancelled') {
      t.problem = failureNode(t, failure);
      this.services.log.warn(`${t.appName}: ${failure.diagnosis}: ${failure.message}`);
    }
  }

  async loadMore(t: Tenant): Promise<void> {
    if (!t.users) { this.refresh(t); return; }
    const r = await t.users.nextPage();
    this.applyPage(t, r.ok ? r.page : undefined, r.ok ? undefined : r.failure);
    this.changed.fire(t.node);
  }

  /** "Load all": every remaining page, bounded concurrency, cancellable; the tree updates as pages arrive. */
  async loadAll(t: Tenant): Promise<void> {
    await this.ensureStarted(t);
    const users = t.users;
    if (!users || t.problem) { this.changed.fire(t.node); return; }
    await withCancellableProgress({ title: `Loading all users of ${t.appName}`, view: Views.users }, async (signal, progress) => {
      let lastRefresh = 0;
      try {
        const result = await users.loadAll({
          concurrency: usersConcurrency(),
          signal,
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
        this.services.log.info(`${t.appName}: loaded ${result.loaded} users in ${result.pages} pages (${result.requests} requests)`);
      } finally {
        this.changed.fire(t.node);
      }
    });
  }

  /** Draws a tenant's node again (something shown under it changed, e.g. its Reconcile node). */
  redraw(t: Tenant): void {
    this.changed.fire(t.node);
  }

  /** Loads the tenant again on its next expand. */
  refresh(t: Tenant): void {
    t.reset();
    this.changed.fire(t.node);
  }

  /** Finds the configs again; every tenant loads again on its next expand. */
  refreshRoots(): void {
    for (const t of this.tenants.values()) t.reset();
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  /** Filters a tenant's users on the server (undefined: none); it loads again. */
  async setFilter(t: Tenant, filter: string | undefined): Promise<void> {
    t.filter = filter;
    await setContext('usersFiltered', this.all().some((x) => !!x.filter));
    this.refresh(t);
  }

  /**
   * A reconcile read the whole tenant: the view shows that list instead of reading it again, unless
   * it is filtered or does not show this config (or the token went away meanwhile).
   */
  async adopt(read: TenantRead): Promise<boolean> {
    const t = this.tenants.get(read.endpoint.target.uri.toString());
    if (!t || t.filter) return false;
    await t.loading;
    const connection = await this.services.connections.connect(read.endpoint, { prompt: false });
    if (!connection || t.filter) { connection?.release(); return false; }
    t.connection?.release();
    t.connection = connection;
    t.users = read.users;
    t.endpoint = read.endpoint;
    t.problem = undefined;
    t.warnings = [...read.users.pager.warnings];
    t.started = true;
    this.changed.fire(t.node);
    return true;
  }
}
