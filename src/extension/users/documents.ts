// "Open as JSON": a user's full resource, fetched on demand (never kept in memory), in a read-only
// JSON document named after the person (`scim-user:/<config>/<id>/<name>.json`).
import * as vscode from 'vscode';
import type { TenantUser } from '../../core/tenant/snapshot';
import { network } from '../base/lazyBundle';
import { abortOn } from '../base/progress';
import type { Tenant, UsersModel } from './model';

const SCHEME = 'scim-user';

export async function openUserJson(tenant: Tenant, row: TenantUser): Promise<void> {
  // the tab is named after the person; the id is the folder
  const name = (row.displayName ?? row.userName).replace(/[\\/:*?"<>|]+/g, '-');
  const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${encodeURIComponent(tenant.key)}/${encodeURIComponent(row.id)}/${name}.json` });
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'json');
  await vscode.window.showTextDocument(doc, { preview: true });
}

/** Read-only JSON documents of single users. */
export class UserDocuments implements vscode.TextDocumentContentProvider {
  static readonly scheme = SCHEME;
  constructor(private readonly model: UsersModel) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const [, tenantKey, id] = uri.path.split('/');
    const t = this.model.get(decodeURIComponent(tenantKey ?? ''));
    const client = t?.client;
    if (!client) return `// The tenant is not loaded: expand it in the SCIM Users view first.`;
    const abort = abortOn(token);
    try {
      const r = await network().getUser(client, decodeURIComponent(id ?? ''), abort.signal);
      return r.ok ? JSON.stringify(r.user, null, 2) + '\n' : `// ${r.failure.diagnosis}: ${r.failure.message}\n`;
    } finally {
      abort.dispose();
    }
  }
}
