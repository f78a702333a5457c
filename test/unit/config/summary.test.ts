import * as assert from 'node:assert/strict';
import { endpointOf, endpointStatus, summarizeConfig, tokenRefOf } from '../../../src/core/config/summary';

const head = `# demo
version: 1
app:
  name: Acme Flosum   # shown in the success message
  target: flosum
api:
  baseUrl: https://flosum.example.com/api/v1/scim/
  tokenRef: acme-prod
`;
const assignments = (n: number): string => 'assignments:\n' + Array.from({ length: n }, (_, i) => `  - userName: user${i}@example.com\n    timezone: Europe/Berlin\n`).join('');

describe('configSummary', () => {
  it('endpointStatus says why a config cannot reach a tenant, leading with the fact and the fix', () => {
    const cfg = (api: string, target = 'flosum'): string => `version: 1\napp:\n  name: Acme\n  target: ${target}\napi:\n${api}  tokenRef: acme\n`;
    const eu = cfg('  region: eu                   # not a Flosum region\n');
    const bad = endpointStatus(summarizeConfig(eu));
    assert.equal(bad.ok, false);
    if (bad.ok) return;
    assert.equal(bad.message, "api.region 'eu' is not a Flosum region: did you mean 'de'?");
    assert.equal(bad.short, "Unknown region 'eu': did you mean 'de'?");
    assert.match(bad.detail ?? '', /us \(United States\) https:\/\/global-us\.flosum\.app\/api\/v1\/scim/);
    assert.equal(eu.slice(bad.at?.start, bad.at?.end), 'eu');
    const typo = endpointStatus(summarizeConfig(cfg('  region: jpp\n')));
    assert.ok(!typo.ok && typo.message.endsWith("did you mean 'jp'?"), JSON.stringify(typo));
    const none = endpointStatus(summarizeConfig(cfg('')));
    assert.ok(!none.ok && none.message === 'The config names no endpoint: set api.region (us, de, jp, au) or api.baseUrl.', JSON.stringify(none));
    const http = endpointStatus(summarizeConfig(cfg('  baseUrl: http://flosum.example.com/api/v1/scim\n')));
    assert.ok(!http.ok && /^api\.baseUrl 'http:\/\/flosum\.example\.com\/api\/v1\/scim' cannot be used: .*https/.test(http.message), JSON.stringify(http));
    const generic = endpointStatus(summarizeConfig(cfg('  region: us\n', 'generic-scim')));
    assert.ok(!generic.ok && /needs api\.baseUrl/.test(generic.message));
    assert.deepEqual(endpointStatus(summarizeConfig(cfg('  region: de\n'))), { ok: true, baseUrl: 'https://global-de.flosum.app/api/v1/scim', origin: 'https://global-de.flosum.app' });
    const loop = endpointStatus(summarizeConfig(cfg('  baseUrl: http://127.0.0.1:8080/api/v1/scim/\n')));
    assert.deepEqual(loop, { ok: true, baseUrl: 'http://127.0.0.1:8080/api/v1/scim', origin: 'http://127.0.0.1:8080' });
  });

  it('reads app name, target, endpoint, tokenRef and the api key range', () => {
    const s = summarizeConfig(head + assignments(2));
    assert.equal(s.appName, 'Acme Flosum');
    assert.equal(s.target, 'flosum');
    assert.equal(endpointOf(s), 'https://flosum.example.com/api/v1/scim');
    assert.equal(s.tokenRef, 'acme-prod');
    assert.ok(s.apiKey);
    assert.equal((head + assignments(2)).slice(s.apiKey.start, s.apiKey.end), 'api');
  });

  it('gives the same summary for a large file while parsing only the app and api blocks', () => {
    const large = assignments(3000) + head; // api after a large block: offsets must still be right
    assert.ok(large.length > 50_000);
    const s = summarizeConfig(large);
    assert.equal(s.appName, 'Acme Flosum');
    assert.equal(s.tokenRef, 'acme-prod');
    assert.ok(s.apiKey);
    assert.equal(large.slice(s.apiKey.start, s.apiKey.end), 'api');
    // a large file that is not a plain top-level mapping falls back to the full parse
    const flow = `{app: {name: Flow}, api: {region: de}, pad: "${'x'.repeat(60_000)}"}`;
    const f = summarizeConfig(flow);
    assert.equal(f.appName, 'Flow');
    assert.equal(endpointOf(f), 'https://global-de.flosum.app/api/v1/scim');
  });

  it('derives a tokenRef from the app name when none is set, and survives broken YAML', () => {
    assert.equal(tokenRefOf(summarizeConfig('app:\n  name: My App!\n')), 'my-app-default');
    const broken = summarizeConfig('app: [unclosed\napi:\n  region: us\n');
    assert.equal(broken.appName, 'Flosum');
  });
});
