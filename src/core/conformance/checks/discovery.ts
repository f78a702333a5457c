// Read-only checks of discovery (RFC 7644 §4): ServiceProviderConfig, Schemas, ResourceTypes, and
// that the discovery endpoints refuse writes.
import { evidenceOf, isObj, jsonFragment, noAnswer, outcome, pass, schemasOf } from '../helpers';
import { CORE_USER_SCHEMA, RESOURCE_TYPE_SCHEMA, SCHEMA_SCHEMA, SERVICE_PROVIDER_CONFIG_SCHEMA } from '../../scim/schemas';
import type { ConformanceCheck } from '../types';
import { resourcesOf } from '../../scim/serviceProvider';
import { opt, get, spcReply, discoveryListProblem } from './reads';

export const discoveryChecks: ConformanceCheck[] = [
  {
    id: 'discovery-service-provider-config',
    title: '/ServiceProviderConfig describes the server',
    reference: 'RFC 7644 §4; RFC 7643 §5; Entra validator',
    severity: 'warn',
    async run(ctx) {
      const r = await spcReply(ctx);
      if (r.status === undefined) return noAnswer(ctx, r, 'warn');
      const fix = `Serve GET /ServiceProviderConfig with "schemas":["${SERVICE_PROVIDER_CONFIG_SCHEMA}"] and patch, bulk, filter, changePassword, sort, etag and authenticationSchemes (RFC 7643 §5).`;
      if (r.status !== 200 || !isObj(r.json)) return outcome('warn', `Expected HTTP 200 with JSON, got ${r.status}.`, evidenceOf(ctx, r), fix);
      if (!schemasOf(r.json).includes(SERVICE_PROVIDER_CONFIG_SCHEMA)) return outcome('warn', `"schemas" lacks ${SERVICE_PROVIDER_CONFIG_SCHEMA}.`, evidenceOf(ctx, r, jsonFragment(ctx, r.json.schemas)), fix);
      const body = r.json;
      const missing = ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag'].filter((k) => !isObj(body[k]) || typeof (body[k]).supported !== 'boolean');
      if (!Array.isArray(body.authenticationSchemes)) missing.push('authenticationSchemes');
      if (missing.length) return outcome('warn', `Missing or malformed: ${missing.join(', ')}.`, evidenceOf(ctx, r), fix);
      return pass('Complete ServiceProviderConfig.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'discovery-schemas',
    title: '/Schemas lists the core User schema',
    reference: 'RFC 7644 §4; RFC 7643 §7; Entra validator; scim2-tester',
    severity: 'warn',
    async run(ctx) {
      const r = await get(ctx, '/Schemas');
      const fix = `Serve GET /Schemas as a ListResponse of schema resources (each with "schemas":["${SCHEMA_SCHEMA}"]) including id "${CORE_USER_SCHEMA}".`;
      const bad = discoveryListProblem(ctx, r, fix);
      if (bad) return bad;
      const resources = resourcesOf(r.json);
      const user = resources.find((s) => isObj(s) && s.id === CORE_USER_SCHEMA);
      if (!user) return outcome('warn', `No schema with id ${CORE_USER_SCHEMA}.`, evidenceOf(ctx, r, jsonFragment(ctx, resources.map((s) => (isObj(s) ? s.id : s)))), fix);
      const wrong = resources.find((s) => !schemasOf(s).includes(SCHEMA_SCHEMA));
      if (wrong) return outcome('warn', `A schema resource lacks "schemas":["${SCHEMA_SCHEMA}"].`, evidenceOf(ctx, r, jsonFragment(ctx, isObj(wrong) ? { id: wrong.id, schemas: wrong.schemas } : wrong)), fix);
      return pass(`${resources.length} schema${resources.length === 1 ? '' : 's'}, including the core User schema.`, { request: r.request, status: r.status });
    },
  },
  {
    id: 'discovery-resource-types',
    title: '/ResourceTypes lists User at /Users',
    reference: 'RFC 7644 §4; RFC 7643 §6; Entra validator; scim2-tester',
    severity: 'warn',
    async run(ctx) {
      const r = await get(ctx, '/ResourceTypes');
      const fix = `Serve GET /ResourceTypes as a ListResponse with {"schemas":["${RESOURCE_TYPE_SCHEMA}"],"id":"User","name":"User","endpoint":"/Users","schema":"${CORE_USER_SCHEMA}"}.`;
      const bad = discoveryListProblem(ctx, r, fix);
      if (bad) return bad;
      const resources = resourcesOf(r.json);
      const user = resources.find((t) => isObj(t) && t.endpoint === '/Users' && t.schema === CORE_USER_SCHEMA);
      if (!user) return outcome('warn', 'No resource type with endpoint "/Users" and the core User schema.', evidenceOf(ctx, r, jsonFragment(ctx, resources.map((t) => (isObj(t) ? { id: t.id, endpoint: t.endpoint, schema: t.schema } : t)))), fix);
      if (!schemasOf(user).includes(RESOURCE_TYPE_SCHEMA)) return outcome('warn', `The User resource type lacks "schemas":["${RESOURCE_TYPE_SCHEMA}"].`, evidenceOf(ctx, r, jsonFragment(ctx, user)), fix);
      return pass('User resource type at /Users.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'discovery-read-only',
    title: 'Writes to discovery endpoints → 405',
    reference: 'scim2-tester (expects 405; RFC 7644 §4 defines these endpoints for GET only)',
    severity: 'warn',
    async run(ctx) {
      const attempts: Array<['POST' | 'PUT', string]> = [['POST', '/Schemas'], ['PUT', '/ServiceProviderConfig'], ['POST', '/ResourceTypes']];
      const fix = 'Answer POST/PUT/PATCH/DELETE on /ServiceProviderConfig, /Schemas and /ResourceTypes with HTTP 405 Method Not Allowed and a SCIM Error, as scim2-tester expects (RFC 7644 §4 defines only GET on them).';
      for (const [method, path] of attempts) {
        const r = await ctx.http.send(method, path, { body: { schemas: [] }, ...opt(ctx) });
        if (r.status === undefined) return noAnswer(ctx, r, 'warn');
        if (r.status === 405) continue;
        if (r.status >= 200 && r.status < 300) return outcome('warn', `A ${method} to ${path} was accepted (HTTP ${r.status}).`, evidenceOf(ctx, r), fix);
        return outcome('warn', `${method} ${path} answered HTTP ${r.status} instead of 405${r.status === 404 ? ' (the endpoint exists for GET)' : ''}.`, evidenceOf(ctx, r), fix);
      }
      return pass('HTTP 405 for POST /Schemas, PUT /ServiceProviderConfig and POST /ResourceTypes.');
    },
  },
];
