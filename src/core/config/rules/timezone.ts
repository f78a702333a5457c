// timezone-invalid: provisioning.defaults.timezone and each assignment's timezone.
import { replaceScalar } from '../yaml/edits';
import { closest } from '../../shared/text';
import { IANA_TIME_ZONES, timeZoneIndex } from '../../shared/timezones';
import type { Fix } from '../types';
import type { PathSegment } from '../yaml/yamlNav';
import { get, loc, valueRange } from './context';
import type { Rule, RuleContext } from './context';
import { quoteForMessage } from '../../shared/secrets';

export function isValidTimeZone(s: string): boolean {
  return timeZoneIndex().get(s.toLowerCase()) === s;
}

/** Canonical spelling for a case-insensitive match, else the nearest name within a small distance. */
const suggestionCache = new Map<string, string | undefined>();

export function suggestTimeZone(s: string): string | undefined {
  if (suggestionCache.has(s)) return suggestionCache.get(s);
  const r = computeSuggestion(s);
  if (suggestionCache.size > 500) suggestionCache.clear();
  suggestionCache.set(s, r);
  return r;
}

function computeSuggestion(s: string): string | undefined {
  const t = s.trim();
  const exact = timeZoneIndex().get(t.toLowerCase());
  if (exact) return exact;
  const spaced = timeZoneIndex().get(t.replace(/ +/g, '_').toLowerCase());
  if (spaced) return spaced;
  // Compare against the city part too, so 'Berlim' finds 'Europe/Berlin'.
  const full = closest(t, IANA_TIME_ZONES);
  if (full) return full;
  if (!t.includes('/') && t.length >= 4) {
    const cityMatch = IANA_TIME_ZONES.find((z) => z.slice(z.lastIndexOf('/') + 1).toLowerCase() === t.toLowerCase().replace(/ +/g, '_'));
    if (cityMatch) return cityMatch;
  }
  return undefined;
}

function check(ctx: RuleContext, path: PathSegment[], where: string): void {
  const v = get(ctx.value, ...path);
  if (v === undefined || v === null) return;
  if (typeof v !== 'string') return; // schema-type
  if (v.trim() === '' || isValidTimeZone(v)) return;
  const suggestion = suggestTimeZone(v);
  const fixes: Fix[] = [];
  const edit = suggestion ? replaceScalar(loc(ctx, path)?.node, suggestion) : undefined;
  if (suggestion && edit) fixes.push({ title: `Change to '${suggestion}'`, edits: [edit], isPreferred: true });
  ctx.report('timezone-invalid', `'${quoteForMessage(v)}' is not an IANA time zone: ${suggestion ? `did you mean '${suggestion}'?` : 'use a name such as Europe/Berlin.'}`,
    valueRange(ctx, path), fixes,
    { detail: `${where} must be an IANA time zone name such as Europe/Berlin or America/New_York; blank means ${ctx.requirements.defaultTimeZone}.` });
}

export const timezoneInvalid: Rule = (ctx) => {
  check(ctx, ['provisioning', 'defaults', 'timezone'], 'provisioning.defaults.timezone');
  const list = ctx.value.assignments;
  if (Array.isArray(list)) {
    for (let i = 0; i < list.length; i++) check(ctx, ['assignments', i, 'timezone'], `assignments[${i}].timezone`);
  }
};
