// Secrets never leave through a message, a log line or a JSON field: every string that goes out
// passes through a Redactor built from the secrets known at that point.

export const REDACTED = '***';

export interface Redactor {
  (text: string): string;
  /** Remember one more secret (empty or whitespace-only values are ignored). */
  add(secret: string | undefined | null): void;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// `Bearer <anything up to whitespace or a quote/delimiter>` — also catches tokens we were not told about.
// Prose such as "the Bearer token" or "a Bearer prefix" is left readable.
const BEARER = /\b(Bearer)(\s+)(?!(?:token|tokens|prefix|scheme|auth|authentication|header)(?![\w.~+/=-]))[^\s"'<>,;]+/gi;

// Okta's API token scheme, `SSWS <token>` (Okta core API "API token authentication").
const SSWS = /\b(SSWS)(\s+)(?!(?:token|tokens|scheme|api|header|…)(?![\w.~+/=-]))[^\s"'<>,;…]+/gi;
// A JWT (an access token of Microsoft Entra ID / Graph, or any OAuth server): three base64url parts, the first a JSON header.
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

export function createRedactor(secrets: Iterable<string | undefined | null> = []): Redactor {
  const known = new Set<string>();
  let pattern: RegExp | undefined;
  const rebuild = (): void => {
    // Longest first so a secret that contains another one is replaced whole.
    const parts = [...known].sort((a, b) => b.length - a.length).map(escapeRegExp);
    pattern = parts.length ? new RegExp(parts.join('|'), 'g') : undefined;
  };
  const redact = ((text: string): string => {
    let out = String(text);
    if (pattern) out = out.replace(pattern, REDACTED);
    return out
      .replace(BEARER, (_m, word: string, space: string) => `${word}${space}${REDACTED}`)
      .replace(SSWS, (_m, word: string, space: string) => `${word}${space}${REDACTED}`)
      .replace(JWT, REDACTED);
  }) as Redactor;
  redact.add = (secret) => {
    if (typeof secret !== 'string' || !secret.trim()) return;
    const variants = new Set([secret, secret.trim(), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
    for (const v of variants) if (v) known.add(v);
    rebuild();
  };
  for (const s of secrets) redact.add(s);
  return redact;
}
