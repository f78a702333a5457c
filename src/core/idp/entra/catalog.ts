// What Microsoft Entra ID's attribute-mapping expressions know, as data: the source attributes of an
// Entra user (mappings write them `[name]`), the SAML claim sources (`user.<lowercase id>`), the
// functions with their parameters, the standard mappings and claims, and how Okta's forms translate
// (the hint for Okta syntax pasted into an Entra file). Sources, in MicrosoftDocs/entra-docs:
//   docs/identity/app-provisioning/functions-for-customizing-application-data.md @ dda85497b0 (functions)
//   docs/identity/app-provisioning/customize-application-attributes.md @ b1f37a4598 (mapping types, IsSoftDeleted,
//     AssertiveAppRoleAssignmentsComplex, directory extensions are case-sensitive)
//   docs/identity/app-provisioning/use-scim-to-provision-users-and-groups.md @ 0596ed5741 (default SCIM mappings)
//   docs/identity/app-provisioning/known-issues.md @ 0f0b8621c9 (10,000 characters; userType and SamAccountName
//     not available as sources; multi-valued directory extensions not usable)
//   docs/identity-platform/reference-claims-customization.md @ 92e795961d (claim source ids)
//   docs/identity-platform/saml-claims-customization.md @ d4ac01deef (claim transformations, at most two)
// "inference" marks what those pages do not say.
import type { ExpressionContext, FunctionInfo, ProfileAttribute } from '../types';

export interface EntraAttribute extends ProfileAttribute {
  /** Holds several values (proxyAddresses): Join and Item read all of them. */
  multiValued?: boolean;
  /** The Okta base-profile attribute with the same meaning (for `user.firstName` pasted here). */
  okta?: string;
}

function attr(name: string, description: string, extra: Partial<EntraAttribute> = {}): EntraAttribute {
  return { name, description, ...extra };
}

/** Source attributes of an Entra user in attribute mappings (exact case), each with a one-line description. */
export const ENTRA_ATTRIBUTES: readonly EntraAttribute[] = [
  attr('userPrincipalName', "User principal name (UPN), the sign-in name: not always a mailbox (B2B guests' UPNs carry #EXT#).", { okta: 'login' }),
  attr('mail', 'Primary SMTP address (the mailbox); empty for users without one.', { okta: 'email' }),
  attr('givenName', 'Given (first) name.', { okta: 'firstName' }),
  attr('surname', 'Family (last) name.', { okta: 'lastName' }),
  attr('displayName', 'Name shown in the address book.', { okta: 'displayName' }),
  attr('mailNickname', 'Mail alias (the part before @ when the mailbox was created); Entra maps it to externalId by default.'),
  attr('objectId', "Entra's object id of the user (a GUID): stable, never reused.", { okta: 'id' }),
  attr('jobTitle', 'Job title.', { okta: 'title' }),
  attr('department', 'Department.', { okta: 'department' }),
  attr('companyName', 'Company name.', { okta: 'organization' }),
  attr('employeeId', 'Employee identifier assigned by the organization.', { okta: 'employeeNumber' }),
  attr('employeeType', 'Kind of employment, e.g. Employee or Contractor.', { okta: 'userType' }),
  attr('employeeHireDate', 'Hire date (a date and time).'),
  attr('employeeLeaveDateTime', 'Date and time the person leaves or left the organization.'),
  attr('manager', "The user's manager (a reference; Entra sends the manager's id in the target)."),
  attr('telephoneNumber', 'Business telephone number.', { okta: 'primaryPhone' }),
  attr('mobile', 'Mobile telephone number.', { okta: 'mobilePhone' }),
  attr('facsimileTelephoneNumber', 'Fax number.'),
  attr('streetAddress', 'Street address of the place of business.', { okta: 'streetAddress' }),
  attr('city', 'City.', { okta: 'city' }),
  attr('state', 'State or province.', { okta: 'state' }),
  attr('postalCode', 'Postal code.', { okta: 'zipCode' }),
  attr('country', 'Country or region (free text, e.g. United States).'),
  attr('usageLocation', 'Two-letter country code (ISO 3166) where the user uses services, e.g. US.', { okta: 'countryCode' }),
  attr('physicalDeliveryOfficeName', 'Office location.'),
  attr('preferredLanguage', 'Preferred language, e.g. en-US.', { okta: 'preferredLanguage' }),
  attr('otherMails', 'Other email addresses (several values).', { okta: 'secondEmail', multiValued: true }),
  attr('proxyAddresses', 'Email addresses of the mailbox, as SMTP:/smtp: entries (several values).', { multiValued: true }),
  attr('accountEnabled', 'True when the account can sign in.'),
  attr('IsSoftDeleted', 'True when the user is out of scope (unassigned, filtered out), soft-deleted or disabled: Entra maps active from it.'),
  attr('appRoleAssignments', 'The app roles assigned to the user for this app: read it with SingleAppRoleAssignment or AppRoleAssignmentsComplex.', { multiValued: true }),
  attr('onPremisesDistinguishedName', 'Distinguished name in on-premises Active Directory (synced users).'),
  attr('onPremisesDomainName', 'On-premises domain name (synced users).'),
  attr('onPremisesImmutableId', 'On-premises immutable id (synced users).'),
  attr('onPremisesSecurityIdentifier', 'On-premises security identifier, SID (synced users).'),
  attr('onPremisesUserPrincipalName', 'On-premises user principal name (synced users).'),
  ...Array.from({ length: 15 }, (_, i) => attr(`extensionAttribute${i + 1}`, `Extension attribute ${i + 1} (on-premises extensionAttribute${i + 1}, or set in Entra / Exchange).`)),
];

