// API tokens as a person meets them: asked for (password box) only for the origin a config points at,
// and confirmed before a stored token goes to a new origin.
import * as vscode from 'vscode';
import { hintsFor } from '../../core/targets/hints';
import { pickConfig, type PickOptions } from './configPicker';
import type { ConfigFiles } from './configFiles';
import type { TokenStore } from './tokenStore';
import type { Logger } from '../base/logger';
import { endpointOfTarget, readConfigTarget, type Endpoint } from './configTarget';

export async function promptForToken(endpoint: Endpoint): Promise<string | undefined> {
  const { tokenName } = hintsFor({ target: endpoint.target.summary.target, baseUrl: endpoint.baseUrl });
  const value = await vscode.window.showInputBox({
    title: `API token for ${endpoint.target.summary.appName}`,
    prompt: `Paste the API token${tokenName ? ` (${tokenName})` : ''} for ${endpoint.origin}. It is kept in the OS keychain as '${endpoint.target.tokenRef}', never in a file or setting.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? (/\s/.test(v.trim()) ? 'A token has no spaces: paste the token alone, without "Bearer".' : undefined) : 'Enter the token.'),
  });
  return value?.trim().replace(/^Bearer\s+/i, '') || undefined;
}

export async function storeToken(tokens: TokenStore, endpoint: Endpoint, token: string, log: Logger): Promise<void> {
  await tokens.set(endpoint.target.tokenRef, endpoint.origin, token);
  log.info(`token '${endpoint.target.tokenRef}' stored in the keychain for ${endpoint.origin}`);
}

/**
 * The token for an endpoint: stored for exactly this origin; else, when the same tokenRef has a
 * token for another origin, only after the person confirms sending it to the new one; else asked for.
 */
export async function tokenFor(tokens: TokenStore, endpoint: Endpoint, log: Logger, prompt = true): Promise<string | undefined> {
  const { tokenRef } = endpoint.target;
  const stored = await tokens.get(tokenRef, endpoint.origin);
  if (stored) return stored;
  if (!prompt) return undefined;
  const others = tokens.originsFor(tokenRef).filter((o) => o !== endpoint.origin);
  if (others.length) {
    const reuse = `Send it to ${endpoint.origin}`;
    const fresh = 'Enter a New Token';
    const pick = await vscode.window.showWarningMessage(
      `The token '${tokenRef}' was entered for ${others.join(', ')}, but this config now points at ${endpoint.origin}.`,
      { modal: true, detail: 'A token is only sent to the origin it was stored for. Send the stored token to the new origin only if you trust it.' },
      reuse, fresh,
    );
    if (pick === reuse) {
      const old = await tokens.get(tokenRef, others[0]);
      if (old) {
        await tokens.set(tokenRef, endpoint.origin, old);
        log.info(`token '${tokenRef}' confirmed for ${endpoint.origin} (was ${others[0]})`);
        return old;
      }
    }
    if (pick !== fresh) return undefined;
  }
  const entered = await promptForToken(endpoint);
  if (!entered) return undefined;
  await storeToken(tokens, endpoint, entered, log);
  return entered;
}

/** The endpoint a network command acts on; a config that cannot reach a tenant is explained (pickConfig). */
export async function resolveEndpoint(files: ConfigFiles, arg: unknown, o: PickOptions): Promise<Endpoint | undefined> {
  const uri = await pickConfig(files, arg, { ...o, needEndpoint: true });
  if (!uri) return undefined;
  const endpoint = endpointOfTarget(await readConfigTarget(uri));
  return typeof endpoint === 'string' ? undefined : endpoint;
}
