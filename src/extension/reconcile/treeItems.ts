// How the SCIM view shows a config's reconcile result: a Reconcile node under the tenant with the
// counts, a node per category (in ranges of 1,000 when long), the people in it.
import * as vscode from 'vscode';
import { CATEGORIES, summaryLine } from '../../core/reconcile/reconcile';
import type { Category, Person } from '../../core/reconcile/reconcile';
import type { IdpDescriptor } from '../../core/idp/types';
import { Commands } from '../base/constants';
import { GROUP_SIZE, rangeOf, rowRanges } from '../base/rowGroups';
import type { ReconcileResults } from './results';

export type ReconcilePart =
  | { level: 'summary' }
  | { level: 'category'; category: Category; from: number; to: number }
  | { level: 'person'; category: Category; person: Person; at: number };

const TITLES: Record<Category, string> = {
  matched: 'Matched', differs: 'Differs', inactive: 'Inactive in the tenant', missing: 'Missing from the tenant',
  unassigned: 'Unassigned tenant users', conflict: 'Conflicts',
};
/** What becomes of a category's people, in the words of the config's identity provider. */
function hint(category: Category, idp: IdpDescriptor): string {
  if (category === 'matched') return 'assigned and in the tenant, nothing differs';
  if (category === 'unassigned') return idp.matching.unassignedMany;
  return `${idp.label} ${idp.matching.outcomes[category]}`;
}
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

/** The Reconcile part of the SCIM view, over the stored results. */
export class ReconcileNodes {
  constructor(private readonly results: ReconcileResults) {}

  children(uri: vscode.Uri, part: ReconcilePart): ReconcilePart[] {
    const stored = this.results.get(uri);
    if (part.level === 'summary') {
      if (!stored?.result) return [];
      return CATEGORIES.map((category) => ({ level: 'category', category, from: 0, to: this.results.people(uri, category).length }));
    }
    if (part.level === 'category') {
      const people = this.results.people(uri, part.category);
      if (part.to - part.from > GROUP_SIZE) return rowRanges(part.from, part.to).map((r) => ({ level: 'category', category: part.category, ...r }));
      return people.slice(part.from, part.to).map((person, i) => ({ level: 'person', category: part.category, person, at: part.from + i }));
    }
    return [];
  }

  parentOf(uri: vscode.Uri, part: ReconcilePart): ReconcilePart | undefined {
    if (part.level === 'summary') return undefined;
    const all = this.results.people(uri, part.category).length;
    if (part.level === 'category') {
      if (part.from === 0 && part.to === all) return { level: 'summary' };
      return { level: 'category', category: part.category, from: 0, to: all };
    }
    if (all <= GROUP_SIZE) return { level: 'category', category: part.category, from: 0, to: all };
    return { level: 'category', category: part.category, ...rangeOf(part.at, all) };
  }

  item(uri: vscode.Uri, key: string, part: ReconcilePart): vscode.TreeItem {
    const stored = this.results.get(uri);
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
        item.tooltip = 'Reconcile with Tenant: who is matched, who differs, who is missing from the tenant, who is in the tenant but not assigned.';
        item.command = { command: Commands.reconcile, title: 'Reconcile with Tenant', arguments: [uri] };
      }
      return item;
    }
    if (part.level === 'category') {
      const all = this.results.people(uri, part.category).length;
      const whole = part.from === 0 && part.to === all;
      const label = whole ? TITLES[part.category] : `${TITLES[part.category]} ${part.from + 1}–${part.to}`;
      const item = new vscode.TreeItem(label, part.to > part.from ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.id = `reconcile:${key}:${part.category}:${part.from}`;
      item.description = whole && stored ? `${all} · ${hint(part.category, stored.idp)}` : undefined;
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
