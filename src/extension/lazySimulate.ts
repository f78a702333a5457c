import type * as Simulate from '../bundles/simulate';

let loaded: typeof Simulate | undefined;

/**
 * The simulate bundle (dist/simulate.js, next to dist/extension.js: the request builders and the
 * renderers), required on the first preview or run. The path is a variable so esbuild leaves it to Node.
 */
export function simulation(): typeof Simulate {
  if (!loaded) {
    const bundle = './simulate.js';
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime load of a sibling bundle, on purpose
    loaded = require(bundle) as typeof Simulate;
  }
  return loaded;
}
