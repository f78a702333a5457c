// The requests an identity provider sends for one person, computed from the config: each mapping is
// evaluated on the person's profile (evaluateMappings), each mapping key names a SCIM attribute
// (../scim/attributes), and the identity provider's request shapes (./dialects: ../idp/okta/requests,
// ../idp/entra/requests) shape the look-up, POST, update, deactivate and reactivate. Pure: the runner
// (./run) sends these requests; the preview and the dry run print them.
import { evaluateMappings } from '../idp/person';
import { REQUEST_DIALECTS } from './dialects';
import { identityProviderOf, idpNamed } from '../idp/registry';
import type { Assignment, EvalResult, EvalValue, IdentityProvider } from '../idp/types';
import { scimAttributeOf } from '../scim/attributes';
import { ID_PLACEHOLDER } from '../idp/requestShapes';
import type { MappedAttribute, MappedPerson, PlannedRequest, RequestDialect, SentAttribute, StepName } from '../idp/requestShapes';
import { isEmail } from '../shared/text';
import { targetFor } from '../targets/registry';
import { appOf, defaultsOf, mappingsOf, toAppOf } from '../config/model';


function sendable(r: EvalResult): EvalValue | undefined {
  if (r.kind !== 'value' || r.value === null || r.value === '') return undefined;
  return r.value;
}

/** The person's profile and what each mapping yields (a missing userName mapping is the identity provider's default). */
export function mapPerson(idp: IdentityProvider, mappings: Readonly<Record<string, string>>, assignment: Assignment): MappedPerson {
  const person = idp.personProfile(assignment);
  const all: Record<string, string> = { ...mappings };
  if (all.userName === undefined) {
    const standard = idp.standardExpression('userName', 'mapping');
    if (standard) Object.assign(all, { userName: standard }, mappings);
  }
  const results = evaluateMappings(idp, all, person);
  const mapped = Object.entries(results).map(([key, result]) => {
    const value = sendable(result);
    return { key, expression: all[key] ?? '', attribute: scimAttributeOf(key), result, ...(value !== undefined ? { value } : {}) };
  });
  return { assignment, person, mapped };
}

/** The profile change the simulated update makes: the given name. */
export interface ProfileChange {
  field: 'givenName';
  from?: string;
  to: string;
}

export function givenNameChange(a: Assignment): ProfileChange {
  const from = a.givenName?.trim() || undefined;
  return { field: 'givenName', ...(from ? { from } : {}), to: `${from ?? 'Stand-in'}-Updated` };
}

export interface PlannedStep {
  name: StepName;
  /** "Does the user exist?" */
  title: string;
  requests: PlannedRequest[];
  /** What would make this step fail (the identity provider could not send it, or the target rejects it). */
  problems: string[];
  /** What is worth knowing (an attribute left out, an option that is off). */
  notes: string[];
}

export interface RequestPlan {
  idp: IdentityProvider;
  dialect: RequestDialect;
  /** The person whose profile the requests carry (a stand-in for a run). */
  assignment: Assignment;
  /** Before and after the simulated profile change. */
  before: MappedPerson;
  after: MappedPerson;
  change: ProfileChange;
  /** The userName the tenant gets (the userName mapping's value), if there is one. */
  userName?: string;
  created: { request: PlannedRequest; sent: SentAttribute[] };
  /** `sent` after the change. */
  updated: SentAttribute[];
  steps: PlannedStep[];
}

export interface PlanOptions {
  /** Overrides `app.identityProvider` (the CLI's --idp). */
  idp?: IdentityProvider;
  /** Stable placeholders instead of random values (dry run, preview). Default true. */
  dryRun?: boolean;
  /** The tenant's id for the user, once known (a run); default the placeholder. */
  id?: string;
}

const shown = (v: unknown): string => (typeof v === 'string' ? `'${v.length > 80 ? `${v.slice(0, 79)}…` : v}'` : JSON.stringify(v) ?? 'null');

function describeLeftOut(idp: IdentityProvider, m: MappedAttribute): string | undefined {
  if (m.result.kind === 'unknown') return `${m.key}: ${idp.label} decides '${m.expression}' when it provisions (${m.result.reason}); left out here`;
  if (m.result.kind === 'value' && m.value === undefined) return `${m.key}: '${m.expression}' yields ${m.result.value === null ? 'null' : 'an empty string'} for this person, so ${m.attribute.label} is left out`;
  return undefined;
}

const OPTION_LABELS: Record<string, { label: string; step: StepName }> = {
  createUsers: { label: 'Create Users', step: 'create' },
  updateUserAttributes: { label: 'Update User Attributes', step: 'update' },
  deactivateUsers: { label: 'Deactivate Users', step: 'deactivate' },
};

/**
 * The identity provider's requests for one assignment, computed from the config. Never throws: an
 * expression the identity provider could not evaluate is a problem of the create step.
 */
