// Import: the live app (../idp/live.ts) as a version-1 config, commented like a hand-written one. Every
// section the API could read is written; each part it could not read gets a comment saying where it is
// set instead; what a config value cannot hold (an Okta GROUP statement, an Entra mapping without a
// source) is kept as a comment, never dropped. Mapping keys are short names where a SCIM path has one,
// the path otherwise; the object form only where a string cannot hold the mapping. Deterministic: the
// same live app gives the same bytes (no dates, the API's order kept).
import { stringify } from 'yaml';
import { preferredMappingKey } from '../scim/attributePaths';
import { idpDescriptorFor } from '../idp/registry';
import type { LiveApp, LiveMapping, MappingData } from '../idp/live';
import { TO_APP_OPTIONS } from '../idp/live';

export interface ImportOptions {
  /** `app.target`; default flosum (the product's default target: the identity provider does not know it). */
  target?: string;
  /** `api.tokenRef`: the keychain name of the target's token; default `<app name>-default`. */
  apiTokenRef?: string;
  /** The command that made it, for the header ("scim-provisioning import --from okta …"). */
  command?: string;
}

/** A YAML scalar as it must be written (quoted only where YAML needs it), on one line. */
export function yamlScalar(value: string | number | boolean): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

const comment = (text: string): string => text.replace(/[\r\n]+/g, ' ').trim();

