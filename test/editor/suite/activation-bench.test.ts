// Bench-facing editor tests (selected by `npm run bench` with SCIM_TEST_GREP='activation benchmark';
// they also run with the whole editor suite): activate() time as measured by activate() itself, and a
// large config validated in the worker (dist/validate-worker.js) while the extension host's event-loop
// delay is watched. Figures go to $SCIM_BENCH_ACTIVATION_OUT when set; nothing here asserts a time.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { generateConfig } from '../../../bench/generate.cjs';
import { EXTENSION_ID, codeOf, configWith, openFixture, waitForDiagnostics } from './helpers';

const figures: Record<string, unknown> = {};
function record(): void {
  const out = process.env.SCIM_BENCH_ACTIVATION_OUT;
  if (out) writeFileSync(out, JSON.stringify(figures));
}

describe('activation benchmark', () => {
  it('records activate() time measured inside the editor', async () => {
    const ext = vscode.extensions.getExtension<{ activationMs: number }>(EXTENSION_ID);
    assert.ok(ext);
    if (!ext.isActive) await openFixture('activation-bench.scim.yaml', configWith());
    const api = await ext.activate();
    assert.equal(typeof api.activationMs, 'number');
    figures.activationMs = api.activationMs;
    record();
  });

  it('validates a large config in the worker, then an edit to it, and offers its quick fix', async function () {
    this.timeout(120_000);
    const { text, errorLines } = generateConfig(5000, { errors: true });
    assert.ok(text.length > 200_000, 'the file must be above the worker threshold');
    const h = monitorEventLoopDelay({ resolution: 5 });
    const doc = await openFixture('large.scim.yaml', text);
    h.enable();
    const t0 = performance.now();
    const first = await waitForDiagnostics(doc.uri, (ds) => ds.filter((d) => codeOf(d) === 'schema-type').length === errorLines.length, 90_000, 'the planted errors');
    const openMs = performance.now() - t0;
    assert.deepEqual(first.filter((d) => codeOf(d) === 'schema-type').map((d) => d.range.start.line), errorLines);
    const at = text.indexOf('timezone: Asia/Tokyo', text.length >> 1) + 'timezone: '.length;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'Asia/Tokyo'.length)), 'Asia/Tokio');
    const t1 = performance.now();
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'timezone-invalid'), 60_000, 'the finding of the edit');
    const editMs = performance.now() - t1;
    h.disable();
    const tz = after.find((d) => codeOf(d) === 'timezone-invalid')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, tz.range);
    assert.ok(actions.some((a) => a.title.includes('Asia/Tokyo')), `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    figures.large = { bytes: text.length, openToDiagnosticsMs: openMs, editToDiagnosticsMs: editMs, maxEventLoopDelayMs: h.max / 1e6 };
    record();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
