// Bench-facing editor tests (selected by `npm run bench` with SCIM_TEST_GREP='activation benchmark';
// they also run with the whole editor suite): activate() time as measured by activate() itself, and a
// large config validated in the worker (dist/validate-worker.js) while the extension host's event-loop
// delay is watched. Figures go to $SCIM_BENCH_ACTIVATION_OUT when set; nothing here asserts a time.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { generateConfig } from '../../../bench/generate.cjs';
import { EXTENSION_ID, codeOf, configWith, openFixture, waitForDiagnostics } from './helpers';

const figures: Record<string, unknown> = {};

/** With SCIM_BENCH_CPU_PROFILE=<file>: a CPU profile of the extension host while `fn` runs (where the time goes). */
async function profiled<T>(fn: () => Promise<T>): Promise<T> {
  const out = process.env.SCIM_BENCH_CPU_PROFILE;
  if (!out) return fn();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> => new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res)));
  });
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(out, JSON.stringify(profile));
    session.disconnect();
  }
}
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
    let changedAt = 0;
    const sub = vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === doc && !changedAt) changedAt = performance.now(); });
    const t1 = performance.now();
    let appliedAt = 0;
    const after = await profiled(async () => {
      assert.ok(await vscode.workspace.applyEdit(edit));
      appliedAt = performance.now();
      return waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'timezone-invalid'), 60_000, 'the finding of the edit');
    });
    const editMs = performance.now() - t1;
    sub.dispose();
    h.disable();
    const tz = after.find((d) => codeOf(d) === 'timezone-invalid')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, tz.range);
    assert.ok(actions.some((a) => a.title.includes('Asia/Tokyo')), `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    // Where the edit's time goes: until the change event reached the extension host, and from there on.
    figures.large = { bytes: text.length, openToDiagnosticsMs: openMs, editToDiagnosticsMs: editMs, maxEventLoopDelayMs: h.max / 1e6,
      editToChangeEventMs: changedAt - t1, applyEditMs: appliedAt - t1, changeEventToDiagnosticsMs: t1 + editMs - changedAt };
    record();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
