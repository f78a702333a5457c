// Which semantic rules apply to which target. Each rule is independent (takes the parsed document and
// the plain value), so an incremental path can later re-run only the rules whose sections changed.
import { apiEndpoint, apiInsecureUrl, apiRegion, apiUrlPath } from '../config/rules/api';
import { assignments } from '../config/rules/assignments';
import type { Rule } from '../config/rules/context';
import { mappingMissing, provisioningOptions, syncPassword, usernameNotEmail } from '../config/rules/provisioning';
import { samlAttributes } from '../config/rules/saml';
import { secretInFile } from '../config/rules/secrets';
import { timezoneInvalid } from '../config/rules/timezone';
import type { TargetId } from '../config/types';

export const GENERIC_RULES: readonly Rule[] = [apiEndpoint, apiInsecureUrl, secretInFile, timezoneInvalid, assignments];

export const FLOSUM_RULES: readonly Rule[] = [
  ...GENERIC_RULES, apiRegion, apiUrlPath, samlAttributes, provisioningOptions, syncPassword, mappingMissing, usernameNotEmail,
];

export function rulesForTarget(target: TargetId): readonly Rule[] {
  return target === 'generic-scim' ? GENERIC_RULES : FLOSUM_RULES;
}

export function isTargetId(v: unknown): v is TargetId {
  return v === 'flosum' || v === 'generic-scim';
}
