// Event-loop delay on a thread that only hands the huge file to dist/validate-worker.js and waits,
// as the extension host does (its own process, so the validation benchmark's heap is not in it): the
// whole text once, then an edit as its change event only (WorkerDocuments, the extension's own code).
import { ok } from 'node:assert';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { generateConfig, SIZES } from './generate.cjs';
import type { Finding } from '../src/core/config/types';
import { WorkerDocuments } from '../src/core/config/worker/client';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (s: string): void => { process.stderr.write(`${s}\n`); };

async function main(): Promise<void> {
  // Event-loop block while the huge file is validated the way the extension does: in the worker.
  const { text: huge } = generateConfig(SIZES.huge, { errors: true });
  const planted = huge.split('givenName: 42').length - 1;
  // Noise floor: the same monitor on this thread doing nothing for 3 s (2 cores shared with other work).
  (globalThis as { gc?: () => void }).gc?.();
  const idle = monitorEventLoopDelay({ resolution: 5 });
  idle.enable();
  await new Promise((r) => setTimeout(r, 3000));
  idle.disable();
  (globalThis as { gc?: () => void }).gc?.();
  const worker = new Worker(join(ROOT, 'dist/validate-worker.js'));
  const h = monitorEventLoopDelay({ resolution: 5 });
  const docs = new WorkerDocuments((m) => worker.postMessage(m));
  const uri = 'file:///huge.scim.yaml';
  const answer = (): Promise<{ findings?: Finding[]; ms?: number }> => new Promise((resolve) => { worker.once('message', resolve); });
  h.enable();
  const t0 = performance.now();
  const a1 = answer();
  docs.validate(uri, 1, () => huge);
  const r1 = await a1;
  const firstMs = performance.now() - t0;
  const at = huge.indexOf('timezone: Asia/Tokyo') + 'timezone: '.length;
  const t1 = performance.now();
  const a2 = answer();
  docs.changed(uri, 2, [{ offset: at, length: 'Asia/Tokyo'.length, text: 'Asia/Tokio' }]);
  docs.validate(uri, 2, () => { throw new Error('the worker holds version 2: no text is sent'); });
  const r2 = await a2;
  const editMs = performance.now() - t1;
  h.disable();
  await worker.terminate();
  ok(r1.findings && r1.findings.length === planted, `worker findings on huge: ${r1.findings?.length}`);
  ok(r2.findings && r2.findings.length === planted + 1, `worker findings on edited huge: ${r2.findings?.length}`);
  const eventLoop = { idleMaxMs: idle.max / 1e6, maxBlockMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, hugeInWorkerMs: firstMs, hugeEditInWorkerMs: editMs };
  log(`event loop while the worker validates the huge file: max delay ${(h.max / 1e6).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms; idle noise floor ${(idle.max / 1e6).toFixed(1)} ms (worker: ${firstMs.toFixed(0)} ms cold, ${editMs.toFixed(0)} ms after one edit)`);
  process.stdout.write(`RESULT ${JSON.stringify(eventLoop)}\n`);
}
main().catch((e) => { console.error(e); process.exit(1); });
