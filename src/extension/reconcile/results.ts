// The results of "Reconcile with Tenant", per config, and how the SCIM view shows them: a Reconcile
// node under the tenant with the counts, a node per category, the people in it.
import * as vscode from 'vscode';
import { CATEGORIES, summaryLine } from '../../core/reconcile/reconcile';
import type { Category, Person, ReconcileResult } from '../../core/reconcile/reconcile';
import type { TenantSnapshot } from '../../core/tenant/snapshot';
import { Commands } from '../base/constants';

/** One reconcile of a config: what it found, against which snapshot, when; or why it could not run. */
export interface StoredReconcile {
  uri: vscode.Uri;
  appName: string;
  at: Date;
  result?: ReconcileResult;
  /** The tenant as it was read (Add to Assignments and a re-run after an edit use it). */
  snapshot?: TenantSnapshot;
  /** Why there is no result: the tenant could not be read completely, or the file not at all. */
  error?: { diagnosis: string; message: string };
}

export type ReconcilePart =
  | { level: 'summary' }
  | { level: 'category'; category: Category; from: number; to: number }
  | { level: 'person'; category: Category; person: Person; at: number };

/** People per category node before they are grouped in ranges (as the users list is). */
const GROUP = 1000;

const TITLES: Record<Category, string> = {
  matched: 'Matched', differs: 'Differs', inactive: 'Inactive in the tenant', missing: 'Missing from the tenant',
  unassigned: 'Unassigned tenant users', conflict: 'Conflicts',
};
const HINTS: Record<Category, string> = {
  matched: 'assigned and in the tenant, nothing differs',
  differs: 'Okta will update the tenant',
  inactive: 'Okta will leave them inactive',
  missing: 'Okta will create them',
  unassigned: 'an import leaves them unmatched',
  conflict: 'Okta will fail',
};
const ICONS: Record<Category, [string, string?]> = {
  matched: ['pass', 'testing.iconPassed'],
  differs: ['diff', 'list.warningForeground'],
  inactive: ['circle-slash', 'disabledForeground'],
  missing: ['add'],
  unassigned: ['question'],
  conflict: ['error', 'list.errorForeground'],
};

const icon = (c: Category): vscode.ThemeIcon => {
  const [id, color] = ICONS[c];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
};

export class ReconcileView implements vscode.Disposable {
  private readonly results = new Map<string, StoredReconcile>();
  /** Per config and category, the people in it (computed once per result). */
  private readonly grouped = new Map<string, Map<Category, Person[]>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
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

  children(uri: vscode.Uri, part: ReconcilePart): ReconcilePart[] {
    const stored = this.get(uri);
    if (part.level === 'summary') {
      if (!stored?.result) return [];
      return CATEGORIES.map((category) => ({ level: 'category', category, from: 0, to: this.people(uri, category).length }));
    }
    if (part.level === 'category') {
      const people = this.people(uri, part.category);
      if (part.to - part.from > GROUP) {
        const out: ReconcilePart[] = [];
        for (let from = part.from; from < part.to; from += GROUP) out.push({ level: 'category', category: part.category, from, to: Math.min(part.to, from + GROUP) });
        return out;
      }
      return people.slice(part.from, part.to).map((person, i) => ({ level: 'person', category: part.category, person, at: part.from + i }));
    }
    return [];
  }

  parentOf(uri: vscode.Uri, part: ReconcilePart): ReconcilePart | undefined {
    if (part.level === 'summary') return undefined;
    const all = this.people(uri, part.category).length;
    if (part.level === 'category') {
      if (part.from === 0 && part.to === all) return { level: 'summary' };
      return { level: 'category', category: part.category, from: 0, to: all };
    }
    if (all <= GROUP) return { level: 'category', category: part.category, from: 0, to: all };
    const from = Math.floor(part.at / GROUP) * GROUP;
    return { level: 'category', category: part.category, from, to: Math.min(all, from + GROUP) };
  }