/** Names an Entra admin might expect that the provisioning service does not offer as sources (known-issues.md). */
export const UNAVAILABLE_ATTRIBUTES: Readonly<Record<string, string>> = {
  userType: 'userType is not available as a source attribute (a known issue): copy it into a directory extension and map that.',
  onPremisesSamAccountName: 'onPremisesSamAccountName is not available as a source attribute (a known issue): copy it into a directory extension and map that.',
  SamAccountName: 'SamAccountName is not available as a source attribute (a known issue): copy it into a directory extension and map that.',
};

/** `extension_<app id without dashes, 32 hex>_<name>`: a directory extension (case-sensitive). */
export const DIRECTORY_EXTENSION = /^extension_[0-9a-fA-F]{32}_[A-Za-z][A-Za-z0-9_]*$/;

/** SAML claim sources: `user.<id>` as the claims reference lists them (lower case). */
export const SAML_SOURCES: readonly EntraAttribute[] = [
  attr('objectid', 'The object ID of the user.', { okta: 'id' }),
  attr('userprincipalname', 'The user principal name of the user.', { okta: 'login' }),
  attr('mail', 'The email address of the user.', { okta: 'email' }),
  attr('givenname', 'The given name of the user.', { okta: 'firstName' }),
  attr('surname', 'The family name of the user.', { okta: 'lastName' }),
  attr('displayname', 'The display name of the user.', { okta: 'displayName' }),
  attr('department', 'The department of the user.', { okta: 'department' }),
  attr('jobtitle', 'The job title of the user.', { okta: 'title' }),
  attr('employeeid', 'The employee ID of the user.', { okta: 'employeeNumber' }),
  attr('companyname', 'The organization name of the user.', { okta: 'organization' }),
  attr('streetaddress', 'The street address of the user.', { okta: 'streetAddress' }),
  attr('city', 'The city of the user.', { okta: 'city' }),
  attr('state', 'The state of the user.', { okta: 'state' }),
  attr('postalcode', 'The postal code of the user.', { okta: 'zipCode' }),
  attr('country', 'The country/region of the user.', { okta: 'countryCode' }),
  attr('preferredlanguage', 'The preferred language of the user.', { okta: 'preferredLanguage' }),
  attr('telephonenumber', 'The business or office phones of the user.', { okta: 'primaryPhone' }),
  attr('mobilephone', 'The mobile phone of the user.', { okta: 'mobilePhone' }),
  attr('facsimiletelephonenumber', 'The facsimile telephone number of the user.'),
  attr('officelocation', 'The office location of the user.'),
  attr('mailnickname', 'The mail nickname of the user.'),
  attr('othermail', 'The other mail of the user.', { okta: 'secondEmail' }),
  attr('proxyaddresses', 'The proxy addresses of the user.', { multiValued: true }),
  attr('onpremisessamaccountname', 'The on-premises SAM account name of the user.'),
  attr('onpremisesecurityidentifier', 'The on-premises security identifier of the user.'),
  attr('onpremisesuserprincipalname', 'The on-premises UPN of the user (only with Alternate ID).'),
  attr('onpremisesdomainname', 'The on-premises domain name of the user.'),
  attr('onpremisesimmutableid', 'The on-premises immutable ID of the user.'),
  attr('netbiosname', 'The NetBios name of the user.'),
  attr('dnsdomainname', 'The DNS domain name of the user.'),
  attr('usertype', 'The type of user account.', { okta: 'userType' }),
  attr('accountenabled', 'Whether the user account is enabled.'),
  attr('assignedroles', 'The list of app roles assigned to the user.', { multiValued: true }),
  attr('createddatetime', 'The date and time that the user account was created.'),
  ...Array.from({ length: 15 }, (_, i) => attr(`extensionattribute${i + 1}`, `Extension attribute ${i + 1}.`)),
];

