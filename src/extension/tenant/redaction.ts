import { createRedactor, type Redactor } from '../../core/http/redact';
import type { TokenStore } from './tokenStore';

/** A redactor that learns every token the store reads or writes; anything after `Bearer ` is always redacted. */
export function redactorFor(tokens: TokenStore): Redactor {
  const redact = createRedactor(tokens.known);
  tokens.onDidLearn((t) => redact.add(t));
  return redact;
}
