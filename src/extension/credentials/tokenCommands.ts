// "Set API Token" and "Clear API Token".
import * as vscode from 'vscode';
import { textOf } from '../base/commandArgs';
import { Commands } from '../base/constants';
import { showOutcome } from '../base/notify';
import type { Services } from '../services';
import { readConfigTarget } from '../tenant/configTarget';
import { pickConfig } from '../tenant/configPicker';
import { promptForToken, resolveEndpoint, storeToken } from '../tenant/tokens';

/**
 * "Set API Token": asks (password box), replacing any stored token for this tokenRef and origin.
 * Automation (tests, other extensions) may pass `{ uri, token }` instead of typing it.
 */
export async function setToken(services: Services, arg: unknown): Promise<boolean> {
  const { files, tokens, log, status } = services;
  const endpoint = await resolveEndpoint(files, arg, { title: 'Set API Token: for which config?', status, log });
  if (!endpoint) return false;
  const given = textOf(arg, 'token')?.trim();
  const entered = given || (await promptForToken(endpoint));
  if (!entered) return false;
  await storeToken(tokens, endpoint, entered, log);
  showOutcome({
    level: 'info',
    message: `API token '${endpoint.target.tokenRef}' saved in the OS keychain for ${endpoint.origin}. Next: test the credentials.`,
    actions: [{ title: 'Test API Credentials', run: () => vscode.commands.executeCommand(Commands.testCredentials, endpoint.target.uri) }],
  });
  return true;
}

/** "Clear API Token": removes the tokenRef's tokens (for every origin). */
export async function clearToken(services: Services, arg: unknown): Promise<boolean> {
  const { files, tokens, log, status } = services;
  const uri = await pickConfig(files, arg, { title: 'Clear API Token: of which config?', status, log });
  if (!uri) return false;
  const target = await readConfigTarget(uri);
  const n = await tokens.clear(target.tokenRef);
  log.info(`token '${target.tokenRef}' cleared (${n} origin(s))`);
  void vscode.window.showInformationMessage(n ? `API token '${target.tokenRef}' removed from the keychain.` : `No API token '${target.tokenRef}' was stored.`);
  return n > 0;
}
