// "SCIM Users": one root per provisioning config, its users under it (in ranges of 1,000 once long),
// each user's attributes, and the config's Reconcile node. The state and the loading are ./model.ts.
import * as vscode from 'vscode';
import type { UserRow } from '../../core/scim/users';
import type { TenantUser } from '../../core/tenant/snapshot';
import { tenantUserProblems } from '../../core/tenant/userProblems';
import { Commands, Views } from '../base/constants';
import { focusView } from '../base/context';
import { Disposable } from '../base/lifecycle';
import { GROUP_SIZE, rowRanges } from '../base/rowGroups';
import type { ReconcileFeature } from '../reconcile/register';
import { ReconcileNodes } from '../reconcile/treeItems';
import type { Node, Tenant, UsersModel } from './model';
import { openUserJson } from './documents';

export class UsersTree extends Disposable implements vscode.TreeDataProvider<Node> {
  readonly onDidChangeTreeData: vscode.Event<Node | undefined>;
  readonly view: vscode.TreeView<Node>;
  private readonly reconcile: ReconcileNodes;

  constructor(private readonly model: UsersModel, reconcile: ReconcileFeature) {
    super();
    this.onDidChangeTreeData = model.onDidChange;
    this.reconcile = new ReconcileNodes(reconcile.results);
    // no Collapse All button: with Filter, Refresh and the menu the title "SCIM PROVISIONING: USERS" still fits
    this.view = this._register(vscode.window.createTreeView(Views.users, { treeDataProvider: this }));
    this._register(reconcile.results.onDidChange((uri) => { const t = model.get(uri); if (t) model.redraw(t); }));
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return (await this.model.rootTenants()).map((t) => t.node);
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

  getParent(node: Node): Node | undefined {
    if (node.kind === 'user' || node.kind === 'more' || node.kind === 'group') return node.tenant.node;
    if (node.kind === 'reconcile') {
      const part = this.reconcile.parentOf(node.tenant.uri, node.part);
      return part ? { kind: 'reconcile', tenant: node.tenant, part } : node.tenant.node;
    }
    return undefined;
  }

  private async tenantChildren(t: Tenant): Promise<Node[]> {
    await this.model.ensureStarted(t);
    const nodes: Node[] = [];
    if (t.problem) nodes.push(t.problem);
    for (const w of t.warnings) nodes.push({ kind: 'message', tenant: t, label: w, icon: 'info' });
    if (vscode.workspace.isTrusted) nodes.push({ kind: 'reconcile', tenant: t, part: { level: 'summary' } });
    if (t.rows.length > GROUP_SIZE) {
      for (const r of rowRanges(0, t.rows.length)) nodes.push({ kind: 'group', tenant: t, ...r });
    } else {
      for (const row of t.rows) nodes.push({ kind: 'user', tenant: t, row });
    }
    if (t.users && !t.users.isDone && !t.problem) nodes.push({ kind: 'more', tenant: t });
    if (t.users && t.users.isDone && !t.rows.length && !t.problem) nodes.push({ kind: 'message', tenant: t, label: t.filter ? 'No user matches the filter.' : 'The tenant has no users.', icon: 'info' });
    return nodes;
  }

  /** The tenant a command acts on: the node's, else the only one, else the person picks. */
  async tenantOf(node: Node | undefined): Promise<Tenant | undefined> {
    const t = node && 'tenant' in node ? node.tenant : undefined;
    // a title-bar action gets the focused row: if its config cannot list users, ask among those that can
    return t?.endpoint ? t : this.pickTenant();
  }

  /** The tenant a title-bar action acts on: among the roots that can list users only. */
  private async pickTenant(): Promise<Tenant | undefined> {
    const all = (await this.model.rootTenants()).filter((t) => t.endpoint);
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

  // ---- what the commands (and the tests) call -------------------------------------------------

  /** Finds the configs again; every tenant loads again on its next expand. */
  refreshRoots(): Promise<void> {
    this.model.refreshRoots();
    return Promise.resolve();
  }

  async loadMore(node?: Node): Promise<void> {
    const t = await this.tenantOf(node);
    if (t) await this.model.loadMore(t);
  }

  async loadAll(node?: Node): Promise<void> {
    const t = await this.tenantOf(node);
    if (t) await this.model.loadAll(t);
  }

  /** Filters a tenant on the server; the view's description names every filter in force. */
  async setFilter(t: Tenant, filter: string | undefined): Promise<void> {
    await this.model.setFilter(t, filter);
    this.view.description = this.model.all().filter((x) => x.filter).map((x) => `${x.appName}: ${x.filter}`).join(' · ') || undefined;
    await this.view.reveal(t.node, { expand: true }).then(undefined, () => undefined);
  }

  openJson(node?: Node): Promise<void> {
    return node?.kind === 'user' ? openUserJson(node.tenant, node.row) : Promise.resolve();
  }

  /** For tests and the walkthrough: the rows currently shown for a config. */
  rowsFor(uri: vscode.Uri): readonly UserRow[] {
    return this.model.get(uri)?.rows ?? [];
  }

  /** Shows the Reconcile node of a config's tenant (expanded) in the SCIM view. */
  async revealReconcile(uri: vscode.Uri): Promise<void> {
    await this.getChildren();
    const t = this.model.get(uri);
    if (!t) { await focusView(Views.users); return; }
    await this.view.reveal({ kind: 'reconcile', tenant: t, part: { level: 'summary' } }, { expand: true, focus: true, select: true }).then(undefined, () => undefined);
  }
}

function userAttributes(row: TenantUser): Node[] {
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