/** Which Entra attribute holds what an Okta attribute holds (from the table above), for `user.firstName` -> `[givenName]`. */
export function entraForOkta(oktaName: string, context: ExpressionContext): string | undefined {
  const list = context === 'saml' ? SAML_SOURCES : ENTRA_ATTRIBUTES;
  return list.find((a) => a.okta === oktaName)?.name ?? list.find((a) => a.okta?.toLowerCase() === oktaName.toLowerCase())?.name;
}

/** Okta functions pasted into an Entra mapping -> Entra's function (same meaning). */
export const OKTA_FUNCTIONS_IN_ENTRA: Readonly<Record<string, string>> = {
  'String.toLowerCase': 'ToLower', 'String.toUpperCase': 'ToUpper', 'String.append': 'Append', 'String.join': 'Join',
  'String.removeSpaces': 'StripSpaces', 'String.replace': 'Replace', 'String.substring': 'Mid', 'String.stringSwitch': 'Switch',
  toLowerCase: 'ToLower', toUpperCase: 'ToUpper', substring: 'Mid', 'String.len': 'Len', 'String.stringContains': 'InStr',
};

export interface EntraFunction extends FunctionInfo {
  minArgs: number;
  maxArgs: number;
  /** Parameter names in order (the repeating one marked with `...`). */
  params: readonly string[];
  /** Positions (0-based) that may be left empty: optional parameters. Repeating parameters are never empty. */
  optional: readonly number[];
  /** Switch: after `pairsAfter` arguments, key/value pairs. */
  pairsAfter?: number;
  /** Where it may be written. */
  context: ExpressionContext;
  /** Why it is not usable in a SCIM app's mappings, when it is not. */
  notHere?: string;
  /** The value depends on Entra's state or the clock: previews say so. */
  unknownBecause?: string;
  /** Must be the whole expression (SelectUniqueValue, IgnoreFlowIfNullOrEmpty). */
  topLevel?: boolean;
  /** The argument must be this attribute (`[appRoleAssignments]`). */
  argumentAttribute?: string;
}

const INF = Number.POSITIVE_INFINITY;

/**
 * A function of the catalogue. Parameters: `name` required, `name?` optional (may be left empty,
 * `Replace([mail], "x", , , "", , )`), `name...` repeating (at least once).
 */
