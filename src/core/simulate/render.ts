// Simulate's output: the JSON of DESIGN.md, the CLI's text, the editor's Markdown (the requests
// preview with each field annotated by the mapping that produced it, and the run's report).
import type { FieldNote } from '../idp/requestShapes';
import type { RequestPlan } from './plan';
import type { RequestRecord, SimulationReport, StepResult } from './run';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A path as a person reads it: the query decoded (`filter=userName eq "x"`). */
export function readablePath(path: string): string {
  try { return decodeURIComponent(path); } catch { return path; }
}

const COMMENT_COLUMN_MAX = 44;

export interface AnnotateOptions {
  /**
   * `after` (the terminal): `// note` after the field, the notes aligned. `above` (the editor's
   * Markdown preview, often a narrow pane beside the config, where a long line wraps and splits its
   * note): the note on a line of its own before the field, at the field's indent.
   */
  notes?: 'after' | 'above';
}

/**
 * A JSON body pretty-printed (2 spaces), a `// note` with each annotated field.
 * Arrays of short scalars stay on one line.
 */
export function annotatedJson(value: unknown, notes: readonly FieldNote[] = [], opts: AnnotateOptions = {}): string[] {
  const indent = '  ';
  const byPath = new Map(notes.map((n) => [JSON.stringify(n.path), n.text]));
  const out: Array<{ text: string; note?: string }> = [];
  const inline = (v: unknown): boolean =>
    (Array.isArray(v) && (v.length === 0 || (v.every((x) => !isObj(x) && !Array.isArray(x)) && JSON.stringify(v).length <= 100)))
    || (isObj(v) && Object.keys(v).length === 0);
  const walk = (v: unknown, path: Array<string | number>, key: string | undefined, depth: number, last: boolean): void => {
    const pad = indent.repeat(depth);
    const head = key === undefined ? '' : `${JSON.stringify(key)}: `;
    const comma = last ? '' : ',';
    const note = byPath.get(JSON.stringify(path));
    if ((Array.isArray(v) || isObj(v)) && !inline(v)) {
      const entries: Array<[string | number, unknown, string | undefined]> = Array.isArray(v)
        ? v.map((x, i) => [i, x, undefined])
        : Object.entries(v).map(([k, x]) => [k, x, k]);
      out.push({ text: `${pad}${head}${Array.isArray(v) ? '[' : '{'}`, ...(note ? { note } : {}) });
      entries.forEach(([k, x, name], i) => walk(x, [...path, k], name, depth + 1, i === entries.length - 1));
      out.push({ text: `${pad}${Array.isArray(v) ? ']' : '}'}${comma}` });
      return;
    }
    const json = Array.isArray(v) ? `[${v.map((x) => JSON.stringify(x)).join(', ')}]` : JSON.stringify(v) ?? 'null';
    out.push({ text: `${pad}${head}${json}${comma}`, ...(note ? { note } : {}) });
  };
  walk(value, [], undefined, 0, true);
  if (opts.notes === 'above') {
    return out.flatMap((l) => (l.note ? [`${/^ */.exec(l.text)?.[0] ?? ''}// ${l.note}`, l.text] : [l.text]));
  }
  const column = Math.min(COMMENT_COLUMN_MAX, Math.max(0, ...out.filter((l) => l.note).map((l) => l.text.length)) + 2);
  return out.map((l) => (l.note ? `${l.text.length + 2 > column ? `${l.text}  ` : l.text.padEnd(column)}// ${l.note}` : l.text));
}

// ---------------------------------------------------------------------------------------------
// JSON (DESIGN.md: {idp, user, write, ok, steps: [{name, request: {method, path, body?}, status?, ok?, problems}]})

function requestJson(r: RequestRecord, withStatus: boolean): Record<string, unknown> {
  return { method: r.method, path: r.path, ...(r.body !== undefined ? { body: r.body } : {}), ...(withStatus && r.status !== undefined ? { status: r.status } : {}) };
}

export function simulationJson(r: SimulationReport): Record<string, unknown> {
  return {
    idp: r.idp,
    user: r.user,
    write: r.write,
    ok: r.ok,
    ...(r.standIn ? { standIn: r.standIn } : {}),
    ...(r.write ? { cancelled: r.cancelled, leftBehind: r.leftBehind } : {}),
    steps: r.steps.map((s) => ({
      name: s.name,
      ...(s.requests.length === 1 && s.requests[0] ? { request: requestJson(s.requests[0], false) } : { requests: s.requests.map((q) => requestJson(q, true)) }),
      ...(s.status !== undefined ? { status: s.status } : {}),
      ...(s.ok !== undefined ? { ok: s.ok } : {}),
      problems: s.problems,
      ...(s.fixes?.length ? { fixes: s.fixes } : {}),
      ...(s.notes.length ? { notes: s.notes } : {}),
      ...(s.kept ? { kept: s.kept } : {}),
      ...(s.skipped ? { skipped: s.skipped } : {}),
    })),
  };
}

