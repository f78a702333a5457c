// How a failure reads in the editor, where space is short (a tree row, a toast): the first sentence
// (what is wrong), the next step as a button or a row's click, the rest in the tooltip and the log.
// No `vscode` import: plain strings, tested with plain mocha.
import { Commands, Settings } from './constants';

export interface NextStep {
  /** Button / row-click title. */
  title: string;
  /** Short imperative for a row's description: "set the token again". */
  hint: string;
  command: string;
  /** Arguments after the config's uri (the uri is always the first one, when `withUri`). */
  args?: unknown[];
  withUri: boolean;
}

/** The next step for a failure kind (the CLI/JSON diagnosis, or 'no-endpoint' / 'no-token'). */
export function nextStep(diagnosis: string): NextStep {
  switch (diagnosis) {
    case 'unauthorized':
    case 'forbidden':
    case 'no-token':
      return { title: 'Set API Token', hint: diagnosis === 'no-token' ? 'click to set one' : 'set the token again', command: Commands.setToken, withUri: true };
    case 'insecure-url':
    case 'not-found':
    case 'not-scim':
    case 'dns':
    case 'redirect':
    case 'no-endpoint':
      return { title: 'Open Config', hint: 'check the base URL in the config', command: 'vscode.open', withUri: true };
    case 'timeout':
      return { title: 'Open Settings', hint: 'try again, or raise the timeout', command: 'workbench.action.openSettings', args: [`${Settings.section}.${Settings.requestTimeoutMs}`], withUri: false };
    case 'tls':
      return { title: 'Show Log', hint: 'see the log for the certificate problem', command: Commands.showLog, withUri: false };
    default:
      return { title: 'Test API Credentials', hint: 'test again', command: Commands.testCredentials, withUri: true };
  }
}

/**
 * Splits a message into its first sentence and the rest, so the first part fits a row or a toast
 * and the rest goes into the tooltip, the detail or the log. A sentence ends at '. ', '? ' or '! '
 * (not inside a URL, a version or "e.g.").
 */
export function splitMessage(message: string): { headline: string; rest: string } {
  const m = /^(.+?[.?!])\s+(?=[A-Z'"(])/s.exec(message);
  if (!m || /\be\.g\.$|\bi\.e\.$/i.test(m[1])) return { headline: message.trim(), rest: '' };
  return { headline: m[1].trim(), rest: message.slice(m[0].length).trim() };
}
