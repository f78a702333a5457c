// dist/cli.js, the `scim-provisioning` command. `validate` (what CI and pre-commit hooks run on every
// commit) runs from this bundle alone: the config core, no HTTP stack. Every other command loads
// dist/cli-main.js (src/cli/main.ts, the whole CLI) on first use.
import { version } from '../../package.json';
import { guarded } from './io';
import type { CliMain } from './io';
import { runValidate } from './commands/validate';
import { runAsProcess } from './process';
import { useIdpBundles } from '../core/idp/registry';
import { requireSibling } from '../bundles/requireSibling';

// Identity-provider modules bundled apart (dist/idp-entra.js) load on first use.
useIdpBundles(requireSibling);

runAsProcess(async (argv, io, opts) => {
  if (argv[0] === 'validate') return guarded('validate', () => runValidate(argv.slice(1), io), io);
  const bundle = './cli-main.js';
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime load of a sibling bundle, on purpose
  const { main } = require(bundle) as { main: CliMain };
  return main(argv, io, opts);
}, version);
