// The parts of a config drift compares, each with where it is in the file: the `idp` block, the api
// endpoint, SAML attributes, To App options, mappings (string or object form), the default time zone,
// assignments and groups. Tolerant: what is missing or of the wrong type is simply absent (validate
// reports it). Offsets are into the text; lines are 1-based.
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { parseConfig } from '../config/yaml/parse';
import { LineIndex } from '../config/yaml/lineIndex';
import { keyText, mapAt } from '../config/yaml/yamlNav';
import { endpointOf } from '../config/summary';
import type { MappingData } from '../idp/live';

export interface Spot {
  /** 1-based line of the key (or of the list item). */
  line: number;
  /** Offsets of the key, or of the item's value. */
  start: number;
  end: number;
}

export interface FileValue<T> {
  value: T;
  at: Spot;
  /** Offsets of the value node (where a quick fix replaces it), when it has one. */
  valueAt?: { start: number; end: number };
}

export interface FileMapping {
  /** The key as written. */
  key: string;
  expression?: string;
  data: MappingData;
  /** True when written in the object form. */
  objectForm: boolean;
}

export interface FilePerson {
  userName: string;
  timezone?: string;
}

export interface FileGroup {
  name: string;
  targetName?: string;
  push: boolean;
  assigned: boolean;
  members?: string[];
}

export interface DriftFile {
  text: string;
  /** `app.identityProvider` as written (undefined: the default). */
  identityProvider?: string;
  idp: Record<string, string>;
  /** The `idp:` key, when present. */
  idpAt?: Spot;
  api?: { baseUrl?: string; at: Spot };
  /** `saml.attributes`: each name with its expression (absent when not a string). */
  saml: Array<FileValue<{ name: string; expression?: string }>>;
  /** The `saml:`/`attributes:` key's spot (where a missing attribute would go). */
  samlAt?: Spot;
  toApp: Map<string, FileValue<boolean>>;
  toAppAt?: Spot;
  mappings: Array<FileValue<FileMapping>>;
  mappingsAt?: Spot;
  defaultTimezone?: string;
  assignments: Array<FileValue<FilePerson>>;
  assignmentsAt?: Spot;
  groups: Array<FileValue<FileGroup>>;
  groupsAt?: Spot;
  /** The memberships of the file's groups, each with its line (people of assigned groups count as assigned). */
  groupMembers: Array<FileValue<{ group: string; userName: string }>>;
}

