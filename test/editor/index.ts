// In-host mocha runner for the editor tests (VS Code calls `run()` in the extension host; see
// scripts/test-editor.mjs). Only this file is an esbuild entry: the suite files are required
// statically below so they are bundled, but lazily (after mocha's `pre-require`), so their
// describe()/it() calls land in this mocha instance. Add new suite files to SUITES.
import Mocha from 'mocha';

const SUITES: Array<[string, () => unknown]> = [
  ['smoke.test.ts', () => require('./suite/smoke.test')],
  ['activation.test.ts', () => require('./suite/activation.test')],
  ['diagnostics.test.ts', () => require('./suite/diagnostics.test')],
  ['quickfix.test.ts', () => require('./suite/quickfix.test')],
  ['language.test.ts', () => require('./suite/language.test')],
  ['commands.test.ts', () => require('./suite/commands.test')],
];

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false, // output goes through codeAutomationLog to a plain terminal/CI log
    timeout: 20_000,
    slow: 2_000,
    grep: process.env.SCIM_TEST_GREP || undefined,
  });
  for (const [file, load] of SUITES) {
    mocha.suite.emit('pre-require', globalThis, file, mocha);
    load();
    mocha.suite.emit('post-require', globalThis, file, mocha);
  }
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
