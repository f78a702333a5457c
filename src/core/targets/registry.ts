// The targets this build knows, by the id `app.target` (or the setting) names, and the one default.
import { FLOSUM } from './flosum';
import type { TargetRequirements, TargetId } from './types';

/** Any SCIM 2.0 service: no regions, no required attributes; only the generic rules apply. */
export const GENERIC_SCIM: TargetRequirements = { id: 'generic-scim', label: 'the SCIM service', expected: {}, defaultTimeZone: 'Etc/UTC' };

export const TARGETS: Readonly<Record<TargetId, TargetRequirements>> = { flosum: FLOSUM, 'generic-scim': GENERIC_SCIM };

/** Every target id, in the order they are offered (the CLI's `--target` choices). */
export const TARGET_IDS: readonly TargetId[] = Object.values(TARGETS).map((t) => t.id);

/** The target of a config without `app.target` (the schema's default). */
export const DEFAULT_TARGET: TargetRequirements = FLOSUM;

export function isTargetId(v: unknown): v is TargetId {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(TARGETS, v);
}

export function requirementsFor(target: TargetId): TargetRequirements {
  return TARGETS[target];
}

/** The target an `app.target` value (or the setting) names; missing or unknown: DEFAULT_TARGET (the schema reports the value). */
export function targetFor(value: unknown): TargetRequirements {
  return isTargetId(value) ? TARGETS[value] : DEFAULT_TARGET;
}
