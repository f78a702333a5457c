// The JSON Schema is the contract for version 1: documented everywhere, closed objects, enums.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runSchema } from '../../../../src/core/config/rules/schema';
import { example } from '../helpers';

interface S { [k: string]: unknown; properties?: Record<string, S>; items?: S; type?: string | string[] }

const schema = JSON.parse(readFileSync(join(__dirname, '../../../../schemas/provisioning-config.schema.json'), 'utf8')) as S;

function walk(s: S, path: string, visit: (s: S, path: string) => void): void {
  visit(s, path);
  for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${path}.${k}`, visit);
  if (s.items) walk(s.items, `${path}[]`, visit);
}

describe('config schema', () => {
  it('draft-07 with $id, title, description', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    for (const k of ['$id', 'title', 'description', 'markdownDescription']) assert.ok(schema[k], k);
  });

  it('every property has title, description and markdownDescription; every object is closed', () => {
    walk(schema, '$', (s, path) => {
      for (const k of ['title', 'description', 'markdownDescription']) assert.equal(typeof s[k], 'string', `${path} lacks ${k}`);
      // Closed, except a person's profile: its keys are the identity provider's attribute names.
      if (s.type === 'object' && s['x-completion'] !== 'profile-attributes') assert.equal(s.additionalProperties, false, `${path} is not closed`);
    });
  });

  it('defaultSnippets at the root and for an assignment; enums for region, identityProvider, target', () => {
    assert.ok(Array.isArray(schema.defaultSnippets));
    assert.ok(Array.isArray(schema.properties!.assignments.items!.defaultSnippets));
    assert.deepEqual(schema.properties!.api.properties!.region.enum, ['us', 'de', 'jp', 'au']);
    assert.deepEqual(schema.properties!.app.properties!.target.enum, ['flosum', 'generic-scim']);
    assert.ok((schema.properties!.app.properties!.identityProvider.enum as string[]).includes('okta'));
  });

  it('the compiled validator accepts the example and rejects unknown keys', () => {
    const value = parse(example('flosum-us.scim.yaml')) as Record<string, unknown>;
    assert.deepEqual(runSchema(value), []);
    const errs = runSchema({ ...value, extra: 1 });
    assert.equal(errs[0].keyword, 'additionalProperties');
  });
});
