// One line per rule code, for reports that list the rules they found (SARIF's tool.driver.rules).
// Partial on purpose: a code without a summary is listed by its code alone.
import type { RuleCode } from '../types';

export const RULE_SUMMARIES: Partial<Record<RuleCode, string>> = {
  'yaml-syntax': 'The file is not valid YAML',
  'yaml-duplicate-key': 'A key appears twice in the same mapping',
  'schema-unknown-key': 'A key the schema does not know',
  'schema-type': 'A value of the wrong type',
  'schema-enum': 'A value outside its allowed set',
  'schema-required': 'A required key is missing',
  'api-endpoint': 'api must have exactly one of region / baseUrl',
  'api-region': 'region is not one of us, de, jp, au',
  'api-insecure-url': 'baseUrl is plain http to something other than this machine',
  'api-url-path': "The base URL's path is not the target's SCIM path",
  'secret-in-file': 'A literal token in the file',
  'saml-attribute-missing': 'A required SAML attribute is missing',
  'saml-attribute-value': 'A SAML attribute is not mapped to the expected expression',
  'provisioning-option': 'Create Users, Update User Attributes or Deactivate Users is disabled',
  'sync-password': 'syncPassword must be false',
  'mapping-missing': 'A required attribute mapping is missing',
  'username-not-email': 'userName must be mapped to the email address',
  'timezone-invalid': 'Not an IANA time zone name',
  'assignment-username': "An assignment's userName is not an email address",
  'assignment-duplicate': 'The same person is assigned twice',
};
