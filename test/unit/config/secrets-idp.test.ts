import * as assert from 'node:assert/strict';
import { validateConfig } from '../../../src/core/config/validate';
import { scaffoldConfig } from '../../../src/core/config/scaffold';
import { looksLikeSecret } from '../../../src/core/shared/secrets';

// Secret detection has no identity provider's grammar in it (src/core/shared/secrets.ts); whether a
// value under a secret-like key is an expression rather than a literal is the config's identity
// provider's question (IdentityProvider.isExpression).

function secretFindings(idp: 'okta' | 'entra-id', value: string): number {
  const text = `${scaffoldConfig({ identityProvider: idp, region: 'us' })}assignments:\n  - userName: jane@example.com\n    profile:\n      password: '${value}'\n`;
  return validateConfig(text).filter((f) => f.code === 'secret-in-file').length;
}

describe('secrets: the ground floor knows no expression language; the identity provider is asked', () => {
  it('an attribute path is never a secret, whatever its namespace', () => {
    for (const s of ['user.employeeNumberSecondLine9', 'appuser.costCenterAndRegion2X', 'user.extensionAttribute10Value']) assert.equal(looksLikeSecret(s), false, s);
    // a token with the same characters but no namespace still is one
    assert.equal(looksLikeSecret('Xq7Lm2Pz9Rt4Vw8Ks3Nb6Hd1Gf5'), true);
  });

  it("a password that is the provider's expression is not a literal secret; a literal is, in either provider's config", () => {
    assert.equal(secretFindings('okta', 'String.toLowerCase(user.login)'), 0);
    assert.equal(secretFindings('okta', 'user.password'), 0);
    assert.equal(secretFindings('entra-id', '[password]'), 0);
    assert.equal(secretFindings('entra-id', 'user.password'), 0);
    for (const idp of ['okta', 'entra-id'] as const) assert.equal(secretFindings(idp, 'hunter2hunter2'), 1, idp);
    // Entra's bracket form is no Okta expression: in an Okta config it is a literal
    assert.equal(secretFindings('okta', '[password]'), 1);
  });
});
