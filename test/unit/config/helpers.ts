// Builders and helpers for the config-language tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/config/fixes';
import { LineIndex } from '../../../src/core/config/yaml/lineIndex';
import { validateConfig } from '../../../src/core/config/validate';
import type { Finding, Fix } from '../../../src/core/config/types';
import { configText, type SectionName } from '../../support/configs.cjs';

export const FIXTURES = join(__dirname, '../../fixtures/configs');
export const EXAMPLES = join(__dirname, '../../../examples');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function example(name: string): string {
  return readFileSync(join(EXAMPLES, name), 'utf8');
}

export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** True when the text has a '\n' that is not part of '\r\n'. */
export function hasLoneLf(text: string): boolean {
  return /(^|[^\r])\n/.test(text);
}

export function lineOf(text: string, offset: number): number {
  return new LineIndex(text).positionAt(offset).line;
}

export function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code);
}

export function preferredOrFirst(f: Finding): Fix | undefined {
  return f.fixes?.find((x) => x.isPreferred) ?? f.fixes?.[0];
}

export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/** Comment lines/trailing comments of a text (for "comments are preserved" checks). */
export function comments(text: string): string[] {
  return text.split(/\r?\n/).map((l) => /(^|\s)(#.*)$/.exec(l)?.[2]).filter((c): c is string => !!c).map((c) => c.trim());
}

/** The top-level sections buildConfig replaces (text) or removes (null). */
export type ConfigParts = Partial<Record<SectionName, string | null>>;

/**
 * The valid Okta config of test/support/configs.cjs without its comments, Jane the one assignee,
 * under a header line, with any top-level section replaced (string) or removed (null).
 */
export function buildConfig(parts: ConfigParts = {}): string {
  return configText({ comments: false, assignees: 1, header: '# built by the test builder', sections: parts });
}

/** Builder: `n` assignments (for large files). */
export function assignmentLines(n: number): string {
  const out = ['assignments:'];
  for (let i = 0; i < n; i++) out.push(`  - userName: user${i}@example.com`, `    timezone: ${i % 3 ? 'Europe/Berlin' : 'Etc/UTC'}`);
  return out.join('\n');
}

export { prng } from '../../support/prng';

/**
 * The first finding's fix titled `title…` applied to `src` re-validates clean, keeps CRLF line ends and
 * loses at most `mayLoseComments` comments (those on lines the fix removes).
 */
export function assertFixRevalidates(src: string, title: string, crlf: boolean, mayLoseComments: number): void {
  const f = validateConfig(src)[0];
  const fix = f.fixes?.find((x) => x.title.startsWith(title));
  assert.ok(fix, `fix '${title}' not offered; got ${JSON.stringify(f.fixes?.map((x) => x.title))}`);
  const out = applyFix(src, fix);
  assert.deepEqual(validateConfig(out), [], out);
  if (crlf) assert.ok(!hasLoneLf(out), 'a lone \\n was introduced');
  const after = comments(out);
  const removed = comments(src).filter((x) => !after.includes(x));
  assert.ok(removed.length <= mayLoseComments, `comments lost: ${removed.join(', ')}`);
}
