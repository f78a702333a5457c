// dist/validate-worker.js: the validation worker's thread. The extension host posts large documents
// here so validation never blocks it (src/extension/diagnostics.ts starts it); the service itself is
// src/core/config/worker/service.ts.
import { parentPort } from 'node:worker_threads';
import type { WorkerRequest } from '../core/config/worker/protocol';
import { ValidationService } from '../core/config/worker/service';
import { useIdpBundles } from '../core/idp/registry';
import { requireSibling } from './requireSibling';

// Identity-provider modules bundled apart (dist/idp-entra.js) load on first use.
useIdpBundles(requireSibling);

if (parentPort) {
  const port = parentPort;
  const service = new ValidationService((r) => port.postMessage(r));
  port.on('message', (msg: WorkerRequest) => service.receive(msg));
}
