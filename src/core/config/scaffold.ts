// A commented starter config that validates clean.
import { FLOSUM, flosumBaseUrl } from '../targets/flosum';
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
    : [`  region: ${options.region ?? 'us'}                   # us | de | jp | au -> ${flosumBaseUrl(options.region ?? 'us')}`];
  const expected = FLOSUM.expected.okta!;
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
    ...Object.entries(expected.saml).map(([k, v]) => `    ${k}: ${v}`),
    'provisioning:',
    '  toApp:',
    '    createUsers: true',
    '    updateUserAttributes: true',
    '    deactivateUsers: true',
    '    syncPassword: false        # must stay false for Flosum',
    '  mappings:                    # SCIM attribute <- Okta expression',
    ...Object.entries(expected.mappings).map(([k, v]) => `    ${k}: ${v}`),
    '  defaults:',
    '    timezone: Etc/UTC',
    '# assignments:',
    '#   - userName: jane@example.com',
    '#     timezone: Europe/Berlin',
    '',
  ].join('\n');
}