function fn(name: string, params: string[], returns: string, description: string, extra: Partial<EntraFunction> = {}): EntraFunction {
  const clean = params.map((p) => p.replace(/[?]$|\.\.\.$/, ''));
  const optional = params.map((p, i) => (p.endsWith('?') ? i : -1)).filter((i) => i >= 0);
  const repeating = params.some((p) => p.endsWith('...'));
  const required = params.filter((p) => !p.endsWith('?')).length;
  // The snippet writes every parameter up to the last required one (optional ones in between stay as empty slots).
  const lastRequired = params.reduce((last, p, i) => (p.endsWith('?') ? last : i), -1);
  let n = 0;
  const slots = params.slice(0, lastRequired + 1).map((p, i) => (p.endsWith('?') ? '' : `\${${++n}:${clean[i]}}`));
  return {
    name, returns, description, params: clean, optional, context: 'mapping',
    signature: `${name}(${params.map((p, i) => (p.endsWith('?') ? `[${clean[i]}]` : p.endsWith('...') ? `${clean[i]}, …` : clean[i])).join(', ')})`,
    snippet: `${name}(${slots.join(', ')})`,
    minArgs: required, maxArgs: repeating ? INF : params.length,
    ...extra,
  };
}

const HR_ONLY = 'works only in Workday or SuccessFactors to Active Directory provisioning (and API-driven provisioning to Active Directory), not in a SCIM app';

