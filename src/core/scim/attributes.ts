// Where the keys of `provisioning.mappings` live in a SCIM User (RFC 7643 §4.1, the enterprise
// extension §4.3): the place in a POST/PUT body, the PATCH path that names it (RFC 7644 §3.5.2),
// how a value read back compares. SCIM knowledge only: what each identity provider sends, and in
// which shape, is that identity provider's module (src/core/idp/<idp>/requests.ts).
import { activeOf } from './users';
import { ENTERPRISE_USER_SCHEMA, CORE_USER_SCHEMA } from './schemas';

export type Json = Record<string, unknown>;
/** A path into a JSON body: keys and array indexes (`['emails', 0, 'value']`). */
export type BodyPath = Array<string | number>;

export type AttributePlace =
  /** `userName`, `timezone`, or a custom attribute the server's schema may not know. */
  | { kind: 'top'; name: string }
  /** `name.givenName`. */
  | { kind: 'sub'; parent: string; name: string }
  /** The value of the entry of a multi-valued attribute with this type (`emails`, type work, primary). */
  | { kind: 'typed'; parent: string; type: string; primary: boolean }
  /** An attribute of an extension schema, in the object named by the schema URN. */
  | { kind: 'extension'; schema: string; name: string };

export interface ScimAttribute {
  /** The mapping key (`givenName`). */
  key: string;
  /** How people name it: `name.givenName`, `emails[primary].value`, `urn:…:enterprise:2.0:User:department`. */
  label: string;
  /** The PATCH path that names it: `name.givenName`, `emails[type eq "work"].value`. */
  patchPath: string;
  place: AttributePlace;
  /** userName and email addresses compare case-insensitively (RFC 7643 caseExact false). */
  caseExact: boolean;
  /** Neither a core User attribute nor one of the enterprise extension. */
  custom?: boolean;
}

const top = (key: string, caseExact = true): ScimAttribute => ({ key, label: key, patchPath: key, place: { kind: 'top', name: key }, caseExact });
const nameSub = (key: string, name = key): ScimAttribute => ({ key, label: `name.${name}`, patchPath: `name.${name}`, place: { kind: 'sub', parent: 'name', name }, caseExact: true });
const typed = (key: string, parent: string, type: string, primary: boolean, caseExact: boolean): ScimAttribute => ({
  key, label: `${parent}[${primary ? 'primary' : `type eq "${type}"`}].value`, patchPath: `${parent}[type eq "${type}"].value`,
  place: { kind: 'typed', parent, type, primary }, caseExact,
});
const enterprise = (key: string, name = key): ScimAttribute => ({
  key, label: `${ENTERPRISE_USER_SCHEMA}:${name}`, patchPath: `${ENTERPRISE_USER_SCHEMA}:${name}`,
  place: { kind: 'extension', schema: ENTERPRISE_USER_SCHEMA, name }, caseExact: true,
});

/** The mapping keys with a place in RFC 7643's User (the names Okta's and Entra's SCIM apps use). */
const KNOWN: readonly ScimAttribute[] = [
  top('userName', false),
  nameSub('givenName'), nameSub('familyName'), nameSub('middleName'), nameSub('honorificPrefix'), nameSub('honorificSuffix'),
  nameSub('formattedName', 'formatted'),
  typed('email', 'emails', 'work', true, false),
  typed('primaryPhone', 'phoneNumbers', 'work', true, true),
  typed('mobilePhone', 'phoneNumbers', 'mobile', false, true),
  top('displayName'), top('nickName'), top('profileUrl'), top('title'), top('userType'), top('preferredLanguage'),
  top('locale'), top('timezone'), top('externalId'), top('active'),
  enterprise('employeeNumber'), enterprise('costCenter'), enterprise('organization'), enterprise('division'), enterprise('department'),
];
const BY_KEY = new Map(KNOWN.map((a) => [a.key, a]));

/**
 * The SCIM attribute a mapping key names. Besides the table: a key written as a full path
 * (`urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge`) is that extension's attribute;
 * anything else is a custom attribute at the top of the User (where Okta puts custom attributes of
 * the core namespace), which a server keeps only if its schema declares it.
 */
