// Edits reconcile offers on the file: take the tenant's value of a field that differs, and add an
// unassigned tenant user to the assignments. Built on the config's edit helpers, so they touch only
// the lines they must and keep comments, indentation, quoting style and line endings.
import { isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import { parseConfig } from '../config/yaml/parse';
import { columnOf, deletePair, insertIntoMap, lineStartOf, nextLineStart, renderScalar, setValue } from '../config/yaml/edits';
import type { EditContext, InsertLine } from '../config/yaml/edits';
import { LineIndex } from '../config/yaml/lineIndex';
import { isEmail } from '../shared/text';
import { findPair, locate } from '../config/yaml/yamlNav';
import type { TextEdit } from '../config/types';
import { matchKey } from '../tenant/snapshot';
import type { TenantUser } from '../tenant/snapshot';
import { lastContent } from './assignments';
import { tenantTimezone, UTC } from './reconcile';
import type { FieldName } from './reconcile';

export type EditResult = { ok: true; edits: TextEdit[] } | { ok: false; message: string };


/** The assignment item whose `- ` line is `line` (1-based) and whose userName is `userName`. */
function findItem(doc: Document.Parsed, text: string, line: number, userName: string): YAMLMap | undefined {
  const seq = locate(doc, ['assignments'])?.node;
  if (!isSeq(seq)) return undefined;
  const lines = new LineIndex(text);
  for (const item of seq.items) {
    if (!isMap(item) || !item.range) continue;
    if (lines.positionAt(item.range[0]).line !== line) continue;
    const u = findPair(item, 'userName')?.value;
    if (isScalar(u) && typeof u.value === 'string' && matchKey(u.value) === matchKey(userName)) return item;
  }
  return undefined;
}

/**
 * Sets the assignment's fields to the tenant's values (`null`: the tenant has none, so the key is
 * removed). The assignment is found by its line and userName in the current text, so an edit
 * elsewhere in the file does not misplace it.
 */
export function takeTenantValues(text: string, at: { line: number; userName: string }, values: ReadonlyArray<{ name: FieldName; tenant: string | null }>): EditResult {
  const parsed = parseConfig(text);
  const item = parsed.doc && findItem(parsed.doc, text, at.line, at.userName);
  if (!item) return { ok: false, message: `the assignment of '${at.userName}' is no longer on line ${at.line}: run Reconcile again` };
  const ctx: EditContext = parsed;
  const edits: TextEdit[] = [];
  const inserts: InsertLine[] = [];
  for (const { name, tenant } of values) {
    const pair = findPair(item, name);
    if (tenant === null) {
      const e = pair && deletePair(ctx, pair);
      if (pair && !e) return { ok: false, message: `cannot remove '${name}' of '${at.userName}' (not a plain block mapping)` };
      if (e) edits.push(e);
      continue;
    }
    if (pair) {
      const e = setValue(text, { node: pair.value, key: pair.key }, tenant);
      if (!e) return { ok: false, message: `cannot set '${name}' of '${at.userName}' (a block scalar or a collection)` };
      edits.push(e);
    } else {
      inserts.push({ depth: 0, text: `${name}: ${renderScalar(tenant, undefined)}` });
    }
  }
  if (inserts.length) {
    const e = insertIntoMap(ctx, item, null, inserts);
    if (!e) return { ok: false, message: `cannot add to the assignment of '${at.userName}' (a flow mapping)` };
    edits.push(e);
  }
  return { ok: true, edits };
}

/** The assignment written for a tenant user: its email userName, and what the file's defaults would not give. */
export function assignmentFor(u: TenantUser, defaultTimezone: string | undefined): Array<[string, string]> {
  const userName = u.hasUserName && isEmail(u.userName.trim()) ? u.userName.trim() : (u.email?.trim() ?? u.userName.trim());
  const out: Array<[string, string]> = [['userName', userName]];
  if (u.email && matchKey(u.email) !== matchKey(userName)) out.push(['email', u.email.trim()]);
  const tz = tenantTimezone(u);
  if (tz !== (defaultTimezone || UTC)) out.push(['timezone', tz]);
  return out;
}

/**
 * Appends an assignment at the end of `assignments` (written as the list's items are: same
 * indentation, the file's line endings); creates the list when the file has none.
 */
export function addAssignment(text: string, fields: ReadonlyArray<[string, string]>): EditResult & { line?: number } {
  const parsed = parseConfig(text);
  const doc = parsed.doc;
  if (!doc || parsed.findings.some((f) => f.code === 'yaml-syntax')) return { ok: false, message: 'the file has YAML errors; fix them first' };
  const { eol, indentUnit } = parsed;
  // `- key: value` lines with the dash at dashCol and the keys at keyCol (as the list's items are written).
  const render = (dashCol: number, keyCol = dashCol + 2): string[] => fields.map(([k, v], i) =>
    `${i === 0 ? `${' '.repeat(dashCol)}-${' '.repeat(Math.max(1, keyCol - dashCol - 1))}` : ' '.repeat(keyCol)}${k}: ${renderScalar(v, undefined)}`);
  const lineOfOffset = (off: number): number => new LineIndex(text).positionAt(off).line;
  const root = doc.contents;
  const pair = isMap(root) ? findPair(root, 'assignments') : undefined;

  if (!pair) {
    if (root !== null && !isMap(root)) return { ok: false, message: 'the file is not a provisioning config (its top level is not a mapping)' };
    if (isMap(root) && root.flow) return { ok: false, message: 'the top level is a flow mapping: add the assignment by hand' };
    const needsBreak = text.length > 0 && !text.endsWith('\n');
    const at = text.length;
    const lines = ['assignments:', ...render(indentUnit)];
    return { ok: true, edits: [{ start: at, end: at, newText: (needsBreak ? eol : '') + lines.join(eol) + eol }], line: lineOfOffset(at) + (needsBreak ? 2 : 1) };
  }

  const key = pair.key as Node;
  const value = pair.value as Node | null;
  const keyCol = columnOf(text, key.range?.[0] ?? 0);
  if (isSeq(value) && !value.flow && value.items.length) {
    const first = value.items[0] as Node;
    const last = value.items[value.items.length - 1] as Node;
    const firstStart = first.range?.[0] ?? 0;
    const prefix = text.slice(lineStartOf(text, firstStart), firstStart);
    const m = /^( *)- +$/.exec(prefix);
    if (!m || !last.range) return { ok: false, message: "the assignments list is not a plain block list ('- ' items): add the assignment by hand" };
    const dashCol = m[1]?.length ?? 0;
    const end = last.range[1];
    let at = end > 0 && text[end - 1] === '\n' ? end : nextLineStart(text, end);
    // A value ending with a comment or blank lines: insert right after the item's last content line.
    const lastContentEnd = isMap(last) ? lastContent(last) : end;
    at = Math.min(at, nextLineStart(text, Math.max(0, lastContentEnd - 1)));
    const needsBreak = at >= text.length && text.length > 0 && !text.endsWith('\n');
    const newText = (needsBreak ? eol : '') + render(dashCol, columnOf(text, firstStart)).join(eol) + eol;
    return { ok: true, edits: [{ start: at, end: at, newText }], line: lineOfOffset(at) + (needsBreak ? 1 : 0) };
  }
  const emptyFlow = isSeq(value) && value.flow && value.items.length === 0;
  const empty = value === null || (isScalar(value) && value.value === null);
  if (!emptyFlow && !empty) return { ok: false, message: "'assignments' is written in flow style or is not a list: add the assignment by hand" };
  const edits: TextEdit[] = [];
  if (emptyFlow && value.range) {
    // `assignments: []` -> `assignments:` (a comment after it stays on the key's line)
    let s = value.range[0];
    while (s > 0 && text[s - 1] === ' ') s--;
    edits.push({ start: s, end: value.range[1], newText: '' });
  }
  const keyLineEnd = nextLineStart(text, key.range?.[1] ?? 0);
  const needsBreak = keyLineEnd >= text.length && !text.endsWith('\n');
  edits.push({ start: keyLineEnd, end: keyLineEnd, newText: (needsBreak ? eol : '') + render(keyCol + indentUnit).join(eol) + eol });
  return { ok: true, edits, line: lineOfOffset(key.range?.[0] ?? 0) + 1 };
}
