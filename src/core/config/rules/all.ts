// Every semantic rule, in the order they run. Each reads what it needs from the context: the target's
// requirements (ctx.requirements, ctx.expected) and the identity provider (ctx.idp); a rule whose data
// the target lacks (generic SCIM has no regions, no required mappings) reports nothing.
import { apiEndpoint, apiInsecureUrl, apiRegion, apiUrlPath } from './api';
import { assignments } from './assignments';
import type { Rule } from './context';
import { expressions } from './expressions';
import { mappingMissing, provisioningOptions, syncPassword, usernameNotEmail } from './provisioning';
import { samlAttributes } from './saml';
import { secretInFile } from './secrets';
import { timezoneInvalid } from './timezone';

export const RULES: readonly Rule[] = [
  apiEndpoint, apiInsecureUrl, secretInFile, timezoneInvalid, assignments, expressions,
  apiRegion, apiUrlPath, samlAttributes, provisioningOptions, syncPassword, mappingMissing, usernameNotEmail,
];
