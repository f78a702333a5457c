// The targets this build knows, by the id `app.target` (or the setting) names.
import { FLOSUM } from './flosum';
import type { TargetRequirements, TargetId } from './types';

/** Any SCIM 2.0 service: no regions, no required attributes; only the generic rules apply. */
export const GENERIC_SCIM: TargetRequirements = { id: 'generic-scim', label: 'the SCIM service', expected: {}, defaultTimeZone: 'Etc/UTC' };

export const TARGETS: Readonly<Record<TargetId, TargetRequirements>> = { flosum: FLOSUM, 'generic-scim': GENERIC_SCIM };

export function isTargetId(v: unknown): v is TargetId {
  return v === 'flosum' || v === 'generic-scim';
}

export function requirementsFor(target: TargetId): TargetRequirements {
  return TARGETS[target];
}
