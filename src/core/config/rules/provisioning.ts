// provisioning-option, sync-password (the target's To App options), mapping-missing, username-not-email
// (the mappings the target expects from the identity provider, ctx.expected.mappings).
import { insertIntoMap, objectToLines, renderScalar, setValue } from '../yaml/edits';
import type { InsertLine } from '../yaml/edits';
import { allowedKeys } from '../schema/schemaInfo';
import { quoteCode } from '../../shared/text';
import type { Fix, TextEdit } from '../types';
import { hasNearMiss, isObject, keyRange, loc, mapNode, valueRange } from './context';
import type { Rule, RuleContext } from './context';
import { hasExpressionProblem } from './expressions';
import { quoteForMessage } from '../../shared/secrets';

/** Insert `lines` as children of the mapping at `path` (creating nothing above it). */
function insertUnder(ctx: RuleContext, path: string[], lines: InsertLine[]): TextEdit | undefined {
  const l = path.length ? loc(ctx, path) : undefined;
  return insertIntoMap(ctx, mapNode(ctx, path), l?.pair ?? null, lines);
}

/** Insert a missing block `key` under `parentPath` (whose value may itself be absent). */
function insertBlock(ctx: RuleContext, parentPath: string[], block: Record<string, unknown>): TextEdit | undefined {
  return insertUnder(ctx, parentPath, objectToLines(block));
}

