// Graph's bodies -> the live model (../../live.ts). Pure, never throwing. Shapes from Microsoft's docs
// (microsoftgraph/microsoft-graph-docs-contrib: synchronization-objectmapping.md, -attributemapping.md,
// -attributemappingsource.md, serviceprincipal-list-approleassignedto.md, customclaimspolicy-get.md;
// MicrosoftDocs/entra-docs claims-customization-custom-claims-policy.md) and real bodies quoted in
// public issues (msgraph-sdk-powershell#2643: `defaultValue: ""`, no `parameters` key).
import type { LiveMapping, LiveSamlAttribute, LiveToApp, MappingData, Readable, ToAppOption } from '../../live';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Where the admin sets what Graph cannot read. */
export const ENTRA_PORTAL = {
  api: 'set in the Entra admin center (the enterprise app → Provisioning → Admin credentials: Tenant URL and Secret Token)',
  saml: 'set in the Entra admin center (the enterprise app → Single sign-on → Attributes & Claims)',
} as const;

/** Graph's attributeMapping flowType -> the config's kebab-case (`always` is the default and not written). */
const FLOW_TYPES: Record<string, string> = {
  Always: 'always',
  ObjectAddOnly: 'create-only',
  MultiValueAddOnly: 'multi-value-add-only',
  ValueAddOnly: 'value-add-only',
  AttributeAddOnly: 'attribute-add-only',
};

/** An Entra string constant as the expression language writes it. */
const quoted = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * The expression of an attributeMappingSource: its `expression` text when given (the mapping as the
 * portal shows it), else built from the tree: Attribute `[name]`, Constant `"name"`, Function `Name(…)`.
 */
export function expressionOfSource(source: unknown, depth = 0): string | undefined {
  if (!isObject(source) || depth > 32) return undefined;
  const expr = str(source.expression);
  if (expr !== undefined && expr.trim() !== '') return expr;
  const name = str(source.name) ?? '';
  switch (str(source.type)) {
    case 'Attribute': return `[${name}]`;
    case 'Constant': return quoted(name);
    case 'Function': {
      const params = Array.isArray(source.parameters) ? source.parameters : [];
      const args = params.map((p) => (isObject(p) ? expressionOfSource(p.value, depth + 1) : undefined));
      if (args.some((a) => a === undefined)) return undefined;
      return `${name}(${args.join(', ')})`;
    }
    default: return undefined;
  }
}

/** One attributeMapping as a mapping (object-form data only where it differs from the defaults). */
export function parseAttributeMapping(m: unknown): LiveMapping | undefined {
  if (!isObject(m) || typeof m.targetAttributeName !== 'string') return undefined;
  const data: MappingData = {};
  const flow = str(m.flowType);
  if (flow && flow !== 'Always') data.flowType = FLOW_TYPES[flow] ?? flow;
  if (typeof m.matchingPriority === 'number' && m.matchingPriority > 0) data.matchingPriority = m.matchingPriority;
  const dv = str(m.defaultValue);
  if (dv !== undefined && dv !== '') data.defaultValue = dv;
  const withData = Object.keys(data).length ? { data } : {};
  if (m.source === null || m.source === undefined) {
    return { path: m.targetAttributeName, ...withData, unsupported: `a mapping without a source${dv ? ` (only the default value "${dv}")` : ''}, which a config value cannot hold` };
  }
  const expression = expressionOfSource(m.source);
  if (expression === undefined) return { path: m.targetAttributeName, ...withData, unsupported: 'a mapping whose source Graph gives without an expression' };
  return { path: m.targetAttributeName, expression, ...withData };
}

/** The object mappings of a synchronization schema whose source object is `sourceObject` (User, Group). */
export function objectMappingsOf(schema: unknown, sourceObject: string): Json[] {
  const out: Json[] = [];
  const rules = isObject(schema) && Array.isArray(schema.synchronizationRules) ? schema.synchronizationRules : [];
  for (const rule of rules) {
    const maps = isObject(rule) && Array.isArray(rule.objectMappings) ? rule.objectMappings : [];
    for (const m of maps) if (isObject(m) && m.sourceObjectName === sourceObject) out.push(m);
  }
  return out;
}

