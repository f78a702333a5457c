// dist/idp-entra.js: Entra ID's module, bundled apart and loaded the first time a config names it
// (the descriptor ENTRA_ID in src/core/idp/descriptors.ts names this file and the export).
export { entra } from '../core/idp/entra/module';
