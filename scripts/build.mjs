// Build: compile the JSON Schema to a standalone ajv validator (so activation pays nothing),
// then bundle the extension, the CLI and the editor-test suite with esbuild.
//   node scripts/build.mjs            one production build (minified extension + CLI)
//   node scripts/build.mjs --watch    rebuild on change (not minified, with sourcemaps)
import * as esbuild from 'esbuild';
import { compileSchema } from './compile-schema.mjs';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const watch = process.argv.includes('--watch');
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

/** In dist/extension.js and dist/cli.js, Entra ID's module is a stand-in that loads dist/idp-entra.js on first use (src/extension/lazyEntra.ts). */
const lazyEntra = {
  name: 'lazy-entra',
  setup(build) {
    build.onResolve({ filter: /^\.\/entra\/module$/ }, (args) =>
      (args.importer.replace(/\\/g, '/').endsWith('src/core/idp/registry.ts') ? { path: fileURLToPath(new URL('../src/extension/lazyEntra.ts', import.meta.url)) } : undefined));
  },
};

const entries = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', metafile: true, plugins: [lazyEntra] },
  { ...common, entryPoints: ['src/core/idp/entra/module.ts'], outfile: 'dist/idp-entra.js' },
  // Loaded on first network use (src/extension/lazyNetwork.ts), so activation stays small.
  { ...common, entryPoints: ['src/bundles/network.ts'], outfile: 'dist/network.js' },
  // Simulate's request builders and renderers, loaded on the first preview or run (src/extension/lazySimulate.ts).
  { ...common, entryPoints: ['src/bundles/simulate.ts'], outfile: 'dist/simulate.js' },
  // Large configs are validated off the extension host's thread (src/extension/diagnostics.ts).
  { ...common, entryPoints: ['src/bundles/validateWorker.ts'], outfile: 'dist/validate-worker.js' },
  // The command: `validate` from this bundle alone; the other commands load dist/cli-main.js on first use.
  // Entra ID's module loads on first use here too (a validate run on Okta configs never reads it).
  { ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [lazyEntra] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-main.js' },
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
  const meta = results[0].metafile;
  const bytes = meta ? Object.values(meta.outputs).reduce((n, o) => n + o.bytes, 0) : 0;
  console.log(`[build] dist/extension.js ${(bytes / 1024).toFixed(1)} KB, dist/idp-entra.js, dist/network.js, dist/simulate.js, dist/validate-worker.js, dist/cli.js, dist/cli-main.js${entries.length > 7 ? ', out/test/editor/index.js' : ''}`);
}
