// Shared by the conformance tests: run against a base URL + token, look results up, check XML.
import * as assert from 'node:assert/strict';
import { ScimClient } from '../../../src/core/scim/client';
import { runConformance } from '../../../src/core/conformance/run';
import type { ConformanceOptions } from '../../../src/core/conformance/run';
import type { CheckResult, ConformanceReport } from '../../../src/core/conformance/types';

export async function check(baseUrl: string, token: string, opts: Partial<ConformanceOptions> = {}): Promise<ConformanceReport> {
  const client = new ScimClient({ baseUrl, token });
  try {
    return await runConformance({ client, raw: { token }, ...opts });
  } finally {
    await client.close();
  }
}

export function result(report: ConformanceReport, id: string): CheckResult {
  const r = report.checks.find((c) => c.id === id);
  assert.ok(r, `no check ${id}`);
  return r;
}

/** `id → status` for every check that is not `pass`. */
export function nonPassing(report: ConformanceReport): Record<string, string> {
  return Object.fromEntries(report.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status]));
}

/** Every evidence fragment is at most 300 characters. */
export function assertFragmentsBounded(report: ConformanceReport): void {
  for (const c of report.checks) {
    if (c.evidence.fragment !== undefined) assert.ok(c.evidence.fragment.length <= 300, `${c.id}: fragment of ${c.evidence.fragment.length} chars`);
  }
}

/** A small well-formedness check: one root, balanced tags, quoted attributes, only the five entities. */
export function assertWellFormedXml(xml: string): void {
  const s = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  const badAmp = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const re = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    assert.ok(m, `not well-formed at ${pos}: ${s.slice(pos, pos + 80)}`);
    pos = re.lastIndex;
    if (m[5] !== undefined) {
      assert.ok(stack.length > 0 || !m[5].trim(), `text outside the root: ${m[5].slice(0, 80)}`);
      assert.ok(!badAmp.test(m[5]), `bare & in text: ${m[5].slice(0, 80)}`);
      continue;
    }
    assert.ok(!badAmp.test(m[3] ?? ''), `bare & in attributes: ${m[3] ?? ''}`);
    const name = m[2] ?? '';
    if (m[1]) {
      assert.equal(stack.pop(), name, `mismatched </${name}>`);
    } else {
      if (!stack.length) roots++;
      if (!m[4]) stack.push(name);
    }
  }
  assert.deepEqual(stack, [], 'unclosed elements');
  assert.equal(roots, 1, 'exactly one root element');
}
