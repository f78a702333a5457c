// What Okta's expression language knows, as data: the base user profile (31 attributes, plus the
// user's id), the functions with their parameters, and which work in To App mappings vs SAML
// attribute statements. Source: Okta Expression Language reference
// (okta-developer-docs, packages/@okta/vuepress-site/docs/reference/okta-expression-language/index.md)
// and Okta's UserProfile schema; "inference" marks what the reference does not say.
import type { ExpressionContext, FunctionInfo, ProfileAttribute } from '../types';

/** Okta's base user profile (case-sensitive names), each with a one-line description. */
export const OKTA_BASE_ATTRIBUTES: readonly ProfileAttribute[] = [
  { name: 'login', description: 'Okta username, unique in the org (often, but not always, the email address).' },
  { name: 'email', description: 'Primary email address.' },
  { name: 'secondEmail', description: 'Secondary email address.' },
  { name: 'firstName', description: 'Given name.' },
  { name: 'lastName', description: 'Family name.' },
  { name: 'middleName', description: 'Middle name.' },
  { name: 'honorificPrefix', description: 'Honorific prefix, e.g. Dr.' },
  { name: 'honorificSuffix', description: 'Honorific suffix, e.g. Jr.' },
  { name: 'title', description: 'Job title, e.g. Vice President.' },
  { name: 'displayName', description: 'Name for display (Okta shows "firstName lastName" until it is set).' },
  { name: 'nickName', description: 'Casual name.' },
  { name: 'profileUrl', description: "URL of the person's online profile." },
  { name: 'primaryPhone', description: 'Primary phone number.' },
  { name: 'mobilePhone', description: 'Mobile phone number.' },
  { name: 'streetAddress', description: 'Street address.' },
  { name: 'city', description: 'City or locality.' },
  { name: 'state', description: 'State or region.' },
  { name: 'zipCode', description: 'ZIP or postal code.' },
  { name: 'countryCode', description: 'Country, as an ISO 3166-1 alpha-2 code (US, DE).' },
  { name: 'postalAddress', description: 'Full mailing address.' },
  { name: 'preferredLanguage', description: 'Preferred written or spoken language.' },
  { name: 'locale', description: 'Locale for localization, e.g. en_US.' },
  { name: 'timezone', description: 'IANA time zone, e.g. America/Los_Angeles.' },
  { name: 'userType', description: 'Relationship to the organization, e.g. Employee or Contractor.' },
  { name: 'employeeNumber', description: 'Employee number.' },
  { name: 'costCenter', description: 'Cost center.' },
  { name: 'organization', description: 'Organization.' },
  { name: 'division', description: 'Division.' },
  { name: 'department', description: 'Department.' },
  { name: 'managerId', description: "Manager's id." },
  { name: 'manager', description: "Manager's name." },
];

/** `user.id`: the Okta user id (not a profile attribute, but readable in mappings and SAML). */
export const OKTA_ID_ATTRIBUTE: ProfileAttribute = { name: 'id', description: "Okta's id for the user: stable and unique, never reused." };

/** Names people write for an Okta attribute (SCIM, Entra, LDAP habits) -> the Okta name. */
export const ATTRIBUTE_ALIASES: Readonly<Record<string, string>> = {
  givenname: 'firstName', surname: 'lastName', familyname: 'lastName', sn: 'lastName', mail: 'email', emailaddress: 'email',
  username: 'login', userprincipalname: 'login', upn: 'login', objectid: 'id', userid: 'id', uid: 'id', jobtitle: 'title',
  phone: 'primaryPhone', mobile: 'mobilePhone', country: 'countryCode', zip: 'zipCode', postalcode: 'zipCode', language: 'preferredLanguage',
  time_zone: 'timezone', timezoneid: 'timezone', tz: 'timezone', employeeid: 'employeeNumber', fullname: 'displayName', name: 'displayName',
};

