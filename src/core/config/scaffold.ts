// A commented starter config that validates clean.
import { FLOSUM_REGIONS } from '../targets/flosum';
import type { FlosumRegion } from '../targets/flosum';
import { renderScalar } from './edits';
import { slug } from './strings';

export interface ScaffoldOptions {
  region?: FlosumRegion;
  /** Customer-hosted base URL; replaces region. */
  baseUrl?: string;
  appName?: string;
  tokenRef?: string;
}

export function scaffoldConfig(options: ScaffoldOptions = {}): string {
  const appName = options.appName?.trim() || 'Flosum';
  const tokenRef = options.tokenRef?.trim() || `${slug(appName) || 'flosum'}-prod`;
  const endpoint = options.baseUrl
    ? [`  baseUrl: ${renderScalar(options.baseUrl, undefined)}   # customer-hosted SCIM base URL`]
    : [`  region: ${options.region ?? 'us'}                   # us | de | jp | au -> ${FLOSUM_REGIONS[options.region ?? 'us'].baseUrl}`];
  return [
    '# SCIM provisioning config (Okta -> Flosum). Checked live by the SCIM Provisioning extension',
    '# and in CI with `scim-provisioning validate`.',
    'version: 1',
    'app:',
    `  name: ${renderScalar(appName, undefined)}   # shown in "${appName} was verified successfully!"`,
    '  identityProvider: okta',
    '  target: flosum',
    'api:',
    ...endpoint,
    `  tokenRef: ${renderScalar(tokenRef, undefined)}   # name of the API token in the OS keychain, never the token`,
    'saml:',
    '  attributes:                  # SAML 2.0 attribute statements (Sign On tab)',
    '    uniqueUserId: user.id',
    '    firstName: user.firstName',
    '    lastName: user.lastName',
    '    email: user.email',
    'provisioning:',
    '  toApp:',
    '    createUsers: true',
    '    updateUserAttributes: true',
    '    deactivateUsers: true',
    '    syncPassword: false        # must stay false for Flosum',
    '  mappings:                    # SCIM attribute <- Okta expression',
    '    userName: user.email',
    '    givenName: user.firstName',
    '    familyName: user.lastName',
    '    email: user.email',
    '    timezone: user.timezone',
    '  defaults:',
    '    timezone: Etc/UTC',
    '# assignments:',
    '#   - userName: jane@example.com',
    '#     timezone: Europe/Berlin',
    '',
  ].join('\n');
}
