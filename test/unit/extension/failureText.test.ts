// src/extension/failureText.ts: how a failure reads where space is short (a tree row, a toast).
import * as assert from 'node:assert/strict';
import { nextStep, splitMessage } from '../../../src/extension/base/failureText';
import { Commands, Settings } from '../../../src/extension/base/constants';

describe('extension failureText', () => {
  it('nextStep: a token problem asks for the token, with the config', () => {
    for (const diagnosis of ['unauthorized', 'forbidden']) {
      assert.deepEqual(nextStep(diagnosis), { title: 'Set API Token', hint: 'set the token again', command: Commands.setToken, withUri: true });
    }
    assert.equal(nextStep('no-token').hint, 'click to set one');
  });

  it('nextStep: a wrong or unreachable URL opens the config; a timeout the timeout setting; TLS the log', () => {
    for (const diagnosis of ['insecure-url', 'not-found', 'not-scim', 'dns', 'redirect', 'no-endpoint']) {
      const step = nextStep(diagnosis);
      assert.equal(step.command, 'vscode.open', diagnosis);
      assert.equal(step.withUri, true, diagnosis);
    }
    const timeout = nextStep('timeout');
    assert.equal(timeout.command, 'workbench.action.openSettings');
    assert.deepEqual(timeout.args, [`${Settings.section}.${Settings.requestTimeoutMs}`]);
    assert.equal(timeout.withUri, false);
    assert.deepEqual(nextStep('tls'), { title: 'Show Log', hint: 'see the log for the certificate problem', command: Commands.showLog, withUri: false });
  });

  it('nextStep: anything else (server error, rate limit, refused connection) is tested again', () => {
    for (const diagnosis of ['server-error', 'rate-limited', 'connection-refused', 'something-new']) {
      assert.equal(nextStep(diagnosis).command, Commands.testCredentials, diagnosis);
    }
  });

  it('splitMessage: the first sentence is the headline, the rest goes to the tooltip', () => {
    assert.deepEqual(splitMessage('The token was rejected (HTTP 401). Set it again: Flosum → Settings → API.'),
      { headline: 'The token was rejected (HTTP 401).', rest: 'Set it again: Flosum → Settings → API.' });
    assert.deepEqual(splitMessage('Is the base URL right? "global-us" is the US region.'), { headline: 'Is the base URL right?', rest: '"global-us" is the US region.' });
    assert.deepEqual(splitMessage('  One sentence only.  '), { headline: 'One sentence only.', rest: '' });
  });

  it('splitMessage: never splits inside a URL, a version, "e.g." or before a lower-case word', () => {
    const url = 'GET https://global-us.flosum.app/api/v1/scim/Users answered 404.';
    assert.deepEqual(splitMessage(url), { headline: url, rest: '' });
    assert.deepEqual(splitMessage('Use a region, e.g. Germany is de.'), { headline: 'Use a region, e.g. Germany is de.', rest: '' });
    assert.deepEqual(splitMessage('TLS 1.2 is required. see the log.'), { headline: 'TLS 1.2 is required. see the log.', rest: '' });
  });
});
