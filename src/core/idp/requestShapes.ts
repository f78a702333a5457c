// The vocabulary of request shapes: what a planned request is, what an identity provider's module
// implements (RequestDialect), and the building blocks the modules share. No identity provider and no
// registry is imported here, so the modules (./okta/requests.ts, ./entra/requests.ts) can use it.
import { removeAttribute, schemasFor, setAttribute } from '../scim/attributes';
import type { BodyPath, Json, ScimAttribute } from '../scim/attributes';
import type { Assignment, EvalResult, EvalValue, IdpPerson } from './types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type StepName = 'lookup' | 'create' | 'update' | 'deactivate' | 'reactivate' | 'cleanup';
/** The identity provider's steps, in order (`cleanup` is the runner's own). */
export const IDP_STEPS = ['lookup', 'create', 'update', 'deactivate', 'reactivate'] as const;

/** The id in paths before the tenant has assigned one (dry run). */
export const ID_PLACEHOLDER = '{id}';

/** Why a field of a body is there: the mapping that produced it, or the identity provider's own rule. */
export interface FieldNote {
  path: BodyPath;
  text: string;
}

export interface PlannedRequest {
  method: HttpMethod;
  /** Relative to the base URL, query string included, as sent (percent-encoded). */
  path: string;
  body?: Json;
  /** One note per annotated field of the body. */
  notes?: FieldNote[];
}

/** What one mapping yields for the person. */
export interface MappedAttribute {
  key: string;
  expression: string;
  attribute: ScimAttribute;
  result: EvalResult;
  /** What is sent; undefined when the attribute is left out (null, blank, unknown, or an error). */
  value?: EvalValue;
}

/** An attribute a request carries and the tenant should keep. */
export interface SentAttribute {
  attribute: ScimAttribute;
  value: EvalValue;
  /** `givenName: user.firstName`, or the identity provider's rule (`Okta's id for the person`). */
  source: string;
}

/** A person as the identity provider sends them: its profile and what each mapping yields. */
export interface MappedPerson {
  assignment: Assignment;
  person: IdpPerson;
  mapped: MappedAttribute[];
}

export interface CreateOptions {
  /** Placeholders instead of random values (Okta's password) so a preview is stable. */
  dryRun: boolean;
}

/**
 * How one identity provider shapes its requests. Implemented per identity provider, as data and
 * small functions (`okta/requests.ts`, `entra/requests.ts`); the generic code below decides nothing
 * about shapes.
 */
export interface RequestDialect {
  /** Does a user with this userName exist? */
  lookup(userName: string): PlannedRequest;
  /** POST /Users; `sent` lists every attribute the tenant should keep (mapped ones and the identity provider's own). */
  create(person: MappedPerson, opts: CreateOptions): { request: PlannedRequest; sent: SentAttribute[] };
  /** The request that reads the user before an update (Okta's GET), if the identity provider sends one. */
  readBeforeUpdate?(id: string): PlannedRequest;
  /**
   * The update after a profile change from `before` to `after`; `current` is the user as the read
   * before it answered (undefined in a dry run or without a read). Undefined when nothing changed.
   */
  update(id: string, before: SentAttribute[], after: SentAttribute[], current?: Json): PlannedRequest | undefined;
  /** Deactivate (`false`) or reactivate (`true`). */
  setActive(id: string, active: boolean): PlannedRequest;
  /** One-line notes on a step, shown with the preview (e.g. which kind of app sends PUT instead). */
  stepNotes?: Partial<Record<StepName, string>>;
  /**
   * What to change when the tenant refuses a step's write with a 4xx or 5xx (e.g. Entra's flag for
   * SCIM-compliant PATCH): the step's `fixes` in a run's report.
   */
  refusedHints?: Partial<Record<StepName, string>>;
}

// ---------------------------------------------------------------------------------------------
// Shared building blocks for the dialects

/** `/Users/{id}`, the id percent-encoded (the dry run's placeholder stays as written). */
export function userPath(id: string): string {
  return `/Users/${id === ID_PLACEHOLDER ? id : encodeURIComponent(id)}`;
}

/** `/Users?filter=userName eq "x"` (+ extra query), the filter percent-encoded. */
export function userNameFilterPath(userName: string, extraQuery = ''): string {
  return `/Users?filter=${encodeURIComponent(`userName eq ${JSON.stringify(userName)}`)}${extraQuery}`;
}

/** Sets each attribute into `body`, noting its source at its path. */
export function putAll(body: Json, sent: readonly SentAttribute[], notes: FieldNote[], mark?: (s: SentAttribute) => string): void {
  for (const s of sent) notes.push({ path: setAttribute(body, s.attribute, s.value), text: mark ? mark(s) : s.source });
}

/** Attributes of `after` whose value differs from `before` (or that `before` lacks), and those `after` dropped. */
export function changes(before: readonly SentAttribute[], after: readonly SentAttribute[]): { changed: SentAttribute[]; removed: SentAttribute[] } {
  const old = new Map(before.map((s) => [s.attribute.key, s]));
  const now = new Set(after.map((s) => s.attribute.key));
  return {
    changed: after.filter((s) => JSON.stringify(old.get(s.attribute.key)?.value) !== JSON.stringify(s.value)),
    removed: before.filter((s) => !now.has(s.attribute.key)),
  };
}

/** A copy of `current` (or of a body built from `before`) with `after` written over it: the whole user, as a PUT sends it. */
export function replacedUser(id: string, before: readonly SentAttribute[], after: readonly SentAttribute[], current: Json | undefined, notes: FieldNote[]): Json {
  const { changed, removed } = changes(before, after);
  const changedKeys = new Set(changed.map((s) => s.attribute.key));
  let body: Json;
  if (current) {
    body = JSON.parse(JSON.stringify(current)) as Json;
  } else {
    body = { schemas: schemasFor(after.map((s) => s.attribute)), id };
    for (const s of before) setAttribute(body, s.attribute, s.value);
  }
  body.id = id;
  for (const r of removed) removeAttribute(body, r.attribute);
  putAll(body, after, notes, (s) => (changedKeys.has(s.attribute.key) ? `${s.source} (changed)` : s.source));
  return body;
}

/** The mapped attributes that are sent, each with its mapping as the source. */
export function mappedSent(p: MappedPerson): SentAttribute[] {
  return p.mapped.flatMap((m) => (m.value !== undefined ? [{ attribute: m.attribute, value: m.value, source: `${m.key}: ${m.expression}` }] : []));
}
