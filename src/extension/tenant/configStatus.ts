import * as vscode from 'vscode';
import { Disposable } from '../base/lifecycle';
import type { ConfigTarget } from './configTarget';
import type { TokenStore } from './tokenStore';

export interface LastResult {
  ok: boolean;
  diagnosis: string;
  message: string;
  at: Date;
}

/**
 * The last credential test per origin, kept across sessions (global state; no token, only the
 * outcome), so the status bar, the config pickers and the walkthrough know what already passed.
 */
export class LastTests extends Disposable {
  private static readonly KEY = 'scimProvisioning.lastCredentialTests';
  private readonly changed = this._register(new vscode.EventEmitter<string>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    super();
  }

  get(origin: string): LastResult | undefined {
    const r = this.all()[origin];
    return r ? { ...r, at: new Date(r.at) } : undefined;
  }

  /** Some origin's last test passed. */
  anyPassed(): boolean {
    return Object.values(this.all()).some((r) => r.ok);
  }

  async set(origin: string, result: LastResult): Promise<void> {
    const all = this.all();
    all[origin] = { ok: result.ok, diagnosis: result.diagnosis, message: result.message, at: result.at.getTime() };
    await this.state.update(LastTests.KEY, all);
    this.changed.fire(origin);
  }

  private all(): Record<string, { ok: boolean; diagnosis: string; message: string; at: number }> {
    return { ...this.state.get<Record<string, { ok: boolean; diagnosis: string; message: string; at: number }>>(LastTests.KEY, {}) };
  }
}

/** What the config pickers say about a config: its host, whether a token is stored, the last test. */
export class ConfigStatus {
  constructor(readonly tokens: TokenStore, readonly lastTests: LastTests) {}

  /** "127.0.0.1:35537 · token stored · last test passed at 10:02", or why it cannot reach a tenant. */
  describe(t: ConfigTarget): string {
    if (!t.endpoint.ok) return `cannot reach a tenant: ${t.endpoint.message}`;
    const { origin } = t.endpoint;
    const parts = [new URL(origin).host];
    parts.push(this.tokens.originsFor(t.tokenRef).includes(origin) ? `token '${t.tokenRef}' stored` : `no token '${t.tokenRef}' yet`);
    const last = this.lastTests.get(origin);
    if (last) parts.push(`last test ${last.ok ? 'passed' : `failed (${last.diagnosis})`} at ${last.at.toLocaleTimeString()}`);
    return parts.join(' · ');
  }

  hasToken(t: ConfigTarget): boolean {
    return t.endpoint.ok && this.tokens.originsFor(t.tokenRef).includes(t.endpoint.origin);
  }
}