class Lines {
  readonly lines: string[] = [];
  add(indent: number, text: string, note?: string): void {
    this.lines.push(`${' '.repeat(indent)}${text}${note ? `  # ${comment(note)}` : ''}`);
  }
  note(indent: number, text: string): void {
    this.lines.push(`${' '.repeat(indent)}# ${comment(text)}`);
  }
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scim';
}

/** The object form's keys in a fixed order, the defaults left out. */
function dataEntries(d: MappingData | undefined): Array<[string, string | number]> {
  if (!d) return [];
  const out: Array<[string, string | number]> = [];
  if (d.pushStatus === 'DONT_PUSH') out.push(['pushStatus', d.pushStatus]);
  if (d.flowType !== undefined && d.flowType !== 'always') out.push(['flowType', d.flowType]);
  if (d.matchingPriority !== undefined) out.push(['matchingPriority', d.matchingPriority]);
  if (d.defaultValue !== undefined) out.push(['defaultValue', d.defaultValue]);
  return out;
}

const DATA_NOTES: Record<string, (v: string | number) => string> = {
  pushStatus: () => 'applied on create only',
  flowType: (v) => (v === 'create-only' ? 'applied on create only' : `Entra flow type ${v}`),
  matchingPriority: (v) => `matching attribute (${v === 1 ? 'matched first' : `precedence ${v}`})`,
  defaultValue: () => 'used when the source is empty (on create)',
};

function writeMapping(out: Lines, m: LiveMapping): void {
  const key = yamlScalar(preferredMappingKey(m.path));
  if (m.unsupported !== undefined || m.expression === undefined) {
    out.note(4, `${preferredMappingKey(m.path)}: ${m.unsupported ?? 'no expression'}; not imported`);
    return;
  }
  const data = dataEntries(m.data);
  if (!data.length) {
    out.add(4, `${key}: ${yamlScalar(m.expression)}`, m.origin);
    return;
  }
  out.add(4, `${key}:`, m.origin);
  out.add(6, `expression: ${yamlScalar(m.expression)}`);
  for (const [k, v] of data) out.add(6, `${k}: ${yamlScalar(v)}`, DATA_NOTES[k]?.(v));
}

/** The config text for a live app. */
export function importConfigText(live: LiveApp, opts: ImportOptions = {}): string {
  const idp = idpDescriptorFor(live.idp);
  const out = new Lines();
  const where = live.location.map((l) => `${l.key} ${l.value}`).join(', ');
  out.note(0, `SCIM provisioning config imported from ${idp.label}: the app "${live.label}" (${where}).`);
  if (opts.command) out.note(0, `Made by: ${opts.command}`);
  out.note(0, `Check it: scim-provisioning validate FILE. Compare it with the live app later: scim-provisioning drift --config FILE.`);
  for (const n of live.notes) out.note(0, `Note: ${n}`);
  out.add(0, 'version: 1');
  out.add(0, 'app:');
  out.add(2, `name: ${yamlScalar(live.label)}`, `the app's name in ${idp.label}`);
  out.add(2, `identityProvider: ${yamlScalar(live.idp)}`);
  out.add(2, `target: ${yamlScalar(opts.target ?? 'flosum')}`, `not known to ${idp.label}: flosum | generic-scim`);

  out.add(0, 'idp:', `where the app lives in ${idp.label} (never a secret)`);
  for (const l of live.location) out.add(2, `${l.key}: ${yamlScalar(l.value)}`, l.comment);

  // api: the base URL when the API can read it; otherwise where it is set.
  if (live.api.readable && live.api.value.baseUrl) {
    out.add(0, 'api:', idp.consoleLabels.api);
    out.add(2, `baseUrl: ${yamlScalar(live.api.value.baseUrl)}`);
  } else {
    out.add(0, 'api:', live.api.readable ? `no base URL: ${idp.consoleLabels.api}` : live.api.reason);
    out.note(2, 'region: us   # or baseUrl: https://… — copy it from there');
  }
  out.add(2, `tokenRef: ${yamlScalar(opts.apiTokenRef ?? `${slug(live.label)}-default`)}`, `keychain name of the target's API token (${idp.words.tokenName}), never the token`);

  if (live.saml.readable) {
    out.add(0, 'saml:');
    const attrs = live.saml.value;
    const written = attrs.filter((a) => a.expression !== undefined && a.unsupported === undefined);
    out.add(2, written.length ? 'attributes:' : 'attributes: {}', idp.consoleLabels.saml);
    for (const a of attrs) {
      if (a.unsupported !== undefined || a.expression === undefined) out.note(4, `${a.name}: ${a.unsupported ?? 'no value'}; not imported: kept in ${idp.label}`);
      else out.add(4, `${yamlScalar(a.name)}: ${yamlScalar(a.expression)}`);
    }
  } else {
    out.note(0, `saml: ${live.saml.reason}`);
  }

  out.add(0, 'provisioning:');
  if (live.toApp.readable) {
    out.add(2, 'toApp:');
    const t = live.toApp.value;
    for (const opt of TO_APP_OPTIONS) {
      if (t.uncompared.includes(opt)) {
        if (opt === 'syncPassword') out.add(4, 'syncPassword: false', `${idp.label} has no password sync for this app: not compared by drift`);
        continue;
      }
      const v = t.options[opt];
      if (v !== undefined) out.add(4, `${opt}: ${String(v)}`);
    }
  } else {
    out.note(2, `toApp: ${live.toApp.reason}`);
  }
  if (live.mappings.readable) {
    const list = live.mappings.value;
    out.add(2, list.some((m) => m.expression !== undefined && m.unsupported === undefined) ? 'mappings:' : 'mappings: {}', `SCIM attribute <- ${idp.expressionLabel}`);
    for (const m of list) writeMapping(out, m);
  } else {
    out.note(2, `mappings: ${live.mappings.reason}`);
  }

  if (live.assignments.readable) {
    const people = live.assignments.value;
    out.add(0, people.length ? 'assignments:' : 'assignments: []', 'people assigned to the app');
    for (const p of people) {
      out.add(2, `- userName: ${yamlScalar(p.userName)}`, p.viaGroup ? `via the group ${p.viaGroup}` : undefined);
      if (p.timezone !== undefined) out.add(4, `timezone: ${yamlScalar(p.timezone)}`);
      if (p.profile && Object.keys(p.profile).length) {
        out.add(4, 'profile:');
        for (const [k, v] of Object.entries(p.profile)) out.add(6, `${yamlScalar(k)}: ${yamlScalar(v)}`);
      }
    }
  } else {
    out.note(0, `assignments: ${live.assignments.reason}`);
  }

  if (live.groups.readable) {
    for (const n of live.groups.notes ?? []) out.note(0, n);
    const groups = live.groups.value;
    if (groups.length) {
      out.add(0, 'groups:', `groups in ${idp.label} that this app uses`);
      for (const g of groups) {
        out.add(2, `- name: ${yamlScalar(g.name)}`);
        if (g.targetName !== undefined) out.add(4, `targetName: ${yamlScalar(g.targetName)}`, 'its name in the app');
        if (!g.push) out.add(4, 'push: false', 'not pushed to the app');
        if (g.assigned) out.add(4, 'assigned: true', 'assigned to the app: its members are assigned');
        if (g.members) {
          out.add(4, g.members.length ? 'members:' : 'members: []', g.membersNote);
          for (const u of g.members) out.add(6, `- ${yamlScalar(u)}`);
        } else if (g.membersNote) {
          out.note(4, `members: ${g.membersNote}`);
        }
      }
    }
  } else {
    out.note(0, `groups: ${live.groups.reason}`);
  }
  return `${out.lines.join('\n')}\n`;
}
