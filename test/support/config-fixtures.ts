// The config fixtures (test/fixtures/configs/**) as a table: each file is the valid config of its
// identity provider (test/support/configs.cjs) with a title line and ONE edit, a find/replace that
// makes the validator report one rule code; the `pass.` files take a few edits and stay clean.
// The files stay on disk, readable, for the tests that hand them to the CLI by path (validate, SARIF,
// --fix) and for the parser tests that read every config in the repository.
// test/unit/support/configFixtures.test.ts checks the files against this table; after changing a
// row or the valid config, write them again: `npx tsx test/support/config-fixtures.ts --write`.
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { configText, type IdpKey } from './configs.cjs';

export const FIXTURE_DIR = join(__dirname, '..', 'fixtures', 'configs');

/** A find/replace on the valid config: `find` must occur exactly once in it ($& in `replace` is what it found). */
export interface Edit { find: string | RegExp; replace: string }

/** A rule fixture: `<code>.scim.yaml` (`<code>.<variant>.scim.yaml`), under entra/ for Entra ID. */
export interface RuleFixture extends Edit {
  code: string;
  idp: IdpKey;
  variant?: string;
  /** The file's first line, after '# fixture: '. */
  title: string;
}

/** A fixture that validates clean: `pass.<name>.scim.yaml`. */
export interface CleanFixture {
  name: string;
  idp: IdpKey;
  title: string;
  edits: Edit[];
}

const SECRET = 'apiToken: 00Qb4xGkP1cX2zJ9wR7tYfLmN3sVd8KqHaE6uWj5oT';

