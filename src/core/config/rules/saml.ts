// saml-attribute-missing, saml-attribute-value (Flosum).
import { FLOSUM_SAML_ATTRIBUTES } from '../../targets/flosum';
import { insertIntoMap, objectToLines, setValue } from '../edits';
import { allowedKeys } from '../schemaInfo';
import { quoteForMessage } from '../strings';
import { hasNearMiss, isObject, keyRange, loc, mapNode, valueRange } from './context';
import type { Rule } from './context';

const LIST = Object.entries(FLOSUM_SAML_ATTRIBUTES).map(([k, v]) => `${k}: ${v}`).join(', ');

export const samlAttributes: Rule = (ctx) => {
  const saml = ctx.value.saml;
  if (saml === undefined || saml === null) {
    if ('saml' in ctx.value) {
      const edit = insertIntoMap(ctx, undefined, loc(ctx, ['saml'])?.pair ?? null, objectToLines({ attributes: FLOSUM_SAML_ATTRIBUTES }));
      ctx.report('saml-attribute-missing', `SAML attributes are missing: Flosum requires the attribute statements ${LIST}.`, keyRange(ctx, ['saml']),
        edit ? [{ title: 'Add the Flosum SAML attributes', edits: [edit], isPreferred: true }] : []);
      return;
    }
    const edit = insertIntoMap(ctx, mapNode(ctx, []), null, objectToLines({ saml: { attributes: FLOSUM_SAML_ATTRIBUTES } }));
    ctx.report('saml-attribute-missing', `The saml section is missing: Flosum requires SAML attribute statements ${LIST}.`, keyRange(ctx, []),
      edit ? [{ title: 'Add the Flosum SAML attributes', edits: [edit], isPreferred: true }] : []);
    return;
  }
  if (!isObject(saml)) return; // schema-type
  const attrs = saml.attributes;
  if (attrs === undefined || attrs === null) {
    const edit = 'attributes' in saml
      ? insertIntoMap(ctx, undefined, loc(ctx, ['saml', 'attributes'])?.pair ?? null, objectToLines(FLOSUM_SAML_ATTRIBUTES))
      : insertIntoMap(ctx, mapNode(ctx, ['saml']), loc(ctx, ['saml'])?.pair ?? null, objectToLines({ attributes: FLOSUM_SAML_ATTRIBUTES }));
    ctx.report('saml-attribute-missing', `SAML attributes are missing: Flosum requires ${LIST}.`,
      keyRange(ctx, 'attributes' in saml ? ['saml', 'attributes'] : ['saml']),
      edit ? [{ title: 'Add the Flosum SAML attributes', edits: [edit], isPreferred: true }] : []);
    return;
  }
  if (!isObject(attrs)) return;
  const known = allowedKeys(['saml', 'attributes']);
  const map = mapNode(ctx, ['saml', 'attributes']);
  const pair = loc(ctx, ['saml', 'attributes'])?.pair ?? null;
  for (const [name, expected] of Object.entries(FLOSUM_SAML_ATTRIBUTES)) {
    const actual = attrs[name];
    if (actual === undefined || actual === null) {
      if (actual === undefined && hasNearMiss(attrs, name, known)) continue;
      if (actual === null) {
        ctx.claim(['saml', 'attributes', name]);
        const edit = setValue(ctx.text, loc(ctx, ['saml', 'attributes', name]), expected);
        ctx.report('saml-attribute-missing', `SAML attribute '${name}' has no value: Flosum requires ${name}: ${expected}.`,
          keyRange(ctx, ['saml', 'attributes', name]), edit ? [{ title: `Set ${name} to ${expected}`, edits: [edit], isPreferred: true }] : []);
        continue;
      }
      const edit = insertIntoMap(ctx, map, pair, [{ depth: 0, text: `${name}: ${expected}` }]);
      ctx.report('saml-attribute-missing', `SAML attribute '${name}' is missing: Flosum requires ${LIST}. Add \`${name}: ${expected}\`.`,
        keyRange(ctx, ['saml', 'attributes']), edit ? [{ title: `Add ${name}: ${expected}`, edits: [edit], isPreferred: true }] : []);
      continue;
    }
    if (typeof actual !== 'string') continue; // schema-type
    if (actual.trim() !== expected) {
      const edit = setValue(ctx.text, loc(ctx, ['saml', 'attributes', name]), expected);
      ctx.report('saml-attribute-value', `SAML attribute '${name}' is '${quoteForMessage(actual)}': Flosum expects ${expected}.`,
        valueRange(ctx, ['saml', 'attributes', name]), edit ? [{ title: `Set ${name} to ${expected}`, edits: [edit], isPreferred: true }] : []);
    }
  }
};
