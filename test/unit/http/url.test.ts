// URLs the transport accepts (src/core/http/url.ts): origins, loopback hosts, https everywhere and
// plain http only to loopback, joined paths.
import * as assert from 'node:assert/strict';
import { checkEndpointUrl, isLoopbackHost, joinUrl, originOf } from '../../../src/core/http/url';

describe('http/url', () => {
  it('computes origins', () => {
    assert.equal(originOf('https://Global-US.flosum.app/api/v1/scim'), 'https://global-us.flosum.app');
    assert.equal(originOf('https://h.example.com:443/x'), 'https://h.example.com');
    assert.equal(originOf('http://127.0.0.1:8080/x'), 'http://127.0.0.1:8080');
    assert.equal(originOf('not a url'), undefined);
    assert.equal(originOf('ftp://h/x'), undefined);
  });

  it('recognises loopback hosts only', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1']) assert.ok(isLoopbackHost(h), h);
    for (const h of ['10.0.0.1', '128.0.0.1', 'localhost.example.com', '127.0.0.1.nip.io', 'example.com', '::2', '0.0.0.0']) assert.ok(!isLoopbackHost(h), h);
  });

  it('allows https anywhere and http only to loopback', () => {
    assert.ok(checkEndpointUrl('https://global-us.flosum.app/api/v1/scim').ok);
    assert.ok(checkEndpointUrl('http://127.0.0.1:3000/api/v1/scim').ok);
    assert.ok(checkEndpointUrl('http://[::1]:3000/api/v1/scim').ok);
    assert.ok(checkEndpointUrl('http://localhost/api/v1/scim').ok);
    const insecure = checkEndpointUrl('http://flosum.example.com/api/v1/scim');
    assert.equal(insecure.ok, false);
    assert.equal(!insecure.ok && insecure.reason, 'insecure');
    const invalid = checkEndpointUrl('flosum.example.com');
    assert.equal(!invalid.ok && invalid.reason, 'invalid');
    assert.equal(!checkEndpointUrl('ftp://x/y').ok && 'x', 'x');
  });

  it('joins paths without doubling slashes', () => {
    assert.equal(joinUrl('https://h/api/v1/scim/', '/Users?count=2'), 'https://h/api/v1/scim/Users?count=2');
    assert.equal(joinUrl('https://h/api/v1/scim', 'Users'), 'https://h/api/v1/scim/Users');
  });
});