/** The attribute-mapping functions (To App), exact case, with the reference's parameters. */
export const MAPPING_FUNCTIONS: readonly EntraFunction[] = [
  fn('Append', ['source', 'suffix'], 'String', 'Appends suffix to the end of source: Append([userPrincipalName], ".test").'),
  fn('AppRoleAssignmentsComplex', ['appRoleAssignments'], 'Roles', 'All the app roles assigned to the user, for a roles attribute (all as primary = false).',
    { argumentAttribute: 'appRoleAssignments', unknownBecause: 'depends on the app roles assigned to the user in Entra' }),
  fn('AssertiveAppRoleAssignmentsComplex', ['appRoleAssignments'], 'Roles', 'Like AppRoleAssignmentsComplex, but sent as PATCH replace: roles removed in Entra are removed in the app.',
    { argumentAttribute: 'appRoleAssignments', unknownBecause: 'depends on the app roles assigned to the user in Entra' }),
  fn('BitAnd', ['value1', 'value2'], 'Number', 'Bitwise AND of two numbers: BitAnd(&HF, &HF7) is 7.'),
  fn('CBool', ['expression'], 'Boolean', 'True when the expression is non-zero (or a true comparison), else False: CBool([attribute1] = [attribute2]).'),
  fn('CDate', ['expression'], 'DateTime', 'A UTC date and time from a string, written M/d/yyyy h:mm:ss tt: CDate("2009-06-15T01:45:30-07:00") is "6/15/2009 8:45:30 AM".'),
  fn('Coalesce', ['source1', 'sources...', 'defaultValue?'], 'String', 'The first source that is not NULL, else defaultValue: Coalesce([mail], [userPrincipalName]).',
    { minArgs: 1, snippet: 'Coalesce(${1:source1}, ${2:source2})', signature: 'Coalesce(source1, source2, …, [defaultValue])' }),
  fn('ConvertToBase64', ['source'], 'String', 'The string as Unicode (UTF-16) base64: ConvertToBase64("Hello world!") is "SABlAGwAbABvACAAdwBvAHIAbABkACEA".'),
  fn('ConvertToUTF8Hex', ['source'], 'String', 'The string as UTF-8 hex: ConvertToUTF8Hex("Hello world!") is 48656C6C6F20776F726C6421.'),
  fn('Count', ['attribute'], 'Number', 'The number of values of a multi-valued attribute.'),
  fn('CStr', ['value'], 'String', 'A number, reference or Boolean as a string: CStr([dn]).'),
  fn('DateAdd', ['interval', 'value', 'dateTime'], 'DateTime', 'dateTime plus value intervals (yyyy, m, d, ww, h, n, s), as M/d/yyyy h:mm:ss tt: DateAdd("d", 7, CDate([StatusHireDate])).'),
  fn('DateDiff', ['interval', 'date1', 'date2'], 'Number', 'date2 minus date1 in intervals (yyyy, m, d, ww, h, n, s): positive when date2 is later.'),
  fn('DateFromNum', ['value'], 'DateTime', 'A date in AD format (100-ns intervals since 1601) as a DateTime: DateFromNum(129699324000000000) is January 1, 2012, 11:00 PM.'),
  fn('DefaultDomain', [], 'String', "The tenant's default verified domain (listed in later revisions of the reference; arguments inferred).",
    { unknownBecause: "depends on your tenant's default domain" }),
  fn('FormatDateTime', ['source', 'dateTimeStyles?', 'inputFormat', 'outputFormat'], 'String',
    'A date string from inputFormat to outputFormat (.NET custom formats): FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd").',
    { minArgs: 3, snippet: 'FormatDateTime(${1:source}, , ${2:inputFormat}, ${3:outputFormat})' }),
  fn('Guid', [], 'String', 'A new random GUID.', { unknownBecause: 'is a new random GUID each time' }),
  fn('IgnoreFlowIfNullOrEmpty', ['expression'], 'String', 'Drops the attribute from the request when the expression is NULL or empty: IgnoreFlowIfNullOrEmpty([department]).'),
  fn('IIF', ['condition', 'valueIfTrue', 'valueIfFalse'], 'String', 'valueIfTrue when the condition (=, <>, <, <=, >, >=) holds, else valueIfFalse; no AND/OR (nest IIF): IIF([country]="USA",[country],[department]).'),
  fn('InStr', ['value1', 'value2', 'start?', 'compareType?'], 'Number', 'Position (from 1) of value2 in value1, 0 when absent; compareType vbBinaryCompare or vbTextCompare: InStr("The quick brown fox","quick") is 5.'),
  fn('IsNull', ['expression'], 'Boolean', 'True when the expression is NULL (an absent attribute): IsNull([displayName]).'),
  fn('IsNullOrEmpty', ['expression'], 'Boolean', 'True when the expression is NULL or an empty string; the inverse of IsPresent.'),
  fn('IsPresent', ['expression'], 'Boolean', 'True when the expression is a string that is neither NULL nor empty; the inverse of IsNullOrEmpty.'),
  fn('IsString', ['expression'], 'Boolean', 'True when the expression can be evaluated to a string.'),
  fn('Item', ['attribute', 'index'], 'String', 'One value of a multi-valued attribute, counting from 1: Item([proxyAddresses], 1) is the first.'),
  fn('Join', ['separator', 'source1', 'sources...'], 'String', 'The sources (all values of multi-valued ones) joined with separator: Join(", ", [surname], [givenName]).',
    { minArgs: 2, snippet: 'Join(${1:separator}, ${2:source1}, ${3:source2})', signature: 'Join(separator, source1, source2, …)' }),
  fn('Left', ['string', 'numChars'], 'String', 'The first numChars characters: Left("John Doe", 3) is "Joh"; empty for NULL, all of it when numChars < 0.'),
  fn('Len', ['source'], 'Number', 'Number of characters of the string (listed in later revisions of the reference; arguments inferred).'),
  fn('Mid', ['source', 'start', 'length'], 'String', 'length characters from start (counting from 1): Mid([givenName], 1, 3).'),
  fn('NormalizeDiacritics', ['source'], 'String', 'Replaces characters with diacritics by plain ones: NormalizeDiacritics([givenName]) turns "Zoë" into "Zoe".'),
  fn('Not', ['source'], 'Boolean', 'Flips a Boolean: "True" becomes False, anything else True.'),
  fn('Now', [], 'DateTime', 'The current UTC date and time, as M/d/yyyy h:mm:ss tt.', { unknownBecause: 'is the time Entra evaluates it' }),
  fn('NumFromDate', ['value'], 'Number', 'An ISO 8601 date and time in Active Directory format (for accountExpires).'),
  fn('PCase', ['source', 'wordSeparators?'], 'String', 'First letter of each word upper case, the rest lower case: PCase([firstName]) turns "PABLO GONSALVES (SECOND)" into "Pablo Gonsalves (Second)".'),
  fn('RandomString', ['length', 'minimumNumbers', 'minimumSpecialCharacters', 'minimumCapital', 'minimumLowerCase', 'charactersToAvoid?'], 'String',
    'A random string of length characters with at least the given numbers of digits, special, capital and lower-case characters.', { unknownBecause: 'is random' }),
  fn('Redact', ['value'], 'String', 'The value, shown as "[Redact]" in the provisioning logs: Redact([userPrincipalName]).'),
  fn('RemoveDuplicates', ['attribute'], 'String', 'A multi-valued attribute with each value once: RemoveDuplicates([proxyAddresses]).'),
  fn('Replace', ['source', 'oldValue?', 'regexPattern?', 'regexGroupName?', 'replacementValue?', 'replacementAttributeName?', 'template?'], 'String',
    'Case-sensitive replacement: oldValue with replacementValue, oldValue in template with source, or a regexPattern (and group) with replacementValue: Replace([mail], "@contoso.com", , , "", , ).',
    { minArgs: 2, snippet: 'Replace(${1:source}, ${2:oldValue}, , , ${3:replacementValue}, , )' }),
  fn('SelectUniqueValue', ['uniqueValueRule1', 'uniqueValueRule2', 'uniqueValueRules...'], 'String',
    'The first rule whose value is unique in the target directory (creation only).', { minArgs: 2, signature: 'SelectUniqueValue(uniqueValueRule1, uniqueValueRule2, uniqueValueRule3, …)', notHere: HR_ONLY, topLevel: true, unknownBecause: 'depends on the values already in the target directory' }),
  fn('SingleAppRoleAssignment', ['appRoleAssignments'], 'String', 'The one app role assigned to the user, as a role name string.',
    { argumentAttribute: 'appRoleAssignments', unknownBecause: 'depends on the app role assigned to the user in Entra' }),
  fn('Split', ['source', 'delimiter'], 'Array', 'A multi-valued attribute from a delimited string: Split([extensionAttribute5], ",").'),
  fn('StripSpaces', ['source'], 'String', 'Removes every space (" ") character.'),
  fn('Switch', ['source', 'defaultValue?', 'key', 'value', 'keysAndValues...'], 'String',
    'The value of the key that source equals (case-sensitive), else defaultValue; keys and values come in pairs: Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney", "QLD", "Australia/Brisbane").',
    { minArgs: 4, maxArgs: INF, pairsAfter: 2, snippet: 'Switch(${1:source}, ${2:defaultValue}, ${3:key}, ${4:value})', signature: 'Switch(source, [defaultValue], key1, value1, key2, value2, …)' }),
  fn('ToLower', ['source', 'culture?'], 'String', 'Lower case (invariant culture unless culture is given, e.g. "tr-TR"): ToLower([userPrincipalName]).'),
  fn('ToUpper', ['source', 'culture?'], 'String', 'Upper case (invariant culture unless culture is given).'),
  fn('Word', ['string', 'wordNumber', 'delimiters'], 'String', 'The wordNumber-th word, words separated by any of the delimiters: Word("The quick brown fox", 3, " ") is "brown".'),
];