  item(uri: vscode.Uri, key: string, part: ReconcilePart): vscode.TreeItem {
    const stored = this.get(uri);
    if (part.level === 'summary') {
      const item = new vscode.TreeItem('Reconcile', stored?.result ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.id = `reconcile:${key}`;
      item.iconPath = new vscode.ThemeIcon(stored?.error ? 'error' : 'git-compare');
      item.contextValue = 'reconcile';
      if (stored?.result) {
        const s = stored.result.summary;
        item.description = CATEGORIES.filter((c) => s[c] > 0).map((c) => `${s[c]} ${c}`).join(' · ') || 'no assignments, no tenant users';
        item.tooltip = `${stored.appName}: ${summaryLine(s)}\nReconciled ${stored.at.toLocaleTimeString()}. Run it again to compare with the tenant as it is now.`;
      } else if (stored?.error) {
        item.description = `${stored.error.diagnosis}: ${stored.error.message}`;
        item.tooltip = `${stored.error.message}\n\nNothing was reconciled. Click to try again.`;
        item.command = { command: Commands.reconcile, title: 'Reconcile with Tenant', arguments: [uri] };
      } else {
        item.description = 'compare the assignments with the tenant';
        item.tooltip = 'Reconcile with Tenant: who is matched, who differs, who Okta will create, who an import would leave unmatched.';
        item.command = { command: Commands.reconcile, title: 'Reconcile with Tenant', arguments: [uri] };
      }
      return item;
    }
    if (part.level === 'category') {
      const all = this.people(uri, part.category).length;
      const whole = part.from === 0 && part.to === all;
      const label = whole ? TITLES[part.category] : `${TITLES[part.category]} ${part.from + 1}–${part.to}`;
      const item = new vscode.TreeItem(label, part.to > part.from ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.id = `reconcile:${key}:${part.category}:${part.from}`;
      item.description = whole ? `${all} · ${HINTS[part.category]}` : undefined;
      item.iconPath = icon(part.category);
      item.contextValue = `reconcileCategory.${part.category}`;
      return item;
    }
    const p = part.person;
    const item = new vscode.TreeItem(p.userName, vscode.TreeItemCollapsibleState.None);
    item.id = `reconcile:${key}:${part.category}:person:${part.at}:${p.tenantId ?? ''}:${p.line ?? ''}`;
    item.description = describe(p);
    item.tooltip = p.message;
    item.iconPath = icon(part.category);
    item.contextValue = `reconcilePerson.${part.category}`;
    if (p.assignment) {
      const line = p.assignment.line - 1;
      item.command = { command: 'vscode.open', title: 'Show the Assignment', arguments: [uri, { selection: new vscode.Range(line, 0, line, 0) } satisfies vscode.TextDocumentShowOptions] };
    }
    return item;
  }

  dispose(): void { this.changed.dispose(); }
}

/** The short description of a person's row. */
function describe(p: Person): string {
  switch (p.category) {
    case 'differs': return (p.fields ?? []).map((f) => `${f.name}: ${f.tenant ?? 'blank'} → ${f.config}`).join(', ');
    case 'conflict': return p.conflict === 'duplicate-assignment' ? `assigned twice (line ${p.other?.line ?? '?'})`
      : p.conflict === 'shared-tenant-user' ? `same tenant user as ${p.other?.userName ?? '?'}`
        : p.conflict === 'username-not-email' ? `tenant userName ${p.tenant[0]?.userName ?? '?'} is not an email`
          : `${p.tenant.length} tenant users: ${p.tenant.map((u) => u.userName).join(', ')}`;
    case 'unassigned': return p.tenant[0]?.displayName ?? '';
    case 'missing': return p.line !== undefined ? `line ${p.line}` : '';
    default: return p.tenant[0] && p.tenant[0].userName !== p.userName ? p.tenant[0].userName : '';
  }
}
