// Bench-facing editor tests (selected by `npm run bench` with SCIM_TEST_GREP='activation benchmark';
// they also run with the whole editor suite): activate() time as measured by activate() itself, and a
// large config validated in the worker (dist/validate-worker.js) while the extension host's event-loop
// delay is watched. Figures go to $SCIM_BENCH_ACTIVATION_OUT when set; nothing here asserts a time.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { generatedConfig } from '../../support/configs.cjs';
import { EXTENSION_ID } from '../../../src/extension/base/constants';
import { codeOf, configWith, openFixture, waitForDiagnostics } from './helpers';

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

  it('times the workbench\'s own keystroke round trip on a small file (the floor under the large-config figure)', async () => {
    // A plain text file: no provider of ours is asked for anything, so this is the `type` command →
    // change event path of code-server + Chromium alone, on this machine at this moment.
    const doc = await openFixture('keystroke-floor.txt', 'hello\n');
    const editor = await vscode.window.showTextDocument(doc);
    const ms: number[] = [];
    for (let k = 0; k < 8; k++) {
      editor.selection = new vscode.Selection(0, 5, 0, 5);
      const changed = new Promise<number>((resolve) => {
        const sub = vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === doc) { sub.dispose(); resolve(performance.now()); } });
      });
      const t = performance.now();
      await vscode.commands.executeCommand('type', { text: 'x' });
      ms.push((await changed) - t);
    }
    assert.equal(doc.lineAt(0).text, `hello${'x'.repeat(8)}`);
    const sorted = [...ms].sort((a, b) => a - b);
    figures.smallFileTypeToChangeEventMs = sorted[sorted.length >> 1];
    record();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('validates a large config in the worker, then edits to it, and offers its quick fix', async function () {
    this.timeout(180_000);
    const { text, errorLines } = generatedConfig(5000, { errors: true });
    assert.ok(text.length > 200_000, 'the file must be above the worker threshold');
    const openLoop = monitorEventLoopDelay({ resolution: 5 });
    const doc = await openFixture('large.scim.yaml', text);
    openLoop.enable();
    const t0 = performance.now();
    const first = await waitForDiagnostics(doc.uri, (ds) => ds.filter((d) => codeOf(d) === 'schema-type').length === errorLines.length, 90_000, 'the planted errors');
    const openMs = performance.now() - t0;
    assert.deepEqual(first.filter((d) => codeOf(d) === 'schema-type').map((d) => d.range.start.line), errorLines);

    // A large config gets no lens per assignment (5,000 of them after every keystroke); the endpoint's lens stays.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assert.ok(!lenses.some((l) => l.command?.title.includes('Preview Requests')), 'no Preview Requests lens on a config over 200 KB');
    assert.ok(lenses.length > 0 && lenses.length < 5, `lenses: ${lenses.map((l) => l.command?.title).join(', ')}`);

    // Its outline is bounded (the workbench asks for it after every keystroke): the top-level keys, and
    // the long assignments list cut short with its length in the detail.
    const outline = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    const count = (xs: vscode.DocumentSymbol[]): number => xs.reduce((n, s) => n + 1 + count(s.children ?? []), 0);
    const assignments = outline.find((s) => s.name === 'assignments');
    assert.ok(assignments && outline.some((s) => s.name === 'api'), `outline: ${outline.map((s) => s.name).join(', ')}`);
    assert.ok(count(outline) <= 500, `outline entries: ${count(outline)}`);
    assert.match(assignments.detail, /^5000 items \(outline shows \d+\)$/);
    assert.ok(assignments.children.length > 100, 'the first assignments are listed');

    // The first edit right after opening, through a WorkspaceEdit (the workbench may still be busy with the new 15k-line model).
    const at = text.indexOf('timezone: Asia/Tokyo', text.length >> 1) + 'timezone: '.length;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'Asia/Tokyo'.length)), 'Asia/Tokio');
    let changedAt = 0;
    const sub = vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === doc && !changedAt) changedAt = performance.now(); });
    const t1 = performance.now();
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'timezone-invalid'), 60_000, 'the finding of the edit');
    const firstEditMs = performance.now() - t1;
    const firstChangeMs = changedAt - t1;
    sub.dispose();
    openLoop.disable();
    const tz = after.find((d) => codeOf(d) === 'timezone-invalid')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, tz.range);
    assert.ok(actions.some((a) => a.title.includes('Asia/Tokyo')), `quick fixes: ${actions.map((a) => a.title).join(', ')}`);

    // Then typing: the editor's own 'type' command (as a keystroke arrives), each edit waited for by its finding
    // appearing or going away; from the command to the diagnostics, and from the change event to them.
    const editor = await vscode.window.showTextDocument(doc);
    const typing = monitorEventLoopDelay({ resolution: 5 });
    const lines = [text.indexOf('timezone: Europe/Berlin', text.length >> 2), text.indexOf('timezone: Asia/Kolkata', (text.length * 3) >> 2)]
      .map((i) => doc.positionAt(i).line);
    const typed: number[] = [];
    const fromEvent: number[] = [];
    typing.enable();
    await profiled(async () => {
      for (let k = 0; k < 8; k++) {
        const line = doc.lineAt(lines[k % 2]).text;
        const col = line.indexOf('timezone: ') + 'timezone: '.length;
        const pos = new vscode.Position(lines[k % 2], col);
        const word = line.slice(col).trimEnd();
        const bad = k % 4 < 2;
        const replacement = bad ? `${word}x` : word.replace(/x$/, '');
        editor.selection = new vscode.Selection(pos, pos.translate(0, word.length));
        let eventAt = 0;
        const s2 = vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === doc && !eventAt) eventAt = performance.now(); });
        const t = performance.now();
        await vscode.commands.executeCommand('type', { text: replacement });
        await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'timezone-invalid' && d.range.start.line === pos.line) === bad, 60_000, `typed edit ${k}`);
        const done = performance.now();
        s2.dispose();
        typed.push(done - t);
        fromEvent.push(done - eventAt);
      }
    });
    typing.disable();
    const median = (xs: number[]): number => { const v = [...xs].sort((a, b) => a - b); return v[v.length >> 1]; };
    figures.large = {
      bytes: text.length, openToDiagnosticsMs: openMs,
      firstEditToDiagnosticsMs: firstEditMs, firstEditToChangeEventMs: firstChangeMs, openMaxEventLoopDelayMs: openLoop.max / 1e6,
      editToDiagnosticsMs: median(typed), changeEventToDiagnosticsMs: median(fromEvent), editToChangeEventMs: median(typed.map((x, i) => x - fromEvent[i])), editToDiagnosticsAllMs: typed.map(Math.round),
      maxEventLoopDelayMs: typing.max / 1e6,
    };
    record();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
