// Deactivate / reactivate a user the way identity providers do: PATCH `active` (Okta's shape), or
// GET + PUT of the whole user when the tenant does not support PATCH. Returns the server's answer.
import type { ScimFailure } from './diagnosis';
import type { PagerClient } from './pager';
import type { ScimUser } from './users';
import { activeOf } from './users';
import { PATCH_OP_SCHEMA } from './schemas';

export type UserResult = { ok: true; user: ScimUser; method: 'PATCH' | 'PUT' } | { ok: false; failure: ScimFailure };

function userPath(id: string): string {
  return `/Users/${encodeURIComponent(id)}`;
}

/** GET /Users/{id}. */
export async function getUser(client: PagerClient, id: string, signal?: AbortSignal): Promise<{ ok: true; user: ScimUser } | { ok: false; failure: ScimFailure }> {
  const res = await client.request<ScimUser>(userPath(id), { method: 'GET', signal });
  if (!res.ok) return { ok: false, failure: res.failure };
  if (!res.body || typeof res.body !== 'object' || typeof res.body.id !== 'string') {
    return { ok: false, failure: { diagnosis: 'not-scim', status: res.status, message: `GET ${userPath(id)} did not return a SCIM user resource.` } };
  }
  return { ok: true, user: res.body };
}

/**
 * Set `active`: PATCH when `patchSupported` (from /ServiceProviderConfig; undefined = try PATCH and
 * fall back on 405/501), else GET + PUT. The user returned is what the server answered (a 204 PATCH
 * is followed by a GET), so the caller shows the server's state, not its own guess.
 */
export async function setUserActive(client: PagerClient, id: string, active: boolean, opts: { patchSupported?: boolean; signal?: AbortSignal } = {}): Promise<UserResult> {
  if (opts.patchSupported !== false) {
    const res = await client.request<ScimUser>(userPath(id), {
      method: 'PATCH',
      signal: opts.signal,
      body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', value: { active } }] },
    });
    if (res.ok) {
      if (res.body && typeof res.body === 'object' && typeof res.body.id === 'string') return { ok: true, user: res.body, method: 'PATCH' };
      const fresh = await getUser(client, id, opts.signal);
      return fresh.ok ? { ok: true, user: fresh.user, method: 'PATCH' } : fresh;
    }
    const unsupported = res.failure.status === 405 || res.failure.status === 501;
    if (!unsupported || opts.patchSupported === true) return { ok: false, failure: res.failure };
  }
  const current = await getUser(client, id, opts.signal);
  if (!current.ok) return current;
  const body: Record<string, unknown> = { ...current.user, active };
  delete body.meta;
  const put = await client.request<ScimUser>(userPath(id), { method: 'PUT', body, signal: opts.signal });
  if (!put.ok) return { ok: false, failure: put.failure };
  const user = put.body && typeof put.body === 'object' && typeof put.body.id === 'string' ? put.body : { ...current.user, active };
  if (activeOf(user.active) !== active) {
    return { ok: false, failure: { diagnosis: 'server-error', status: put.status, message: `The tenant accepted the change but still reports active=${String(user.active)}.` } };
  }
  return { ok: true, user, method: 'PUT' };
}
