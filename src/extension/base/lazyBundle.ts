// Bundles that sit next to dist/extension.js and are required on first use, so activation never
// loads them: the HTTP stack (dist/network.js) and simulate's request builders and renderers
// (dist/simulate.js). Each is typed by its façade; the path is a variable, so esbuild leaves it to Node.
import type * as Network from '../../bundles/network';
import type * as Simulate from '../../bundles/simulate';

/** A memoised loader of a sibling bundle (`path` like './network.js': a plain variable, never a template esbuild would expand). */
export function lazyBundle<T>(path: string): () => T {
  let loaded: T | undefined;
  return () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime load of a sibling bundle, on purpose
    loaded ??= require(path) as T;
    return loaded;
  };
}

/** The SCIM client, pager, credential test, conformance checks and the simulation run. */
export const network = lazyBundle<typeof Network>('./network.js');
/** Simulate's request planner and renderers (the run itself is in the network bundle). */
export const simulation = lazyBundle<typeof Simulate>('./simulate.js');