export function scimAttributeOf(key: string): ScimAttribute {
  const known = BY_KEY.get(key);
  if (known) return known;
  const urn = /^(urn:[^\s]+):([A-Za-z_$][\w$-]*)$/.exec(key);
  if (urn?.[1] && urn[2]) {
    const schema = urn[1];
    return { key, label: key, patchPath: key, place: { kind: 'extension', schema, name: urn[2] }, caseExact: true, ...(schema === ENTERPRISE_USER_SCHEMA ? {} : { custom: true }) };
  }
  return { ...top(key), custom: true };
}

const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function objectAt(body: Json, name: string): Json {
  const v = body[name];
  if (isObj(v)) return v;
  const created: Json = {};
  body[name] = created;
  return created;
}

/** Puts `value` where the attribute lives in `body` (creating `name`, the typed entry, the extension object); returns its path. */
export function setAttribute(body: Json, attr: ScimAttribute, value: unknown): BodyPath {
  const p = attr.place;
  switch (p.kind) {
    case 'top':
      body[p.name] = value;
      return [p.name];
    case 'sub':
      objectAt(body, p.parent)[p.name] = value;
      return [p.parent, p.name];
    case 'extension':
      objectAt(body, p.schema)[p.name] = value;
      return [p.schema, p.name];
    case 'typed': {
      const list = Array.isArray(body[p.parent]) ? (body[p.parent] as unknown[]) : [];
      body[p.parent] = list;
      let i = list.findIndex((e) => isObj(e) && e.type === p.type);
      if (i < 0) {
        list.push(p.primary ? { primary: true, value, type: p.type } : { value, type: p.type });
        i = list.length - 1;
      } else {
        (list[i] as Json).value = value;
      }
      return [p.parent, i, 'value'];
    }
  }
}

/** Removes the attribute from `body` (an emptied `name`, entry or extension object goes too). */
export function removeAttribute(body: Json, attr: ScimAttribute): void {
  const p = attr.place;
  const dropEmpty = (name: string): void => {
    const v = body[name];
    if ((isObj(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0)) delete body[name];
  };
  switch (p.kind) {
    case 'top':
      delete body[p.name];
      return;
    case 'sub':
    case 'extension': {
      const parent = p.kind === 'sub' ? p.parent : p.schema;
      const o = body[parent];
      if (isObj(o)) delete o[p.name];
      dropEmpty(parent);
      return;
    }
    case 'typed': {
      const list = body[p.parent];
      if (Array.isArray(list)) body[p.parent] = list.filter((e) => !(isObj(e) && e.type === p.type));
      dropEmpty(p.parent);
    }
  }
}

/**
 * The attribute's value in a user resource as a tenant returns it; undefined when absent. A typed
 * entry is the one of that type; for a primary one (email) the primary entry wins, as the
 * identity providers read it.
 */
export function readAttribute(user: unknown, attr: ScimAttribute): unknown {
  if (!isObj(user)) return undefined;
  const p = attr.place;
  switch (p.kind) {
    case 'top':
      return user[p.name];
    case 'sub':
      return isObj(user[p.parent]) ? (user[p.parent] as Json)[p.name] : undefined;
    case 'extension':
      return isObj(user[p.schema]) ? (user[p.schema] as Json)[p.name] : undefined;
    case 'typed': {
      const list = Array.isArray(user[p.parent]) ? (user[p.parent] as unknown[]).filter(isObj) : [];
      const entry = (p.primary ? list.find((e) => e.primary === true || e.primary === 'true') : undefined)
        ?? list.find((e) => e.type === p.type) ?? (p.primary ? list[0] : undefined);
      return entry?.value;
    }
  }
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** Did the tenant keep what was sent? `active` also as Entra's "True"/"False"; case-insensitive where SCIM says so. */
export function sameAttributeValue(attr: ScimAttribute, sent: unknown, kept: unknown): boolean {
  if (attr.key === 'active') return activeOf(sent) !== undefined && activeOf(sent) === activeOf(kept);
  if (typeof sent === 'string' && typeof kept === 'string') return attr.caseExact ? sent === kept : sent.toLowerCase() === kept.toLowerCase();
  return canonicalJson(sent) === canonicalJson(kept);
}

/** The `schemas` of a User body holding these attributes: core, then each extension used. */
export function schemasFor(attrs: Iterable<ScimAttribute>): string[] {
  const out = [CORE_USER_SCHEMA];
  for (const a of attrs) if (a.place.kind === 'extension' && !out.includes(a.place.schema)) out.push(a.place.schema);
  return out;
}