export function planRequests(config: unknown, assignment: Assignment, opts: PlanOptions = {}): RequestPlan | { error: string } {
  const idp = opts.idp ?? identityProviderOf(config);
  const app = appOf(config);
  const named = typeof app.identityProvider === 'string' ? app.identityProvider.trim() : '';
  // The registry checks an unknown value as Okta; requests of the wrong identity provider would mislead.
  if (!opts.idp && named && idpNamed(named)?.id !== idp.id) {
    return { error: `app.identityProvider '${named}' has no module in this build, so its requests cannot be computed` };
  }
  const dialect = REQUEST_DIALECTS[idp.id];
  const dryRun = opts.dryRun !== false;
  const id = opts.id ?? ID_PLACEHOLDER;
  const mappings = mappingsOf(config);
  const before = mapPerson(idp, mappings, assignment);
  const change = givenNameChange(assignment);
  const after = mapPerson(idp, mappings, { ...assignment, givenName: change.to });
  const created = dialect.create(before, { dryRun });
  const updated = dialect.create(after, { dryRun }).sent;
  const userNameValue = before.mapped.find((m) => m.key === 'userName')?.value;
  const userName = typeof userNameValue === 'string' ? userNameValue : undefined;

  const createProblems: string[] = [];
  const createNotes: string[] = [];
  if (!mappings.userName) createNotes.push(`No userName mapping: ${idp.label} sends its default, '${before.mapped.find((m) => m.key === 'userName')?.expression ?? '?'}'.`);
  for (const m of before.mapped) {
    if (m.result.kind === 'error') createProblems.push(`${m.key}: ${idp.label} cannot evaluate '${m.expression}': ${m.result.message}`);
    else {
      const left = describeLeftOut(idp, m);
      if (left) createNotes.push(left);
      else for (const n of m.result.kind === 'value' ? m.result.notes ?? [] : []) createNotes.push(`${m.key}: ${n}`);
    }
  }
  if (userName === undefined) createProblems.push(`userName: the mapping yields no value for this person, and ${idp.label} cannot create a user without one`);
  const target = targetFor(app.target);
  const email = before.mapped.find((m) => m.key === 'email')?.value;
  const timezone = before.mapped.find((m) => m.key === 'timezone');
  if (timezone && timezone.value === undefined && timezone.result.kind === 'value') {
    const defaults = defaultsOf(config);
    const wanted = typeof defaults.timezone === 'string' ? defaults.timezone.trim() : '';
    createNotes.push(`timezone: ${target.label} gets none and uses its own default (${target.defaultTimeZone})${wanted && wanted !== target.defaultTimeZone
      ? `, not provisioning.defaults.timezone '${wanted}': ${idp.label} sends only what the mapping yields` : ''}`);
  }
  if (target.userNameIsEmail && userName !== undefined) {
    if (!isEmail(userName)) createProblems.push(`userName ${shown(userName)} is not an email address: ${target.userNameIsEmail.reason}`);
    else if (typeof email === 'string' && email.toLowerCase() !== userName.toLowerCase()) {
      createProblems.push(`userName ${shown(userName)} is not the email address ${shown(email)}: ${target.userNameIsEmail.reason}`);
    }
  }

  const toApp = toAppOf(config);
  const optionNotes: Partial<Record<StepName, string>> = {};
  for (const [key, o] of Object.entries(OPTION_LABELS)) {
    if (toApp[key] === false) optionNotes[o.step] = `${o.label} is off in this file: ${idp.label} would not send this.`;
  }
  const notesFor = (step: StepName, more: string[] = []): string[] =>
    [...more, ...(optionNotes[step] ? [optionNotes[step]] : []), ...(dialect.stepNotes?.[step] ? [dialect.stepNotes[step]] : [])];

  const updateRequests: PlannedRequest[] = [];
  const read = dialect.readBeforeUpdate?.(id);
  if (read) updateRequests.push(read);
  const write = dialect.update(id, created.sent, updated);
  if (write) updateRequests.push(write);
  const updateNotes = write ? [] : [`Nothing ${idp.label} sends changes when ${change.field} changes, so it sends no update.`];
  // A problem evaluating a mapping is reported once, on the create step.
  const steps: PlannedStep[] = [
    { name: 'lookup', title: 'Does the user exist?', requests: [dialect.lookup(userName ?? '')], problems: [], notes: notesFor('lookup') },
    { name: 'create', title: 'Create the user (nothing was found)', requests: [created.request], problems: createProblems, notes: notesFor('create', createNotes) },
    {
      name: 'update',
      title: `Update after a profile change (${change.field} ${change.from ? `from ${shown(change.from)} ` : 'set '}to ${shown(change.to)})`,
      requests: updateRequests, problems: [], notes: notesFor('update', updateNotes),
    },
    { name: 'deactivate', title: 'Deactivate (the person is unassigned)', requests: [dialect.setActive(id, false)], problems: [], notes: notesFor('deactivate') },
    { name: 'reactivate', title: 'Reactivate (the person is assigned again)', requests: [dialect.setActive(id, true)], problems: [], notes: notesFor('reactivate') },
  ];
  return { idp, dialect, assignment, before, after, change, ...(userName !== undefined ? { userName } : {}), created, updated, steps };
}

/** A fresh test address: `scim-simulate-<random>@example.invalid` (a domain that never delivers mail). */
export function standInAddress(suffix: string): string {
  return `scim-simulate-${suffix}@example.invalid`;
}

/**
 * The stand-in for a run: the assignment's profile under a fresh test userName and email (an email
 * that differed from the userName stays different).
 */
export function standInFor(a: Assignment, suffix: string): Assignment {
  const userName = standInAddress(suffix);
  const ownEmail = a.email !== undefined && a.email.trim() !== '' && a.email.trim().toLowerCase() !== a.userName.toLowerCase();
  const out: Assignment = { ...a, userName };
  if (ownEmail) out.email = standInAddress(`${suffix}.mail`);
  else delete out.email;
  return out;
}
