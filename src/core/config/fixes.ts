// Applying fixes: one fix, or every preferred fix in the file ("Fix all").
import { validateConfig } from './validate';
import type { Finding, Fix, TextEdit, ValidateOptions } from './types';

/** Apply non-overlapping edits (any order) to text. Overlapping edits after the first are dropped. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i)
    .map((x) => x.e);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    const start = Math.max(0, Math.min(e.start, text.length));
    const end = Math.max(start, Math.min(e.end, text.length));
    if (start < pos) continue;
    out += text.slice(pos, start) + e.newText;
    pos = end;
  }
  return out + text.slice(pos);
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).trim();
}

function conflicts(a: TextEdit, b: TextEdit): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  if (a.start === a.end && b.start === b.end && a.start === b.start) {
    // Two insertions at one point are fine unless they open the same key (e.g. both add `provisioning:`).
    return firstLine(a.newText).split(':')[0] === firstLine(b.newText).split(':')[0];
  }
  // An insertion strictly inside a replaced range.
  return (a.start === a.end && a.start > b.start && a.start < b.end) || (b.start === b.end && b.start > a.start && b.start < a.end);
}

/** The fix "Fix all" would apply for a finding: its preferred fix, never one that needs the keychain. */
export function preferredFix(f: Finding): Fix | undefined {
  return f.fixes?.find((x) => x.isPreferred && !x.secret);
}

/** Select a conflict-free set of preferred fixes (de-duplicating same group + same edits). */
export function selectFixes(findings: readonly Finding[]): TextEdit[] {
  const chosen: TextEdit[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const fix = preferredFix(f);
    if (!fix) continue;
    const sig = JSON.stringify([fix.group ?? '', fix.edits]);
    if (seen.has(sig)) continue;
    if (fix.edits.some((e) => chosen.some((c) => conflicts(c, e)))) continue;
    seen.add(sig);
    chosen.push(...fix.edits);
  }
  return chosen;
}

/** Apply every preferred (non-secret) fix, re-validating until nothing changes (at most 6 rounds). */
export function fixAll(text: string, options?: ValidateOptions): { text: string; applied: number } {
  let current = text;
  let applied = 0;
  for (let round = 0; round < 6; round++) {
    const findings = validateConfig(current, options);
    const edits = selectFixes(findings);
    if (!edits.length) break;
    const next = applyEdits(current, edits);
    if (next === current) break;
    applied += countApplied(findings, edits);
    current = next;
  }
  return { text: current, applied };
}

function countApplied(findings: readonly Finding[], edits: readonly TextEdit[]): number {
  const set = new Set(edits);
  let n = 0;
  for (const f of findings) {
    const fix = preferredFix(f);
    if (fix && fix.edits.every((e) => set.has(e))) n++;
  }
  return n;
}
