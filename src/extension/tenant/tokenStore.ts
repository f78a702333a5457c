import * as vscode from 'vscode';
import { Disposable } from '../base/lifecycle';

/**
 * API tokens in the OS keychain (SecretStorage), keyed by the config's `tokenRef` AND the origin
 * of the base URL the token was entered for: a token is only ever handed out for that origin.
 * Which origins a tokenRef has tokens for is kept (without the token) in global state, so a config
 * whose base URL moved to another origin can be recognised and the person asked first.
 */
export class TokenStore extends Disposable {
  private static readonly ORIGINS_KEY = 'scimProvisioning.tokenOrigins';
  private readonly changed = this._register(new vscode.EventEmitter<{ tokenRef: string; origin: string }>());
  readonly onDidChange = this.changed.event;
  private readonly learned = this._register(new vscode.EventEmitter<string>());
  /** Fires with every token read or stored, so the log's redactor knows it before it can be logged. */
  readonly onDidLearn = this.learned.event;
  /** Every token seen this session. */
  readonly known = new Set<string>();

  constructor(private readonly secrets: vscode.SecretStorage, private readonly state: vscode.Memento) {
    super();
  }

  private static key(tokenRef: string, origin: string): string {
    return `scimProvisioning.token/${encodeURIComponent(tokenRef)}@${origin}`;
  }

  private origins(): Record<string, string[]> {
    return this.state.get<Record<string, string[]>>(TokenStore.ORIGINS_KEY, {});
  }

  originsFor(tokenRef: string): string[] {
    return this.origins()[tokenRef] ?? [];
  }

  async get(tokenRef: string, origin: string): Promise<string | undefined> {
    const token = await this.secrets.get(TokenStore.key(tokenRef, origin));
    if (token) this.remember(token);
    return token || undefined;
  }

  async set(tokenRef: string, origin: string, token: string): Promise<void> {
    this.remember(token);
    await this.secrets.store(TokenStore.key(tokenRef, origin), token);
    const all = this.origins();
    all[tokenRef] = [...new Set([...(all[tokenRef] ?? []), origin])];
    await this.state.update(TokenStore.ORIGINS_KEY, all);
    this.changed.fire({ tokenRef, origin });
  }

  async clear(tokenRef: string, origin?: string): Promise<number> {
    const all = this.origins();
    const targets = origin ? [origin] : (all[tokenRef] ?? []);
    for (const o of targets) await this.secrets.delete(TokenStore.key(tokenRef, o));
    all[tokenRef] = (all[tokenRef] ?? []).filter((o) => !targets.includes(o));
    if (!all[tokenRef].length) delete all[tokenRef];
    await this.state.update(TokenStore.ORIGINS_KEY, all);
    for (const o of targets) this.changed.fire({ tokenRef, origin: o });
    return targets.length;
  }

  private remember(token: string): void {
    if (this.known.has(token)) return;
    this.known.add(token);
    this.learned.fire(token);
  }
}