export const RULE_FIXTURES: readonly RuleFixture[] = [
  // Okta
  { code: 'api-endpoint', idp: 'okta', title: 'one api-endpoint problem', find: 'tokenRef: flosum-prod', replace: 'baseUrl: https://flosum.example.com/api/v1/scim   # and a region too\n  tokenRef: flosum-prod' },
  { code: 'api-insecure-url', idp: 'okta', title: 'one api-insecure-url problem', find: /region: us .*/, replace: 'baseUrl: http://flosum.example.com/api/v1/scim   # customer-hosted' },
  { code: 'api-region', idp: 'okta', title: 'one api-region problem', find: 'region: us ', replace: 'region: US ' },
  { code: 'api-url-path', idp: 'okta', title: 'one api-url-path problem', find: /region: us .*/, replace: "baseUrl: 'https://flosum.example.com/api/v1/scim/Users'   # customer-hosted" },
  { code: 'assignment-duplicate', idp: 'okta', title: 'one assignment-duplicate problem', find: 'userName: ken@example.co.jp', replace: 'userName: JANE@example.com   # same as jane@example.com' },
  { code: 'assignment-username', idp: 'okta', title: 'one assignment-username problem', find: 'userName: ken@example.co.jp', replace: 'userName: ken          # not an email' },
  { code: 'expression-arguments', idp: 'okta', title: 'one expression-arguments problem (an argument too many)', find: 'givenName: user.firstName\n', replace: '$&    displayName: String.toUpperCase(user.displayName, user.locale)   # shown in Flosum\n' },
  { code: 'expression-deprecated', idp: 'okta', title: 'one expression-deprecated warning (the legacy un-prefixed form)', find: 'familyName: user.lastName\n', replace: '$&    displayName: toUpperCase(user.displayName)   # shown in Flosum\n' },
  { code: 'expression-syntax', idp: 'okta', title: 'one expression-syntax problem (a missing closing parenthesis)', find: 'familyName: user.lastName', replace: 'familyName: String.substringBefore(user.lastName, " "   # the last name up to its first space' },
  { code: 'expression-unknown-attribute', idp: 'okta', title: 'one expression-unknown-attribute problem (a typo)', find: 'givenName: user.firstName', replace: 'givenName: user.fristName  # given name' },
  // (the mapping's email: the SAML attributes have one too)
  { code: 'expression-unknown-function', idp: 'okta', title: 'one expression-unknown-function problem (wrong case)', find: 'email: user.email\n    timezone', replace: 'email: String.tolowercase(user.email)   # lower-cased for Flosum\n    timezone' },
  { code: 'mapping-missing', idp: 'okta', title: 'one mapping-missing problem', find: '    timezone: user.timezone\n', replace: '' },
  { code: 'provisioning-option', idp: 'okta', title: 'one provisioning-option problem', find: 'deactivateUsers: true', replace: 'deactivateUsers: false   # must be on' },
  { code: 'saml-attribute-missing', idp: 'okta', title: 'one saml-attribute-missing problem', find: '    lastName: user.lastName\n', replace: '' },
  // (the SAML attribute's email: the mappings have one too)
  { code: 'saml-attribute-value', idp: 'okta', title: 'one saml-attribute-value problem', find: 'email: user.email\nprovisioning:', replace: 'email: "user.login"     # should be user.email\nprovisioning:' },
  { code: 'schema-enum', idp: 'okta', title: 'one schema-enum problem', find: 'identityProvider: okta', replace: 'identityProvider: okat   # misspelled value' },
  { code: 'schema-required', idp: 'okta', title: 'one schema-required problem', find: 'version: 1', replace: '# version is missing' },
  { code: 'schema-type', idp: 'okta', title: 'one schema-type problem', find: 'createUsers: true', replace: 'createUsers: "yes"      # must be a boolean' },
  { code: 'schema-unknown-key', idp: 'okta', title: 'one schema-unknown-key problem', find: 'identityProvider: okta', replace: 'identityprovider: okta   # misspelled key' },
  { code: 'secret-in-file', idp: 'okta', title: 'one secret-in-file problem', find: 'never the token\n', replace: `$&  ${SECRET}\n` },
  // (one more letter, one space less: the comment keeps its column)
  { code: 'sync-password', idp: 'okta', title: 'one sync-password problem', find: 'syncPassword: false', replace: 'syncPassword: true ' },
  { code: 'timezone-invalid', idp: 'okta', title: 'one timezone-invalid problem', find: 'timezone: Etc/UTC', replace: 'timezone: Europe/Berlim' },
  { code: 'username-not-email', idp: 'okta', title: 'one username-not-email problem', find: 'userName: user.email', replace: 'userName: user.login     # Flosum uses the email' },
  { code: 'yaml-duplicate-key', idp: 'okta', title: 'one yaml-duplicate-key problem', find: 'tokenRef: flosum-prod', replace: 'region: de\n  tokenRef: flosum-prod' },
  { code: 'yaml-syntax', idp: 'okta', title: 'one yaml-syntax problem', find: 'name: Flosum ', replace: 'name: "Flosum ' },
  // Entra ID
  { code: 'api-endpoint', idp: 'entra-id', title: 'one api-endpoint problem (both region and baseUrl)', find: 'tokenRef: flosum-prod', replace: 'baseUrl: https://flosum.example.com/api/v1/scim\n  tokenRef: flosum-prod' },
  { code: 'api-insecure-url', idp: 'entra-id', title: 'one api-insecure-url problem', find: /region: us .*/, replace: 'baseUrl: http://flosum.example.com/api/v1/scim   # Tenant URL' },
  { code: 'api-region', idp: 'entra-id', title: 'one api-region problem', find: 'region: us ', replace: 'region: usa' },
  { code: 'api-url-path', idp: 'entra-id', title: 'one api-url-path problem (a trailing /Users)', find: /region: us .*/, replace: 'baseUrl: https://flosum.example.com/api/v1/scim/Users   # Tenant URL' },
  { code: 'assignment-duplicate', idp: 'entra-id', title: 'one assignment-duplicate problem', find: 'timezone: Asia/Kolkata\n', replace: '$&  - userName: JANE@example.com\n' },
  { code: 'assignment-username', idp: 'entra-id', title: 'one assignment-username problem', find: 'userName: raj.patel@example.com', replace: 'userName: raj.patel' },
  { code: 'expression-arguments', idp: 'entra-id', title: 'one expression-arguments problem (an extra argument)', find: 'familyName: "[surname]"', replace: 'familyName: Mid([surname], 1, 20, 2)' },
  { code: 'expression-syntax', idp: 'entra-id', variant: 'flow-sequence', title: 'one expression-syntax problem: unquoted, [mail] is a YAML list', find: 'userName: "[mail]"', replace: 'userName: [mail]' },
  { code: 'expression-syntax', idp: 'entra-id', title: 'one expression-syntax problem (a missing closing parenthesis)', find: 'familyName: "[surname]"', replace: 'familyName: Left([surname], 20   # at most 20 characters' },
  { code: 'expression-unknown-attribute', idp: 'entra-id', variant: 'okta-syntax', title: "one expression-unknown-attribute problem: Okta's user.firstName pasted in", find: 'givenName: "[givenName]"', replace: 'givenName: user.firstName' },
  { code: 'expression-unknown-attribute', idp: 'entra-id', title: 'one expression-unknown-attribute problem (a typo)', find: 'email: "[mail]"', replace: 'email: "[mial]"' },
  { code: 'expression-unknown-function', idp: 'entra-id', title: 'one expression-unknown-function problem (function names are case-sensitive)', find: 'givenName: "[givenName]"', replace: 'givenName: Pcase([givenName])' },
  { code: 'mapping-missing', idp: 'entra-id', title: 'one mapping-missing problem (no timezone mapping)', find: /^ {4}timezone: "\[extensionAttribute1\]".*\n/m, replace: '' },
  { code: 'provisioning-option', idp: 'entra-id', title: 'one provisioning-option problem', find: 'deactivateUsers: true', replace: 'deactivateUsers: false' },
  { code: 'saml-attribute-missing', idp: 'entra-id', title: 'one saml-attribute-missing problem (no lastName claim)', find: '    lastName: user.surname\n', replace: '' },
  { code: 'saml-attribute-value', idp: 'entra-id', title: 'one saml-attribute-value problem (email from the UPN)', find: 'email: user.mail', replace: 'email: user.userprincipalname' },
  { code: 'schema-enum', idp: 'entra-id', title: 'one schema-enum problem (azure-ad, the old name of entra-id)', find: 'identityProvider: entra-id', replace: 'identityProvider: azure-ad' },
  { code: 'schema-required', idp: 'entra-id', title: 'one schema-required problem (no version)', find: 'version: 1\n', replace: '' },
  { code: 'schema-type', idp: 'entra-id', title: 'one schema-type problem (a string where a boolean is expected)', find: 'createUsers: true', replace: 'createUsers: "yes"' },
  { code: 'schema-unknown-key', idp: 'entra-id', title: 'one schema-unknown-key problem (a misspelt key)', find: 'identityProvider: entra-id', replace: 'identityProvder: entra-id' },
  { code: 'secret-in-file', idp: 'entra-id', title: 'one secret-in-file problem (the Secret Token pasted into the file)', find: 'never here\n', replace: `$&  ${SECRET}\n` },
  { code: 'sync-password', idp: 'entra-id', title: 'one sync-password problem', find: 'syncPassword: false', replace: 'syncPassword: true ' },
  { code: 'timezone-invalid', idp: 'entra-id', title: 'one timezone-invalid problem', find: 'timezone: Europe/Berlin', replace: 'timezone: Europe/Berln' },
  { code: 'username-not-email', idp: 'entra-id', title: "one username-not-email problem (Entra's default, the UPN)", find: 'userName: "[mail]"', replace: 'userName: "[userPrincipalName]"' },
  { code: 'yaml-duplicate-key', idp: 'entra-id', title: 'one yaml-duplicate-key problem (givenName twice)', find: 'givenName: "[givenName]"\n', replace: '$&    givenName: "[givenName]"\n' },
  { code: 'yaml-syntax', idp: 'entra-id', title: 'one yaml-syntax problem (an unterminated quote)', find: 'name: Flosum ', replace: 'name: "Flosum ' },
];

