// What is wrong with a provisioned user, as the sidebar shows it: for Flosum, people sign in by
// email, so userName must be their primary email; and the time zone must be an IANA name.
import { timeZoneIndex } from '../config/timezones';
import type { ScimUser } from './users';
import { toUserRow } from './users';

export function userProblems(user: ScimUser): string[] {
  const problems: string[] = [];
  const row = toUserRow(user);
  const userName = typeof user.userName === 'string' ? user.userName.trim() : '';
  if (!row.email) problems.push('has no email address');
  else if (userName.toLowerCase() !== row.email.trim().toLowerCase()) problems.push(`userName '${userName || user.id}' is not the primary email '${row.email}' (Flosum signs people in by email)`);
  const tz = user.timezone;
  if (tz !== undefined && tz !== null && tz !== '') {
    if (typeof tz !== 'string' || timeZoneIndex().get(tz.toLowerCase()) !== tz) problems.push(`time zone ${JSON.stringify(tz)} is not a valid IANA name`);
  }
  return problems;
}
