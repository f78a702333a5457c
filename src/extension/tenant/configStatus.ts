import type { ConfigTarget } from './configTarget';
import type { LastTests } from './lastTests';
import type { TokenStore } from './tokenStore';

/** What the config pickers say about a config: its host, whether a token is stored, the last test. */
export class ConfigStatus {
  constructor(readonly tokens: TokenStore, readonly lastTests: LastTests) {}

  /** "127.0.0.1:35537 · token stored · last test passed at 10:02", or why it cannot reach a tenant. */
  describe(t: ConfigTarget): string {
    if (!t.endpoint.ok) return `cannot reach a tenant: ${t.endpoint.message}`;
    const { origin } = t.endpoint;
    const parts = [new URL(origin).host];
    parts.push(this.tokens.originsFor(t.tokenRef).includes(origin) ? `token '${t.tokenRef}' stored` : `no token '${t.tokenRef}' yet`);
    const last = this.lastTests.get(origin);
    if (last) parts.push(`last test ${last.ok ? 'passed' : `failed (${last.diagnosis})`} at ${last.at.toLocaleTimeString()}`);
    return parts.join(' · ');
  }

  hasToken(t: ConfigTarget): boolean {
    return t.endpoint.ok && this.tokens.originsFor(t.tokenRef).includes(t.endpoint.origin);
  }
}
