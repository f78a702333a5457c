// Drift: the file against the live app, pure (no I/O). Each compared item lands in one category
// (DESIGN.md "Comparing"): same, differs, only-in-file, only-in-idp, not-readable (the API cannot say:
// info, not drift). Expressions are the same when they parse to the same tree in the identity
// provider's language (its module's canonical form: spacing and quote style do not count); a short
// mapping key and its SCIM path are one key; a blank time zone is Etc/UTC; userNames and group names
// compare case-insensitively; what the identity provider has no counterpart for is not compared.
import { loadIdentityProvider, idpDescriptorFor } from '../idp/registry';
import type { IdentityProvider } from '../idp/types';
import type { LiveApp, LiveMapping, MappingData } from '../idp/live';
import { TO_APP_OPTIONS } from '../idp/live';
import { mappingKeyId, preferredMappingKey } from '../scim/attributePaths';
import type { DriftFile, Spot } from './file';
import { readDriftFile } from './file';

export type DriftSection = 'api' | 'saml' | 'toApp' | 'mappings' | 'assignments' | 'groups';
export type DriftCategory = 'same' | 'differs' | 'only-in-file' | 'only-in-idp' | 'not-readable';

export interface DriftItem {
  section: DriftSection;
  /** The SAML attribute, the To App option, the mapping key as written in the file (else as import writes it), the userName, the group name. */
  key: string;
  category: DriftCategory;
  /** The file's value, as text. */
  file?: string;
  /** The identity provider's value, as text. */
  idp?: string;
  /** 1-based line where the file has the item. */
  line?: number;
  message: string;
  /** Offsets of the file's item (its key), for editor diagnostics. */
  at?: { start: number; end: number };
  /** Offsets of the file's value, where "take the identity provider's value" replaces it. */
  valueAt?: { start: number; end: number };
  /** Where the section is in the file (an only-in-idp item's fix inserts there). */
  sectionAt?: Spot;
  /** The identity provider's value as the config would hold it (a mapping's expression and data), for a fix. */
  idpValue?: { expression?: string; data?: MappingData; timezone?: string; boolean?: boolean };
}

export interface DriftSummary {
  same: number;
  differs: number;
  onlyInFile: number;
  onlyInIdp: number;
  notReadable: number;
}

export interface DriftResult {
  summary: DriftSummary;
  /** Every item but the `same` ones (those are counted), in section order. */
  items: DriftItem[];
}

const UTC = 'Etc/UTC';
const effectiveTz = (tz: string | undefined, fallback: string | undefined): string => {
  const t = tz?.trim();
  if (t) return t;
  const f = fallback?.trim();
  return f || UTC;
};

/** Do two expressions parse to the same tree in this identity provider's language? */
export function sameExpression(idp: IdentityProvider, a: string, b: string): boolean {
  if (a.trim() === b.trim()) return true;
  const ca = idp.canonical(a);
  const cb = idp.canonical(b);
  return ca !== undefined && cb !== undefined && ca === cb;
}

const DATA_DEFAULTS: Required<Pick<MappingData, 'pushStatus' | 'flowType'>> = { pushStatus: 'PUSH', flowType: 'always' };

/** The mapping data that differs, as "pushStatus DONT_PUSH vs PUSH" pieces. */
function dataDifferences(file: MappingData, live: MappingData | undefined): string[] {
  const l = live ?? {};
  const out: string[] = [];
  const norm = (k: keyof MappingData, d: MappingData): string => {
    const v = d[k];
    if (k === 'pushStatus' || k === 'flowType') return String(v ?? DATA_DEFAULTS[k]);
    if (k === 'matchingPriority') return v === undefined || v === 0 ? 'none' : String(v);
    return v === undefined || v === '' ? 'none' : JSON.stringify(v);
  };
  for (const k of ['pushStatus', 'flowType', 'matchingPriority', 'defaultValue'] as const) {
    const f = norm(k, file);
    const i = norm(k, l);
    if (f !== i) out.push(`${k} ${f} in the file, ${i} live`);
  }
  return out;
}