export interface OktaFunction extends FunctionInfo {
  /** The namespace before the dot (`String`), or undefined for a global function. */
  namespace?: string;
  /** Name after the namespace. */
  short: string;
  minArgs: number;
  maxArgs: number;
  /** Argument count must have this parity after minArgs (stringSwitch: key/value pairs). */
  pairsAfter?: number;
  /** Where it may be written; undefined: everywhere. */
  contexts?: readonly ExpressionContext[];
  /** Why it is not available elsewhere (for the message). */
  onlyIn?: string;
  /** The `String.` form of a deprecated global function. */
  replacement?: string;
}

const INF = Number.POSITIVE_INFINITY;

function fn(name: string, params: string[], returns: string, description: string, extra: Partial<OktaFunction> = {}): OktaFunction {
  const dot = name.lastIndexOf('.');
  const short = dot >= 0 ? name.slice(dot + 1) : name;
  const optional = params.filter((p) => p.endsWith('?')).length;
  const varargs = params.some((p) => p.endsWith('...'));
  const required = params.length - optional - (varargs ? 1 : 0);
  const clean = params.map((p) => p.replace(/\?$/, ''));
  const snippetParams = params.filter((p) => !p.endsWith('?')).map((p, i) => `\${${i + 1}:${p.replace(/\.\.\.$/, '')}}`);
  return {
    name, short, namespace: dot >= 0 ? name.slice(0, dot) : undefined, returns, description,
    signature: `${name}(${clean.join(', ')})`,
    snippet: `${short}(${snippetParams.join(', ')})`,
    minArgs: required, maxArgs: varargs ? INF : params.length,
    ...extra,
  };
}

const STRING: OktaFunction[] = [
  fn('String.append', ['str', 'suffix'], 'String', 'Appends suffix to str: String.append("This is", " a test") is "This is a test".'),
  fn('String.join', ['separator', 'strings...'], 'String', 'Joins the strings with the separator: String.join(",", "a", "b") is "a,b".', { minArgs: 1 }),
  fn('String.len', ['input'], 'Integer', 'Number of characters: String.len("This") is 4.'),
  fn('String.removeSpaces', ['input'], 'String', 'Removes the spaces: String.removeSpaces("This is a test") is "Thisisatest".'),
  fn('String.replace', ['input', 'match', 'replacement'], 'String', 'Replaces every occurrence of match: String.replace("This is a test", "is", "at") is "That at a test".'),
  fn('String.replaceFirst', ['input', 'match', 'replacement'], 'String', 'Replaces the first occurrence of match: String.replaceFirst("This is a test", "is", "at") is "That is a test".'),
  fn('String.startsWith', ['input', 'starts'], 'Boolean', 'Whether input starts with starts: String.startsWith("Kiss", "K") is true.'),
  fn('String.stringContains', ['input', 'searchString'], 'Boolean', 'Whether input contains searchString: String.stringContains("This is a test", "test") is true.'),
  fn('String.stringSwitch', ['input', 'defaultString', 'keyValuePairs...'], 'String',
    'The value of the first key (in argument order) that input contains, else defaultString: String.stringSwitch("This is a test", "default", "test", "value1") is "value1".',
    { minArgs: 2, pairsAfter: 2, snippet: 'stringSwitch(${1:input}, ${2:defaultString}, ${3:key}, ${4:value})' }),
  fn('String.substring', ['input', 'startIndex', 'endIndex'], 'String',
    'The characters from startIndex (counting from 0) up to, not including, endIndex: String.substring("This is a test", 2, 9) is "is is a".'),
  fn('String.substringAfter', ['input', 'searchString'], 'String', 'What follows the first searchString ("" when absent): String.substringAfter("abc@okta.com", "@") is "okta.com".'),
  fn('String.substringBefore', ['input', 'searchString'], 'String', 'What precedes the first searchString (all of input when absent): String.substringBefore("abc@okta.com", "@") is "abc".'),
  fn('String.toUpperCase', ['input'], 'String', 'Upper case: String.toUpperCase("This") is "THIS".'),
  fn('String.toLowerCase', ['input'], 'String', 'Lower case: String.toLowerCase("ThiS") is "this".'),
];

