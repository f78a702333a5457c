// A commented starter config that validates clean, for the identity provider it names (the default
// one when none): its console's names, its claims and mappings from the target, its mapping comments.
import { DEFAULT_IDP_DESCRIPTOR } from '../idp/descriptors';
import type { IdpId } from '../idp/descriptors';
import { idpDescriptorFor } from '../idp/registry';
import { FLOSUM, flosumBaseUrl } from '../targets/flosum';
import type { FlosumRegion } from '../targets/flosum';
import { renderScalar } from './yaml/edits';
import { slug } from '../shared/text';

export interface ScaffoldOptions {
  region?: FlosumRegion;
  /** Customer-hosted base URL; replaces region. */
  baseUrl?: string;
  appName?: string;
  tokenRef?: string;
  /** Default: the default identity provider (Okta). */
  identityProvider?: IdpId;
}

export function scaffoldConfig(options: ScaffoldOptions = {}): string {
  const idp = idpDescriptorFor(options.identityProvider);
  const appName = options.appName?.trim() || 'Flosum';
  const tokenRef = options.tokenRef?.trim() || `${slug(appName) || FLOSUM.id}-prod`;
  const endpoint = options.baseUrl
    ? [`  baseUrl: ${renderScalar(options.baseUrl, undefined)}   # customer-hosted SCIM base URL`]
    : [`  region: ${options.region ?? 'us'}                   # us | de | jp | au -> ${flosumBaseUrl(options.region ?? 'us')}`];
  const expected = FLOSUM.expected[idp.id] ?? FLOSUM.expected[DEFAULT_IDP_DESCRIPTOR.id]!;
  const pad = (s: string, width: number) => (s.length >= width ? `${s} ` : s.padEnd(width));
  const line = (key: string, value: string, comment?: string) => {
    const text = `    ${key}: ${renderScalar(value, undefined)}`;
    return comment ? `${pad(text, 34)} # ${comment}` : text;
  };
  const mappingComments: Readonly<Record<string, string>> = idp.words.mappingComments ?? {};
  return [
    `# SCIM provisioning config (${idp.label} -> Flosum). Checked live by the SCIM Provisioning extension`,
    '# and in CI with `scim-provisioning validate`.',
    'version: 1',
    'app:',
    `  name: ${renderScalar(appName, undefined)}   # shown in "${appName} was verified successfully!"`,
    `  identityProvider: ${idp.id}`,
    '  target: flosum',
    `api:                           # ${idp.consoleLabels.api}`,
    ...endpoint,
    `  tokenRef: ${renderScalar(tokenRef, undefined)}   # name of the API token in the OS keychain, never the token`,
    'saml:',
    `  attributes:                  # ${idp.consoleLabels.saml}`,
    ...Object.entries(expected.saml).map(([k, v]) => line(k, v)),
    'provisioning:',
    '  toApp:',
    '    createUsers: true',
    '    updateUserAttributes: true',
    '    deactivateUsers: true',
    '    syncPassword: false        # must stay false for Flosum',
    `  mappings:                    # SCIM attribute <- ${idp.expressionLabel}: ${idp.consoleLabels.mappings}`,
    ...Object.entries(expected.mappings).map(([k, v]) => line(k, v, mappingComments[k])),
    '  defaults:',
    '    timezone: Etc/UTC',
    '# assignments:',
    '#   - userName: jane@example.com',
    '#     timezone: Europe/Berlin',
    '',
  ].join('\n');
}
