import * as vscode from 'vscode';
import { Disposable } from '../base/lifecycle';

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
