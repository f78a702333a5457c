// SCIM attribute paths as a provisioning config's mapping keys use them (RFC 7643 §4.1 and §4.3,
// RFC 7644 §3.10 attribute notation): the core User schema's attributes and sub-attributes, the
// enterprise extension, the five short names the config has always had (`givenName` is
// `name.givenName`, `email` is `emails[type eq "work"].value`), path parsing and normalising, and
// whether two mapping keys name the same attribute. Pure data and string logic; no I/O.
//
//   normalizeAttributePath('Emails[Type Eq "work"].Value')     -> 'emails[type eq "work"].value'
//   shortNameOf('name.givenName')                              -> 'givenName'
//   sameMappingKey('email', 'emails[type eq "work"].value')    -> true
//   sameMappingKey('urn:ietf:params:scim:schemas:core:2.0:User:title', 'title') -> true
import { closest } from '../shared/text';

export const CORE_USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** A core User attribute: its sub-attributes (complex and multi-valued ones) and, for multi-valued ones, its canonical `type` values. */
export interface CoreAttribute {
  name: string;
  /** Sub-attributes (complex `name`, `addresses`; multi-valued `emails`: value, display, type, primary). */
  sub?: readonly string[];
  multiValued?: boolean;
  /** RFC 7643's canonical values of the `type` sub-attribute, where it gives some. */
  types?: readonly string[];
}

const MULTI = ['value', 'display', 'type', 'primary'] as const;

