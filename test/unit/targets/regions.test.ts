// Flosum's regions (src/core/targets/regions.ts): each region's base URL from the setup guide's table,
// a customer-hosted baseUrl before it.
import * as assert from 'node:assert/strict';
import { regionBaseUrl, resolveBaseUrl } from '../../../src/core/targets/regions';

describe('targets/regions', () => {
  it('maps regions to the setup guide table', () => {
    assert.equal(resolveBaseUrl({ region: 'us' }), 'https://global-us.flosum.app/api/v1/scim');
    assert.equal(resolveBaseUrl({ region: 'de' }), 'https://global-de.flosum.app/api/v1/scim');
    assert.equal(resolveBaseUrl({ region: 'jp' }), 'https://global-jp.flosum.app/api/v1/scim');
    assert.equal(resolveBaseUrl({ region: 'au' }), regionBaseUrl('au'));
    assert.equal(resolveBaseUrl({ region: 'eu' }), undefined);
    assert.equal(resolveBaseUrl({}), undefined);
  });

  it('prefers a customer-hosted baseUrl and trims trailing slashes', () => {
    assert.equal(resolveBaseUrl({ baseUrl: 'https://flosum.example.com/api/v1/scim/' }), 'https://flosum.example.com/api/v1/scim');
    assert.equal(resolveBaseUrl({ region: 'us', baseUrl: ' https://x.example.com/api/v1/scim ' }), 'https://x.example.com/api/v1/scim');
  });
});
