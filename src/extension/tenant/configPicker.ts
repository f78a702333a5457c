// Which config a command acts on: the argument, the active editor's, the only one, or the person
// picks from a list that says what each config can do; a config that cannot reach a tenant is explained.
import * as vscode from 'vscode';
import { uriOf } from '../base/commandArgs';
import { isUri } from '../base/documents';
import type { ConfigFiles } from './configFiles';
import { Commands } from '../base/constants';
import type { ConfigStatus } from './configStatus';
import type { Logger } from '../base/logger';
import { readConfigTarget, type ConfigTarget } from './configTarget';

export interface PickOptions {
  /** The command sends something to the tenant: a config that cannot reach one is explained and the others offered. */
  needEndpoint?: boolean;
  /** The picker's title, e.g. "Test API Credentials: which config?". */
  title?: string;
  /** Host, token and last test of each config in the picker. */
  status?: ConfigStatus;
  log?: Logger;
}

interface ConfigItem extends vscode.QuickPickItem { target: ConfigTarget }

function toItem(t: ConfigTarget, status: ConfigStatus | undefined): ConfigItem {
  return {
    label: `${t.endpoint.ok ? '$(server-environment)' : '$(error)'} ${t.summary.appName}`,
    description: vscode.workspace.asRelativePath(t.uri),
    detail: status ? status.describe(t) : t.endpoint.ok ? new URL(t.endpoint.origin).host : `cannot reach a tenant: ${t.endpoint.message}`,
    target: t,
  };
}

async function readAll(uris: vscode.Uri[]): Promise<ConfigTarget[]> {
  const out = await Promise.all(uris.map((u) => readConfigTarget(u).catch(() => undefined)));
  return out.filter((t): t is ConfigTarget => !!t);
}

/**
 * The config a command acts on: the argument when given (a Uri, or a tree node with `uri`),
 * else the active editor's config, else the only config in the workspace, else the person picks
 * from a list that shows each config's app, file, host and state.
 * With `needEndpoint`, a config that cannot reach a tenant is never used silently: the person is
 * told why (and the log says so), and offered the configs that can, or the place to fix it.
 */
export async function pickConfig(files: ConfigFiles, arg?: unknown, o: PickOptions = {}): Promise<vscode.Uri | undefined> {
  let given = uriOf(arg, isUri);
  const active = vscode.window.activeTextEditor?.document;
  given ??= active && files.matches(active) ? active.uri : undefined;
  if (given) {
    if (!o.needEndpoint) return given;
    const t = await readConfigTarget(given);
    if (t.endpoint.ok) return t.uri;
    return explain(files, t, o);
  }
  const all = await files.findConfigs();
  if (!all.length) {
    const pick = await vscode.window.showInformationMessage('No provisioning config in this workspace: create one first.', 'New Provisioning Config');
    if (pick) await vscode.commands.executeCommand(Commands.newConfig);
    return undefined;
  }
  const targets = await readAll(all);
  const usable = o.needEndpoint ? targets.filter((t) => t.endpoint.ok) : targets;
  if (usable.length === 1 && (!o.needEndpoint || targets.length === 1)) return usable[0].uri;
  if (o.needEndpoint && usable.length === 0 && targets.length === 1) return explain(files, targets[0], o);
  return choose(files, targets, o);
}

/** The picker: configs that can be used first; picking one that cannot explains why. */
async function choose(files: ConfigFiles, targets: ConfigTarget[], o: PickOptions, title = o.title ?? 'Which provisioning config?'): Promise<vscode.Uri | undefined> {
  const sorted = o.needEndpoint ? [...targets].sort((a, b) => Number(b.endpoint.ok) - Number(a.endpoint.ok)) : targets;
  const item = await vscode.window.showQuickPick(sorted.map((t) => toItem(t, o.status)), { title, matchOnDescription: true, matchOnDetail: true });
  if (!item) return undefined;
  if (o.needEndpoint && !item.target.endpoint.ok) return explain(files, item.target, o);
  return item.target.uri;
}

/**
 * A config that cannot reach a tenant: say why (fact and fix), log it, and offer to fix it in the
 * file (the quick fixes at the problem) or to use a config that can.
 */
async function explain(files: ConfigFiles, t: ConfigTarget, o: PickOptions): Promise<vscode.Uri | undefined> {
  if (t.endpoint.ok) return t.uri;
  const file = vscode.workspace.asRelativePath(t.uri);
  o.log?.warn(`${file} cannot reach a tenant: ${t.endpoint.message}${t.endpoint.detail ? ` (${t.endpoint.detail})` : ''}`);
  const others = (await readAll(await files.findConfigs())).filter((x) => x.endpoint.ok && x.uri.toString() !== t.uri.toString());
  const fix = 'Fix in Config';
  const other = others.length === 1 ? `Use ${vscode.workspace.asRelativePath(others[0].uri)}` : 'Use Another Config…';
  const pick = await vscode.window.showErrorMessage(`${file}: ${t.endpoint.message}`, fix, ...(others.length ? [other] : []));
  if (pick === fix) {
    await revealEndpointProblem(t);
    return undefined;
  }
  if (pick === other) return others.length === 1 ? others[0].uri : choose(files, others, o, o.title ?? 'Which provisioning config?');
  return undefined;
}

/** Opens the config at its endpoint problem and shows the quick fixes there (e.g. the region choices). */
export async function revealEndpointProblem(t: ConfigTarget | vscode.Uri): Promise<void> {
  const target = t instanceof vscode.Uri ? await readConfigTarget(t) : t;
  const doc = await vscode.workspace.openTextDocument(target.uri);
  const at = !target.endpoint.ok ? target.endpoint.at : undefined;
  const range = at ? new vscode.Range(doc.positionAt(at.start), doc.positionAt(at.end)) : new vscode.Range(0, 0, 0, 0);
  await vscode.window.showTextDocument(doc, { selection: range, preview: false });
  if (at) await vscode.commands.executeCommand('editor.action.quickFix');
}
