// Unit tests run the core from source and give it every identity provider's module directly, as the
// full CLI does (src/core/idp/registry.ts: useIdpModules). Loaded by .mocharc.json before any test.
import { ALL_IDP_MODULES } from '../../src/core/idp/modules';
import { useIdpModules } from '../../src/core/idp/registry';

useIdpModules(ALL_IDP_MODULES);
