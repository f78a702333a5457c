// The HTTP side of the extension, bundled on its own (dist/network.js) and loaded on first network
// use, so activation never pays for the HTTP stack. Only the extension's lazy loader imports this.
import { useIdpBundles } from '../core/idp/registry';
import { requireSibling } from './requireSibling';

// Identity-provider modules bundled apart (dist/idp-entra.js) load on first use.
useIdpBundles(requireSibling);

export { ScimClient } from '../core/scim/client';
export { testCredentials } from '../core/scim/credentials';
export { readServiceProviderSupport } from '../core/scim/serviceProvider';
export { UserPager, InvalidFilterError } from '../core/scim/pager';
export { getUser, setUserActive } from '../core/scim/userActions';
export { runConformance, CONFORMANCE_CHECKS } from '../core/conformance/run';
export { renderConformanceMarkdown } from '../core/conformance/render';
export { rawTransport } from '../core/scim/rawTransport';
export { runSimulation } from '../core/simulate/run';
