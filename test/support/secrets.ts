// Distinctive secrets and a checker that every captured string is free of them.
import { randomUUID } from 'node:crypto';
import * as assert from 'node:assert/strict';

/** A token nobody would type by accident, so a leak is unambiguous. */
export function distinctiveToken(label = 'tok'): string {
  return `${label}-${randomUUID().replace(/-/g, '')}-S3CR3T`;
}

/** Every value reachable from `value`, flattened to strings (for grepping JSON results too). */
export function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) allStrings(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) { out.push(k); allStrings(v, out); }
  } else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') out.push(String(value));
  return out;
}

export function assertNoSecret(captured: unknown, secret: string): void {
  const strings = allStrings(captured);
  const middle = secret.slice(4, -4);
  for (const s of strings) {
    assert.ok(!s.includes(secret) && !s.includes(middle), `secret leaked into: ${s.slice(0, 300)}`);
  }
}
