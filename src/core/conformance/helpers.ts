// Small helpers shared by the checks: outcomes, evidence fragments, SCIM message shapes.
import type { CheckContext, CheckOutcome, CheckStatus, Evidence } from './types';
import type { Reply } from '../scim/rawTransport';
import { ERROR_SCHEMA } from '../scim/schemas';
import { resourcesOf } from '../scim/serviceProvider';

export const FRAGMENT_MAX = 300;

export type Json = Record<string, unknown>;

export const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** At most 300 characters of `text` (whitespace collapsed), redacted. */
export function fragment(ctx: Pick<CheckContext, 'redact'>, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const flat = ctx.redact(text).replace(/\s+/g, ' ').trim();
  if (!flat) return undefined;
  return flat.length > FRAGMENT_MAX ? `${flat.slice(0, FRAGMENT_MAX - 1)}…` : flat;
}

/** A JSON value as a fragment. */
export function jsonFragment(ctx: Pick<CheckContext, 'redact'>, value: unknown): string | undefined {
  let text: string | undefined;
  try { text = JSON.stringify(value); } catch { text = String(value); }
  return fragment(ctx, text);
}

/** Evidence from a reply; `frag` overrides the body fragment (e.g. the one offending field). */
export function evidenceOf(ctx: Pick<CheckContext, 'redact'>, reply: Reply, frag?: string): Evidence {
  const ev: Evidence = { request: reply.request };
  if (reply.status !== undefined) ev.status = reply.status;
  const f = frag ?? (reply.status === undefined ? fragment(ctx, reply.error) : fragment(ctx, reply.text));
  if (f !== undefined) ev.fragment = f;
  return ev;
}

export function outcome(status: CheckStatus, message: string, evidence: Evidence, fix?: string): CheckOutcome {
  return { status, message, evidence, ...(fix !== undefined && status !== 'pass' && status !== 'skip' ? { fix } : {}) };
}

export const pass = (message: string, evidence: Evidence = {}): CheckOutcome => outcome('pass', message, evidence);
export const skip = (message: string, evidence: Evidence = {}): CheckOutcome => outcome('skip', message, evidence);

/** When no HTTP answer came: a cancelled request is a skip, anything else counts as the check's failure. */
export function noAnswer(ctx: Pick<CheckContext, 'redact'>, reply: Reply, severity: 'fail' | 'warn'): CheckOutcome {
  if (reply.cancelled) return skip('cancelled', { request: reply.request });
  return outcome(severity, `No HTTP answer: ${reply.error ?? 'unknown error'}`, evidenceOf(ctx, reply),
    'Make the endpoint answer this request within the timeout.');
}

export function schemasOf(v: unknown): string[] {
  return isObj(v) && Array.isArray(v.schemas) ? v.schemas.filter((s): s is string => typeof s === 'string') : [];
}

export function idsOf(v: unknown): string[] {
  return resourcesOf(v).map((r) => (isObj(r) && typeof r.id === 'string' ? r.id : JSON.stringify(isObj(r) ? r.id : r)));
}

/**
 * Why a reply is not a proper SCIM Error for `expected` (RFC 7644 §3.12), with how bad that is;
 * undefined when it is one. Only judged when the body was visible.
 */
export function scimErrorProblem(reply: Reply, expected: number): { severity: 'fail' | 'warn'; message: string } | undefined {
  if (!reply.bodyKnown) return undefined;
  const body = reply.json;
  if (!isObj(body)) {
    const what = /<html|<!doctype/i.test(reply.text) ? 'an HTML page' : reply.text.trim() ? `a ${reply.headers['content-type'] ?? 'non-JSON'} body` : 'an empty body';
    return { severity: 'fail', message: `the error body is ${what}, not a SCIM Error` };
  }
  if (!schemasOf(body).includes(ERROR_SCHEMA)) return { severity: 'fail', message: `the error body's "schemas" lacks ${ERROR_SCHEMA}` };
  if (body.status !== String(expected)) {
    return { severity: 'warn', message: typeof body.status === 'number' && body.status === expected
      ? 'the SCIM Error\'s "status" is a number; RFC 7644 §3.12 makes it a string'
      : `the SCIM Error's "status" is ${JSON.stringify(body.status)}, not "${expected}"` };
  }
  return undefined;
}

export const errorFix = (status: number): string =>
  `Answer HTTP ${status} with Content-Type application/scim+json and a body like {"schemas":["${ERROR_SCHEMA}"],"status":"${status}","detail":"…"} (RFC 7644 §3.12).`;