function claim(name: string, params: string[], description: string, extra: Partial<EntraFunction> = {}): EntraFunction {
  return fn(name, params, 'String', description, { context: 'saml', ...extra });
}

/** Claim transformations of SAML claims (at most two per claim), written as calls on claim sources. */
export const SAML_FUNCTIONS: readonly EntraFunction[] = [
  claim('ExtractMailPrefix', ['input'], 'The part before @ of an email address or UPN (the input when it has no @): ExtractMailPrefix(user.userprincipalname).'),
  claim('ToLowercase', ['input'], 'Lower case: ToLowercase(user.mail).'),
  claim('ToUppercase', ['input'], 'Upper case: ToUppercase(user.mail).'),
  claim('ToLower', ['input'], 'Lower case (the special claims transformation).'),
  claim('ToUpper', ['input'], 'Upper case (the special claims transformation).'),
  claim('Join', ['input1', 'input2', 'separator?'], 'The two inputs joined, with the separator between them: Join(user.mail, "sandbox", ".").'),
  claim('Contains', ['input', 'value', 'output', 'outputIfNoMatch?'], 'output when input contains value, else outputIfNoMatch.'),
  claim('StartWith', ['input', 'value', 'output', 'outputIfNoMatch?'], 'output when input starts with value, else outputIfNoMatch.'),
  claim('EndWith', ['input', 'value', 'output', 'outputIfNoMatch?'], 'output when input ends with value, else outputIfNoMatch.'),
  claim('IfEmpty', ['input', 'output', 'outputIfNotEmpty?'], 'output when input is null or empty, else outputIfNotEmpty.'),
  claim('IfNotEmpty', ['input', 'output'], 'output when input is not null or empty.'),
  claim('RegexReplace', ['input', 'pattern', 'replacement'], 'The input with the regular expression pattern replaced (preview).', { unknownBecause: 'uses Entra\'s regex replacement patterns' }),
];

