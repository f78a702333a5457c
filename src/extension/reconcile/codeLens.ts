import * as vscode from 'vscode';
import { endpointStatus } from '../../core/config/summary';
import type { Category } from '../../core/reconcile/reconcile';
import { Commands } from '../base/constants';
import { Disposable } from '../base/lifecycle';
import { assignmentsKeyOffset, documentSummary } from '../language/documentSummary';
import type { ConfigFiles } from '../tenant/configFiles';
import type { ReconcileResults } from './results';

/** "Reconcile with Tenant" above `assignments:` (and the last result's counts). Not in untrusted workspaces. */
export class ReconcileCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly files: ConfigFiles, private readonly results: ReconcileResults) {
    super();
    this._register(results.onDidChange(() => this.changed.fire()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()));
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted || !this.files.matches(doc)) return [];
    const at = assignmentsKeyOffset(doc);
    if (at === undefined) return [];
    // A config that cannot reach a tenant: the lens above api: says why; nothing to offer here.
    if (!endpointStatus(documentSummary(doc)).ok) return [];
    const range = new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'assignments'.length));
    const lenses = [new vscode.CodeLens(range, { title: '$(git-compare) Reconcile with Tenant', command: Commands.reconcile, arguments: [doc.uri] })];
    const stored = this.results.get(doc.uri);
    if (stored?.result) {
      const s = stored.result.summary;
      const parts = (Object.keys(s) as Category[]).filter((c) => s[c] > 0).map((c) => `${s[c]} ${c}`);
      lenses.push(new vscode.CodeLens(range, { title: parts.join(' · ') || 'nothing to compare', command: Commands.reconcileShow, arguments: [doc.uri] }));
    }
    return lenses;
  }
}
