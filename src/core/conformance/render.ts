// Reports of a conformance run: a test-run style text report, the JSON contract, JUnit XML for CI,
// and the Markdown document the editor opens read-only. Inputs are already redacted.
import type { CheckResult, ConformanceReport, ConformanceSummary, Evidence } from './types';

const ICON: Record<CheckResult['status'], string> = { pass: '✔', warn: '⚠', fail: '✖', skip: '○' };

export function summaryLine(s: ConformanceSummary): string {
  return `${s.pass} passed, ${s.warn} warning${s.warn === 1 ? '' : 's'}, ${s.fail} failed, ${s.skip} skipped`;
}

function evidenceLine(e: Evidence): string | undefined {
  const parts: string[] = [];
  if (e.request) parts.push(e.request);
  if (e.status !== undefined) parts.push(`→ ${e.status}`);
  return parts.length ? parts.join(' ') : undefined;
}

export function renderConformanceText(report: ConformanceReport, opts: { baseUrl?: string } = {}): string[] {
  const lines: string[] = [];
  if (opts.baseUrl) lines.push(`SCIM endpoint check: ${opts.baseUrl}${report.write ? ' (with write checks)' : ' (read-only)'}`, '');
  for (const c of report.checks) {
    lines.push(`${ICON[c.status]} ${c.title}  [${c.id}]`);
    lines.push(`    ${c.message}`);
    if (c.status !== 'pass' && c.status !== 'skip') {
      lines.push(`    reference: ${c.reference}`);
      const ev = evidenceLine(c.evidence);
      if (ev) lines.push(`    evidence: ${ev}`);
      if (c.evidence.fragment) lines.push(`      ${c.evidence.fragment}`);
      if (c.fix) lines.push(`    fix: ${c.fix}`);
    }
  }
  lines.push('');
  if (report.diagnosis) lines.push(`${report.diagnosis.diagnosis}: ${report.diagnosis.message}`);
  if (report.rateLimited) lines.push('Rate-limited: the endpoint kept answering HTTP 429 past the wait bound, so the checks after that were not judged; run the check again later.');
  if (!report.write && report.checks.some((c) => c.write)) lines.push('The write checks were not run: add --write to run them (they create and remove a test user).');
  if (report.sampled) lines.push('Tenant-wide checks looked at a sample (the paging sweep stopped at its bound).');
  if (report.cancelled) lines.push('Cancelled: the remaining checks were skipped.');
  if (report.leftBehind.length) lines.push(`Left behind in the tenant: ${report.leftBehind.join(', ')}`);
  lines.push(summaryLine(report.summary));
  return lines;
}

/**
 * The CLI's JSON contract: {summary, checks: [{id, title, status, reference, evidence, …}]}, plus
 * `diagnosis` and `message` (as test-credentials has them) when the endpoint could not be checked.
 */
export function conformanceJson(report: ConformanceReport): Record<string, unknown> {
  return {
    summary: report.summary,
    ...(report.diagnosis ? { diagnosis: report.diagnosis.diagnosis, message: report.diagnosis.message } : {}),
    checks: report.checks.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      reference: c.reference,
      evidence: c.evidence,
      severity: c.severity,
      message: c.message,
      ...(c.fix !== undefined ? { fix: c.fix } : {}),
      write: c.write,
      elapsedMs: c.elapsedMs,
    })),
    leftBehind: report.leftBehind,
    sampled: report.sampled,
    cancelled: report.cancelled,
    rateLimited: report.rateLimited,
  };
}

/** XML 1.0: escape markup characters and drop characters XML cannot carry. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function renderConformanceJunit(report: ConformanceReport, opts: { baseUrl?: string; name?: string } = {}): string {
  const s = report.summary;
  const total = report.checks.length;
  const seconds = (ms: number): string => (ms / 1000).toFixed(3);
  const time = report.checks.reduce((a, c) => a + c.elapsedMs, 0);
  const name = opts.name ?? `SCIM endpoint check${opts.baseUrl ? ` ${opts.baseUrl}` : ''}`;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="${xmlEscape(name)}" tests="${total}" failures="${s.fail}" skipped="${s.skip}" time="${seconds(time)}">`);
  out.push(`  <testsuite name="${xmlEscape(name)}" tests="${total}" failures="${s.fail}" errors="0" skipped="${s.skip}" time="${seconds(time)}">`);
  for (const c of report.checks) {
    const detail = [
      c.message,
      `reference: ${c.reference}`,
      ...(evidenceLine(c.evidence) ? [`evidence: ${evidenceLine(c.evidence) ?? ''}`] : []),
      ...(c.evidence.fragment ? [`fragment: ${c.evidence.fragment}`] : []),
      ...(c.fix ? [`fix: ${c.fix}`] : []),
    ].join('\n');
    out.push(`    <testcase classname="scim.conformance" name="${xmlEscape(`${c.id}: ${c.title}`)}" time="${seconds(c.elapsedMs)}">`);
    if (c.status === 'fail') out.push(`      <failure message="${xmlEscape(c.message)}" type="${xmlEscape(c.severity)}">${xmlEscape(detail)}</failure>`);
    else if (c.status === 'skip') out.push(`      <skipped message="${xmlEscape(c.message)}"/>`);
    else if (c.status === 'warn') out.push(`      <system-out>${xmlEscape(`WARNING: ${detail}`)}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>');
  out.push('</testsuites>');
  return out.join('\n');
}

function mdText(s: string): string {
  return s.replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

function mdCode(s: string): string {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${s.startsWith('`') || s.endsWith('`') ? ` ${s} ` : s}${fence}`;
}

const STATUS_WORD: Record<CheckResult['status'], string> = { pass: 'passed', warn: 'warning', fail: 'failed', skip: 'not run' };
/** What a warn/fail result means for the person reading the report. */
const SEVERITY_WORDS: Record<CheckResult['severity'], string> = {
  fail: 'breaks provisioning from Okta or Entra ID (or sign-in to Flosum)',
  warn: 'deviates from RFC 7644; identity providers usually cope',
};

