// Small string helpers shared by the rules: edit distance, suggestions, classification of values.
import { timeZoneIndex } from './timezones';


/** Optimal-string-alignment (restricted Damerau-Levenshtein) distance, bounded by `max` (returns max+1 when above). */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, prev2[j - 2] + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}

/** The closest candidate within a length-dependent distance (case-insensitive match wins), or undefined. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    if (cl === lower) return c;
    const d = editDistance(lower, cl, bestD - 1);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/** `key: value` quoted for a message: in single quotes unless it has quotes of its own (`timezone: '"Etc/UTC"'`). */
export function quoteCode(s: string): string {
  return s.includes("'") ? s : `'${s}'`;
}

export function isEmail(s: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);
}

/** An Okta expression such as `user.email`, `appuser.x`, `String.toLowerCase(user.login)`. */
export function isOktaExpression(s: string): boolean {
  return /^(user|appuser|app|org|idpuser|source)\.[A-Za-z_][\w.]*$/.test(s) ||
    /^[A-Z][A-Za-z]*\.[A-Za-z]+\(.*\)$/.test(s) || /^[a-z][A-Za-z]*\(.*\)$/.test(s);
}

/** A value for a message: shortened, one line, and never a secret. */
export function quoteForMessage(s: string, max = 60): string {
  if (looksLikeSecret(s)) return '••••••';
  const clean = s.replace(/[\r\n\t]/g, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
}

/** A scalar as text (objects as JSON), without '[object Object]'. */
export function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null || v === undefined) return '';
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
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
  if (s.length < 24 || /\s/.test(s) || s.includes('://') || isEmail(s) || isOktaExpression(s)) return false;
  if (s.includes('/') && timeZoneIndex().has(s.toLowerCase())) return false;
  if (/^eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/.test(s)) return true;
  if (/^(0x)?[0-9a-fA-F]{32,}$/.test(s)) return true;
  if (!/^[A-Za-z0-9+/=_\-.~]+$/.test(s)) return false;
  if (!/\d/.test(s) || !/[a-z]/.test(s) || !/[A-Z]/.test(s)) return false;
  return entropy(s) >= 3.5;
}

