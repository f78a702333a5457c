// Build: compile the JSON Schema to a standalone ajv validator (so activation pays nothing),
// then bundle the extension, the CLI and the editor-test suite with esbuild.
//   node scripts/build.mjs            one production build (minified extension + CLI)
//   node scripts/build.mjs --watch    rebuild on change (not minified, with sourcemaps)
import * as esbuild from 'esbuild';
import { compileSchema } from './compile-schema.mjs';
import { existsSync, statSync } from 'node:fs';

const watch = process.argv.includes('--watch');
/** dist/extension.js, what activation loads: at most 400 KiB. */
const EXTENSION_LIMIT = 400 * 1024;
await compileSchema();

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: watch ? 'inline' : false,
  minify: !watch,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['vscode'],
  // yaml's ES-module build (the same code as its CommonJS one): bundled as ESM its exports are plain
  // bindings, not the getters esbuild puts around a CommonJS module (one per call of isScalar, ...),
  // and what a bundle does not use is left out.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
};

const entries = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', metafile: true },
  // Entra ID's module, loaded the first time a config names it (its descriptor names this file).
  { ...common, entryPoints: ['src/bundles/idpEntra.ts'], outfile: 'dist/idp-entra.js' },
  // The network side, loaded by the editor on first network use, so activation stays small.
  { ...common, entryPoints: ['src/bundles/network.ts'], outfile: 'dist/network.js' },
  // Simulate's request builders and renderers, loaded by the editor on the first preview or run.
  { ...common, entryPoints: ['src/bundles/simulate.ts'], outfile: 'dist/simulate.js' },
  // Reading the identity provider (import and drift) for the editor, loaded on first use (src/bundles/idpApi.ts).
  { ...common, entryPoints: ['src/bundles/idpApi.ts'], outfile: 'dist/idp-api.js' },
  // The Azure credential chain (@azure/identity), loaded by the CLI only when a Graph token is needed and GRAPH_TOKEN is not set.
  { ...common, entryPoints: ['src/bundles/azureIdentity.ts'], outfile: 'dist/azure-identity.js' },
  // Large configs are validated off the extension host's thread (started by the editor's diagnostics).
  { ...common, entryPoints: ['src/bundles/validateWorker.ts'], outfile: 'dist/validate-worker.js' },
  // The command: `validate` from this bundle alone; the other commands load dist/cli-main.js on first use.
  // Entra ID's module loads on first use here too (a validate run on Okta configs never reads it).
  { ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, metafile: true },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-main.js', metafile: true },
];
// Editor-test suite: runs inside the real extension host; mocha stays a runtime require.
if (existsSync('test/editor/index.ts')) {
  entries.push({ ...common, minify: false, sourcemap: 'inline', entryPoints: ['test/editor/index.ts'],
    outfile: 'out/test/editor/index.js', external: ['vscode', 'mocha'] });
}

if (watch) {
  for (const e of entries) {
    const ctx = await esbuild.context(e);
    await ctx.watch();
  }
  console.log('[watch] watching src/ for changes');
} else {
  const results = await Promise.all(entries.map((e) => esbuild.build(e)));
  const sizes = entries.filter((e) => e.outfile.startsWith('dist/')).map((e) => `${e.outfile} ${statSync(e.outfile).size.toLocaleString('en')}`);
  console.log(`[build] bytes: ${sizes.join(', ')}${entries.length > 9 ? '; out/test/editor/index.js' : ''}`);
  // What activation loads: the limit a release keeps (the rest is loaded on first use).
  const extensionBytes = statSync('dist/extension.js').size;
  if (extensionBytes > EXTENSION_LIMIT) fail(`dist/extension.js is ${extensionBytes} bytes, over its ${EXTENSION_LIMIT}-byte (400 KiB) limit`);
  // `validate` (CI, pre-commit) runs from dist/cli.js alone: no HTTP stack in it.
  const cliInputs = Object.keys(results[entries.findIndex((e) => e.outfile === 'dist/cli.js')].metafile.inputs);
  const http = cliInputs.filter((f) => /node_modules\/undici\/|src\/core\/(scim|http)\//.test(f) && !f.endsWith('src/core/http/url.ts'));
  if (http.length) fail(`dist/cli.js carries the HTTP stack (${http.slice(0, 3).join(', ')}): validate must run without it`);
  // @azure/identity is loaded only by the commands that need a Graph token (dist/azure-identity.js).
  for (const out of ['dist/cli.js', 'dist/cli-main.js', 'dist/extension.js']) {
    const i = entries.findIndex((e) => e.outfile === out);
    const inputs = results[i]?.metafile ? Object.keys(results[i].metafile.inputs) : [];
    const azure = inputs.filter((f) => f.includes('node_modules/@azure/'));
    if (azure.length) fail(`${out} carries @azure/identity (${azure[0]}): only dist/azure-identity.js may`);
  }
}

function fail(message) {
  console.error(`[build] ${message}`);
  process.exitCode = 1;
}