/**
 * The Markdown report the editor opens rendered (in its Markdown preview). In the editor's words:
 * the write checks are chosen in the command's first question, not with a CLI flag; a check that
 * did not run says "not run", with no severity.
 */
export function renderConformanceMarkdown(report: ConformanceReport, opts: { baseUrl: string; date: Date | string; audience?: 'editor' | 'cli' }): string {
  const s = report.summary;
  const date = typeof opts.date === 'string' ? opts.date : opts.date.toISOString();
  const editor = opts.audience !== 'cli';
  const out: string[] = [];
  out.push(`# SCIM endpoint check`, '');
  out.push(`- Endpoint: ${mdCode(opts.baseUrl)}`);
  out.push(`- Date: ${mdText(date)}`);
  out.push(`- Mode: ${report.write ? 'read and write (a test user was created and removed)' : 'read-only'}; target ${mdCode(report.target)}`);
  out.push(`- Result: **${s.pass} passed**, **${s.warn} warnings**, **${s.fail} failed**, ${s.skip} not run`, '');
  if (!report.write && report.checks.some((c) => c.write)) {
    out.push(editor
      ? '> The write checks were not run. To run them, choose "Read and write checks…" in SCIM: Check SCIM Endpoint (they create one test user and always remove it).'
      : '> The write checks were not run: add `--write` to run them (they create one test user and always remove it).', '');
  }
  if (report.sampled) out.push('> Tenant-wide checks looked at a sample: the paging sweep stopped at its bound.', '');
  if (report.cancelled) out.push('> The run was cancelled; the remaining checks were not run.', '');
  if (report.diagnosis) out.push(`> ${mdText(`${report.diagnosis.diagnosis}: ${report.diagnosis.message}`)}`, '');
  if (report.rateLimited) out.push('> The endpoint kept answering HTTP 429 (rate-limited) past the wait bound: the checks after that were not judged.', '');
  if (report.leftBehind.length) out.push(`> **Left behind in the tenant:** ${report.leftBehind.map(mdCode).join(', ')}`, '');
  out.push('| Result | Check | Reference |', '|---|---|---|');
  for (const c of report.checks) out.push(`| ${ICON[c.status]} ${STATUS_WORD[c.status]} | ${mdCell(c.title)} | ${mdCell(c.reference)} |`);
  out.push('');
  const order: Array<CheckResult['status']> = ['fail', 'warn', 'skip', 'pass'];
  for (const status of order) {
    const group = report.checks.filter((c) => c.status === status);
    if (!group.length) continue;
    out.push(`## ${{ fail: 'Failed', warn: 'Warnings', skip: 'Not run', pass: 'Passed' }[status]}`, '');
    for (const c of group) {
      out.push(`### ${ICON[c.status]} ${mdText(c.title)}`, '');
      out.push(`${mdText(c.status === 'skip' && c.write && !report.write && editor ? 'Not run: a write check, and this run was read-only.' : c.message)}`, '');
      const facts = [`Id: ${mdCode(c.id)}`, `reference: ${mdText(c.reference)}`];
      if (c.status === 'fail' || c.status === 'warn') facts.push(`this ${SEVERITY_WORDS[c.severity]}`);
      out.push(`- ${facts.join('; ')}`);
      const ev = evidenceLine(c.evidence);
      if (ev) out.push(`- Evidence: ${mdCode(ev)}`);
      if (c.fix) out.push(`- Fix: ${mdText(c.fix)}`);
      if (c.evidence.fragment) out.push('', '```text', c.evidence.fragment.replace(/```/g, '`\u200b``'), '```');
      out.push('');
    }
  }
  return out.join('\n');
}

/** A table cell: Markdown-escaped, no line breaks (a break would end the row). */
function mdCell(s: string): string {
  return mdText(s.replace(/\s*\n\s*/g, ' '));
}
