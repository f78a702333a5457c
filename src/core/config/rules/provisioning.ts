// provisioning-option, sync-password, mapping-missing, username-not-email (Flosum).
import { FLOSUM_MAPPINGS, FLOSUM_REQUIRED_OPTIONS } from '../../targets/flosum';
import { insertIntoMap, objectToLines, setValue } from '../edits';
import type { InsertLine } from '../edits';
import { allowedKeys } from '../schemaInfo';
import { quoteForMessage } from '../strings';
import type { Fix, TextEdit } from '../types';
import { hasNearMiss, isObject, keyRange, loc, mapNode, valueRange } from './context';
import type { Rule, RuleContext } from './context';

const TO_APP_BLOCK = { createUsers: true, updateUserAttributes: true, deactivateUsers: true, syncPassword: false };
const OPTIONS_TEXT = 'Flosum needs Create Users, Update User Attributes and Deactivate Users enabled';

/** Insert `lines` as children of the mapping at `path` (creating nothing above it). */
function insertUnder(ctx: RuleContext, path: string[], lines: InsertLine[]): TextEdit | undefined {
  const l = path.length ? loc(ctx, path) : undefined;
  return insertIntoMap(ctx, mapNode(ctx, path), l?.pair ?? null, lines);
}

/** Insert a missing block `key` under `parentPath` (whose value may itself be absent). */
function insertBlock(ctx: RuleContext, parentPath: string[], block: Record<string, unknown>): TextEdit | undefined {
  return insertUnder(ctx, parentPath, objectToLines(block));
}

export const provisioningOptions: Rule = (ctx) => {
  const prov = ctx.value.provisioning;
  if (prov === undefined || prov === null) {
    const edit = prov === null ? insertUnder(ctx, ['provisioning'], objectToLines({ toApp: TO_APP_BLOCK }))
      : insertBlock(ctx, [], { provisioning: { toApp: TO_APP_BLOCK } });
    ctx.report('provisioning-option', `Provisioning options are missing: ${OPTIONS_TEXT} (provisioning.toApp) and Sync Password off.`,
      keyRange(ctx, prov === null ? ['provisioning'] : []), edit ? [{ title: 'Add the Flosum provisioning options', edits: [edit], isPreferred: true }] : []);
    return;
  }
  if (!isObject(prov)) return;
  const toApp = prov.toApp;
  if (toApp === undefined || toApp === null) {
    const edit = toApp === null ? insertUnder(ctx, ['provisioning', 'toApp'], objectToLines(TO_APP_BLOCK))
      : insertBlock(ctx, ['provisioning'], { toApp: TO_APP_BLOCK });
    ctx.report('provisioning-option', `provisioning.toApp is missing: ${OPTIONS_TEXT} and Sync Password off.`,
      keyRange(ctx, toApp === null ? ['provisioning', 'toApp'] : ['provisioning']),
      edit ? [{ title: 'Add the Flosum provisioning options', edits: [edit], isPreferred: true }] : []);
    return;
  }
  if (!isObject(toApp)) return;
  const known = allowedKeys(['provisioning', 'toApp']);
  for (const { key, label } of FLOSUM_REQUIRED_OPTIONS) {
    const v = toApp[key];
    if (v === true) continue;
    if (v === undefined) {
      if (hasNearMiss(toApp, key, known)) continue;
      const edit = insertUnder(ctx, ['provisioning', 'toApp'], [{ depth: 0, text: `${key}: true` }]);
      ctx.report('provisioning-option', `'${key}' (${label}) is missing: ${OPTIONS_TEXT}. Add \`${key}: true\`.`, keyRange(ctx, ['provisioning', 'toApp']),
        edit ? [{ title: `Add ${key}: true`, edits: [edit], isPreferred: true }] : []);
      continue;
    }
    if (v !== false && v !== null) continue; // schema-type
    ctx.claim(['provisioning', 'toApp', key]);
    const edit = setValue(ctx.text, loc(ctx, ['provisioning', 'toApp', key]), 'true', true);
    ctx.report('provisioning-option', `'${key}' (${label}) is ${v === null ? 'empty' : 'false'}: ${OPTIONS_TEXT}.`,
      valueRange(ctx, ['provisioning', 'toApp', key]), edit ? [{ title: `Set ${key} to true`, edits: [edit], isPreferred: true }] : []);
  }
};

export const syncPassword: Rule = (ctx) => {
  const l = loc(ctx, ['provisioning', 'toApp', 'syncPassword']);
  const v = (ctx.value.provisioning as Record<string, Record<string, unknown> | undefined> | undefined)?.toApp?.syncPassword;
  if (v !== true) return;
  const edit = setValue(ctx.text, l, 'false', true);
  ctx.report('sync-password', "syncPassword is true: Flosum doesn't use the identity provider's password, so Sync Password must stay off. Set `syncPassword: false`.",
    valueRange(ctx, ['provisioning', 'toApp', 'syncPassword']), edit ? [{ title: 'Set syncPassword to false', edits: [edit], isPreferred: true }] : []);
};

const REQUIRED_TEXT = 'Flosum requires userName, givenName, familyName, email and timezone';