const ARRAYS: OktaFunction[] = [
  fn('Arrays.add', ['array', 'value'], 'Array', 'The array with value added at the end.'),
  fn('Arrays.remove', ['array', 'value'], 'Array', 'The array without value.'),
  fn('Arrays.clear', ['array'], 'Array', 'An empty array.'),
  fn('Arrays.get', ['array', 'position'], 'Any', 'The element at position (counting from 0).'),
  fn('Arrays.flatten', ['values...'], 'Array', 'One flat array of the values and the elements of arrays among them.', { minArgs: 1 }),
  fn('Arrays.contains', ['array', 'value'], 'Boolean', 'Whether the array contains value.'),
  fn('Arrays.size', ['array'], 'Integer', 'Number of elements (0 for null).'),
  fn('Arrays.isEmpty', ['array'], 'Boolean', 'Whether the array is empty (true for null).'),
  fn('Arrays.toCsvString', ['array'], 'String', 'The elements joined with commas.'),
];

const CONVERT: OktaFunction[] = [
  fn('Convert.toInt', ['value'], 'Integer', 'A string or number as an integer (numbers are rounded).'),
  fn('Convert.toNum', ['value'], 'Double', 'A string as a number.'),
  fn('Iso3166Convert.toAlpha2', ['country'], 'String', 'ISO 3166-1 two-letter country code: Iso3166Convert.toAlpha2("IND") is "IN".'),
  fn('Iso3166Convert.toAlpha3', ['country'], 'String', 'ISO 3166-1 three-letter country code: Iso3166Convert.toAlpha3("840") is "USA".'),
  fn('Iso3166Convert.toNumeric', ['country'], 'String', 'ISO 3166-1 numeric country code: Iso3166Convert.toNumeric("USA") is "840".'),
  fn('Iso3166Convert.toName', ['country'], 'String', 'ISO country name: Iso3166Convert.toName("IN") is "India".'),
];

const GROUP_CLAIMS = 'group claims and SAML group statements';
const GROUPS: OktaFunction[] = [
  fn('Groups.contains', ['appInstance', 'pattern', 'limit'], 'Array', 'Groups whose name contains pattern (group claims only).', { contexts: ['saml'], onlyIn: GROUP_CLAIMS }),
  fn('Groups.startsWith', ['appInstance', 'pattern', 'limit'], 'Array', 'Groups whose name starts with pattern (group claims only).', { contexts: ['saml'], onlyIn: GROUP_CLAIMS }),
  fn('Groups.endsWith', ['appInstance', 'pattern', 'limit'], 'Array', 'Groups whose name ends with pattern (group claims only).', { contexts: ['saml'], onlyIn: GROUP_CLAIMS }),
  fn('getFilteredGroups', ['allowList', 'groupExpression', 'limit'], 'Array', 'The groups of the allow list the user belongs to, as groupExpression yields them.', { contexts: ['saml'], onlyIn: GROUP_CLAIMS }),
  fn('isMemberOfGroupName', ['groupName'], 'Boolean', 'Whether the user is in a group of that name.'),
  fn('isMemberOfGroup', ['groupId'], 'Boolean', 'Whether the user is in the group with that id.'),
  fn('isMemberOfAnyGroup', ['groupIds...'], 'Boolean', 'Whether the user is in any of the groups.', { minArgs: 1 }),
  fn('isMemberOfGroupNameStartsWith', ['prefix'], 'Boolean', 'Whether the user is in a group whose name starts with prefix.'),
  fn('isMemberOfGroupNameContains', ['text'], 'Boolean', 'Whether the user is in a group whose name contains text.'),
  fn('isMemberOfGroupNameRegex', ['regex'], 'Boolean', 'Whether the user is in a group whose name matches the regular expression.'),
];