/**
 * What a report comes to, in one clause: "all 6 steps passed; nothing left behind", "1 of 6 steps
 * failed (update), 3 not run (cancelled); left behind: …", "no problems found" (dry run).
 */
export function outcomeSummary(r: SimulationReport): string {
  if (!r.write) {
    const bad = r.steps.filter((s) => s.problems.length).length;
    return bad ? `${bad} of ${r.steps.length} steps have problems` : 'no problems found in the requests';
  }
  const failed = r.steps.filter((s) => s.ok !== true && !s.skipped).length;
  const notRun = r.steps.filter((s) => s.skipped).length;
  const parts: string[] = [];
  if (!failed && !notRun) parts.push(`all ${r.steps.length} steps passed`);
  if (failed) parts.push(`${failed} of ${r.steps.length} steps failed (${r.steps.filter((s) => s.ok !== true && !s.skipped).map((s) => s.name).join(', ')})`);
  if (notRun) parts.push(`${notRun}${failed ? '' : ` of ${r.steps.length} steps`} not run${r.cancelled ? ' (cancelled)' : ''}`);
  const left = r.leftBehind.length ? `left behind: ${r.leftBehind.join(', ')}` : 'nothing left behind';
  return `${parts.join(', ')}; ${left}`;
}

const sentence = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;

// ---------------------------------------------------------------------------------------------
// Text (the CLI)

export interface RenderContext {
  baseUrl?: string;
  /** The app's name in the config (`Flosum`). */
  appName?: string;
}

function outcomeWord(s: StepResult): string {
  if (s.ok === undefined) return s.problems.length ? 'problem' : '';
  if (s.skipped) return s.skipped === 'cancelled' ? 'cancelled' : 'not run';
  return s.ok ? 'ok' : 'FAIL';
}

