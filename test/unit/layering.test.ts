import * as assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ESLint } from 'eslint';

// The layering of src/ is a lint rule (eslint.config.mjs, what `npm run lint` runs): a floor imports
// only the floors below it. Here the same config lints deliberate violations, and the real tree.

const ROOT = path.resolve(__dirname, '../..');
interface Floors { CORE_FLOORS: Record<string, string[]>; CONFIG_PARTS: Record<string, string[]>; TOP_FLOORS: Record<string, string[]> }

/** The project's ESLint config with only the import rules (no type information: these need none). */
function layeringLint(): ESLint {
  return new ESLint({
    cwd: ROOT,
    overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports' || ruleId === 'no-restricted-syntax',
  });
}

async function problems(eslint: ESLint, file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return r.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering: a lower floor never imports a higher one (eslint.config.mjs)', function () {
  this.timeout(120_000);
  const eslint = layeringLint();

  const refused: Array<[string, string, string]> = [
    ['scim imports idp (a type only)', 'src/core/scim/fixture.ts', "import type { IdpDescriptor } from '../idp/types';\nexport type X = IdpDescriptor;\n"],
    ['scim imports idp (a value)', 'src/core/scim/fixture.ts', "import { IDP_IDS } from '../idp/registry';\nexport const x = IDP_IDS;\n"],
    ['a re-export from above', 'src/core/targets/fixture.ts', "export { scimErrorOf } from '../scim/diagnosis';\n"],
    ['a type re-export from above', 'src/core/http/fixture.ts', "export type { TargetHints } from '../targets/types';\n"],
    ['the ground floor imports anything of src', 'src/core/shared/fixture.ts', "import { FLOSUM } from '../targets/flosum';\nexport const x = FLOSUM;\n"],
    ['targets imports config (the old TargetId arrow)', 'src/core/targets/fixture.ts', "import type { Finding } from '../config/types';\nexport type X = Finding;\n"],
    ['siblings: simulate imports conformance', 'src/core/simulate/fixture.ts', "import { cleanupBudget } from '../conformance/run';\nexport const x = cleanupBudget;\n"],
    ['siblings: conformance imports simulate', 'src/core/conformance/fixture.ts', "import { runSimulation } from '../simulate/run';\nexport const x = runSimulation;\n"],
    ['siblings: idp imports tenant', 'src/core/idp/okta/fixture.ts', "import type { TenantUser } from '../../tenant/snapshot';\nexport type X = TenantUser;\n"],
    ['core imports the editor side', 'src/core/reconcile/fixture.ts', "import { Commands } from '../../extension/constants';\nexport const x = Commands;\n"],
    ['core imports the CLI', 'src/core/config/fixture.ts', "import type { CliIO } from '../../cli/io';\nexport type X = CliIO;\n"],
    ['core imports vscode', 'src/core/config/language/fixture.ts', "import * as vscode from 'vscode';\nexport const x = vscode.version;\n"],
    ['the CLI imports the editor side', 'src/cli/commands/fixture.ts', "import { EXTENSION_ID } from '../../extension/constants';\nexport const x = EXTENSION_ID;\n"],
    ['the editor side imports the CLI', 'src/extension/fixture.ts', "import { main } from '../cli/main';\nexport const x = main;\n"],
    ['a bundle façade imports the editor side', 'src/bundles/fixture.ts', "export { Commands } from '../extension/constants';\n"],
    ['config: the YAML machinery imports a rule', 'src/core/config/yaml/fixture.ts', "import { RULES } from '../rules/all';\nexport const x = RULES;\n"],
    ['config: a rule imports a language feature', 'src/core/config/rules/fixture.ts', "import { hoverAt } from '../language/hover';\nexport const x = hoverAt;\n"],
    ['a dynamic import() around the rule', 'src/core/shared/fixture.ts', "export function f(): Promise<unknown> { return import('../targets/types'); }\n"],
  ];
  for (const [what, file, code] of refused) {
    it(`refuses: ${what}`, async () => {
      const found = await problems(eslint, file, code);
      assert.equal(found.length, 1, found.join('\n'));
      assert.match(found[0], /^no-restricted-(imports|syntax): /);
    });
  }

  const allowed: Array<[string, string, string]> = [
    ['idp imports scim', 'src/core/idp/fixture.ts', "import type { Json } from '../scim/attributes';\nexport type X = Json;\n"],
    ['reconcile imports config, tenant and idp', 'src/core/reconcile/fixture.ts', "import type { Finding } from '../config/types';\nimport type { TenantUser } from '../tenant/snapshot';\nimport type { IdpId } from '../idp/types';\nexport type X = [Finding, TenantUser, IdpId];\n"],
    ['a floor imports itself', 'src/core/scim/fixture.ts', "import { CORE_USER_SCHEMA } from './schemas';\nexport const x = CORE_USER_SCHEMA;\n"],
    ['the editor imports core and a bundle façade', 'src/extension/fixture.ts', "import type * as Network from '../bundles/network';\nimport { validateConfig } from '../core/config/validate';\nexport type X = typeof Network;\nexport const x = validateConfig;\n"],
  ];
  for (const [what, file, code] of allowed) {
    it(`allows: ${what}`, async () => {
      assert.deepEqual(await problems(eslint, file, code), []);
    });
  }

  it('every folder of src/ is a floor the rule knows, and src/core has no loose files', async () => {
    const floors = (await import(path.join(ROOT, 'eslint.config.mjs'))) as Floors;
    const dirs = (p: string): string[] => readdirSync(path.join(ROOT, p)).filter((d) => statSync(path.join(ROOT, p, d)).isDirectory());
    assert.deepEqual(dirs('src/core').sort(), Object.keys(floors.CORE_FLOORS).sort());
    assert.deepEqual(dirs('src/core/config').sort(), Object.keys(floors.CONFIG_PARTS).sort());
    assert.deepEqual(dirs('src').sort(), ['core', ...Object.keys(floors.TOP_FLOORS)].sort());
    assert.deepEqual(readdirSync(path.join(ROOT, 'src/core')).filter((f) => !statSync(path.join(ROOT, 'src/core', f)).isDirectory()), []);
    // each floor may import only floors listed before it (bottom to top), so no circle can form
    const order = Object.keys(floors.CORE_FLOORS);
    for (const [floor, below] of Object.entries(floors.CORE_FLOORS)) for (const b of below) assert.ok(order.indexOf(b) < order.indexOf(floor), `${floor} -> ${b}`);
  });

  it('the tree as it is keeps the layering', async () => {
    const results = await eslint.lintFiles(['src/**/*.ts']);
    const found = results.flatMap((r) => r.messages.map((m) => `${path.relative(ROOT, r.filePath)}:${m.line}: ${m.message}`));
    assert.deepEqual(found, []);
  });
});
