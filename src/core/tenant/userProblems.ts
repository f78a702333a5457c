// What is wrong with a provisioned user, as the sidebar shows it: where the target signs people in by
// email (Flosum: its `userNameIsEmail`), userName must be their primary email; and the time zone must
// be an IANA name.
import { timeZoneIndex } from '../shared/timezones';
import { toTenantUser } from './snapshot';
import type { TenantUser } from './snapshot';
import type { ScimUser } from '../scim/users';
import { DEFAULT_TARGET } from '../targets/registry';
import type { TargetRequirements } from '../targets/types';

export function userProblems(user: ScimUser, target: TargetRequirements = DEFAULT_TARGET): string[] {
  return tenantUserProblems(toTenantUser(user), target);
}

/** The same checks on the slim record the tree keeps (computed for the rows it shows). */
export function tenantUserProblems(user: TenantUser, target: TargetRequirements = DEFAULT_TARGET): string[] {
  const problems: string[] = [];
  const userName = user.hasUserName ? user.userName.trim() : '';
  const byEmail = target.userNameIsEmail;
  if (byEmail) {
    if (!user.email) problems.push('has no email address');
    else if (userName.toLowerCase() !== user.email.trim().toLowerCase()) problems.push(`userName '${userName || user.id}' is not the primary email '${user.email}' (${byEmail.signIn})`);
  }
  const tz = user.timezone;
  if (tz !== undefined && timeZoneIndex().get(tz.toLowerCase()) !== tz) problems.push(`time zone ${JSON.stringify(tz)} is not a valid IANA name`);
  return problems;
}
