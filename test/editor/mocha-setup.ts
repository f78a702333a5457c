// Creates the mocha instance the editor tests register into. test/editor/index.ts imports this
// module FIRST, then the suite files: ES modules evaluate in import order, so mocha's bdd globals
// (describe/it/before…) exist when the suites' top-level describe() calls run. Bundled by esbuild.
import Mocha from 'mocha';

export const mocha = new Mocha({
  ui: 'bdd',
  reporter: 'spec',
  color: false, // output goes through codeAutomationLog to a plain terminal / CI log
  timeout: 20_000,
  slow: 2_000,
  grep: process.env.SCIM_TEST_GREP || undefined,
});
mocha.suite.emit('pre-require', globalThis, 'test/editor', mocha);