/** The User object mapping's mappings. */
export function parseUserMappings(objectMapping: Json): LiveMapping[] {
  const list = Array.isArray(objectMapping.attributeMappings) ? objectMapping.attributeMappings : [];
  return list.map(parseAttributeMapping).filter((x): x is LiveMapping => x !== undefined);
}

/** `flowTypes` ("Add, Update, Delete") -> the To App options; Entra has no password sync (not compared). */
export function toAppOf(objectMapping: Json): LiveToApp {
  const flows = new Set((str(objectMapping.flowTypes) ?? 'Add, Update, Delete').split(',').map((s) => s.trim().toLowerCase()));
  const on = objectMapping.enabled !== false;
  const options: Partial<Record<ToAppOption, boolean>> = {
    createUsers: on && flows.has('add'),
    updateUserAttributes: on && flows.has('update'),
    deactivateUsers: on && flows.has('delete'),
  };
  return { options, uncompared: ['syncPassword'] };
}

/** A provisioning job to read: a non-gallery SCIM app's (`scim`, `customappsso`) first, else the first. */
export function pickJob(jobs: unknown): Json | undefined {
  const list = isObject(jobs) && Array.isArray(jobs.value) ? jobs.value.filter(isObject) : [];
  return list.find((j) => /^(scim|customappsso)$/i.test(str(j.templateId) ?? '')) ?? list[0];
}

/**
 * The SAML claims of a claimsPolicy (beta). Microsoft's pages disagree on the shape (a `value`
 * collection, or the policy object itself): both are read. A claim sourced from a user attribute with
 * no transformation is `user.<id>`; anything else is kept as what it is.
 */
export function parseClaimsPolicy(body: unknown): Readable<LiveSamlAttribute[]> {
  let policy: unknown = body;
  if (isObject(body) && Array.isArray(body.value)) policy = body.value[0];
  const claims = isObject(policy) && Array.isArray(policy.claims) ? policy.claims : undefined;
  if (!claims) return { readable: true, value: [] };
  const out: LiveSamlAttribute[] = [];
  for (const c of claims) {
    if (!isObject(c) || typeof c.name !== 'string') continue;
    // A claim for JWTs only is no SAML attribute (customClaim.tokenFormat).
    if (Array.isArray(c.tokenFormat) && !c.tokenFormat.some((f) => String(f).toLowerCase() === 'saml')) continue;
    const conf = Array.isArray(c.configurations) ? c.configurations.filter(isObject) : [];
    const first = conf[0];
    const attr = first && isObject(first.attribute) ? first.attribute : undefined;
    const transforms = first && Array.isArray(first.transformations) ? first.transformations.length : 0;
    if (conf.length === 1 && attr && str(attr.source) === 'user' && typeof attr.id === 'string' && transforms === 0 && first?.condition == null) {
      out.push({ name: c.name, expression: `user.${attr.id.trim().toLowerCase()}` });
    } else {
      out.push({ name: c.name, unsupported: `a claim with ${conf.length > 1 ? 'conditions' : transforms ? 'transformations' : 'a source other than a user attribute'}, which a config value cannot hold` });
    }
  }
  return { readable: true, value: out };
}

export interface GraphPerson {
  id: string;
  /** Source attributes by Entra's names (mail, userPrincipalName, givenName, surname, displayName, extensionAttribute1…). */
  attributes: Record<string, string | null>;
}

/** A user object (`$select`ed) as its source attributes, extension attributes flattened (`extensionAttribute1`). */
export function parseGraphUser(body: unknown): GraphPerson | undefined {
  if (!isObject(body) || typeof body.id !== 'string') return undefined;
  const attributes: Record<string, string | null> = { objectId: body.id };
  for (const [k, v] of Object.entries(body)) {
    if (k === 'onPremisesExtensionAttributes' && isObject(v)) {
      for (const [ek, ev] of Object.entries(v)) attributes[ek] = typeof ev === 'string' ? ev : null;
    } else if (typeof v === 'string' || v === null) {
      attributes[k] = v;
    }
  }
  return { id: body.id, attributes };
}
