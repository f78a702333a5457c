// In-host mocha runner for the editor tests: VS Code calls `run()` in the extension host (see
// scripts/test-editor.mjs and scripts/vscode-launcher.mjs). Only this file is an esbuild entry;
// the suites are imported statically so they are bundled. Keep './mocha-setup' the first import.
import { mocha } from './mocha-setup';
import { ALL_IDP_MODULES } from '../../src/core/idp/modules';
import { useIdpModules } from '../../src/core/idp/registry';
import './suite/smoke.test';
import './suite/activation.test';
import './suite/diagnostics.test';
import './suite/quickfix.test';
import './suite/language.test';
import './suite/expressions.test';
import './suite/entra.test';
import './suite/targets.test';
import './suite/commands.test';
import './suite/network.test';
import './suite/reconcile.test';
import './suite/firsthour.test';
import './suite/simulate.test';
import './suite/untrusted.test';
import './suite/activationBench.test';
import './suite/worker.test';

// This bundle's own copy of the core (suites call validateConfig directly) gets every IdP module.
useIdpModules(ALL_IDP_MODULES);

export function run(): Promise<void> {
  mocha.suite.emit('post-require', globalThis, 'test/editor', mocha);
  console.log('[scim-editor-tests] start'); // marker: scripts/vscode-launcher.mjs prints from here on
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} editor test(s) failed.`));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
