// src/extension/base/settingValues.ts: what each setting's raw value means (read by base/settings.ts).
import * as assert from 'node:assert/strict';
import { configGlobsOf, numberOf, proxyOf, validateOptionsOf, yamlToolApplies } from '../../../src/extension/base/settingValues';
import { DEFAULT_CONFIG_GLOBS } from '../../../src/extension/base/constants';

describe('extension settings: what a value means', () => {
  it('target: a known target id overrides the file; auto or anything else does not', () => {
    assert.equal(validateOptionsOf('flosum', {}).target, 'flosum');
    assert.equal(validateOptionsOf('generic-scim', {}).target, 'generic-scim');
    for (const v of ['auto', 'Flosum', '', undefined, 3]) assert.equal('target' in validateOptionsOf(v, {}), false, String(v));
  });

  it('severity: only error, warning, info and off are kept; a non-object is no overrides', () => {
    assert.deepEqual(validateOptionsOf('auto', { 'sync-password': 'warning', 'timezone-invalid': 'off', 'mapping-missing': 'fatal', x: 1 }).severities,
      { 'sync-password': 'warning', 'timezone-invalid': 'off' });
    assert.deepEqual(validateOptionsOf('auto', null).severities, {});
    assert.deepEqual(validateOptionsOf('auto', 'error').severities, {});
  });

  it('configGlobs: the defaults first, a bare name matches in any folder, blanks, duplicates and non-strings dropped', () => {
    assert.deepEqual(configGlobsOf([]), DEFAULT_CONFIG_GLOBS);
    assert.deepEqual(configGlobsOf(['okta.yaml', 'infra/*.yaml', ' ', 7, '**/*.scim.yaml', 'okta.yaml']),
      [...DEFAULT_CONFIG_GLOBS, '**/okta.yaml', 'infra/*.yaml']);
    assert.deepEqual(configGlobsOf('okta.yaml'), DEFAULT_CONFIG_GLOBS);
  });

  it('proxy: VS Code\'s http.proxy wins over HTTPS_PROXY; NO_PROXY adds to http.noProxy; none without a URL', () => {
    const http = { proxy: 'http://proxy.example:3128', strictSSL: false, noProxy: ['intranet.example'] };
    assert.deepEqual(proxyOf(http, { HTTPS_PROXY: 'http://other:8080', NO_PROXY: 'a.example, b.example,' }),
      { url: 'http://proxy.example:3128', strictSSL: false, noProxy: ['intranet.example', 'a.example', 'b.example'] });
    assert.deepEqual(proxyOf({ proxy: '', strictSSL: true, noProxy: [] }, { https_proxy: 'http://env:8080', no_proxy: 'localhost' }),
      { url: 'http://env:8080', strictSSL: true, noProxy: ['localhost'] });
    assert.equal(proxyOf({ proxy: '', strictSSL: true, noProxy: ['x'] }, {}), undefined);
  });

  it('yamlExtensionInterop: auto defers to an active YAML extension only; off never does', () => {
    assert.equal(yamlToolApplies('auto', true), true);
    assert.equal(yamlToolApplies('auto', false), false);
    assert.equal(yamlToolApplies('off', true), false);
  });

  it('numbers: the value when it is a number, else the default', () => {
    assert.equal(numberOf(250, 100), 250);
    assert.equal(numberOf('250', 100), 100);
    assert.equal(numberOf(Number.NaN, 4), 4);
    assert.equal(numberOf(undefined, 10_000), 10_000);
  });
});