const TIME: OktaFunction[] = [
  fn('Time.now', ['timeZoneId?', 'format?'], 'String', 'The current time (ISO 8601, UTC unless a time zone is given).'),
  fn('Time.fromWindowsToIso8601', ['time'], 'String', 'A Windows/LDAP timestamp as ISO 8601.'),
  fn('Time.fromUnixToIso8601', ['time'], 'String', 'A Unix timestamp as ISO 8601.'),
  fn('Time.fromStringToIso8601', ['time', 'format'], 'String', 'A timestamp in a Joda-time format as ISO 8601.'),
  fn('Time.fromIso8601ToWindows', ['time'], 'String', 'An ISO 8601 timestamp as a Windows timestamp.'),
  fn('Time.fromIso8601ToUnix', ['time'], 'String', 'An ISO 8601 timestamp as a Unix timestamp.'),
  fn('Time.fromIso8601ToString', ['time', 'format'], 'String', 'An ISO 8601 timestamp in a Joda-time format.'),
];

const PEOPLE: OktaFunction[] = [
  fn('getManagerUser', ['managerSource'], 'User', "The manager's Okta user (then .attribute), e.g. getManagerUser(\"active_directory\").firstName."),
  fn('getManagerAppUser', ['managerSource', 'attributeSource'], 'User', "The manager's app user of an app instance (then .attribute)."),
  fn('getAssistantUser', ['assistantSource'], 'User', "The assistant's Okta user (then .attribute)."),
  fn('getAssistantAppUser', ['assistantSource', 'attributeSource'], 'User', "The assistant's app user of an app instance (then .attribute)."),
  fn('hasDirectoryUser', [], 'Boolean', 'Whether the user has exactly one Active Directory assignment.'),
  fn('hasWorkdayUser', [], 'Boolean', 'Whether the user has a Workday assignment.'),
  fn('findDirectoryUser', [], 'User', 'The Active Directory app user (then .attribute), or null.'),
  fn('findWorkdayUser', [], 'User', 'The Workday app user (then .attribute), or null.'),
];

/** Methods called on `user`. */
export const USER_METHODS: OktaFunction[] = [
  fn('user.getInternalProperty', ['property'], 'String', 'The user\'s "id" or "status" (ACTIVE, STAGED, …).'),
  fn('user.getLinkedObject', ['primaryName'], 'User', 'The user linked by that relationship (then .attribute), e.g. user.getLinkedObject("manager").lastName.'),
  fn('user.getGroups', ['criteria...'], 'Array', "The user's groups matching the search criteria.", { minArgs: 1 }),
];

function deprecated(name: string, params: string[], description: string): OktaFunction {
  return fn(name, params, 'String', description, { replacement: `String.${name}`, deprecated: `Deprecated: write String.${name}.` });
}

/** Okta's legacy un-prefixed string functions (deprecated). */
const DEPRECATED: OktaFunction[] = [
  deprecated('toUpperCase', ['string'], 'Upper case (deprecated form of String.toUpperCase).'),
  deprecated('toLowerCase', ['string'], 'Lower case (deprecated form of String.toLowerCase).'),
  deprecated('substringBefore', ['string', 'searchString'], 'Deprecated form of String.substringBefore.'),
  deprecated('substringAfter', ['string', 'searchString'], 'Deprecated form of String.substringAfter.'),
  deprecated('substring', ['string', 'startIndex', 'endIndex'], 'Deprecated form of String.substring.'),
];

export const OKTA_FUNCTIONS: readonly OktaFunction[] = [...STRING, ...ARRAYS, ...CONVERT, ...GROUPS, ...TIME, ...PEOPLE, ...DEPRECATED];

export const NAMESPACES: readonly { name: string; description: string }[] = [
  { name: 'String', description: 'String functions: append, join, len, replace, substring, toLowerCase, …' },
  { name: 'Arrays', description: 'Array functions: add, contains, get, size, toCsvString, …' },
  { name: 'Convert', description: 'Data conversion: toInt, toNum.' },
  { name: 'Iso3166Convert', description: 'Country code conversion: toAlpha2, toAlpha3, toNumeric, toName.' },
  { name: 'Groups', description: 'Group functions for group claims: contains, startsWith, endsWith.' },
  { name: 'Time', description: 'Time functions: now, fromUnixToIso8601, …' },
];

