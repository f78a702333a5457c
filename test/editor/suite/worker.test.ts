// A large config (above the worker threshold) edited the way a person edits: keystrokes one by one,
// a multi-cursor edit (one change event, two changes), undo. The worker only ever gets the change
// events' edits after the first text, so the diagnostics must stay exactly those of the document's
// current text, computed here with the same core.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { generatedConfig } from '../../support/configs.cjs';
import { validateConfig } from '../../../src/core/config/validate';
import { codeOf, openFixture, ours, waitForDiagnostics } from './helpers';

/** The diagnostics the document's current text must have: code and range of each finding, sorted. */
function expected(doc: vscode.TextDocument): string[] {
  return validateConfig(doc.getText()).map((f) => `${f.code} ${doc.positionAt(f.start).line}:${doc.positionAt(f.start).character}-${doc.positionAt(f.end).line}:${doc.positionAt(f.end).character}`).sort();
}
function shown(ds: vscode.Diagnostic[]): string[] {
  return ds.map((d) => `${codeOf(d)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort();
}
function inSync(doc: vscode.TextDocument): (ds: vscode.Diagnostic[]) => boolean {
  return (ds) => JSON.stringify(shown(ds)) === JSON.stringify(expected(doc));
}

describe('large configs in the validation worker', () => {
  it('keeps the diagnostics equal to the current text through keystrokes, a multi-cursor edit and undo', async function () {
    this.timeout(180_000);
    const { text, errorLines } = generatedConfig(5000, { errors: true });
    assert.ok(text.length > 200_000, 'the file must be above the worker threshold');
    const doc = await openFixture('typed-large.scim.yaml', text);
    await waitForDiagnostics(doc.uri, (ds) => ds.filter((d) => codeOf(d) === 'schema-type').length === errorLines.length, 90_000, 'the planted errors');
    const editor = await vscode.window.showTextDocument(doc);

    // Keystrokes: select 'Tokyo' in one time zone and type 'Tokio' over it, one character at a time.
    const at = text.indexOf('timezone: Asia/Tokyo', text.length >> 1) + 'timezone: Asia/'.length;
    const start = doc.positionAt(at);
    assert.ok(await editor.edit((e) => e.delete(new vscode.Range(start, start.translate(0, 5)))));
    for (const [i, ch] of [...'Tokio'].entries()) assert.ok(await editor.edit((e) => e.insert(start.translate(0, i), ch)));
    await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'timezone-invalid' && d.range.start.line === start.line), 60_000, 'the typed zone');
    await waitForDiagnostics(doc.uri, inSync(doc), 60_000, 'diagnostics equal to the text after typing');

    // One change event with two changes (a multi-cursor edit), far apart, changing the length.
    const a = doc.positionAt(text.indexOf('timezone: Europe/Berlin', text.length >> 2) + 'timezone: '.length);
    const b = doc.positionAt(text.lastIndexOf('timezone: Europe/London') + 'timezone: '.length);
    assert.ok(await editor.edit((e) => {
      e.replace(new vscode.Range(a, a.translate(0, 'Europe/Berlin'.length)), 'Europe/Berlim');
      e.replace(new vscode.Range(b, b.translate(0, 'Europe/London'.length)), 'Mars/Olympus_Mons');
    }));
    await waitForDiagnostics(doc.uri, (ds) => [a.line, b.line].every((l) => ds.some((d) => codeOf(d) === 'timezone-invalid' && d.range.start.line === l)), 60_000, 'both edited zones');
    await waitForDiagnostics(doc.uri, inSync(doc), 60_000, 'diagnostics equal to the text after the multi-cursor edit');

    // Undo everything: back to the planted errors only.
    for (let i = 0; i < 7; i++) await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), text, 'undo restored the text');
    await waitForDiagnostics(doc.uri, inSync(doc), 60_000, 'diagnostics equal to the text after undo');
    assert.ok(!ours(doc.uri).some((d) => codeOf(d) === 'timezone-invalid'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
