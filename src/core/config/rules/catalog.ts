// The rule catalog: one row per rule code, everything the editor and the CLI say about a code besides
// its findings. `summary`: one line for reports that list the rules they found (SARIF's
// tool.driver.rules; a code without one is listed by its code alone, as the expression codes are,
// whose findings say it all). `step`: the setup walkthrough's step a finding of it keeps open.
// `yamlTool`: another YAML tool reports it from the same schema (the editor leaves it to that tool).
import type { RuleCode } from '../types';

/** The walkthrough steps a config's findings can keep open. */
export type RuleStep = 'saml' | 'mappings' | 'assignments';

export interface RuleInfo {
  summary?: string;
  step?: RuleStep;
  yamlTool?: true;
}

export const RULE_CATALOG: Readonly<Record<RuleCode, RuleInfo>> = {
  'yaml-syntax': { summary: 'The file is not valid YAML', yamlTool: true },
  'yaml-duplicate-key': { summary: 'A key appears twice in the same mapping', yamlTool: true },
  'schema-unknown-key': { summary: 'A key the schema does not know', yamlTool: true },
  'schema-type': { summary: 'A value of the wrong type', yamlTool: true },
  'schema-enum': { summary: 'A value outside its allowed set', yamlTool: true },
  'schema-required': { summary: 'A required key is missing', yamlTool: true },
  'api-endpoint': { summary: 'api must have exactly one of region / baseUrl' },
  'api-region': { summary: 'region is not one of us, de, jp, au' },
  'api-insecure-url': { summary: 'baseUrl is plain http to something other than this machine' },
  'api-url-path': { summary: "The base URL's path is not the target's SCIM path" },
  'secret-in-file': { summary: 'A literal token in the file' },
  'saml-attribute-missing': { summary: 'A required SAML attribute is missing', step: 'saml' },
  'saml-attribute-value': { summary: 'A SAML attribute is not mapped to the expected expression', step: 'saml' },
  'provisioning-option': { summary: 'Create Users, Update User Attributes or Deactivate Users is disabled', step: 'mappings' },
  'sync-password': { summary: 'syncPassword must be false', step: 'mappings' },
  'mapping-missing': { summary: 'A required attribute mapping is missing', step: 'mappings' },
  'username-not-email': { summary: 'userName must be mapped to the email address', step: 'mappings' },
  'timezone-invalid': { summary: 'Not an IANA time zone name', step: 'assignments' },
  'assignment-username': { summary: "An assignment's userName is not an email address", step: 'assignments' },
  'assignment-duplicate': { summary: 'The same person is assigned twice', step: 'assignments' },
  'expression-syntax': {},
  'expression-unknown-attribute': {},
  'expression-unknown-function': {},
  'expression-arguments': {},
  'expression-deprecated': {},
};

const CODES = Object.keys(RULE_CATALOG) as RuleCode[];

/** The codes whose findings keep a walkthrough step open. */
export function codesOfStep(step: RuleStep): readonly RuleCode[] {
  return CODES.filter((c) => RULE_CATALOG[c].step === step);
}

/** The codes another YAML tool reports from the same schema. */
export const YAML_TOOL_CODES: ReadonlySet<RuleCode> = new Set(CODES.filter((c) => RULE_CATALOG[c].yamlTool));
