// The validation worker's protocol: the host sends a document's text once, then only its change
// events' edits; the worker's copy of the text stays the host's text, validations of a version carry
// no text, a missed edit is repaired by sending the text again, and superseded versions are answered
// without findings. Driven both directly (ValidationService, WorkerDocuments) and through the real
// worker thread (dist/validate-worker.js).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { generatedConfig } from '../../../support/configs.cjs';
import { parseConfig } from '../../../../src/core/config/yaml/parse';
import { validateConfig } from '../../../../src/core/config/validate';
import { ValidationService } from '../../../../src/core/config/worker/service';
import { WorkerDocuments } from '../../../../src/core/config/worker/client';
import { example, prng } from '../helpers';
import { limitedSymbolsOfParsed, limitSymbols, symbolsOfParsed } from '../../../../src/core/config/language/symbols';
import { applyChanges } from '../../../../src/core/config/worker/protocol';
import type { TextChange, WorkerRequest, WorkerResponse } from '../../../../src/core/config/worker/protocol';

const URI = 'file:///w/large.scim.yaml';

/** A host and a worker wired together in one thread; the worker drains, and its timers fire, when told to. */
function pair(): { docs: WorkerDocuments; service: ValidationService; sent: WorkerRequest[]; answers: WorkerResponse[]; drain: () => void; pause: () => void } {
  const sent: WorkerRequest[] = [];
  const answers: WorkerResponse[] = [];
  const queued: (() => void)[] = [];
  const timers = new Map<number, () => void>();
  let next = 0;
  const service = new ValidationService((r) => answers.push(r), (fn) => queued.push(fn), {
    set: (fn) => { timers.set(++next, fn); return next; },
    clear: (h) => { timers.delete(h as number); },
  });
  const docs = new WorkerDocuments((m) => { sent.push(m); service.receive(structuredClone(m)); });
  return {
    docs, service, sent, answers,
    drain: () => { while (queued.length) queued.shift()!(); },
    /** The edits pause: the worker's pending timers fire. */
    pause: () => { for (const [h, fn] of [...timers]) { timers.delete(h); fn(); } },
  };
}

/** A random change event on `text`, as VS Code reports one: edits applied in order, each on the text after the previous. */
function changeEvent(text: string, rnd: () => number): TextChange[] {
  const changes: TextChange[] = [];
  let t = text;
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    const offset = Math.floor(rnd() * (t.length + 1));
    const length = Math.min(t.length - offset, Math.floor(rnd() * 4));
    // Mostly typing (letters, a space, a deletion); now and then a line break, a new item or a comment.
    const inserted = ['a', 'Z', 'e', ' ', '', '', 'Tokio', '\n', '\n  - userName: new@example.com', ' #'][Math.floor(rnd() * 10)];
    changes.push({ offset, length, text: inserted });
    t = applyChanges(t, [changes[changes.length - 1]]);
  }
  return changes;
}