export function renderSimulationText(r: SimulationReport, ctx: RenderContext = {}): string[] {
  const lines: string[] = [];
  const where = ctx.baseUrl ? ` at ${ctx.baseUrl}` : '';
  if (!r.write) {
    lines.push(`${r.idpLabel}'s requests for ${r.user} (dry run: nothing is sent; --write runs them for a stand-in${where})`);
    r.steps.forEach((s, n) => {
      lines.push('', `${n + 1}. ${s.name}: ${s.title}`);
      for (const q of s.requests) {
        lines.push(`   ${q.method} ${readablePath(q.path)}`);
        if (q.body !== undefined) for (const l of annotatedJson(q.body, q.notes)) lines.push(`   ${l}`);
      }
      for (const p of s.problems) lines.push(`   problem: ${p}`);
      for (const note of s.notes) lines.push(`   note: ${note}`);
    });
    lines.push('', sentence(outcomeSummary(r)));
    return lines;
  }
  lines.push(`${r.idpLabel}'s requests for ${r.user}, run for the stand-in ${r.standIn ?? '?'}${where}`);
  const width = Math.max(...r.steps.map((s) => s.name.length));
  for (const s of r.steps) {
    const reqs = s.requests.map((q) => `${q.method} ${readablePath(q.path)}${q.status !== undefined ? ` -> ${q.status}` : ''}`).join(', ');
    lines.push(`${s.name.padEnd(width)}  ${outcomeWord(s).padEnd(9)} ${reqs || s.skipped || ''}`.trimEnd());
    for (const p of s.problems) lines.push(`${''.padEnd(width)}  problem: ${p}`);
    for (const f of s.fixes ?? []) lines.push(`${''.padEnd(width)}  fix: ${f}`);
    if (s.kept?.length && s.problems.length === 0) lines.push(`${''.padEnd(width)}  kept all ${s.kept.length} attributes sent`);
    if (s.name === 'cleanup') for (const n of s.notes) lines.push(`${''.padEnd(width)}  ${n}`);
  }
  lines.push('', sentence(outcomeSummary(r)));
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Markdown (the editor)

/** Escapes what Markdown would turn into formatting, links or HTML in running text. */
export function md(s: string): string {
  return s.replace(/[\\`*_[\]<>|]/g, '\\$&');
}

/** Inline code for any text (a fence longer than any backtick run inside). */
function code(s: string): string {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${/^`|`$/.test(s) ? ` ${s} ` : s}${fence}`;
}

function fenced(lang: string, lines: string[]): string[] {
  const longest = Math.max(2, ...lines.map((l) => (/^`+/.exec(l)?.[0].length ?? 0)));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${lang}`, ...lines, fence];
}

export interface PreviewContext {
  /** Workspace-relative file name. */
  file: string;
  /** 1-based line of the assignment. */
  line?: number;
}

/** The read-only preview of "Preview Requests": every request, bodies annotated with their mappings. */
export function renderPreviewMarkdown(plan: RequestPlan, ctx: PreviewContext): string {
  const who = plan.assignment.userName;
  const out: string[] = [
    `# Requests ${md(plan.idp.label)} sends for ${code(who)}`,
    '',
    `From ${code(ctx.file)}${ctx.line ? `, the assignment on line ${ctx.line}` : ''}. Nothing has been sent. Each field is annotated with the mapping that produced it. ` +
      `Run 'SCIM: Simulate Provisioning…' to send these for a stand-in and check what the tenant keeps.`,
  ];
  plan.steps.forEach((s, n) => {
    out.push('', `## ${n + 1}. ${s.name}: ${md(s.title)}`, '');
    if (!s.requests.length) out.push('No request.');
    for (const r of s.requests) {
      out.push(code(`${r.method} ${readablePath(r.path)}`), '');
      if (r.body !== undefined) out.push(...fenced('jsonc', annotatedJson(r.body, r.notes, { notes: 'above' })), '');
    }
    for (const p of s.problems) out.push(`- **Problem:** ${md(p)}`);
    for (const note of s.notes) out.push(`- ${md(note)}`);
  });
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const value = (v: unknown): string => (v === undefined ? '(nothing)' : code(typeof v === 'string' ? v : JSON.stringify(v) ?? 'null'));

/** The report of a run (or a dry run): a table of steps, then each step's requests, problems and what the tenant kept. */
export function renderSimulationMarkdown(r: SimulationReport, ctx: RenderContext & { date?: Date } = {}): string {
  const out: string[] = [
    `# Simulated provisioning: ${md(r.idpLabel)} for ${code(r.user)}`,
    '',
  ];
  if (r.write) {
    out.push(`Run against ${ctx.appName ? `${md(ctx.appName)} at ` : ''}${code(ctx.baseUrl ?? '?')} with the stand-in ${code(r.standIn ?? '?')} ` +
      `(${code(r.user)}'s profile under a test userName and email)${ctx.date ? `, ${md(ctx.date.toISOString())}` : ''}.`);
  } else {
    out.push('Dry run: nothing was sent.');
  }
  out.push('', `**${md(sentence(outcomeSummary(r)))}**`);
  if (r.leftBehind.length) out.push('', `**Left behind in the tenant:** ${r.leftBehind.map((x) => code(x)).join(', ')}. Remove it by hand.`);
  out.push('', '| Step | Result | Requests |', '|---|---|---|');
  for (const s of r.steps) {
    const result = s.ok === undefined ? (s.problems.length ? 'problem' : 'planned') : s.skipped ? (s.skipped === 'cancelled' ? 'cancelled' : 'not run') : s.ok ? 'pass' : 'FAIL';
    const reqs = s.requests.map((q) => code(`${q.method} ${readablePath(q.path)}${q.status !== undefined ? ` → ${q.status}` : ''}`)).join('<br>');
    out.push(`| ${s.name} | ${result} | ${cell(reqs || (s.skipped ? md(s.skipped) : ''))} |`);
  }
  for (const s of r.steps) {
    out.push('', `## ${s.name}: ${md(s.title)}`, '');
    for (const p of s.problems) out.push(`- **Problem:** ${md(p)}`);
    for (const f of s.fixes ?? []) out.push(`- **Fix:** ${md(sentence(f))}`);
    if (s.skipped) out.push(`- ${md(s.skipped === 'cancelled' ? 'Cancelled before it ran.' : s.skipped)}`);
    for (const q of s.requests) {
      if (q.body === undefined) continue;
      out.push('', `${code(`${q.method} ${readablePath(q.path)}`)} sent:`, '', ...fenced('jsonc', annotatedJson(q.body, q.notes, { notes: 'above' })));
    }
    if (s.kept?.length) {
      out.push('', 'Read back:', '', '| Attribute | Sent | Kept | |', '|---|---|---|---|');
      for (const k of s.kept) out.push(`| ${cell(code(k.attribute))} | ${cell(value(k.sent))} | ${cell(value(k.kept))} | ${k.same ? 'same' : '**differs**'} |`);
    }
    if (s.notes.length) out.push('', ...s.notes.map((n) => `- ${md(n)}`));
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
