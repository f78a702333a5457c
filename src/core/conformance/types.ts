// The conformance check's data model: a check is an id, a title, where the requirement comes from,
// how bad a deviation is, and a `run` that produces a status with evidence a server author can act on.
import type { Diagnosis } from '../scim/diagnosis';
import type { Transport } from '../scim/rawTransport';
import type { TargetHints } from '../targets/types';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';
/** `fail`: breaks Okta or Entra provisioning (or Flosum sign-in); `warn`: deviates from RFC 7644. */
export type CheckSeverity = 'fail' | 'warn';

export interface Evidence {
  /** e.g. "GET /Users?startIndex=1&count=2" (path relative to the base URL; never a token). */
  request?: string;
  status?: number;
  /** The offending fragment of the body (≤ 300 characters, redacted). */
  fragment?: string;
}

export interface CheckOutcome {
  status: CheckStatus;
  message: string;
  evidence: Evidence;
  /** What a server author would change (absent on pass/skip). */
  fix?: string;
}

export interface CheckResult extends CheckOutcome {
  id: string;
  title: string;
  reference: string;
  /** For warn/fail results, the severity of what was found; otherwise the check's own. */
  severity: CheckSeverity;
  /** Write checks only run with `write: true`. */
  write: boolean;
  elapsedMs: number;
}

export interface ConformanceCheck {
  id: string;
  title: string;
  reference: string;
  severity: CheckSeverity;
  write?: boolean;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

export interface ConformanceSummary {
  pass: number;
  warn: number;
  fail: number;
  skip: number;
}

export interface ConformanceReport {
  summary: ConformanceSummary;
  checks: CheckResult[];
  /** Test users that could not be removed: "userName (id …)". Empty means nothing left behind. */
  leftBehind: string[];
  /** The paging sweep stopped at its bound (large tenant): tenant-wide checks looked at a sample. */
  sampled: boolean;
  /** The run was cancelled; checks after that point are `skip`. */
  cancelled: boolean;
  /** The endpoint kept answering 429 past the wait bound: the checks after that were not judged. */
  rateLimited: boolean;
  /** Why the run could not check the endpoint (the Test API Credentials request failed, or rate limiting). */
  diagnosis?: { diagnosis: Diagnosis; message: string };
  write: boolean;
  target: string;
}

/** What checks share: the transport, caches and the tenant's facts learnt so far. */
export interface CheckContext {
  http: Transport;
  /** Removes the token (and any Bearer credential) from a string. */
  redact(text: string): string;
  signal?: AbortSignal;
  target: string;
  /** The target's wording for fixes that name the base URL. */
  hints: TargetHints;
  write: boolean;
  limits: { maxUsers: number; maxPages: number; pageSize: number };
  /** Memoise a request/computation shared by several checks. */
  memo<T>(key: string, make: () => Promise<T>): Promise<T>;
  /** Values written by one check and read by later ones (e.g. the test user's id). */
  state: Record<string, unknown>;
}