/** Roots of references other than `user`, and where they work. */
export const ROOTS: Readonly<Record<string, { description: string; contexts?: readonly ExpressionContext[]; useInstead?: string; where?: string }>> = {
  user: { description: "The Okta user's profile: user.email, user.firstName, …" },
  org: { description: 'Properties of your Okta org: org.name, org.subDomain.' },
  app: { description: 'Properties of this app instance, e.g. app.domain.' },
  session: { description: "The user's session: session.amr (SAML only).", contexts: ['saml'], where: 'SAML attribute statements' },
  appuser: { description: 'The app user profile (To Okta mappings).', contexts: [], useInstead: 'user', where: 'To Okta (app to Okta) mappings' },
  source: { description: 'The source profile of a username template.', contexts: [], useInstead: 'user', where: 'username templates' },
  idpuser: { description: 'The profile from an external identity provider.', contexts: [], useInstead: 'user', where: 'identity-provider username transforms' },
  access: { description: 'The access token (OAuth 2.0/OIDC claims).', contexts: [], where: 'OAuth 2.0/OIDC claims' },
};

/** Standard Okta expressions per SCIM attribute (To App) and SAML attribute name. */
export const STANDARD_MAPPINGS: Readonly<Record<string, string>> = {
  userName: 'user.login', givenName: 'user.firstName', familyName: 'user.lastName', email: 'user.email', timezone: 'user.timezone',
  displayName: 'user.displayName', locale: 'user.locale', title: 'user.title', externalId: 'user.id', preferredLanguage: 'user.preferredLanguage',
  nickName: 'user.nickName', profileUrl: 'user.profileUrl', userType: 'user.userType', employeeNumber: 'user.employeeNumber',
  department: 'user.department', organization: 'user.organization', division: 'user.division', costCenter: 'user.costCenter',
  primaryPhone: 'user.primaryPhone', mobilePhone: 'user.mobilePhone', middleName: 'user.middleName',
};

export const STANDARD_SAML: Readonly<Record<string, string>> = {
  uniqueUserId: 'user.id', firstName: 'user.firstName', lastName: 'user.lastName', email: 'user.email', displayName: 'user.displayName',
  login: 'user.login', userName: 'user.login', title: 'user.title', department: 'user.department', mobilePhone: 'user.mobilePhone',
};

const byQualified = new Map(OKTA_FUNCTIONS.map((f) => [f.name, f]));
const byNamespace = new Map<string, OktaFunction[]>();
for (const f of OKTA_FUNCTIONS) if (f.namespace) byNamespace.set(f.namespace, [...(byNamespace.get(f.namespace) ?? []), f]);

export function functionByName(qualified: string): OktaFunction | undefined {
  return byQualified.get(qualified) ?? USER_METHODS.find((m) => m.name === qualified);
}

export function functionsOf(namespace: string): readonly OktaFunction[] {
  return byNamespace.get(namespace) ?? [];
}

export const GLOBAL_FUNCTIONS: readonly OktaFunction[] = OKTA_FUNCTIONS.filter((f) => !f.namespace);

/**
 * An Entra ID attribute written `[name]` (pasted into an Okta file) -> the Okta attribute with the same
 * meaning: the same name in another case (`[displayName]`), a known Entra/SCIM name (`[mail]` -> email,
 * `[surname]` -> lastName, `[userPrincipalName]` -> login, `[objectId]` -> id), or a custom attribute.
 */
export function oktaForEntraAttribute(name: string, customAttributes: readonly string[] = []): string | undefined {
  const candidates = [OKTA_ID_ATTRIBUTE.name, ...OKTA_BASE_ATTRIBUTES.map((a) => a.name), ...customAttributes];
  const lower = name.toLowerCase();
  return candidates.find((c) => c.toLowerCase() === lower) ?? ATTRIBUTE_ALIASES[lower] ?? (lower === 'mailnickname' ? 'nickName' : undefined);
}