const REGION = /region: us .*/;

export const CLEAN_FIXTURES: readonly CleanFixture[] = [
  { name: 'api-insecure-url.loopback', idp: 'okta', title: 'validates clean (api-insecure-url.loopback)', edits: [{ find: REGION, replace: 'baseUrl: http://127.0.0.1:8443/api/v1/scim   # local demo tenant' }] },
  { name: 'customer-hosted', idp: 'okta', title: 'validates clean (customer-hosted)', edits: [{ find: REGION, replace: 'baseUrl: "https://flosum.example.com/api/v1/scim"' }] },
  {
    name: 'expressions', idp: 'okta', title: 'expressions Okta accepts: custom attributes, functions, conditions, quoting', edits: [
      { find: 'api:\n', replace: '  customAttributes: [costCenterCode, isContractor]\n$&' },
      { find: 'email: user.email\nprovisioning:', replace: `email: user.email\n    displayName: "user.displayName != null ? user.displayName : user.firstName + ' ' + user.lastName"\nprovisioning:` },
      { find: 'timezone: user.timezone\n', replace: '$&    title: String.substring(user.title, 0, 64)\n    displayName: \'String.join(" ", user.firstName, user.lastName)\'\n' +
        '    locale: \'user.locale == null ? "en_US" : user.locale\'\n    externalId: user.getInternalProperty("id")\n' },
      { find: 'timezone: Europe/Berlin\n', replace: '$&    givenName: Jane\n    familyName: Doe\n    profile:\n      costCenterCode: CC-42\n      isContractor: false\n      title: Engineer\n' },
    ],
  },
  {
    name: 'generic-scim', idp: 'okta', title: 'validates clean (generic-scim)', edits: [
      { find: /target: flosum .*/, replace: 'target: generic-scim' },
      { find: REGION, replace: 'baseUrl: https://scim.example.com/scim/v2' },
      { find: /syncPassword: false .*/, replace: 'syncPassword: true' },
      { find: 'userName: user.email', replace: 'userName: user.login' },
    ],
  },
];