function joinAnd(xs: readonly string[]): string {
  return xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

export const provisioningOptions: Rule = (ctx) => {
  const req = ctx.requirements.toApp;
  if (!req) return;
  const block: Record<string, boolean> = Object.fromEntries(req.required.map((o) => [o.key, true]));
  if (req.syncPasswordOff) block.syncPassword = false;
  const detail = `${ctx.requirements.label} needs ${joinAnd(req.required.map((o) => o.label))} enabled${req.syncPasswordOff ? ', and Sync Password off' : ''}.`;
  const fix = (edit: TextEdit | undefined): Fix[] => (edit ? [{ title: `Add the ${ctx.requirements.label} provisioning options`, edits: [edit], isPreferred: true }] : []);
  const prov = ctx.value.provisioning;
  if (prov === undefined || prov === null) {
    const edit = prov === null ? insertUnder(ctx, ['provisioning'], objectToLines({ toApp: block })) : insertBlock(ctx, [], { provisioning: { toApp: block } });
    ctx.report('provisioning-option', 'Provisioning options are missing: add provisioning.toApp.', keyRange(ctx, prov === null ? ['provisioning'] : []), fix(edit), { detail });
    return;
  }
  if (!isObject(prov)) return;
  const toApp = prov.toApp;
  if (toApp === undefined || toApp === null) {
    const edit = toApp === null ? insertUnder(ctx, ['provisioning', 'toApp'], objectToLines(block)) : insertBlock(ctx, ['provisioning'], { toApp: block });
    ctx.report('provisioning-option', 'provisioning.toApp is missing: add the To App options.',
      keyRange(ctx, toApp === null ? ['provisioning', 'toApp'] : ['provisioning']), fix(edit), { detail });
    return;
  }
  if (!isObject(toApp)) return;
  const known = allowedKeys(['provisioning', 'toApp']);
  for (const { key, label } of req.required) {
    const v = toApp[key];
    if (v === true) continue;
    if (v === undefined) {
      if (hasNearMiss(toApp, key, known)) continue;
      const edit = insertUnder(ctx, ['provisioning', 'toApp'], [{ depth: 0, text: `${key}: true` }]);
      ctx.report('provisioning-option', `'${key}' (${label}) is missing: add '${key}: true'.`, keyRange(ctx, ['provisioning', 'toApp']),
        edit ? [{ title: `Add ${key}: true`, edits: [edit], isPreferred: true }] : [], { detail });
      continue;
    }
    if (v !== false && v !== null) continue; // schema-type
    ctx.claim(['provisioning', 'toApp', key]);
    const edit = setValue(ctx.text, loc(ctx, ['provisioning', 'toApp', key]), 'true', true);
    ctx.report('provisioning-option', `'${key}' (${label}) is ${v === null ? 'empty' : 'false'}: set it to true.`,
      valueRange(ctx, ['provisioning', 'toApp', key]), edit ? [{ title: `Set ${key} to true`, edits: [edit], isPreferred: true }] : [], { detail });
  }
};

export const syncPassword: Rule = (ctx) => {
  const req = ctx.requirements.toApp;
  if (!req?.syncPasswordOff) return;
  const l = loc(ctx, ['provisioning', 'toApp', 'syncPassword']);
  const v = (ctx.value.provisioning as Record<string, Record<string, unknown> | undefined> | undefined)?.toApp?.syncPassword;
  if (v !== true) return;
  const edit = setValue(ctx.text, l, 'false', true);
  ctx.report('sync-password', "syncPassword is true: set 'syncPassword: false'.",
    valueRange(ctx, ['provisioning', 'toApp', 'syncPassword']), edit ? [{ title: 'Set syncPassword to false', edits: [edit], isPreferred: true }] : [],
    { detail: req.passwordReason });
};

export const mappingMissing: Rule = (ctx) => {
  const expected = ctx.expected?.mappings;
  if (!expected || !Object.keys(expected).length) return;
  const detail = `${ctx.requirements.label} requires the mappings ${joinAnd(Object.keys(expected))}.`;
  const prov = ctx.value.provisioning;
  const allLines = objectToLines({ mappings: expected });
  if (prov === undefined || prov === null || (isObject(prov) && (prov.mappings === undefined || prov.mappings === null))) {
    let edit: TextEdit | undefined;
    let range: [number, number];
    if (prov === undefined) {
      edit = insertBlock(ctx, [], { provisioning: { mappings: expected } });
      range = keyRange(ctx, []);
    } else if (prov === null) {
      edit = insertUnder(ctx, ['provisioning'], allLines);
      range = keyRange(ctx, ['provisioning']);
    } else if (prov.mappings === null) {
      ctx.claim(['provisioning', 'mappings']);
      edit = insertUnder(ctx, ['provisioning', 'mappings'], objectToLines(expected));
      range = keyRange(ctx, ['provisioning', 'mappings']);
    } else {
      edit = insertUnder(ctx, ['provisioning'], allLines);
      range = keyRange(ctx, ['provisioning']);
    }
    ctx.report('mapping-missing', `Attribute mappings are missing: add provisioning.mappings with the standard ${ctx.idp.expressionLabel}s.`, range,
      edit ? [{ title: 'Add all missing mappings', edits: [edit], isPreferred: true, group: 'mapping-missing-all' }] : [], { detail });
    return;
  }
  if (!isObject(prov) || !isObject(prov.mappings)) return;
  const mappings = prov.mappings;
  const known = allowedKeys(['provisioning', 'mappings']);
  const missing: string[] = [];
  const empty: string[] = [];
  for (const name of Object.keys(expected)) {
    const v = mappings[name];
    if (v === undefined && !hasNearMiss(mappings, name, known)) missing.push(name);
    else if (v === null || (typeof v === 'string' && v.trim() === '')) empty.push(name);
  }
  if (!missing.length && !empty.length) return;
  const map = mapNode(ctx, ['provisioning', 'mappings']);
  const pair = loc(ctx, ['provisioning', 'mappings'])?.pair ?? null;
  const allEdits: TextEdit[] = [];
  const yaml = (v: string) => renderScalar(v, undefined);
  const insertAll = missing.length ? insertIntoMap(ctx, map, pair, missing.map((m) => ({ depth: 0, text: `${m}: ${yaml(expected[m])}` }))) : undefined;
  if (insertAll) allEdits.push(insertAll);
  for (const name of empty) {
    const e = setValue(ctx.text, loc(ctx, ['provisioning', 'mappings', name]), expected[name]);
    if (e) allEdits.push(e);
  }
  const total = missing.length + empty.length;
  const fixAllMappings: Fix | undefined = total > 1 && allEdits.length === (insertAll ? 1 : 0) + empty.length && (!missing.length || insertAll)
    ? { title: 'Add all missing mappings', edits: allEdits, isPreferred: true, group: 'mapping-missing-all' } : undefined;
  for (const name of missing) {
    const expr = expected[name];
    const one = insertIntoMap(ctx, map, pair, [{ depth: 0, text: `${name}: ${yaml(expr)}` }]);
    const fixes: Fix[] = [];
    if (one) fixes.push({ title: `Add ${name}: ${yaml(expr)}`, edits: [one], isPreferred: !fixAllMappings });
    if (fixAllMappings) fixes.push(fixAllMappings);
    ctx.report('mapping-missing', `Mapping for '${name}' is missing: add ${quoteCode(`${name}: ${yaml(expr)}`)}.`, keyRange(ctx, ['provisioning', 'mappings']), fixes, { detail });
  }
  for (const name of empty) {
    ctx.claim(['provisioning', 'mappings', name]);
    const expr = expected[name];
    const e = setValue(ctx.text, loc(ctx, ['provisioning', 'mappings', name]), expr);
    const fixes: Fix[] = [];
    if (e) fixes.push({ title: `Set ${name} to ${expr}`, edits: [e], isPreferred: !fixAllMappings });
    if (fixAllMappings) fixes.push(fixAllMappings);
    ctx.report('mapping-missing', `Mapping for '${name}' is empty: set ${quoteCode(`${name}: ${yaml(expr)}`)}.`, keyRange(ctx, ['provisioning', 'mappings', name]), fixes, { detail });
  }
};

export const usernameNotEmail: Rule = (ctx) => {
  const rule = ctx.requirements.userNameIsEmail;
  const expected = ctx.expected?.mappings.userName;
  if (!rule || !expected) return;
  const path = ['provisioning', 'mappings', 'userName'];
  const v = (ctx.value.provisioning as { mappings?: Record<string, unknown> } | undefined)?.mappings?.userName;
  if (typeof v !== 'string' || v.trim() === '') return;
  if (hasExpressionProblem(ctx, path)) return; // reported once, as the expression's own code
  if ((ctx.idp.canonical(v) ?? v.trim()) === (ctx.idp.canonical(expected) ?? expected)) return;
  const edit = setValue(ctx.text, loc(ctx, path), expected);
  ctx.report('username-not-email', `userName is mapped to '${quoteForMessage(v)}': map ${quoteCode(`userName: ${renderScalar(expected, undefined)}`)}.`,
    valueRange(ctx, path), edit ? [{ title: `Map userName to ${expected}`, edits: [edit], isPreferred: true }] : [], { detail: rule.reason });
};
