// One typed reader of a config's value (what the YAML parse gives, before or beside validation):
// each section as a record, each list as what it holds; a wrong shape reads as absent (the schema
// reports it). Everything that reads a config's meaning reads it here.
import type { EvalValue, Assignment } from '../idp/types';
import type { ValidateOptions } from './types';
import type { TargetId } from '../targets/types';
import { targetFor } from '../targets/registry';
import { isRecord } from '../shared/values';

/** A section of the config by its path (`app`, `provisioning.toApp`): a record, or {} when absent or not one. */
export function sectionOf(config: unknown, ...path: string[]): Readonly<Record<string, unknown>> {
  let cur: unknown = config;
  for (const key of path) cur = isRecord(cur) ? cur[key] : undefined;
  return isRecord(cur) ? cur : {};
}

export const appOf = (config: unknown): Readonly<Record<string, unknown>> => sectionOf(config, 'app');
export const apiOf = (config: unknown): Readonly<Record<string, unknown>> => sectionOf(config, 'api');
/** `provisioning.toApp`: the To App options. */
export const toAppOf = (config: unknown): Readonly<Record<string, unknown>> => sectionOf(config, 'provisioning', 'toApp');
/** `provisioning.defaults`. */
export const defaultsOf = (config: unknown): Readonly<Record<string, unknown>> => sectionOf(config, 'provisioning', 'defaults');

/** A value that is a string, trimmed; undefined for anything else or blank. */
export function trimmedString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** A value of `assignments[].profile` as a profile value (dates as ISO text); undefined when it cannot be one. */
function profileValue(v: unknown, depth = 0): EvalValue | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (v instanceof Date) return v.toISOString();
  if (depth < 4 && Array.isArray(v)) return v.map((x) => profileValue(x, depth + 1) ?? null);
  return undefined;
}

/** One `assignments[]` entry as an Assignment, or undefined when it has no string userName. */
export function assignmentOf(item: unknown): Assignment | undefined {
  if (!isRecord(item) || typeof item.userName !== 'string' || item.userName.trim() === '') return undefined;
  const a: Assignment = { userName: item.userName.trim() };
  for (const k of ['givenName', 'familyName', 'email', 'timezone'] as const) {
    const v = item[k];
    if (typeof v === 'string') a[k] = v;
  }
  if (isRecord(item.profile)) {
    const profile: Record<string, EvalValue> = {};
    for (const [k, v] of Object.entries(item.profile)) {
      const x = profileValue(v);
      if (x !== undefined) profile[k] = x;
    }
    a.profile = profile;
  }
  return a;
}

/** The items of `assignments` as written, in file order (their positions match the YAML sequence's). */
export function assignmentItemsOf(config: unknown): readonly unknown[] {
  const list = isRecord(config) ? config.assignments : undefined;
  return Array.isArray(list) ? list : [];
}

/** The config's assignments, in file order (entries without a userName are skipped). */
export function assignmentsOf(config: unknown): Assignment[] {
  const out: Assignment[] = [];
  for (const item of assignmentItemsOf(config)) {
    const a = assignmentOf(item);
    if (a) out.push(a);
  }
  return out;
}

/** A made-up person for previews when the config assigns nobody. */
export const SAMPLE_ASSIGNMENT: Assignment = {
  userName: 'jane.doe@example.com', givenName: 'Jane', familyName: 'Doe', timezone: 'Europe/Berlin',
};

/** `app.customAttributes` as a list of names (anything else is the schema's to report). */
export function customAttributesOf(config: unknown): string[] {
  const list = appOf(config).customAttributes;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
}

/** `provisioning.mappings` as key -> expression text (non-string values are the schema's to report). */
export function mappingsOf(config: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(sectionOf(config, 'provisioning', 'mappings'))) if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim();
  return out;
}

/** The target a document is checked against: options.target, else app.target, else the default target. */
export function targetOf(value: unknown, options?: Pick<ValidateOptions, 'target'>): TargetId {
  return options?.target ?? targetFor(appOf(value).target).id;
}
