import * as vscode from 'vscode';
import { Commands } from '../base/constants';
import type { ReconcileFeature } from '../reconcile/register';
import type { Services } from '../services';
import { clearFilters, copyUserField, filterUsers, setUserActive } from './commands';
import { UserDocuments } from './documents';
import { UsersModel, type Node } from './model';
import { UsersTree } from './tree';

/** What others need of the SCIM view: the tree (tests look into it) and when users were first listed (the walkthrough). */
export interface UsersFeature {
  tree: UsersTree;
  onDidListUsers: vscode.Event<void>;
}

/** The SCIM view ("SCIM Users"): the tenants' users, their commands, their JSON documents, the reconcile results. */
export function registerUsers(context: vscode.ExtensionContext, services: Services, reconcile: ReconcileFeature): UsersFeature {
  const model = new UsersModel(services);
  const tree = new UsersTree(model, reconcile);
  const command = (id: string, run: (node?: Node) => unknown): vscode.Disposable => vscode.commands.registerCommand(id, run);
  context.subscriptions.push(
    model, tree,
    // a reconcile read the whole tenant: the view shows that list
    reconcile.onDidReadTenant((read) => void model.adopt(read)),
    vscode.workspace.registerTextDocumentContentProvider(UserDocuments.scheme, new UserDocuments(model)),
    command(Commands.usersRefresh, () => tree.refreshRoots()),
    command(Commands.usersFilter, (node) => filterUsers(tree, node)),
    command(Commands.usersClearFilter, () => clearFilters(tree, model)),
    command(Commands.usersLoadMore, (node) => tree.loadMore(node)),
    command(Commands.usersLoadAll, (node) => tree.loadAll(node)),
    command(Commands.usersOpenJson, (node) => tree.openJson(node)),
    command(Commands.usersCopyId, (node) => copyUserField(node, 'id')),
    command(Commands.usersCopyUserName, (node) => copyUserField(node, 'userName')),
    command(Commands.usersDeactivate, (node) => setUserActive(model, services.log, node, false)),
    command(Commands.usersReactivate, (node) => setUserActive(model, services.log, node, true)),
    vscode.commands.registerCommand(Commands.reconcileShow, (uri: vscode.Uri) => tree.revealReconcile(uri)),
  );
  return { tree, onDidListUsers: model.onDidListUsers };
}
