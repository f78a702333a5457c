// Secret detection: does a value look like a bearer token, a JWT, a long random key? No identity
// provider's grammar here (whether a value is an expression is the provider's question). Messages quote
// values through quoteForMessage, which never echoes one.
import { timeZoneIndex } from './timezones';
import { isEmail } from './text';

/**
 * A dotted attribute path, as expressions read a profile (`user.email`, `appuser.costCenter`): a
 * lower-case namespace, a dot, identifiers. Never taken for a secret. (A call such as `f(x)` needs no
 * such test: its parentheses fail the character test of a token.)
 */
const ATTRIBUTE_PATH = /^[a-z]+\.[A-Za-z_][\w.]*$/;

/** A value for a message: shortened, one line, and never a secret. */
export function quoteForMessage(s: string, max = 60): string {
  if (looksLikeSecret(s)) return '••••••';
  const clean = s.replace(/[\r\n\t]/g, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Does a string value look like a bearer secret (an API token, a JWT, a long random key)? */
export function looksLikeSecret(v: string): boolean {
  // Nothing shorter than 'bearer' + a space + 8 characters can be one (the common case: skip the trim and the tests).
  if (v.length < 15) return false;
  const s = v.trim();
  if (/^bearer\s+\S{8,}$/i.test(s)) return true;
  if (s.length < 24 || /\s/.test(s) || s.includes('://') || isEmail(s) || ATTRIBUTE_PATH.test(s)) return false;
  if (s.includes('/') && timeZoneIndex().has(s.toLowerCase())) return false;
  if (/^eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/.test(s)) return true;
  if (/^(0x)?[0-9a-fA-F]{32,}$/.test(s)) return true;
  if (!/^[A-Za-z0-9+/=_\-.~]+$/.test(s)) return false;
  if (!/\d/.test(s) || !/[a-z]/.test(s) || !/[A-Z]/.test(s)) return false;
  return entropy(s) >= 3.5;
}
