// The SCIM view's commands on a tenant or a user row: filter, copy, deactivate / reactivate.
import * as vscode from 'vscode';
import { idpDescriptorFor } from '../../core/idp/registry';
import { filterFromInput, validateScimFilter } from '../../core/scim/filter';
import { activeOf } from '../../core/scim/users';
import { Views } from '../base/constants';
import { network } from '../base/lazyBundle';
import type { Logger } from '../base/logger';
import type { Node, UsersModel } from './model';
import type { UsersTree } from './tree';

/** "Filter…": a word filters by userName sw "word"; a SCIM filter is checked as it is typed. */
export async function filterUsers(tree: UsersTree, node?: Node): Promise<void> {
  const t = await tree.tenantOf(node);
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
  await tree.setFilter(t, filterFromInput(value));
}

export async function clearFilters(tree: UsersTree, model: UsersModel): Promise<void> {
  for (const t of model.all()) if (t.filter) await tree.setFilter(t, undefined);
}

export async function copyUserField(node: Node | undefined, what: 'id' | 'userName'): Promise<void> {
  if (node?.kind !== 'user') return;
  await vscode.env.clipboard.writeText(what === 'id' ? node.row.id : node.row.userName);
  vscode.window.setStatusBarMessage(`Copied ${what} of ${node.row.userName}`, 3000);
}

/** Deactivate / reactivate behind a modal confirmation; the row shows the server's answer. */
export async function setUserActive(model: UsersModel, log: Logger, node: Node | undefined, active: boolean): Promise<boolean> {
  if (node?.kind !== 'user') return false;
  if (!vscode.workspace.isTrusted) return false;
  const t = node.tenant;
  const client = t.client;
  if (!client) return false;
  const verb = active ? 'Reactivate' : 'Deactivate';
  const pick = await vscode.window.showWarningMessage(
    `${verb} ${node.row.userName} in ${t.appName}?`,
    { modal: true, detail: active ? 'The user can sign in again.' : `The user can no longer sign in. ${idpDescriptorFor(t.endpoint?.target.summary.identityProvider).label} does the same when a person is unassigned.` },
    verb,
  );
  if (pick !== verb) return false;
  if (t.patchSupported === undefined) {
    const spc = await client.get('/ServiceProviderConfig');
    t.patchSupported = spc.ok ? network().readServiceProviderSupport(spc.body)?.patch : undefined;
  }
  const r = await vscode.window.withProgress({ location: { viewId: Views.users }, title: `${verb} ${node.row.userName}` }, () =>
    network().setUserActive(client, node.row.id, active, { patchSupported: t.patchSupported }));
  if (!r.ok) {
    void vscode.window.showErrorMessage(`${verb} failed: ${r.failure.message}`);
    return false;
  }
  t.users?.upsert(r.user);
  log.info(`${t.appName}: ${verb.toLowerCase()}d ${node.row.userName} (${r.method}); server says active=${String(activeOf(r.user.active))}`);
  model.redraw(t);
  return true;
}
