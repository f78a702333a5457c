// The benchmark's config files: the valid Okta config of test/support/configs.cjs (the one config
// builder the tests use too) with N generated assignments (3 lines each); with `errors`, ~1% of them
// get a schema-detectable error (`givenName: 42`) that every schema-aware tool must report.
// SIZES: the typical file (~60 lines) and the large and huge ones.
const { generatedConfig } = require('../test/support/configs.cjs');

const SIZES = { typical: 9, large: 5000, huge: 50000 };

exports.generateConfig = generatedConfig;
exports.SIZES = SIZES;
