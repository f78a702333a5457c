import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, lineOf, openFixture } from './helpers';

async function completionLabels(doc: vscode.TextDocument, pos: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
  // Kind Text = the editor's own word-based suggestions (words of open documents): not ours.
  return (list?.items ?? []).filter((i) => i.kind !== vscode.CompletionItemKind.Text)
    .map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

function markdownOf(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('completion and hover', () => {
  before(async () => { await activeExtension(); });

  it('completes schema keys under provisioning:', async () => {
    const doc = await openFixture('complete-keys.scim.yaml', 'version: 1\nprovisioning:\n  \n');
    const labels = await completionLabels(doc, new vscode.Position(2, 2));
    for (const key of ['toApp', 'mappings']) assert.ok(labels.includes(key), `expected ${key} in [${labels.join(', ')}]`);
  });

  it('completes IANA time zones for a timezone: value', async () => {
    const doc = await openFixture('complete-tz.scim.yaml', 'version: 1\nprovisioning:\n  defaults:\n    timezone: Europe/Ber\n');
    const line = lineOf(doc, 'timezone:');
    const labels = await completionLabels(doc, new vscode.Position(line, doc.lineAt(line).text.length));
    assert.ok(labels.includes('Europe/Berlin'), `expected Europe/Berlin among ${labels.length} items: ${labels.slice(0, 20).join(', ')}`);
  });

  it('shows the schema description when hovering syncPassword', async () => {
    const doc = await openFixture('hover.scim.yaml', 'version: 1\nprovisioning:\n  toApp:\n    syncPassword: false\n');
    const line = lineOf(doc, 'syncPassword');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri,
      new vscode.Position(line, doc.lineAt(line).text.indexOf('syncPassword') + 3));
    const md = markdownOf(hovers ?? []);
    assert.ok(md.trim().length > 0, 'expected hover markdown');
    assert.match(md, /password/i);
  });
});
