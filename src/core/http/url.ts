// URL rules shared by the config validator, the editor, the CLI and every request: which origin a
// token belongs to, and which URLs may carry a token at all (https anywhere, plain http to loopback).

/** `scheme://host[:port]` of a URL (what a token is bound to), or undefined when it does not parse. */
export function originOf(url: string | URL): string | undefined {
  try {
    const u = typeof url === 'string' ? new URL(url) : url;
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}

/** 127.0.0.0/8, ::1 (with or without brackets, or as IPv4-mapped) and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h === 'localhost') return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (h.startsWith('::ffff:')) h = h.slice('::ffff:'.length);
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (!m) return false;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) && parts[0] === 127;
}

export type UrlCheck =
  | { ok: true; url: URL }
  | { ok: false; reason: 'invalid' | 'insecure'; message: string };

/**
 * May a token be sent to this URL? https anywhere; plain http only to loopback.
 * Pure string logic: no DNS lookup, no connection.
 */
export function checkEndpointUrl(url: string | URL): UrlCheck {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return { ok: false, reason: 'invalid', message: `'${String(url)}' is not a valid URL (expected an https:// URL, e.g. https://scim.example.com/scim/v2).` };
  }
  if (u.protocol === 'https:') return { ok: true, url: u };
  if (u.protocol === 'http:') {
    if (isLoopbackHost(u.hostname)) return { ok: true, url: u };
    return {
      ok: false,
      reason: 'insecure',
      message: `Refusing to send the API token over plain http to ${u.host}: use https (plain http is allowed only to localhost/127.0.0.1/::1).`,
    };
  }
  return { ok: false, reason: 'invalid', message: `'${u.protocol}' URLs are not supported: the base URL must start with https://.` };
}

/** `base` + `path` (path starts with '/', may carry a query), without doubling slashes. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
}
