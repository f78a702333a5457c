// The results of "Reconcile with Tenant", per config: what it found, against which snapshot, when,
// or why it could not run; the people of each category, grouped once per result.
import * as vscode from 'vscode';
import { CATEGORIES } from '../../core/reconcile/reconcile';
import type { Category, Person, ReconcileResult } from '../../core/reconcile/reconcile';
import type { IdpDescriptor } from '../../core/idp/types';
import type { TenantSnapshot } from '../../core/tenant/snapshot';
import { Disposable } from '../base/lifecycle';

/** One reconcile of a config: what it found, against which snapshot, when; or why it could not run. */
export interface StoredReconcile {
  uri: vscode.Uri;
  appName: string;
  /** The config's identity provider: the results are told in its words. */
  idp: IdpDescriptor;
  at: Date;
  result?: ReconcileResult;
  /** The tenant as it was read (Add to Assignments and a re-run after an edit use it). */
  snapshot?: TenantSnapshot;
  /** Why there is no result: the tenant could not be read completely, or the file not at all. */
  error?: { diagnosis: string; message: string };
}

export class ReconcileResults extends Disposable {
  private readonly results = new Map<string, StoredReconcile>();
  /** Per config and category, the people in it (computed once per result). */
  private readonly grouped = new Map<string, Map<Category, Person[]>>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** A config's result changed (ran, failed, re-computed after an edit). */
  readonly onDidChange = this.changed.event;

  get(uri: vscode.Uri): StoredReconcile | undefined { return this.results.get(uri.toString()); }

  set(stored: StoredReconcile): void {
    const key = stored.uri.toString();
    this.results.set(key, stored);
    this.grouped.delete(key);
    this.changed.fire(stored.uri);
  }

  people(uri: vscode.Uri, category: Category): readonly Person[] {
    const key = uri.toString();
    let g = this.grouped.get(key);
    if (!g) {
      g = new Map(CATEGORIES.map((c) => [c, [] as Person[]]));
      for (const p of this.results.get(key)?.result?.people ?? []) g.get(p.category)?.push(p);
      this.grouped.set(key, g);
    }
    return g.get(category) ?? [];
  }
}
