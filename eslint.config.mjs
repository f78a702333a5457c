// ESLint flat config: type-aware rules on TypeScript sources and tests, and the layering of src/
// (ARCHITECTURE.md) as `no-restricted-imports` per folder: a floor imports only the floors below it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The floors of src/core, bottom to top, each with the floors it may import (besides itself). Floors
 * on one line of ARCHITECTURE.md (targets and http; idp and tenant; the three features) do not import
 * each other, so no two folders import each other, directly or round a circle.
 */
export const CORE_FLOORS = {
  shared: [],
  targets: ['shared'],
  http: ['shared'],
  scim: ['shared', 'targets', 'http'],
  idp: ['shared', 'targets', 'http', 'scim'],
  tenant: ['shared', 'targets', 'http', 'scim'],
  config: ['shared', 'targets', 'http', 'scim', 'idp', 'tenant'],
  conformance: ['shared', 'targets', 'http', 'scim', 'idp', 'tenant', 'config'],
  simulate: ['shared', 'targets', 'http', 'scim', 'idp', 'tenant', 'config'],
  reconcile: ['shared', 'targets', 'http', 'scim', 'idp', 'tenant', 'config'],
  import: ['shared', 'targets', 'http', 'scim', 'idp', 'tenant', 'config'],
  drift: ['shared', 'targets', 'http', 'scim', 'idp', 'tenant', 'config'],
};

/** Inside src/core/config, its parts in the same way: the YAML machinery at the bottom, the worker on top. */
export const CONFIG_PARTS = {
  yaml: [],
  schema: ['yaml'],
  rules: ['yaml', 'schema'],
  language: ['yaml', 'schema', 'rules'],
  worker: ['yaml', 'schema', 'rules', 'language'],
};

/** The folders of src/ above the core, with what each may import. */
export const TOP_FLOORS = {
  bundles: ['core'],
  cli: ['core', 'bundles'],
  extension: ['core', 'bundles'],
};

/**
 * A restriction of relative imports that reach a folder of one of `names` (the specifier has it as a
 * path segment). Type-only imports and re-exports count too (the core rule checks them unless told not to).
 */
function reaching(names, message) {
  return { regex: `^\\.\\.?/(?:.*/)?(?:${names.join('|')})(?:/|$)`, message };
}

const VSCODE = { name: 'vscode', message: 'src/core must stay editor-free.' };

function restrict(patterns, paths = []) {
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

const coreNames = Object.keys(CORE_FLOORS);
const topNames = Object.keys(TOP_FLOORS);

/** One config block per floor (and per part of config), bottom to top. */
const layering = [];
for (const [floor, below] of Object.entries(CORE_FLOORS)) {
  const above = coreNames.filter((f) => f !== floor && !below.includes(f));
  const upward = reaching([...above, ...topNames], `src/core/${floor} ${below.length ? `imports only ${below.join(', ')} of src` : 'imports nothing of src'} (ARCHITECTURE.md): this import reaches a floor beside or above it.`);
  if (floor === 'config') {
    for (const [part, lower] of Object.entries(CONFIG_PARTS)) {
      const higher = Object.keys(CONFIG_PARTS).filter((p) => p !== part && !lower.includes(p));
      const rules = higher.length
        ? restrict([upward, reaching(higher, `src/core/config/${part} ${lower.length ? `imports only ${lower.join(', ')} of config's parts` : "imports no other part of config"} (ARCHITECTURE.md).`)], [VSCODE])
        : restrict([upward], [VSCODE]);
      layering.push({ files: [`src/core/config/${part}/**/*.ts`], rules });
    }
    layering.push({ files: ['src/core/config/*.ts'], rules: restrict([upward], [VSCODE]) });
  } else {
    layering.push({ files: [`src/core/${floor}/**/*.ts`], rules: restrict([upward], [VSCODE]) });
  }
}
for (const [floor, below] of Object.entries(TOP_FLOORS)) {
  const above = topNames.filter((f) => f !== floor && !below.includes(f));
  layering.push({ files: [`src/${floor}/**/*.ts`], rules: restrict([reaching(above, `src/${floor} imports only ${below.join(', ')} (ARCHITECTURE.md).`)]) });
}
// The composition root wires the editor: everything but the CLI.
layering.push({ files: ['src/extension.ts'], rules: restrict([reaching(['cli'], 'src/extension.ts wires the editor; the CLI is its own root.')]) });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'src/core/config/schema/generated/**', 'test-results/**', 'bench/.work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      curly: ['error', 'multi-line'],
      'no-restricted-imports': 'off',
    },
  },
  {
    // A dynamic import() would pass the layering rule by; sibling bundles are required (src/bundles/requireSibling.ts).
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', { selector: 'ImportExpression', message: 'No import() in src: import statically, or require a sibling bundle (src/bundles/requireSibling.ts).' }] },
  },
  ...layering,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', fetch: 'readonly' } },
  },
);
