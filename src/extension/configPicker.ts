import * as vscode from 'vscode';
import { summarizeConfig, endpointOf, tokenRefOf, type ConfigSummary } from '../core/configSummary';
import { ConfigFiles } from './configFiles';

export interface ConfigTarget {
  uri: vscode.Uri;
  summary: ConfigSummary;
  /** The SCIM base URL, or undefined when the config names none. */
  baseUrl: string | undefined;
  tokenRef: string;
}

export async function readConfigTarget(uri: vscode.Uri): Promise<ConfigTarget> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const summary = summarizeConfig(text);
  return { uri, summary, baseUrl: endpointOf(summary), tokenRef: tokenRefOf(summary) };
}

/** Every provisioning config in the workspace (default globs + setting), sorted by path. */
export async function findWorkspaceConfigs(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const globs = ConfigFiles.globs();
  const found = new Map<string, vscode.Uri>();
  for (const g of globs) {
    for (const uri of await vscode.workspace.findFiles(g, '**/node_modules/**', 200, token)) found.set(uri.toString(), uri);
  }
  return [...found.values()].sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

/**
 * The config a command acts on: the argument when given (a Uri, or a tree node with `uri`),
 * else the active editor's config, else the only config in the workspace, else the person picks.
 */
export async function pickConfig(files: ConfigFiles, arg?: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (arg && typeof arg === 'object' && 'uri' in arg && (arg).uri instanceof vscode.Uri) return (arg as { uri: vscode.Uri }).uri;
  const active = vscode.window.activeTextEditor?.document;
  if (active && files.matches(active)) return active.uri;
  const all = await findWorkspaceConfigs();
  if (all.length === 1) return all[0];
  if (!all.length) {
    const pick = await vscode.window.showInformationMessage('No provisioning config found in this workspace.', 'New Provisioning Config');
    if (pick) await vscode.commands.executeCommand('scimProvisioning.newConfig');
    return undefined;
  }
  const item = await vscode.window.showQuickPick(all.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { title: 'Which provisioning config?' });
  return item?.uri;
}
