import type * as Network from '../bundles/network';

let loaded: typeof Network | undefined;

/**
 * The network bundle (dist/network.js, next to dist/extension.js), required on first use so that
 * activation never loads the HTTP stack. The path is a variable so esbuild leaves it to Node.
 */
export function network(): typeof Network {
  if (!loaded) {
    const bundle = './network.js';
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime load of a sibling bundle, on purpose
    loaded = require(bundle) as typeof Network;
  }
  return loaded;
}