function dataText(d: MappingData | undefined): string {
  const parts: string[] = [];
  if (d?.pushStatus && d.pushStatus !== 'PUSH') parts.push(`pushStatus ${d.pushStatus}`);
  if (d?.flowType && d.flowType !== 'always') parts.push(`flowType ${d.flowType}`);
  if (d?.matchingPriority) parts.push(`matchingPriority ${d.matchingPriority}`);
  if (d?.defaultValue !== undefined && d.defaultValue !== '') parts.push(`defaultValue ${JSON.stringify(d.defaultValue)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** Compare a config's text with a live app. */
export function driftOfText(text: string, live: LiveApp): DriftResult {
  return drift(readDriftFile(text), live);
}

export function drift(file: DriftFile, live: LiveApp): DriftResult {
  const d = idpDescriptorFor(live.idp);
  const idp = loadIdentityProvider(d);
  const who = d.label;
  const all: DriftItem[] = [];
  const push = (item: DriftItem): void => void all.push(item);
  const at = (s: Spot | undefined): Pick<DriftItem, 'line' | 'at'> => (s ? { line: s.line, at: { start: s.start, end: s.end } } : {});
  const section = (s: Spot | undefined): Pick<DriftItem, 'sectionAt'> => (s ? { sectionAt: s } : {});

  // api: the base URL, when the API can read it.
  if (!live.api.readable) {
    push({ section: 'api', key: 'baseUrl', category: 'not-readable', ...at(file.api?.at), message: `api: ${live.api.reason}.` });
  } else if (live.api.value.baseUrl) {
    const liveUrl = live.api.value.baseUrl.replace(/\/+$/, '');
    const fileUrl = file.api?.baseUrl?.replace(/\/+$/, '');
    if (!fileUrl) push({ section: 'api', key: 'baseUrl', category: 'only-in-idp', idp: liveUrl, ...section(file.api?.at), message: `${who} sends to ${liveUrl}; the file names no endpoint.` });
    else if (fileUrl.toLowerCase() === liveUrl.toLowerCase()) push({ section: 'api', key: 'baseUrl', category: 'same', message: '' });
    else push({ section: 'api', key: 'baseUrl', category: 'differs', file: fileUrl, idp: liveUrl, ...at(file.api?.at), message: `${who} sends to ${liveUrl}; the file says ${fileUrl}.` });
  }

  // saml: attribute statements by name.
  if (!live.saml.readable) {
    push({ section: 'saml', key: 'attributes', category: 'not-readable', ...at(file.samlAt), message: `saml: ${live.saml.reason}.` });
  } else {
    const liveByName = new Map(live.saml.value.map((a) => [a.name, a]));
    const seen = new Set<string>();
    for (const f of file.saml) {
      const name = f.value.name;
      seen.add(name);
      const l = liveByName.get(name);
      const base = { section: 'saml' as const, key: name, ...at(f.at), ...(f.valueAt ? { valueAt: f.valueAt } : {}), ...(f.value.expression !== undefined ? { file: f.value.expression } : {}) };
      if (!l) { push({ ...base, category: 'only-in-file', message: `saml.attributes.${name} is in the file, but ${who} sends no such attribute.` }); continue; }
      if (l.unsupported !== undefined || l.expression === undefined) {
        push({ ...base, category: 'differs', idp: l.unsupported ?? 'no value', message: `saml.attributes.${name}: ${who} has ${l.unsupported ?? 'no value'}, the file an expression.` });
        continue;
      }
      if (f.value.expression !== undefined && sameExpression(idp, f.value.expression, l.expression)) push({ ...base, category: 'same', message: '' });
      else push({ ...base, category: 'differs', idp: l.expression, idpValue: { expression: l.expression }, message: `saml.attributes.${name}: ${who} sends ${l.expression}, the file says ${f.value.expression ?? '(no expression)'}.` });
    }
    for (const l of live.saml.value) {
      if (seen.has(l.name)) continue;
      if (l.unsupported !== undefined || l.expression === undefined) push({ section: 'saml', key: l.name, category: 'not-readable', idp: l.unsupported ?? 'no value', ...section(file.samlAt), message: `saml.attributes.${l.name}: ${who} has ${l.unsupported ?? 'no value'}: kept there, not compared.` });
      else push({ section: 'saml', key: l.name, category: 'only-in-idp', idp: l.expression, idpValue: { expression: l.expression }, ...section(file.samlAt), message: `${who} sends the SAML attribute ${l.name} = ${l.expression}; the file does not have it.` });
    }
  }

  // toApp: each option this identity provider has (file defaults: true, true, true, false).
  if (!live.toApp.readable) {
    push({ section: 'toApp', key: 'toApp', category: 'not-readable', ...at(file.toAppAt), message: `provisioning.toApp: ${live.toApp.reason}.` });
  } else {
    for (const opt of TO_APP_OPTIONS) {
      if (live.toApp.value.uncompared.includes(opt)) continue;
      const l = live.toApp.value.options[opt];
      if (l === undefined) continue;
      const f = file.toApp.get(opt);
      const fv = f?.value ?? opt !== 'syncPassword';
      const base = { section: 'toApp' as const, key: opt, ...(f ? { ...at(f.at), ...(f.valueAt ? { valueAt: f.valueAt } : {}) } : section(file.toAppAt)) };
      if (fv === l) push({ ...base, category: 'same', message: '' });
      else push({ ...base, category: 'differs', file: String(fv), idp: String(l), idpValue: { boolean: l }, message: `provisioning.toApp.${opt} is ${l ? 'on' : 'off'} in ${who}, ${fv ? 'on' : 'off'} in the file${f ? '' : ' (by default)'}.` });
    }
  }

  // mappings: by SCIM attribute (a short name and its path are one key).
  if (!live.mappings.readable) {
    push({ section: 'mappings', key: 'mappings', category: 'not-readable', ...at(file.mappingsAt), message: `provisioning.mappings: ${live.mappings.reason}.` });
  } else {
    const liveByKey = new Map<string, LiveMapping>();
    for (const m of live.mappings.value) if (!liveByKey.has(mappingKeyId(m.path))) liveByKey.set(mappingKeyId(m.path), m);
    const seen = new Set<string>();
    for (const f of file.mappings) {
      const id = mappingKeyId(f.value.key);
      seen.add(id);
      const l = liveByKey.get(id);
      const fileText = f.value.expression !== undefined ? `${f.value.expression}${dataText(f.value.data)}` : undefined;
      const base = { section: 'mappings' as const, key: f.value.key, ...at(f.at), ...(f.valueAt ? { valueAt: f.valueAt } : {}), ...(fileText !== undefined ? { file: fileText } : {}) };
      if (!l) { push({ ...base, category: 'only-in-file', message: `provisioning.mappings.${f.value.key} is in the file, but ${who} maps nothing to it.` }); continue; }
      if (l.unsupported !== undefined || l.expression === undefined) {
        push({ ...base, category: 'differs', idp: l.unsupported ?? 'no expression', message: `provisioning.mappings.${f.value.key}: ${who} has ${l.unsupported ?? 'no expression'}.` });
        continue;
      }
      const exprSame = f.value.expression !== undefined && sameExpression(idp, f.value.expression, l.expression);
      const dataDiff = dataDifferences(f.value.data, l.data);
      const liveText = `${l.expression}${dataText(l.data)}`;
      if (exprSame && !dataDiff.length) { push({ ...base, category: 'same', message: '' }); continue; }
      const what = exprSame ? dataDiff.join('; ') : `${who} maps ${l.expression}${l.origin ? ` (${l.origin})` : ''}, the file ${f.value.expression ?? '(no expression)'}${dataDiff.length ? `; ${dataDiff.join('; ')}` : ''}`;
      push({ ...base, category: 'differs', idp: liveText, idpValue: { expression: l.expression, ...(l.data ? { data: l.data } : {}) }, message: `provisioning.mappings.${f.value.key}: ${what}.` });
    }
    for (const l of live.mappings.value) {
      const id = mappingKeyId(l.path);
      if (seen.has(id)) continue;
      seen.add(id);
      const key = preferredMappingKey(l.path);
      if (l.unsupported !== undefined || l.expression === undefined) {
        push({ section: 'mappings', key, category: 'not-readable', idp: l.unsupported ?? 'no expression', ...section(file.mappingsAt), message: `provisioning.mappings.${key}: ${who} has ${l.unsupported ?? 'no expression'}: not compared.` });
      } else {
        push({ section: 'mappings', key, category: 'only-in-idp', idp: `${l.expression}${dataText(l.data)}`, idpValue: { expression: l.expression, ...(l.data ? { data: l.data } : {}) }, ...section(file.mappingsAt), message: `${who} maps ${key} = ${l.expression}${l.origin ? ` (${l.origin})` : ''}; the file does not.` });
      }
    }
  }

  // assignments: people by userName (case-insensitively); the effective time zone (blank = the default = Etc/UTC).
  if (!live.assignments.readable) {
    push({ section: 'assignments', key: 'assignments', category: 'not-readable', ...at(file.assignmentsAt), message: `assignments: ${live.assignments.reason}.` });
  } else {
    const liveBy = new Map(live.assignments.value.map((a) => [a.userName.toLowerCase(), a]));
    const seen = new Set<string>();
    const assignedGroups = new Set(file.groups.filter((g) => g.value.assigned).map((g) => g.value.name.toLowerCase()));
    const filePeople = [
      ...file.assignments.map((a) => ({ userName: a.value.userName, timezone: a.value.timezone, at: a.at, valueAt: a.valueAt, member: false })),
      ...file.groupMembers.filter((m) => assignedGroups.has(m.value.group.toLowerCase())).map((m) => ({ userName: m.value.userName, timezone: undefined, at: m.at, valueAt: undefined, member: true })),
    ];
    for (const f of filePeople) {
      const id = f.userName.toLowerCase();
      if (seen.has(id)) continue;
      seen.add(id);
      const l = liveBy.get(id);
      const base = { section: 'assignments' as const, key: f.userName, ...at(f.at) };
      if (!l) {
        // A member of an assigned group is compared under groups (an identity provider that lists a
        // group's people among the app's assignments, as Okta does, matches them here).
        if (!f.member) push({ ...base, category: 'only-in-file', message: `${f.userName} is assigned in the file, but not assigned to the app in ${who}.` });
        continue;
      }
      if (!l.timezoneKnown) { push({ ...base, category: 'same', message: '' }); continue; }
      const ft = effectiveTz(f.timezone, file.defaultTimezone);
      const lt = effectiveTz(l.timezone, file.defaultTimezone);
      if (ft === lt) push({ ...base, category: 'same', message: '' });
      else push({ ...base, category: 'differs', file: ft, idp: lt, idpValue: { timezone: lt }, message: `${f.userName}: time zone ${lt} in ${who}, ${ft} in the file.` });
    }
    for (const l of live.assignments.value) {
      if (seen.has(l.userName.toLowerCase())) continue;
      seen.add(l.userName.toLowerCase());
      push({ section: 'assignments', key: l.userName, category: 'only-in-idp', ...(l.timezone ? { idp: l.timezone, idpValue: { timezone: l.timezone } } : {}), ...section(file.assignmentsAt), message: `${l.userName} is assigned to the app in ${who}${l.viaGroup ? ` (through the group ${l.viaGroup})` : ''}; the file does not list them.` });
    }
  }

  // groups: by name (case-insensitively): pushed, assigned, name in the app, members when both sides list them.
  if (!live.groups.readable) {
    if (file.groups.length) push({ section: 'groups', key: 'groups', category: 'not-readable', ...at(file.groupsAt), message: `groups: ${live.groups.reason}` });
  } else {
    const liveBy = new Map(live.groups.value.map((g) => [g.name.toLowerCase(), g]));
    const seen = new Set<string>();
    for (const f of file.groups) {
      const id = f.value.name.toLowerCase();
      seen.add(id);
      const l = liveBy.get(id);
      const base = { section: 'groups' as const, key: f.value.name, ...at(f.at) };
      if (!l) { push({ ...base, category: 'only-in-file', message: `The group ${f.value.name} is in the file, but ${who} neither pushes it nor assigns it to the app.` }); continue; }
      const diffs: string[] = [];
      if (f.value.push !== l.push) diffs.push(`${l.push ? 'pushed' : 'not pushed'} in ${who}, ${f.value.push ? 'pushed' : 'not pushed'} in the file`);
      if (f.value.assigned !== l.assigned) diffs.push(`${l.assigned ? 'assigned' : 'not assigned'} in ${who}, ${f.value.assigned ? 'assigned' : 'not assigned'} in the file`);
      if ((f.value.targetName ?? f.value.name).toLowerCase() !== (l.targetName ?? l.name).toLowerCase()) diffs.push(`named ${l.targetName ?? l.name} in the app by ${who}, ${f.value.targetName ?? f.value.name} in the file`);
      if (f.value.members && l.members) {
        const fm = new Set(f.value.members.map((m) => m.toLowerCase()));
        const lm = new Set(l.members.map((m) => m.toLowerCase()));
        const missing = l.members.filter((m) => !fm.has(m.toLowerCase()));
        const extra = f.value.members.filter((m) => !lm.has(m.toLowerCase()));
        if (missing.length) diffs.push(`members in ${who} only: ${missing.join(', ')}`);
        if (extra.length) diffs.push(`members in the file only: ${extra.join(', ')}`);
      }
      if (diffs.length) push({ ...base, category: 'differs', message: `The group ${f.value.name}: ${diffs.join('; ')}.` });
      else push({ ...base, category: 'same', message: '' });
    }
    for (const l of live.groups.value) {
      if (seen.has(l.name.toLowerCase())) continue;
      push({ section: 'groups', key: l.name, category: 'only-in-idp', ...section(file.groupsAt), message: `${who} ${[l.push ? 'pushes' : '', l.assigned ? 'assigns' : ''].filter(Boolean).join(' and ')} the group ${l.name}${l.targetName ? ` (as ${l.targetName})` : ''}; the file does not list it.` });
    }
  }

  const summary: DriftSummary = { same: 0, differs: 0, onlyInFile: 0, onlyInIdp: 0, notReadable: 0 };
  for (const i of all) {
    if (i.category === 'same') summary.same++;
    else if (i.category === 'differs') summary.differs++;
    else if (i.category === 'only-in-file') summary.onlyInFile++;
    else if (i.category === 'only-in-idp') summary.onlyInIdp++;
    else summary.notReadable++;
  }
  return { summary, items: all.filter((i) => i.category !== 'same') };
}

/** Is there drift (anything but same and not-readable)? */
export function hasDrift(r: DriftResult): boolean {
  return r.summary.differs + r.summary.onlyInFile + r.summary.onlyInIdp > 0;
}