const dirOf = (idp: IdpKey): string => (idp === 'entra-id' ? 'entra/' : '');

/** The path of a fixture relative to test/fixtures/configs. */
export function ruleFixtureFile(f: RuleFixture): string {
  return `${dirOf(f.idp)}${f.code}${f.variant ? `.${f.variant}` : ''}.scim.yaml`;
}
export function cleanFixtureFile(f: CleanFixture): string {
  return `${dirOf(f.idp)}pass.${f.name}.scim.yaml`;
}

/** How many times `find` occurs in `text`. */
export function occurrences(text: string, find: string | RegExp): number {
  if (typeof find === 'string') return text.split(find).length - 1;
  return [...text.matchAll(new RegExp(find.source, find.flags.includes('g') ? find.flags : `${find.flags}g`))].length;
}

/** `text` with one edit applied; throws unless `find` occurs exactly once. */
export function applyEdit(text: string, { find, replace }: Edit): string {
  const n = occurrences(text, find);
  if (n !== 1) throw new Error(`${String(find)} occurs ${n} times in the valid config, not once`);
  return text.replace(find, replace);
}

/** The valid config a fixture starts from (without a title line). */
export function validBody(idp: IdpKey): string {
  return configText({ idp });
}

export function fixtureText(title: string, idp: IdpKey, edits: readonly Edit[]): string {
  return `# fixture: ${title}\n${edits.reduce(applyEdit, validBody(idp))}`;
}

/** Every fixture file (relative path) with the text the table gives it, the two valid configs first. */
export function fixtureFiles(): Array<[file: string, text: string]> {
  return [
    ['valid.scim.yaml', configText({ idp: 'okta' })],
    ['entra/valid.scim.yaml', configText({ idp: 'entra-id', header: '# fixture: a valid Entra ID config' })],
    ...RULE_FIXTURES.map((f): [string, string] => [ruleFixtureFile(f), fixtureText(f.title, f.idp, [f])]),
    ...CLEAN_FIXTURES.map((f): [string, string] => [cleanFixtureFile(f), fixtureText(f.title, f.idp, f.edits)]),
  ];
}

/** The .yaml files under test/fixtures/configs (relative paths). */
export function fixtureFilesOnDisk(dir = FIXTURE_DIR): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\\/g, '/')).sort();
}

if (require.main === module && process.argv.includes('--write')) {
  for (const [file, text] of fixtureFiles()) writeFileSync(join(FIXTURE_DIR, file), text);
  console.log(`wrote ${fixtureFiles().length} fixtures under ${relative(process.cwd(), FIXTURE_DIR)}`);
}
