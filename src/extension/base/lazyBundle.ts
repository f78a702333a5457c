// Bundles that sit next to dist/extension.js and are required on first use, so activation never
// loads them: the HTTP stack (dist/network.js) and simulate's request builders and renderers
// (dist/simulate.js). Each is typed by its façade in src/bundles/.
import type * as Network from '../../bundles/network';
import { requireSibling } from '../../bundles/requireSibling';
import type * as Simulate from '../../bundles/simulate';

/** A memoised loader of the sibling bundle `file` (e.g. 'network.js'). */
export function lazyBundle<T>(file: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireSibling(file) as T);
}

/** The SCIM client, pager, credential test, conformance checks and the simulation run. */
export const network = lazyBundle<typeof Network>('network.js');
/** Simulate's request planner and renderers (the run itself is in the network bundle). */
export const simulation = lazyBundle<typeof Simulate>('simulate.js');