describe('validation worker protocol', () => {
  it('keeps the worker\'s text equal to the host\'s through random change events, and validates without resending it', function () {
    this.timeout(60_000);
    const { docs, service, sent, answers, drain } = pair();
    let text = generatedConfig(120, { errors: true }).text;
    let version = 1;
    docs.validate(URI, version, () => text);
    drain();
    const rnd = prng(0xed17);
    for (let step = 0; step < 40; step++) {
      const changes = changeEvent(text, rnd);
      text = applyChanges(text, changes);
      version++;
      docs.changed(URI, version, changes);
      assert.equal(service.textOf(URI)?.text, text, `step ${step}`);
      if (step % 4 === 0) {
        docs.validate(URI, version, () => { throw new Error('the text must not be sent again'); });
        drain();
        const last = answers[answers.length - 1];
        assert.equal(last.version, version);
        assert.deepEqual(last.findings, validateConfig(text), `step ${step}`);
      }
    }
    const withText = sent.filter((m) => m.type === 'validate' && m.text !== undefined);
    assert.equal(withText.length, 1, 'the whole text went to the worker once');
    assert.ok(sent.filter((m) => m.type === 'edit').every((m) => JSON.stringify(m).length < 400), 'an edit message carries only the change');
  });

  it('validates ahead once the edits pause; the request after the debounce is answered from that run', () => {
    const { docs, service, answers, drain, pause } = pair();
    let text = generatedConfig(200, { errors: true }).text;
    const options = { severities: { 'timezone-invalid': 'warning' as const } };
    docs.validate(URI, 1, () => text, options);
    drain();
    assert.equal(service.runs.requested, 1);
    for (let v = 2; v <= 4; v++) {
      const at = text.indexOf('Asia/Tokyo');
      const change = { offset: at, length: 10, text: v % 2 ? 'Asia/Tokyo' : 'Asia/Tokio' };
      text = applyChanges(text, [change]);
      docs.changed(URI, v, [change]);
    }
    pause();
    assert.equal(service.runs.ahead, 1, 'one run once the edits paused, not one per edit');
    const before = answers.length;
    docs.validate(URI, 4, () => text, options);
    assert.equal(answers.length, before + 1, 'answered at once, before any drain');
    assert.equal(service.runs.requested, 1);
    assert.deepEqual(answers[answers.length - 1].findings, validateConfig(text, options));
    // Other options than the run ahead used: validated for the request.
    docs.validate(URI, 4, () => text, {});
    drain();
    assert.equal(service.runs.requested, 2);
    assert.deepEqual(answers[answers.length - 1].findings, validateConfig(text, {}));
  });

  it('a missed change event: the worker answers needText and the next validation sends the text again', () => {
    const { docs, service, answers, drain } = pair();
    const text = generatedConfig(20, { errors: true }).text;
    docs.validate(URI, 1, () => text);
    drain();
    // The host tells the worker about version 3 as if from 2: the worker holds 1, so it drops the text.
    service.receive({ type: 'edit', uri: URI, from: 2, version: 3, changes: [{ offset: 0, length: 0, text: '# x\n' }] });
    assert.equal(service.textOf(URI), undefined);
    service.receive({ type: 'validate', uri: URI, version: 3 });
    drain();
    assert.deepEqual(answers[answers.length - 1], { uri: URI, version: 3, needText: true });
    docs.lost(URI);
    const now = `# x\n${text}`;
    docs.validate(URI, 3, () => now);
    drain();
    assert.deepEqual(answers[answers.length - 1].findings, validateConfig(now));
  });

  it('a version superseded before it ran is answered without findings; only the newest is validated', () => {
    const { docs, answers, drain } = pair();
    let text = generatedConfig(20, { errors: true }).text;
    docs.validate(URI, 1, () => text);
    const change = { offset: text.indexOf('Asia/Tokyo'), length: 10, text: 'Asia/Tokio' };
    text = applyChanges(text, [change]);
    docs.changed(URI, 2, [change]);
    docs.validate(URI, 2, () => text);
    drain();
    assert.deepEqual(answers.map((a) => [a.version, a.findings !== undefined]), [[1, false], [2, true]]);
    assert.ok(answers[1].findings!.some((f) => f.code === 'timezone-invalid'));
  });

  it('forget drops the document: nothing is held, a pending validation is answered stale', () => {
    const { docs, service, answers, drain } = pair();
    docs.validate(URI, 1, () => 'version: 1\n');
    docs.forget(URI);
    drain();
    assert.equal(service.textOf(URI), undefined);
    assert.deepEqual(answers, [{ uri: URI, version: 1 }]);
  });

  it('sends the outline limitSymbols would cut from the whole one, without building the rest', () => {
    const nested = `a:\n${Array.from({ length: 30 }, (_, i) => `  k${i}:\n${Array.from({ length: 30 }, (__, j) => `    - v${j}`).join('\n')}`).join('\n')}\n`;
    for (const text of [generatedConfig(3000, { errors: true }).text, generatedConfig(5).text, example('flosum-us.scim.yaml'), example('broken.scim.yaml'), nested, '', 'x: [unclosed']) {
      const parsed = parseConfig(text);
      for (const max of [0, 1, 7, 40, 2000]) assert.deepEqual(limitedSymbolsOfParsed(parsed, max), limitSymbols(symbolsOfParsed(parsed), max), `${text.slice(0, 30)} / ${max}`);
    }
  });

  it('works across the real worker thread (dist/validate-worker.js)', async () => {
    const worker = new Worker(join(__dirname, '../../../../dist/validate-worker.js'));
    try {
      const got: WorkerResponse[] = [];
      const next = (): Promise<WorkerResponse> => new Promise((resolve) => worker.once('message', (m: WorkerResponse) => { got.push(m); resolve(m); }));
      const docs = new WorkerDocuments((m) => worker.postMessage(m));
      let text = generatedConfig(1000, { errors: true }).text;
      docs.validate(URI, 1, () => text);
      assert.deepEqual((await next()).findings, validateConfig(text));
      const at = text.indexOf('timezone: Asia/Tokyo', text.length >> 1) + 'timezone: '.length;
      const change = { offset: at, length: 'Asia/Tokyo'.length, text: 'Asia/Tokio' };
      text = applyChanges(text, [change]);
      docs.changed(URI, 2, [change]);
      docs.validate(URI, 2, () => { throw new Error('the text must not be sent again'); });
      const r = await next();
      assert.equal(r.version, 2);
      assert.deepEqual(r.findings, validateConfig(text));
      assert.ok(r.symbols && r.symbols.length > 0);
    } finally {
      await worker.terminate();
    }
  });
});