/** RFC 7643 §4.1 (User) with the spellings of §8.7.1's schema representation. */
export const CORE_USER_ATTRIBUTES: readonly CoreAttribute[] = [
  { name: 'id' },
  { name: 'externalId' },
  { name: 'userName' },
  { name: 'name', sub: ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'] },
  { name: 'displayName' },
  { name: 'nickName' },
  { name: 'profileUrl' },
  { name: 'title' },
  { name: 'userType' },
  { name: 'preferredLanguage' },
  { name: 'locale' },
  { name: 'timezone' },
  { name: 'active' },
  { name: 'password' },
  { name: 'emails', multiValued: true, sub: MULTI, types: ['work', 'home', 'other'] },
  { name: 'phoneNumbers', multiValued: true, sub: MULTI, types: ['work', 'home', 'mobile', 'fax', 'pager', 'other'] },
  { name: 'ims', multiValued: true, sub: MULTI, types: ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'] },
  { name: 'photos', multiValued: true, sub: MULTI, types: ['photo', 'thumbnail'] },
  {
    name: 'addresses', multiValued: true, types: ['work', 'home', 'other'],
    sub: ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type', 'primary'],
  },
  { name: 'groups', multiValued: true, sub: ['value', '$ref', 'display', 'type'] },
  { name: 'entitlements', multiValued: true, sub: MULTI },
  { name: 'roles', multiValued: true, sub: MULTI },
  { name: 'x509Certificates', multiValued: true, sub: MULTI },
];

/** RFC 7643 §4.3, the enterprise User extension. */
export const ENTERPRISE_USER_ATTRIBUTES: readonly CoreAttribute[] = [
  { name: 'employeeNumber' },
  { name: 'costCenter' },
  { name: 'organization' },
  { name: 'division' },
  { name: 'department' },
  { name: 'manager', sub: ['value', '$ref', 'displayName'] },
];

/** The config's short mapping keys and the SCIM paths they stand for (one each, both ways). */
export const SHORT_NAMES: Readonly<Record<string, string>> = Object.freeze({
  userName: 'userName',
  givenName: 'name.givenName',
  familyName: 'name.familyName',
  email: 'emails[type eq "work"].value',
  timezone: 'timezone',
});

/** A parsed attribute path: `[urn:]attribute[[filter]][.sub]`. */
export interface AttributePath {
  /** The schema URN when the path is qualified with one (as written, without the trailing ':'). */
  urn?: string;
  attribute: string;
  /** A value filter on a multi-valued attribute: `type eq "work"`, `primary eq true`. */
  filter?: { attribute: string; op: string; value: string | boolean | number | null };
  sub?: string;
}

export type PathParse = { ok: true; path: AttributePath } | { ok: false; message: string };

const NAME = /^[A-Za-z$][\w$-]*$/;
const FILTER = /^\s*([A-Za-z$][\w$-]*)\s+(eq|ne|co|sw|ew|gt|ge|lt|le)\s+("(?:[^"\\]|\\.)*"|true|false|null|-?\d+(?:\.\d+)?)\s*$/i;

function splitUrn(text: string): { urn?: string; rest: string } {
  if (!/^urn:/i.test(text)) return { rest: text };
  // The attribute follows the URN's last ':' outside a filter's brackets.
  const bracket = text.indexOf('[');
  const head = bracket < 0 ? text : text.slice(0, bracket);
  const colon = head.lastIndexOf(':');
  if (colon < 0) return { rest: text };
  return { urn: text.slice(0, colon), rest: text.slice(colon + 1) };
}

/** Parse `emails[type eq "work"].value`, `name.givenName`, `urn:…:User:department`, `urn:…:User:manager.value`. */
export function parseAttributePath(text: string): PathParse {
  const t = text.trim();
  if (!t) return { ok: false, message: 'an attribute path is empty' };
  const { urn, rest } = splitUrn(t);
  if (urn !== undefined && !rest) return { ok: false, message: `'${t}' names a schema but no attribute (add ':attribute')` };
  let attribute = rest;
  let filter: AttributePath['filter'];
  let sub: string | undefined;
  const open = rest.indexOf('[');
  if (open >= 0) {
    const close = rest.indexOf(']', open);
    if (close < 0) return { ok: false, message: `'${t}': the filter's '[' is never closed` };
    attribute = rest.slice(0, open);
    const m = FILTER.exec(rest.slice(open + 1, close));
    if (!m) return { ok: false, message: `'${t}': the filter must be 'attribute op value', e.g. emails[type eq "work"].value` };
    const raw = m[3] ?? '';
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : Number(raw);
    filter = { attribute: m[1] ?? '', op: (m[2] ?? '').toLowerCase(), value };
    const after = rest.slice(close + 1);
    if (after) {
      if (!after.startsWith('.') || !NAME.test(after.slice(1))) return { ok: false, message: `'${t}': after the filter only '.subAttribute' may follow` };
      sub = after.slice(1);
    }
  } else {
    const dot = rest.indexOf('.');
    if (dot >= 0) {
      attribute = rest.slice(0, dot);
      sub = rest.slice(dot + 1);
      if (!NAME.test(sub)) return { ok: false, message: `'${t}': '${sub}' is not an attribute name` };
    }
  }
  if (!NAME.test(attribute)) return { ok: false, message: `'${t}': '${attribute}' is not an attribute name` };
  return { ok: true, path: { ...(urn !== undefined ? { urn } : {}), attribute, ...(filter ? { filter } : {}), ...(sub !== undefined ? { sub } : {}) } };
}

const lower = (s: string): string => s.toLowerCase();
const CORE_BY_LOWER = new Map(CORE_USER_ATTRIBUTES.map((a) => [lower(a.name), a]));
const ENTERPRISE_BY_LOWER = new Map(ENTERPRISE_USER_ATTRIBUTES.map((a) => [lower(a.name), a]));

function schemaAttributes(urn: string | undefined): Map<string, CoreAttribute> | undefined {
  if (urn === undefined || lower(urn) === lower(CORE_USER_URN)) return CORE_BY_LOWER;
  if (lower(urn) === lower(ENTERPRISE_USER_URN)) return ENTERPRISE_BY_LOWER;
  return undefined;
}

function spelled(known: CoreAttribute | undefined, name: string): string {
  return known?.name ?? name;
}

function subSpelled(known: CoreAttribute | undefined, sub: string): string {
  return known?.sub?.find((s) => lower(s) === lower(sub)) ?? sub;
}

/**
 * The canonical text of a path: attribute names as the schema spells them (SCIM names are
 * case-insensitive, RFC 7643 §2.1), the core schema's URN dropped, the enterprise URN kept, the
 * filter as `attr op "value"` with a lower-case operator. Unparsable text comes back trimmed.
 */
export function normalizeAttributePath(text: string): string {
  const p = parseAttributePath(text);
  if (!p.ok) return text.trim();
  return formatAttributePath(p.path);
}

export function formatAttributePath(p: AttributePath): string {
  const attrs = schemaAttributes(p.urn);
  const known = attrs?.get(lower(p.attribute));
  let out = spelled(known, p.attribute);
  if (p.filter) {
    const f = p.filter;
    const fAttr = known?.sub?.find((s) => lower(s) === lower(f.attribute)) ?? f.attribute;
    out += `[${fAttr} ${f.op} ${typeof f.value === 'string' ? JSON.stringify(f.value) : String(f.value)}]`;
  }
  if (p.sub !== undefined) out += `.${subSpelled(known, p.sub)}`;
  if (p.urn === undefined || lower(p.urn) === lower(CORE_USER_URN)) return out;
  const urn = lower(p.urn) === lower(ENTERPRISE_USER_URN) ? ENTERPRISE_USER_URN : p.urn;
  return `${urn}:${out}`;
}

const SHORT_BY_PATH = new Map(Object.entries(SHORT_NAMES).map(([short, path]) => [lower(normalizeAttributePath(path)), short]));

/** Is this one of the five short names (exact spelling)? */
export function isShortName(key: string): boolean {
  return Object.prototype.hasOwnProperty.call(SHORT_NAMES, key);
}

/** The SCIM path a short name stands for (`email` -> `emails[type eq "work"].value`); other keys unchanged. */
export function pathOfShortName(key: string): string {
  return isShortName(key) ? (SHORT_NAMES[key] ?? key) : key;
}

/** The short name of a SCIM path when it has one (`name.givenName` -> `givenName`), else undefined. */
export function shortNameOf(path: string): string | undefined {
  if (isShortName(path)) return path;
  return SHORT_BY_PATH.get(lower(normalizeAttributePath(path)));
}

/** How a mapping key is written by import: its short name where it has one, else the normalised path. */
export function preferredMappingKey(path: string): string {
  return shortNameOf(path) ?? normalizeAttributePath(path);
}

/** One comparable key per attribute: short names resolved, the path normalised, compared without case. */
export function mappingKeyId(key: string): string {
  return lower(normalizeAttributePath(pathOfShortName(key.trim())));
}

/** Do two mapping keys name the same SCIM attribute (a short name and its path, case and spacing aside)? */
export function sameMappingKey(a: string, b: string): boolean {
  return mappingKeyId(a) === mappingKeyId(b);
}

export type AttributeCheck =
  | { ok: true; known: boolean }
  /** A core/enterprise attribute or sub-attribute that does not exist; `suggestion` is the nearest known path. */
  | { ok: false; message: string; suggestion?: string };

/**
 * Is this mapping key an attribute a SCIM service can receive? Short names and known core or
 * enterprise paths: known. Other URN-qualified paths (a custom schema's): accepted, not known.
 * Unknown core attributes or sub-attributes: not ok, with the nearest known path.
 */
export function checkAttributePath(key: string): AttributeCheck {
  if (isShortName(key)) return { ok: true, known: true };
  const p = parseAttributePath(key);
  if (!p.ok) return { ok: false, message: p.message };
  const attrs = schemaAttributes(p.path.urn);
  if (!attrs) return { ok: true, known: false };
  const known = attrs.get(lower(p.path.attribute));
  const names = [...attrs.values()].map((a) => a.name);
  const prefix = p.path.urn !== undefined && lower(p.path.urn) !== lower(CORE_USER_URN) ? `${ENTERPRISE_USER_URN}:` : '';
  if (!known) {
    const guess = closest(p.path.attribute, names);
    const suggestion = guess ? formatAttributePath({ ...p.path, attribute: guess }) : undefined;
    return { ok: false, message: `'${p.path.attribute}' is not an attribute of the ${prefix ? 'enterprise User extension' : 'SCIM User schema'}`, ...(suggestion ? { suggestion } : {}) };
  }
  if (p.path.sub !== undefined && !known.sub?.some((s) => lower(s) === lower(p.path.sub ?? ''))) {
    const guess = closest(p.path.sub, known.sub ?? []);
    const suggestion = guess ? formatAttributePath({ ...p.path, sub: guess }) : undefined;
    return { ok: false, message: `'${p.path.sub}' is not a sub-attribute of ${prefix}${known.name}${known.sub ? ` (${known.sub.join(', ')})` : ''}`, ...(suggestion ? { suggestion } : {}) };
  }
  if (p.path.sub === undefined && known.sub && !known.multiValued) {
    return { ok: false, message: `${prefix}${known.name} is complex: map one of its sub-attributes (${known.sub.map((s) => `${known.name}.${s}`).join(', ')})`, suggestion: `${prefix}${known.name}.${known.sub[0] ?? ''}` };
  }
  return { ok: true, known: true };
}