/** Standard Entra expressions per SCIM attribute (To App), from Entra's default SCIM mappings. */
export const STANDARD_MAPPINGS: Readonly<Record<string, string>> = {
  userName: '[userPrincipalName]', givenName: '[givenName]', familyName: '[surname]', email: '[mail]', displayName: '[displayName]',
  title: '[jobTitle]', externalId: '[mailNickname]', department: '[department]', employeeNumber: '[employeeId]', preferredLanguage: '[preferredLanguage]',
  mobilePhone: '[mobile]', primaryPhone: '[telephoneNumber]', active: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
};

/** Standard claim sources per SAML attribute name. */
export const STANDARD_SAML: Readonly<Record<string, string>> = {
  uniqueUserId: 'user.objectid', firstName: 'user.givenname', lastName: 'user.surname', email: 'user.mail', displayName: 'user.displayname',
  login: 'user.userprincipalname', userName: 'user.userprincipalname', title: 'user.jobtitle', department: 'user.department', mobilePhone: 'user.mobilephone',
};

/** The enum constants InStr's compareType takes. */
export const COMPARE_TYPES: Readonly<Record<string, string>> = {
  vbBinaryCompare: 'Case-sensitive comparison (the default).',
  vbTextCompare: 'Case-insensitive comparison.',
};

/** Words people write for a function -> Entra's function (exact-case matches come first anyway). */
export const FUNCTION_ALIASES: Readonly<Record<string, string>> = {
  concat: 'Join', concatenate: 'Join', lower: 'ToLower', lowercase: 'ToLower', tolowercase: 'ToLower', upper: 'ToUpper', uppercase: 'ToUpper',
  touppercase: 'ToUpper', substring: 'Mid', substr: 'Mid', trim: 'StripSpaces', removespaces: 'StripSpaces', if: 'IIF', iff: 'IIF', case: 'Switch',
  select: 'Switch', nvl: 'Coalesce', ifnull: 'Coalesce', indexof: 'InStr', length: 'Len', len: 'Len', split: 'Split', tostring: 'CStr', str: 'CStr',
  propercase: 'PCase', titlecase: 'PCase', removediacritics: 'NormalizeDiacritics', stringswitch: 'Switch',
};

const byName = new Map<string, EntraFunction>(MAPPING_FUNCTIONS.map((f) => [f.name, f]));
const samlByName = new Map<string, EntraFunction>(SAML_FUNCTIONS.map((f) => [f.name, f]));

export function functionsFor(context: ExpressionContext): readonly EntraFunction[] {
  return context === 'saml' ? SAML_FUNCTIONS : MAPPING_FUNCTIONS;
}

export function functionByName(name: string, context: ExpressionContext): EntraFunction | undefined {
  return (context === 'saml' ? samlByName : byName).get(name);
}