export const mappingMissing: Rule = (ctx) => {
  const prov = ctx.value.provisioning;
  const allLines = objectToLines({ mappings: FLOSUM_MAPPINGS });
  if (prov === undefined || prov === null || (isObject(prov) && (prov.mappings === undefined || prov.mappings === null))) {
    let edit: TextEdit | undefined;
    let range: [number, number];
    if (prov === undefined) {
      edit = insertBlock(ctx, [], { provisioning: { mappings: FLOSUM_MAPPINGS } });
      range = keyRange(ctx, []);
    } else if (prov === null) {
      edit = insertUnder(ctx, ['provisioning'], allLines);
      range = keyRange(ctx, ['provisioning']);
    } else if (prov.mappings === null) {
      ctx.claim(['provisioning', 'mappings']);
      edit = insertUnder(ctx, ['provisioning', 'mappings'], objectToLines(FLOSUM_MAPPINGS));
      range = keyRange(ctx, ['provisioning', 'mappings']);
    } else {
      edit = insertUnder(ctx, ['provisioning'], allLines);
      range = keyRange(ctx, ['provisioning']);
    }
    ctx.report('mapping-missing', `Attribute mappings are missing: ${REQUIRED_TEXT}. Add provisioning.mappings with the standard Okta expressions.`, range,
      edit ? [{ title: 'Add all missing mappings', edits: [edit], isPreferred: true, group: 'mapping-missing-all' }] : []);
    return;
  }
  if (!isObject(prov) || !isObject(prov.mappings)) return;
  const mappings = prov.mappings;
  const known = allowedKeys(['provisioning', 'mappings']);
  const missing: string[] = [];
  const empty: string[] = [];
  for (const name of Object.keys(FLOSUM_MAPPINGS)) {
    const v = mappings[name];
    if (v === undefined && !hasNearMiss(mappings, name, known)) missing.push(name);
    else if (v === null || (typeof v === 'string' && v.trim() === '')) empty.push(name);
  }
  if (!missing.length && !empty.length) return;
  const map = mapNode(ctx, ['provisioning', 'mappings']);
  const pair = loc(ctx, ['provisioning', 'mappings'])?.pair ?? null;
  const allEdits: TextEdit[] = [];
  const insertAll = missing.length ? insertIntoMap(ctx, map, pair, missing.map((m) => ({ depth: 0, text: `${m}: ${FLOSUM_MAPPINGS[m]}` }))) : undefined;
  if (insertAll) allEdits.push(insertAll);
  for (const name of empty) {
    const e = setValue(ctx.text, loc(ctx, ['provisioning', 'mappings', name]), FLOSUM_MAPPINGS[name]);
    if (e) allEdits.push(e);
  }
  const total = missing.length + empty.length;
  const fixAllMappings: Fix | undefined = total > 1 && allEdits.length === (insertAll ? 1 : 0) + empty.length && (!missing.length || insertAll)
    ? { title: 'Add all missing mappings', edits: allEdits, isPreferred: true, group: 'mapping-missing-all' } : undefined;
  for (const name of missing) {
    const expr = FLOSUM_MAPPINGS[name];
    const one = insertIntoMap(ctx, map, pair, [{ depth: 0, text: `${name}: ${expr}` }]);
    const fixes: Fix[] = [];
    if (one) fixes.push({ title: `Add ${name}: ${expr}`, edits: [one], isPreferred: !fixAllMappings });
    if (fixAllMappings) fixes.push(fixAllMappings);
    ctx.report('mapping-missing', `Mapping for '${name}' is missing: ${REQUIRED_TEXT}. Add \`${name}: ${expr}\`.`, keyRange(ctx, ['provisioning', 'mappings']), fixes);
  }
  for (const name of empty) {
    ctx.claim(['provisioning', 'mappings', name]);
    const expr = FLOSUM_MAPPINGS[name];
    const e = setValue(ctx.text, loc(ctx, ['provisioning', 'mappings', name]), expr);
    const fixes: Fix[] = [];
    if (e) fixes.push({ title: `Set ${name} to ${expr}`, edits: [e], isPreferred: !fixAllMappings });
    if (fixAllMappings) fixes.push(fixAllMappings);
    ctx.report('mapping-missing', `Mapping for '${name}' is empty: ${REQUIRED_TEXT}. Set \`${name}: ${expr}\`.`, keyRange(ctx, ['provisioning', 'mappings', name]), fixes);
  }
};

export const usernameNotEmail: Rule = (ctx) => {
  const v = (ctx.value.provisioning as { mappings?: Record<string, unknown> } | undefined)?.mappings?.userName;
  if (typeof v !== 'string' || v.trim() === '' || v.trim() === 'user.email') return;
  const edit = setValue(ctx.text, loc(ctx, ['provisioning', 'mappings', 'userName']), 'user.email');
  ctx.report('username-not-email', `userName is mapped to '${quoteForMessage(v)}': Flosum uses the email address as the username, so map \`userName: user.email\`.`,
    valueRange(ctx, ['provisioning', 'mappings', 'userName']), edit ? [{ title: 'Map userName to user.email', edits: [edit], isPreferred: true }] : []);
};
