import * as assert from 'node:assert/strict';
import { codesOfStep, RULE_CATALOG, YAML_TOOL_CODES } from '../../../src/core/config/rules/catalog';
import { validateConfig } from '../../../src/core/config/validate';
import { scaffoldConfig } from '../../../src/core/config/scaffold';

describe('rule catalog: one row per rule code', () => {
  it('says which codes keep each walkthrough step open, and which another YAML tool reports', () => {
    assert.deepEqual(codesOfStep('saml'), ['saml-attribute-missing', 'saml-attribute-value']);
    assert.deepEqual(codesOfStep('mappings'), ['provisioning-option', 'sync-password', 'mapping-missing', 'username-not-email']);
    assert.deepEqual([...codesOfStep('assignments')].sort(), ['assignment-duplicate', 'assignment-username', 'timezone-invalid']);
    assert.deepEqual([...YAML_TOOL_CODES].sort(), ['schema-enum', 'schema-required', 'schema-type', 'schema-unknown-key', 'yaml-duplicate-key', 'yaml-syntax']);
  });

  it('every code a finding carries has a row', () => {
    const broken = scaffoldConfig().replace('syncPassword: false', 'syncPassword: true').replace('region: us', 'region: eu')
      .replace('# assignments:\n#   - userName: jane@example.com\n#     timezone: Europe/Berlin', 'assignments:\n  - userName: bob\n    timezone: Europe/Berlim');
    const codes = new Set(validateConfig(broken).map((f) => f.code));
    assert.ok(codes.size >= 4, [...codes].join(', '));
    for (const c of codes) assert.ok(Object.hasOwn(RULE_CATALOG, c), c);
  });
});
