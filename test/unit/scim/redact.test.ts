import * as assert from 'node:assert/strict';
import { createRedactor } from '../../../src/core/http/redact';
import { assertNoSecret, distinctiveToken } from '../../support/secrets';
import { createLogger } from '../../../src/core/http/log';
import type { LogLevel } from '../../../src/core/http/log';

describe('scim/redact', () => {
  it('replaces known secrets (raw, URL-encoded, JSON-escaped) with ***', () => {
    const token = `${distinctiveToken()}+/="`;
    const r = createRedactor([token]);
    assert.equal(r(`token=${token}.`), 'token=***.');
    assert.equal(r(`q=${encodeURIComponent(token)}`), 'q=***');
    assert.equal(r(JSON.stringify({ t: token })), '{"t":"***"}');
  });

  it('redacts anything after Bearer, even unknown tokens', () => {
    const r = createRedactor();
    assert.equal(r('Authorization: Bearer abc.def-ghi'), 'Authorization: Bearer ***');
    assert.equal(r('"authorization":"bearer xyz"'), '"authorization":"bearer ***"');
  });

  it('leaves prose about the Bearer scheme readable', () => {
    const r = createRedactor();
    assert.equal(r('Re-enter the Bearer token; a Bearer prefix is added for you.'), 'Re-enter the Bearer token; a Bearer prefix is added for you.');
    assert.equal(r('Bearer token-with-a-real-value-123'), 'Bearer ***');
  });

  it('learns secrets later and ignores empty ones', () => {
    const r = createRedactor(['', undefined, '   ']);
    assert.equal(r('nothing to hide'), 'nothing to hide');
    const t = distinctiveToken();
    r.add(t);
    assert.equal(r(`x ${t} y`), 'x *** y');
  });

  it('a Logger redacts every message and argument before the sink sees it', () => {
    const token = distinctiveToken();
    const lines: Array<[LogLevel, string]> = [];
    const sink = {
      trace: (l: string) => lines.push(['trace', l]),
      debug: (l: string) => lines.push(['debug', l]),
      info: (l: string) => lines.push(['info', l]),
      warn: (l: string) => lines.push(['warn', l]),
      error: (l: string) => lines.push(['error', l]),
    };
    const log = createLogger(sink, createRedactor([token]));
    log.trace(`t ${token}`);
    log.debug('d', { headers: { authorization: `Bearer ${token}` } });
    log.info(`i Bearer ${token}`);
    log.warn('w', token);
    log.error(new Error(`failed with ${token}`));
    assert.equal(lines.length, 5);
    assert.deepEqual(lines.map(([l]) => l), ['trace', 'debug', 'info', 'warn', 'error']);
    assertNoSecret(lines, token);
    assert.match(lines[4]?.[1] ?? '', /failed with \*\*\*/);
  });
});
