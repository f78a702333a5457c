// saml-attribute-missing, saml-attribute-value: the SAML attribute statements the target expects from
// the identity provider (ctx.expected.saml), each present and set to its expression.
import { insertIntoMap, objectToLines, renderScalar, setValue } from '../yaml/edits';
import { allowedKeys } from '../schema/schemaInfo';
import { quoteCode } from '../../shared/text';
import { hasNearMiss, isObject, keyRange, loc, mapNode, valueRange } from './context';
import type { Rule } from './context';
import { hasExpressionProblem } from './expressions';
import { quoteForMessage } from '../../shared/secrets';

export const samlAttributes: Rule = (ctx) => {
  const expected = ctx.expected?.saml;
  if (!expected || !Object.keys(expected).length) return;
  const label = ctx.requirements.label;
  const yaml = (v: string) => renderScalar(v, undefined);
  const list = Object.entries(expected).map(([k, v]) => `${k}: ${yaml(v)}`).join(', ');
  const detail = `${label} requires the SAML attribute statements ${list}.`;
  const blockFix = (edit: ReturnType<typeof insertIntoMap>) => (edit ? [{ title: `Add the ${label} SAML attributes`, edits: [edit], isPreferred: true }] : []);
  const saml = ctx.value.saml;
  if (saml === undefined || saml === null) {
    if ('saml' in ctx.value) {
      const edit = insertIntoMap(ctx, undefined, loc(ctx, ['saml'])?.pair ?? null, objectToLines({ attributes: expected }));
      ctx.report('saml-attribute-missing', 'SAML attributes are missing: add saml.attributes with the standard expressions.', keyRange(ctx, ['saml']), blockFix(edit), { detail });
      return;
    }
    const edit = insertIntoMap(ctx, mapNode(ctx, []), null, objectToLines({ saml: { attributes: expected } }));
    ctx.report('saml-attribute-missing', 'The saml section is missing: add the SAML attribute statements.', keyRange(ctx, []), blockFix(edit), { detail });
    return;
  }
  if (!isObject(saml)) return; // schema-type
  const attrs = saml.attributes;
  if (attrs === undefined || attrs === null) {
    const edit = 'attributes' in saml
      ? insertIntoMap(ctx, undefined, loc(ctx, ['saml', 'attributes'])?.pair ?? null, objectToLines(expected))
      : insertIntoMap(ctx, mapNode(ctx, ['saml']), loc(ctx, ['saml'])?.pair ?? null, objectToLines({ attributes: expected }));
    ctx.report('saml-attribute-missing', 'SAML attributes are missing: add saml.attributes with the standard expressions.',
      keyRange(ctx, 'attributes' in saml ? ['saml', 'attributes'] : ['saml']), blockFix(edit), { detail });
    return;
  }
  if (!isObject(attrs)) return;
  const known = allowedKeys(['saml', 'attributes']);
  const map = mapNode(ctx, ['saml', 'attributes']);
  const pair = loc(ctx, ['saml', 'attributes'])?.pair ?? null;
  for (const [name, expr] of Object.entries(expected)) {
    const path = ['saml', 'attributes', name];
    const actual = attrs[name];
    if (actual === undefined || actual === null || (typeof actual === 'string' && actual.trim() === '')) {
      if (actual === undefined && hasNearMiss(attrs, name, known)) continue;
      if (actual !== undefined) {
        ctx.claim(path);
        const edit = setValue(ctx.text, loc(ctx, path), expr);
        ctx.report('saml-attribute-missing', `SAML attribute '${name}' has no value: set ${quoteCode(`${name}: ${yaml(expr)}`)}.`,
          keyRange(ctx, path), edit ? [{ title: `Set ${name} to ${expr}`, edits: [edit], isPreferred: true }] : [], { detail });
        continue;
      }
      const edit = insertIntoMap(ctx, map, pair, [{ depth: 0, text: `${name}: ${yaml(expr)}` }]);
      ctx.report('saml-attribute-missing', `SAML attribute '${name}' is missing: add ${quoteCode(`${name}: ${yaml(expr)}`)}.`,
        keyRange(ctx, ['saml', 'attributes']), edit ? [{ title: `Add ${name}: ${yaml(expr)}`, edits: [edit], isPreferred: true }] : [], { detail });
      continue;
    }
    if (typeof actual !== 'string') continue; // schema-type
    if (hasExpressionProblem(ctx, path)) continue; // reported once, as the expression's own code
    if ((ctx.idp.canonical(actual) ?? actual.trim()) === (ctx.idp.canonical(expr) ?? expr)) continue;
    const edit = setValue(ctx.text, loc(ctx, path), expr);
    ctx.report('saml-attribute-value', `SAML attribute '${name}' is '${quoteForMessage(actual)}': set ${quoteCode(`${name}: ${yaml(expr)}`)}.`,
      valueRange(ctx, path), edit ? [{ title: `Set ${name} to ${expr}`, edits: [edit], isPreferred: true }] : [], { detail });
  }
};
