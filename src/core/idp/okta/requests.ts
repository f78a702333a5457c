// What Okta sends to a SCIM 2.0 app, as Okta's SCIM 2.0 reference shows it (okta-developer-docs,
// packages/@okta/vuepress-site/docs/reference/scim/scim-20/index.md) and a lab log of a custom app:
// - does the user exist: GET /Users?filter=userName eq "…"&startIndex=1&count=100;
// - create: POST /Users with the app user's profile (the mappings), externalId (Okta's user id),
//   groups: [], a random password (also with Sync Password off) and active: true;
// - update: GET /Users/{id}, then PUT of that user with the changed attributes replaced;
// - deactivate / reactivate: PATCH {"op":"replace","value":{"active":false}} (no path), the shape of
//   Okta Integration Network apps. Okta never sends DELETE for users.
import { randomInt } from 'node:crypto';
import { scimAttributeOf, schemasFor } from '../../scim/attributes';
import type { Json } from '../../scim/attributes';
import { PATCH_OP_SCHEMA } from '../../scim/schemas';
import { changes, mappedSent, putAll, replacedUser, userNameFilterPath, userPath } from '../requestShapes';
import type { FieldNote, RequestDialect, SentAttribute } from '../requestShapes';

/** Okta's random password: 8 lower-case letters and digits, like the "1mz050nq" of its reference. */
function randomPassword(): string {
  const abc = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 8; i++) s += abc[randomInt(abc.length)];
  return s;
}

export const oktaRequests: RequestDialect = {
  lookup: (userName) => ({ method: 'GET', path: userNameFilterPath(userName, '&startIndex=1&count=100') }),

  create(p, opts) {
    const sent: SentAttribute[] = mappedSent(p);
    if (!sent.some((s) => s.attribute.key === 'externalId')) {
      sent.push({ attribute: scimAttributeOf('externalId'), value: p.person.id, source: "Okta's id for the person (user.id)" });
    }
    const active = sent.findIndex((s) => s.attribute.key === 'active');
    if (active >= 0) sent.splice(active, 1);
    sent.push({ attribute: scimAttributeOf('active'), value: true, source: 'the person is assigned: active' });
    const notes: FieldNote[] = [{ path: ['schemas'], text: 'the SCIM schemas of the attributes sent' }];
    const body: Json = { schemas: schemasFor(sent.map((s) => s.attribute)) };
    putAll(body, sent.slice(0, -1), notes);
    body.groups = [];
    notes.push({ path: ['groups'], text: "Okta sends the person's pushed groups here; none in a simulation" });
    body.password = opts.dryRun ? '<random>' : randomPassword();
    notes.push({ path: ['password'], text: 'a random password: Okta sends one also with Sync Password off' });
    putAll(body, sent.slice(-1), notes);
    return { request: { method: 'POST', path: '/Users', body, notes }, sent };
  },

  readBeforeUpdate: (id) => ({ method: 'GET', path: userPath(id) }),

  update(id, before, after, current) {
    if (changes(before, after).changed.length === 0 && changes(before, after).removed.length === 0) return undefined;
    const notes: FieldNote[] = [];
    const body = replacedUser(id, before, after, current, notes);
    notes.push({ path: ['id'], text: current ? 'the user as GET /Users/{id} answered, with the changed attributes replaced' : "the tenant's id for the user" });
    return { method: 'PUT', path: userPath(id), body, notes };
  },

  setActive: (id, active) => ({
    method: 'PATCH',
    path: userPath(id),
    body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', value: { active } }] },
    notes: [{ path: ['Operations', 0], text: `no path: the value is a partial user (active ${String(active)})` }],
  }),

  refusedHints: {
    deactivate: 'use an app built with the App Integration Wizard if the tenant takes no PATCH without a path: it sends GET then PUT with active false',
    reactivate: 'use an app built with the App Integration Wizard if the tenant takes no PATCH without a path: it sends GET then PUT with active true',
  },

  stepNotes: {
    lookup: 'A 200 with no Resources, or a 404 SCIM Error, tells Okta the user does not exist.',
    create: 'Okta expects HTTP 201 with the created user; an empty body fails ("Create new user returned empty user"), 409 stops the job.',
    update: 'Okta reads the user first and sends the whole user back with the changed attributes replaced.',
    deactivate: 'The shape of Okta Integration Network apps; apps built with the App Integration Wizard send a PUT with active false instead. Okta never deletes users.',
  },
};
