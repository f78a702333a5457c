// The one way to a tenant: trust check → the config's endpoint → the token stored for that origin
// (./tokens.ts: never sent anywhere else) → the log's redactor learns it → the config's SCIM client.
// The service owns each client: one per config, shared by the SCIM view, reconcile, the credential
// test, the endpoint check and simulate, made again when the endpoint, the token or the network
// settings change, and closed once replaced and no longer used (or when the extension stops).
import * as vscode from 'vscode';
import type { ScimClient } from '../../core/scim/client';
import type { Logger, Redactor } from '../../core/http/redact';
import { hintsFor } from '../../core/targets/hints';
import { Disposable, toDisposable } from '../base/lifecycle';
import { network } from '../base/lazyBundle';
import { clientOptions } from '../base/settings';
import type { ConfigFiles } from './configFiles';
import type { ConfigStatus } from './configStatus';
import { resolveEndpoint, tokenFor } from './tokens';
import type { Endpoint } from './configTarget';
import type { TokenStore } from './tokenStore';

/** A tenant a command may talk to: its endpoint, the token for its origin, and the config's client. */
export interface TenantConnection {
  readonly endpoint: Endpoint;
  readonly token: string;
  /** The config's client (made on first use; shared with everyone else using this config). */
  readonly client: ScimClient;
  /** Done with the client: it stays the service's, and is closed once replaced and no longer used. */
  release(): void;
}

interface Pooled {
  client: ScimClient;
  /** What the client was made for: base URL, token, target and network settings. */
  token: string;
  key: string;
  users: number;
  current: boolean;
}

export interface ConnectionDeps {
  files: ConfigFiles;
  tokens: TokenStore;
  log: Logger;
  redact: Redactor;
  version: string;
  /** Host, token and last test of each config in the picker. */
  status?: ConfigStatus;
}

export class TenantConnections extends Disposable {
  private readonly pool = new Map<string, Pooled>();
  private readonly retired = new Set<Pooled>();

  constructor(private readonly deps: ConnectionDeps) {
    super();
    this._register(toDisposable(() => {
      for (const p of [...this.pool.values(), ...this.retired]) void p.client.close();
      this.pool.clear();
      this.retired.clear();
    }));
  }

  /**
   * Where a network command goes: nothing at all from an untrusted workspace (the person is told
   * why, `action` names what was refused), else the config it acts on, picked and explained as
   * pickConfig does when it cannot reach a tenant.
   */
  async endpointFor(arg: unknown, o: { action: string; title: string }): Promise<Endpoint | undefined> {
    if (!(await ensureTrusted(o.action))) return undefined;
    return resolveEndpoint(this.deps.files, arg, { title: o.title, status: this.deps.status, log: this.deps.log });
  }

  /**
   * The token for an endpoint (asked for when none is stored, unless `prompt` is false) and the
   * config's client; the redactor learns the token first. Undefined when there is no token, or
   * the workspace is not trusted.
   */
  async connect(endpoint: Endpoint, o: { prompt?: boolean } = {}): Promise<TenantConnection | undefined> {
    if (!vscode.workspace.isTrusted) return undefined;
    const token = await tokenFor(this.deps.tokens, endpoint, this.deps.log, o.prompt !== false);
    if (!token) return undefined;
    this.deps.redact.add(token);
    let pooled: Pooled | undefined;
    let released = false;
    const lease = (): Pooled => (pooled ??= this.lease(endpoint, token));
    return {
      endpoint,
      token,
      get client(): ScimClient { return lease().client; },
      release: () => {
        if (released || !pooled) return;
        released = true;
        this.unlease(pooled);
      },
    };
  }

  /** The config's current client when it was made for the same endpoint, token and settings; else a new one. */
  private lease(endpoint: Endpoint, token: string): Pooled {
    const id = endpoint.target.uri.toString();
    const target = endpoint.target.summary.target;
    const options = clientOptions(this.deps.version);
    const key = JSON.stringify([endpoint.baseUrl, target, options]);
    let pooled = this.pool.get(id);
    if (!pooled || pooled.key !== key || pooled.token !== token) {
      if (pooled) this.retire(pooled);
      const { log, redact } = this.deps;
      const client = new (network().ScimClient)({ ...options, baseUrl: endpoint.baseUrl, token, logger: log, redactor: redact, hints: hintsFor({ target, baseUrl: endpoint.baseUrl }) });
      pooled = { client, token, key, users: 0, current: true };
      this.pool.set(id, pooled);
    }
    pooled.users++;
    return pooled;
  }

  private unlease(pooled: Pooled): void {
    pooled.users--;
    if (!pooled.current && pooled.users <= 0) this.close(pooled);
  }

  private retire(pooled: Pooled): void {
    pooled.current = false;
    if (pooled.users <= 0) this.close(pooled);
    else this.retired.add(pooled);
  }

  private close(pooled: Pooled): void {
    this.retired.delete(pooled);
    void pooled.client.close();
  }
}

/** Network features need a trusted workspace: a config's base URL comes from the workspace. */
export async function ensureTrusted(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const pick = await vscode.window.showWarningMessage(
    `${action} is disabled in an untrusted workspace: the base URL comes from this workspace, so nothing is sent over the network until you trust it.`,
    'Manage Workspace Trust',
  );
  if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