const str = (n: unknown): string | undefined => (isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number') ? String(n.value) : undefined);
const bool = (n: unknown): boolean | undefined => (isScalar(n) && typeof n.value === 'boolean' ? n.value : undefined);
/** A scalar's value as text ('' for null or anything that is not a plain value). */
const plain = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const num = (n: unknown): number | undefined => (isScalar(n) && typeof n.value === 'number' ? n.value : undefined);

function pairs(map: YAMLMap | undefined): Pair[] {
  return map ? (map.items) : [];
}

function valueOf(map: YAMLMap, key: string): unknown {
  return pairs(map).find((p) => keyText(p) === key)?.value;
}

export function readDriftFile(text: string): DriftFile {
  const lines = new LineIndex(text);
  const parsed = parseConfig(text);
  const file: DriftFile = { text, idp: {}, saml: [], toApp: new Map(), mappings: [], assignments: [], groups: [], groupMembers: [] };
  const doc = parsed.doc;
  if (!doc || !isMap(doc.contents)) return file;
  const spot = (n: unknown): Spot | undefined => {
    const r = n && typeof n === 'object' && 'range' in n ? (n as Node).range : undefined;
    return r ? { line: lines.positionAt(r[0]).line, start: r[0], end: r[1] } : undefined;
  };
  const range = (n: unknown): { start: number; end: number } | undefined => {
    const s = spot(n);
    return s ? { start: s.start, end: s.end } : undefined;
  };
  const keySpot = (p: Pair | undefined): Spot | undefined => (p ? spot(p.key) : undefined);
  const top = (k: string): Pair | undefined => pairs(doc.contents as YAMLMap).find((p) => keyText(p) === k);
  const withValue = <T>(value: T, p: Pair): FileValue<T> => {
    const at = keySpot(p) ?? { line: 1, start: 0, end: 0 };
    const v = range(p.value);
    return { value, at, ...(v ? { valueAt: v } : {}) };
  };

  const app = mapAt(doc, ['app']);
  if (app) file.identityProvider = str(valueOf(app, 'identityProvider'));

  const idpPair = top('idp');
  if (idpPair) {
    const at = keySpot(idpPair);
    if (at) file.idpAt = at;
    for (const p of pairs(isMap(idpPair.value) ? idpPair.value : undefined)) {
      const k = keyText(p);
      const v = str(p.value);
      if (k !== undefined && v !== undefined) file.idp[k] = v.trim();
    }
  }

  const apiPair = top('api');
  if (apiPair && isMap(apiPair.value)) {
    const region = str(valueOf(apiPair.value, 'region'));
    const baseUrl = str(valueOf(apiPair.value, 'baseUrl'));
    const target = app ? str(valueOf(app, 'target')) : undefined;
    const resolved = endpointOf({ ...(region ? { region } : {}), ...(baseUrl ? { baseUrl } : {}), ...(target ? { target } : {}) });
    file.api = { ...(resolved ? { baseUrl: resolved } : {}), at: keySpot(apiPair) ?? { line: 1, start: 0, end: 0 } };
  }

  const saml = mapAt(doc, ['saml', 'attributes']);
  const samlPair = isMap(top('saml')?.value) ? pairs(top('saml')?.value as YAMLMap).find((p) => keyText(p) === 'attributes') : undefined;
  if (samlPair) { const at = keySpot(samlPair); if (at) file.samlAt = at; }
  for (const p of pairs(saml)) {
    const k = keyText(p);
    if (k === undefined) continue;
    const v = str(p.value);
    file.saml.push(withValue({ name: k, ...(v !== undefined ? { expression: v } : {}) }, p));
  }

  const prov = mapAt(doc, ['provisioning']);
  const toAppPair = prov ? pairs(prov).find((p) => keyText(p) === 'toApp') : undefined;
  if (toAppPair) { const at = keySpot(toAppPair); if (at) file.toAppAt = at; }
  for (const p of pairs(isMap(toAppPair?.value) ? (toAppPair?.value) : undefined)) {
    const k = keyText(p);
    const v = bool(p.value);
    if (k !== undefined && v !== undefined) file.toApp.set(k, withValue(v, p));
  }
  const mapPair = prov ? pairs(prov).find((p) => keyText(p) === 'mappings') : undefined;
  if (mapPair) { const at = keySpot(mapPair); if (at) file.mappingsAt = at; }
  for (const p of pairs(isMap(mapPair?.value) ? (mapPair?.value) : undefined)) {
    const k = keyText(p);
    if (k === undefined) continue;
    const data: MappingData = {};
    let expression: string | undefined;
    let objectForm = false;
    if (isMap(p.value)) {
      objectForm = true;
      expression = str(valueOf(p.value, 'expression'));
      const push = str(valueOf(p.value, 'pushStatus'));
      if (push === 'PUSH' || push === 'DONT_PUSH') data.pushStatus = push;
      const flow = str(valueOf(p.value, 'flowType'));
      if (flow) data.flowType = flow;
      const prio = num(valueOf(p.value, 'matchingPriority'));
      if (prio !== undefined) data.matchingPriority = prio;
      const dv = valueOf(p.value, 'defaultValue');
      if (isScalar(dv) && dv.value !== null && dv.value !== undefined) data.defaultValue = plain(dv.value);
    } else {
      expression = str(p.value);
    }
    const fv = withValue<FileMapping>({ key: k, ...(expression !== undefined ? { expression } : {}), data, objectForm }, p);
    if (objectForm && isMap(p.value)) {
      const e = pairs(p.value).find((x) => keyText(x) === 'expression');
      const r = e ? range(e.value) : undefined;
      if (r) fv.valueAt = r; else delete fv.valueAt;
    }
    file.mappings.push(fv);
  }
  const defaults = mapAt(doc, ['provisioning', 'defaults']);
  if (defaults) {
    const tz = valueOf(defaults, 'timezone');
    if (isScalar(tz)) file.defaultTimezone = plain(tz.value);
  }

  const asPair = top('assignments');
  if (asPair) { const at = keySpot(asPair); if (at) file.assignmentsAt = at; }
  if (asPair && isSeq(asPair.value)) {
    for (const item of asPair.value.items) {
      if (!isMap(item)) continue;
      const un = pairs(item).find((p) => keyText(p) === 'userName');
      const userName = un ? str(un.value) : undefined;
      if (!un || !userName) continue;
      const tz = valueOf(item, 'timezone');
      const person: FilePerson = { userName: userName.trim(), ...(isScalar(tz) ? { timezone: plain(tz.value) } : {}) };
      file.assignments.push(withValue(person, un));
    }
  }

  const grPair = top('groups');
  if (grPair) { const at = keySpot(grPair); if (at) file.groupsAt = at; }
  if (grPair && isSeq(grPair.value)) {
    for (const item of grPair.value.items) {
      if (!isMap(item)) continue;
      const np = pairs(item).find((p) => keyText(p) === 'name');
      const name = np ? str(np.value) : undefined;
      if (!np || !name) continue;
      const targetName = str(valueOf(item, 'targetName'));
      const membersNode = valueOf(item, 'members');
      const g: FileGroup = { name: name.trim(), ...(targetName ? { targetName } : {}), push: bool(valueOf(item, 'push')) ?? true, assigned: bool(valueOf(item, 'assigned')) ?? false };
      if (isSeq(membersNode)) {
        g.members = [];
        for (const m of membersNode.items) {
          const u = str(m);
          if (!u) continue;
          g.members.push(u.trim());
          const s = spot(m);
          if (s) file.groupMembers.push({ value: { group: g.name, userName: u.trim() }, at: s });
        }
      }
      file.groups.push(withValue(g, np));
    }
  }
  return file;
}
