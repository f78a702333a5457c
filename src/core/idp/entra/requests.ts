// What Microsoft Entra ID's provisioning service sends to a SCIM 2.0 app, as its docs show it
// (MicrosoftDocs/entra-docs, docs/identity/app-provisioning/use-scim-to-provision-users-and-groups.md
// and application-provisioning-config-problem-scim-compatibility.md), without the aadOptscim062020
// flag in the tenant URL:
// - does the user exist: GET /Users?filter=userName eq "…" (no startIndex/count);
// - create: POST /Users with the core and enterprise schemas, the mapped attributes, active: true,
//   meta.resourceType and roles: [];
// - update: PATCH with one operation per changed attribute and its path ("Replace", "Add" for an
//   attribute that had no value, "Remove"), e.g. emails[type eq "work"].value;
// - disable / enable: PATCH {"op":"Replace","path":"active","value":"False"} ("True"): a string.
// DELETE only at the hard delete, 30 days after the soft delete.
import { schemasFor, scimAttributeOf } from '../../scim/attributes';
import type { Json } from '../../scim/attributes';
import { changes, mappedSent, putAll, userNameFilterPath, userPath } from '../requestShapes';
import type { FieldNote, RequestDialect, SentAttribute } from '../requestShapes';
import { CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, PATCH_OP_SCHEMA } from '../../scim/schemas';

export const entraRequests: RequestDialect = {
  lookup: (userName) => ({ method: 'GET', path: userNameFilterPath(userName) }),

  create(p) {
    const sent: SentAttribute[] = mappedSent(p).filter((s) => s.attribute.key !== 'active');
    sent.push({ attribute: scimAttributeOf('active'), value: true, source: 'the person is assigned: active' });
    const schemas = [...new Set([CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, ...schemasFor(sent.map((s) => s.attribute))])];
    const notes: FieldNote[] = [{ path: ['schemas'], text: 'Entra always names the enterprise extension' }];
    const body: Json = { schemas };
    putAll(body, sent, notes);
    body.meta = { resourceType: 'User' };
    notes.push({ path: ['meta'], text: 'Entra sends meta.resourceType' });
    body.roles = [];
    notes.push({ path: ['roles'], text: 'app roles; none in a simulation' });
    return { request: { method: 'POST', path: '/Users', body, notes }, sent };
  },

  update(id, before, after) {
    const { changed, removed } = changes(before, after);
    if (!changed.length && !removed.length) return undefined;
    const had = new Set(before.map((s) => s.attribute.key));
    const notes: FieldNote[] = [];
    const ops: Json[] = [];
    for (const s of changed) {
      notes.push({ path: ['Operations', ops.length], text: `${s.source} (changed)` });
      ops.push({ op: had.has(s.attribute.key) ? 'Replace' : 'Add', path: s.attribute.patchPath, value: s.value });
    }
    for (const s of removed) {
      notes.push({ path: ['Operations', ops.length], text: `${s.source} (no value any more)` });
      ops.push({ op: 'Remove', path: s.attribute.patchPath });
    }
    return { method: 'PATCH', path: userPath(id), body: { schemas: [PATCH_OP_SCHEMA], Operations: ops }, notes };
  },

  setActive: (id, active) => ({
    method: 'PATCH',
    path: userPath(id),
    body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'Replace', path: 'active', value: active ? 'True' : 'False' }] },
    notes: [{ path: ['Operations', 0, 'value'], text: 'a string, not a boolean, unless the tenant URL carries aadOptscim062020' }],
  }),

  refusedHints: {
    update: "add '?aadOptscim062020' to the Tenant URL in Entra (not in this file) if the tenant refuses the capitalised 'Replace': Entra then sends lower-case ops",
    deactivate: "add '?aadOptscim062020' to the Tenant URL in Entra (not in this file) if the tenant wants a Boolean: Entra then sends \"active\": false",
    reactivate: "add '?aadOptscim062020' to the Tenant URL in Entra (not in this file) if the tenant wants a Boolean: Entra then sends \"active\": true",
  },

  stepNotes: {
    lookup: 'Entra queries by the matching attribute (userName by default); no match must be HTTP 200 with an empty list.',
    update: 'Entra sends only what changed, one operation per attribute path, with capitalised op names.',
    deactivate: 'Entra disables a soft-deleted or unassigned user this way; it sends DELETE only at the hard delete, 30 days later.',
  },
};
