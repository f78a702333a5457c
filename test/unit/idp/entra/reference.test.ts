// Every example expression of Microsoft's reference for Entra ID attribute-mapping expressions: it
// parses, checks clean where it is written, and evaluates to the value the reference documents for
// the documented input. The expressions, inputs and results are copied from MicrosoftDocs/entra-docs:
//   FUNCTIONS = docs/identity/app-provisioning/functions-for-customizing-application-data.md @ dda85497b0408a40cef3f92aed14fa64872ccfbb
//   CUSTOMIZE = docs/identity/app-provisioning/customize-application-attributes.md @ b1f37a45981cedbcf6e587eefd98d9a4783a5fed
//   CLAIMS    = docs/identity-platform/reference-claims-customization.md @ 92e795961d0c9c50de3de763b1f072a1db6fa9b5
// and microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/resources/synchronization-attributemappingsource.md
// @ 155d791771d22d9f07e058784dd3858a67f9ad67 (GRAPH). Attributes that the examples read from HR sources
// (Workday, SuccessFactors: StatusHireDate, PreferredFirstName, …) are declared as app.customAttributes,
// as a config for such a source would. Examples whose value depends on Entra's state (the clock, random
// values, app roles, the target directory) check clean and the evaluator says it cannot know the value.
import assert from 'node:assert/strict';
import { entra } from '../../../../src/core/idp/entra/module';
import type { Assignment, EvalValue, ExpressionContext, ExpressionSite } from '../../../../src/core/idp/types';

interface Example {
  expr: string;
  /** The documented result. */
  value: EvalValue;
  /** The documented input (attributes of the person, Entra's names). */
  input?: Readonly<Record<string, EvalValue>>;
  /** Where the reference shows it. */
  source: string;
}

/** HR-source attributes the examples read (the reference's examples also cover Workday and SuccessFactors). */
const HR = ['StatusHireDate', 'PreferredFirstName', 'PreferredLastName', 'BusinessTitle', 'UserID', 'AddressLineData', 'prefix', 'Active',
  'directManager', 'skiplevelManager', 'director', 'firstName', 'lastName', 'ContractEndDate', 'endDate', 'lastLogonTimestamp', 'dn',
  'attribute1', 'attribute2', 'statusFlag'];

const site = (context: ExpressionContext = 'mapping'): ExpressionSite => ({ context, key: 'value', customAttributes: HR });

/** A person with exactly the documented input (everything else the profile would invent is cleared). */
function person(input: Readonly<Record<string, EvalValue>> = {}) {
  const cleared: Record<string, EvalValue> = { mail: null, givenName: null, surname: null, displayName: null, mailNickname: null };
  const a: Assignment = { userName: typeof input.userPrincipalName === 'string' ? input.userPrincipalName : 'nobody@example.com', profile: { ...cleared, ...input } };
  return entra.personProfile(a);
}

function expectClean(expr: string, context: ExpressionContext = 'mapping'): void {
  const problems = entra.check(expr, site(context));
  assert.deepEqual(problems.map((p) => `${p.code}: ${p.message}`), [], expr);
  assert.ok(entra.canonical(expr), `${expr} has a canonical form`);
}

function expectValue(e: Example, context: ExpressionContext = 'mapping'): void {
  expectClean(e.expr, context);
  const r = entra.evaluate(e.expr, person(e.input), context);
  assert.equal(r.kind, 'value', `${e.expr} (${e.source}): ${JSON.stringify(r)}`);
  assert.deepEqual(r.kind === 'value' ? r.value : undefined, e.value, `${e.expr} (${e.source})`);
}

const FUNCTIONS: Example[] = [
  // Syntax overview: backslash escapes in strings.
  { expr: '"Company name: \\"Contoso\\""', value: 'Company name: "Contoso"', source: 'Syntax overview' },
  { expr: 'Append([userPrincipalName], ".test")', input: { userPrincipalName: 'John.Doe@contoso.com' }, value: 'John.Doe@contoso.com.test', source: 'Append' },
  { expr: 'BitAnd(&HF, &HF7)', value: 7, source: 'BitAnd' },
  { expr: 'CBool([attribute1] = [attribute2])', input: { attribute1: 'x', attribute2: 'x' }, value: true, source: 'CBool: "True if both attributes have the same value"' },
  { expr: 'CBool([attribute1] = [attribute2])', input: { attribute1: 'x', attribute2: 'y' }, value: false, source: 'CBool' },
  { expr: 'CDate([StatusHireDate])', input: { StatusHireDate: '2020-03-16-07:00' }, value: '3/16/2020 7:00:00 AM', source: 'CDate example 1' },
  { expr: 'CDate("2021-06-30+08:00")', value: '6/29/2021 4:00:00 PM', source: 'CDate example 2' },
  { expr: 'CDate("2009-06-15T01:45:30-07:00")', value: '6/15/2009 8:45:30 AM', source: 'CDate example 3' },
  { expr: 'Coalesce([mail],[userPrincipalName])', input: { mail: null, userPrincipalName: 'John.Doe@contoso.com' }, value: 'John.Doe@contoso.com', source: 'Coalesce' },
  { expr: 'ConvertToBase64("Hello world!")', value: 'SABlAGwAbABvACAAdwBvAHIAbABkACEA', source: 'ConvertToBase64' },
  { expr: 'ConvertToUTF8Hex("Hello world!")', value: '48656C6C6F20776F726C6421', source: 'ConvertToUTF8Hex' },
  { expr: 'CStr([dn])', input: { dn: 'cn=Joe,dc=contoso,dc=com' }, value: 'cn=Joe,dc=contoso,dc=com', source: 'CStr' },
  // DateAdd's table: DateAdd(interval, value, CDate([StatusHireDate])) with StatusHireDate 2012-03-16-07:00.
  ...([['d', '7', '3/23/2012 7:00:00 AM'], ['d', '-10', '3/6/2012 7:00:00 AM'], ['ww', '2', '3/30/2012 7:00:00 AM'], ['m', '10', '1/16/2013 7:00:00 AM'],
    ['yyyy', '2', '3/16/2014 7:00:00 AM']] as const).map(([interval, n, out]): Example => ({
    expr: `DateAdd("${interval}", ${n}, CDate([StatusHireDate]))`, input: { StatusHireDate: '2012-03-16-07:00' }, value: out, source: 'DateAdd example 1 table',
  })),
  // DateDiff's table: the reference's Now() replaced by the date1 column, date2 through CDate as in its expression.
  ...([['d', '2021-08-18+08:00', '2021-08-31+08:00', 13], ['d', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', -3449], ['ww', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', -493],
    ['m', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', -113], ['yyyy', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', -9], ['d', '2021-08-31+08:00', '2021-08-31+08:00', 0],
    ['h', '2021-08-24', '2021-08-25', 24], ['n', '2021-08-24', '2021-08-25', 1440], ['s', '2021-08-24', '2021-08-25', 86400]] as const).map(([interval, d1, d2, out]): Example => ({
    expr: `DateDiff("${interval}", CDate("${d1}"), CDate("${d2}"))`, value: out, source: 'DateDiff example 1 table',
  })),
  { expr: 'Switch([Active], , "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), "0", "False")', input: { Active: '0', StatusHireDate: '2012-03-16-07:00' },
    value: 'False', source: 'DateDiff example 2 (an inactive worker: the Now() branch is not read)' },
  // "Returns a DateTime representing January 1, 2012 at 11:00PM", written as Entra writes DateTimes.
  { expr: 'DateFromNum(129699324000000000)', value: '1/1/2012 11:00:00 PM', source: 'DateFromNum' },
  { expr: 'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', input: { extensionAttribute1: '20150123105347.1Z' }, value: '2015-01-23', source: 'FormatDateTime' },
  { expr: 'IgnoreFlowIfNullOrEmpty([department])', input: { department: 'Sales' }, value: 'Sales', source: 'IgnoreFlowIfNullOrEmpty example 1' },
  { expr: 'IgnoreFlowIfNullOrEmpty([department])', input: { department: null }, value: null, source: 'IgnoreFlowIfNullOrEmpty example 1: dropped when null' },
  { expr: 'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))', input: { prefix: '3444' }, value: 'Prof.', source: 'IgnoreFlowIfNullOrEmpty example 2' },
  { expr: 'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))', input: { prefix: '1234' }, value: null,
    source: 'IgnoreFlowIfNullOrEmpty example 2: no key matches, "" is returned and the attribute is not included' },
  { expr: 'IIF([country]="USA",[country],[department])', input: { country: 'USA', department: 'Sales' }, value: 'USA', source: 'IIF' },
  { expr: 'IIF([country]="USA",[country],[department])', input: { country: 'Germany', department: 'Sales' }, value: 'Sales', source: 'IIF' },
  { expr: 'IIF([country]="USA",IIF([state]="CA","True","False"),"False")', input: { country: 'USA', state: 'CA' }, value: 'True', source: 'IIF: AND by nesting' },
  { expr: 'IIF([country]="USA",IIF([state]="CA","True","False"),"False")', input: { country: 'USA', state: 'WA' }, value: 'False', source: 'IIF: AND by nesting' },
  { expr: 'IIF([country]="USA","True",IIF([state]="CA","True","False"))', input: { country: 'Canada', state: 'CA' }, value: 'True', source: 'IIF: OR by nesting' },
  { expr: 'Switch([country],[country],"","Other")', input: { country: '' }, value: 'Other', source: 'IIF: the recommended workaround for empty values' },
  { expr: 'Switch([country],[country],"","Other")', input: { country: 'Germany' }, value: 'Germany', source: 'IIF: the recommended workaround' },
  { expr: 'InStr("The quick brown fox","quick")', value: 5, source: 'InStr' },
  { expr: 'InStr("repEated","e",3,vbBinaryCompare)', value: 7, source: 'InStr' },
  { expr: 'IsNull([displayName])', input: { displayName: null }, value: true, source: 'IsNull: "True if the attribute isn\'t present"' },
  { expr: 'IsNullOrEmpty([displayName])', input: { displayName: '' }, value: true, source: 'IsNullOrEmpty: "present but an empty string"' },
  { expr: 'Item([proxyAddresses], 1)', input: { proxyAddresses: ['SMTP:john@contoso.com', 'smtp:jd@contoso.com'] }, value: 'SMTP:john@contoso.com', source: 'Item: "the first item"' },
  { expr: 'Left("John Doe", 3)', value: 'Joh', source: 'Left' },
  { expr: 'NormalizeDiacritics([givenName])', input: { givenName: 'Zoë' }, value: 'Zoe', source: 'NormalizeDiacritics' },
  { expr: 'PCase([firstName])', input: { firstName: 'PABLO GONSALVES (SECOND)' }, value: 'Pablo Gonsalves (Second)', source: 'PCase table row 1' },
  { expr: 'PCase([lastName]," \'-")', input: { lastName: "PINTO-DE'SILVA" }, value: "Pinto-De'Silva", source: 'PCase table row 2' },
  { expr: 'PCase(Join(" ",[firstName],[lastName]))', input: { firstName: 'GREGORY', lastName: 'JAMES' }, value: 'Gregory James', source: 'PCase table row 3' },
  { expr: 'Redact([userPrincipalName])', input: { userPrincipalName: 'jsmith@contoso.com' }, value: 'jsmith@contoso.com', source: 'Redact example 1 (the value flows; the logs show [Redact])' },
  { expr: 'Redact("StringToBeRedacted")', value: 'StringToBeRedacted', source: 'Redact example 2' },
  { expr: 'RemoveDuplicates([proxyAddresses])', input: { proxyAddresses: ['smtp:a@contoso.com', 'smtp:a@contoso.com', 'SMTP:b@contoso.com'] },
    value: ['smtp:a@contoso.com', 'SMTP:b@contoso.com'], source: 'RemoveDuplicates' },
  { expr: 'Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )', input: { BusinessTitle: 'Product Developer' }, value: 'Software Engineer', source: 'Replace example 1' },
  { expr: 'Replace([UserID],"<username>", , , , , "<username>@contoso.com")', input: { UserID: 'jsmith' }, value: 'jsmith@contoso.com', source: 'Replace example 2' },
  { expr: 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )', input: { telephoneNumber: '+91 9998887777' },
    value: '9998887777', source: 'Replace example 3' },
  { expr: 'Replace([AddressLineData], ,"(?<streetNumber>^\\\\d*)","streetNumber", "888", , )', input: { AddressLineData: '545 Tremont Street' }, value: '888 Tremont Street', source: 'Replace example 4' },
  { expr: 'Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )', input: { userPrincipalName: 'jsmith@contoso.com' }, value: 'jsmith', source: 'Replace example 4, second' },
  { expr: 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )', input: { telephoneNumber: '', mobile: '+91 8887779999' },
    value: '8887779999', source: 'Replace example 5' },
  { expr: 'Replace([mailNickname], , "[a-zA-Z_]*", , "", , )', input: { mailNickname: 'john_doe72' }, value: '72', source: 'Replace example 6' },
  { expr: 'Split([extensionAttribute5], ",")', input: { extensionAttribute5: 'PermissionSetOne, PermissionSetTwo' }, value: ['PermissionSetOne', 'PermissionSetTwo'], source: 'Split' },
  { expr: 'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")', input: { statusFlag: 'TRUE' }, value: '1', source: 'Switch note: case-insensitive by ToLower' },
  { expr: 'Switch([statusFlag], "Default Value", "true", "1", "", "0")', input: { statusFlag: '' }, value: '0', source: 'Switch caution: an empty source matches ""' },
  { expr: 'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")', input: { state: 'QLD' }, value: 'Australia/Brisbane', source: 'Switch' },
  { expr: 'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))',
    input: { PreferredFirstName: 'John', PreferredLastName: 'Smith' }, value: 'john.smith@contoso.com', source: 'ToLower' },
  { expr: 'Word("The quick brown fox",3," ")', value: 'brown', source: 'Word' },
  { expr: 'Word("This,string!has&many separators",3,",!&#")', value: 'has', source: 'Word' },
  { expr: 'Replace([mail], "@contoso.com", , ,"", ,)', input: { mail: 'john.doe@contoso.com' }, value: 'john.doe', source: 'Examples: strip known domain name' },
  { expr: 'Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))', input: { givenName: 'John', surname: 'Doe' }, value: 'JohDoe', source: 'Examples: user alias' },
  { expr: 'Join(", ", "", [surname], [givenName])', input: { givenName: 'John', surname: 'Doe' }, value: 'Doe, John', source: 'Examples: comma between last and first name' },
];

const OTHER_PAGES: Example[] = [
  { expr: 'Switch(IsPresent([jobTitle]), "DefaultValue", "True", [jobTitle])', input: { jobTitle: 'Engineer' }, value: 'Engineer', source: 'CUSTOMIZE: default value if null' },
  { expr: 'Switch(IsPresent([jobTitle]), "DefaultValue", "True", [jobTitle])', input: { jobTitle: null }, value: 'DefaultValue', source: 'CUSTOMIZE: default value if null' },
  { expr: 'Mid([userPrincipalName], 1, 8)', input: { userPrincipalName: 'John.Doe@contoso.com' }, value: 'John.Doe', source: 'GRAPH: first eight characters' },
  { expr: '[mail]', input: { mail: 'jane@contoso.com' }, value: 'jane@contoso.com', source: 'GRAPH: a direct (Attribute) mapping' },
  { expr: '"1"', value: '1', source: 'GRAPH: a Constant is a string in double quotes' },
  // Entra's default mapping of SCIM active (the project's notes; IsSoftDeleted per use-scim-to-provision-users-and-groups.md).
  { expr: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', input: { IsSoftDeleted: false }, value: 'True', source: "Entra's default active mapping" },
  { expr: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', input: { IsSoftDeleted: true }, value: 'False', source: "Entra's default active mapping" },
];

/** The claims reference's transformations, written as calls on claim sources. */
const CLAIM_EXAMPLES: Example[] = [
  { expr: 'Join(user.mail, "sandbox", ".")', input: { mail: 'foo@bar.com' }, value: 'foo@bar.com.sandbox', source: 'CLAIMS: Join, string1 foo@bar.com, string2 sandbox, separator .' },
  { expr: 'ExtractMailPrefix(user.mail)', input: { mail: 'foo@bar.com' }, value: 'foo', source: 'CLAIMS: ExtractMailPrefix' },
  { expr: 'ExtractMailPrefix(user.userprincipalname)', input: { userPrincipalName: 'joe_smith' }, value: 'joe_smith', source: 'CLAIMS: "If no @ sign is present, the original input"' },
  { expr: 'user.mail', input: { mail: 'foo@bar.com' }, value: 'foo@bar.com', source: 'CLAIMS: Source user, ID mail' },
  { expr: 'user.extensionattribute3', input: { extensionAttribute3: 'x3' }, value: 'x3', source: 'CLAIMS: Source user, ID extensionattribute3' },
];

/** Examples whose value Entra alone knows: they check clean and are not guessed. */
const ENTRA_STATE = [
  'Guid()', 'Now()', 'RandomString(6,3,0,0,3)', 'RandomString(10,2,2,2,1,"?,")', 'Redact(RandomString(6,3,0,0,3))',
  'Switch([Active], , "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), "0", "False")',
  'AppRoleAssignmentsComplex([appRoleAssignments])', 'SingleAppRoleAssignment([appRoleAssignments])', 'AssertiveAppRoleAssignmentsComplex([appRoleAssignments])',
];

/** Examples the reference gives without a result: they parse and check clean. */
const WITHOUT_RESULT = [
  'DateFromNum([lastLogonTimestamp])', 'IsPresent([displayName])',
  'Switch(IsPresent([directManager]),[directManager], IsPresent([skiplevelManager]),[skiplevelManager], IsPresent([director]),[director])',
  'NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))',
  'NumFromDate(Join("",FormatDateTime([endDate], ,"M/d/yyyy hh:mm:ss tt","yyyy-MM-dd")," 23:59:59-08:00"))',
  'Count([proxyAddresses])', 'StripSpaces([displayName])', 'Not([accountEnabled])', 'ToUpper([surname], "en-US")',
];

describe('Entra ID expressions: the reference examples', () => {
  it('the functions reference: each parses, checks clean and yields the documented result', () => {
    for (const e of FUNCTIONS) expectValue(e);
    assert.equal(FUNCTIONS.length, 70);
  });

  it('the other pages (default value if null, Graph mapping sources, the default active mapping)', () => {
    for (const e of OTHER_PAGES) expectValue(e);
  });

  it('SAML claim sources and transformations', () => {
    for (const e of CLAIM_EXAMPLES) expectValue(e, 'saml');
  });

  it("values only Entra knows (clock, random, app roles) check clean and are not guessed", () => {
    for (const expr of ENTRA_STATE) {
      expectClean(expr);
      const r = entra.evaluate(expr, person({ Active: '1', StatusHireDate: '2012-03-16-07:00' }), 'mapping');
      assert.equal(r.kind, 'unknown', `${expr}: ${JSON.stringify(r)}`);
    }
  });

  it('examples without a documented result check clean; NumFromDate is DateFromNum undone', () => {
    for (const expr of WITHOUT_RESULT) expectClean(expr);
    const roundTrip = 'DateFromNum(NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00")))';
    const r = entra.evaluate(roundTrip, person({ ContractEndDate: '2020-12-31-08:00' }), 'mapping');
    assert.deepEqual(r, { kind: 'value', value: '1/1/2021 7:59:59 AM' }, 'December 31 2020, 23:59:59 at -08:00 is 07:59:59 UTC the next day');
    const sf = entra.evaluate('FormatDateTime([endDate], ,"M/d/yyyy hh:mm:ss tt","yyyy-MM-dd")', person({ endDate: '12/31/2020 10:00:00 AM' }), 'mapping');
    assert.deepEqual(sf, { kind: 'value', value: '2020-12-31' });
  });

  it("IIF's documented limitation: an empty attribute in the condition fails the check (the reference's three unsupported forms)", () => {
    for (const expr of ['IIF([country]="","Other",[country])', 'IIF(IsNullOrEmpty([country]),"Other",[country])', 'IIF(IsPresent([country]),[country],"Other")']) {
      expectClean(expr);
      const r = entra.evaluate(expr, person({ country: '' }), 'mapping');
      assert.equal(r.kind, 'error', expr);
      assert.match(r.kind === 'error' ? r.message : '', /IIF's condition reads \[country\], which is empty .* Switch\(\[country\]/, expr);
    }
  });

  it('SelectUniqueValue is reported: the reference supports it only in Workday/SuccessFactors to Active Directory provisioning', () => {
    const expr = `SelectUniqueValue(
        Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"),
        Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com"),
        Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 2), [PreferredLastName]))), "contoso.com")
    )`;
    const p = entra.check(expr, site());
    assert.deepEqual(p.map((x) => x.code), ['expression-unknown-function']);
    assert.match(p[0].message, /^SelectUniqueValue works only in Workday or SuccessFactors to Active Directory provisioning/);
    // Each rule inside it is a valid expression and yields what the reference lists for John Smith.
    const rules = ['Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com")',
      'Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com")',
      'Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 2), [PreferredLastName]))), "contoso.com")'];
    const out = ['John.Smith@contoso.com', 'J.Smith@contoso.com', 'Jo.Smith@contoso.com'];
    rules.forEach((r, i) => expectValue({ expr: r, input: { PreferredFirstName: 'John', PreferredLastName: 'Smith' }, value: out[i], source: 'SelectUniqueValue outputs' }));
  });

  it("NormalizeDiacritics: every character of the reference's table becomes its normalized character", () => {
    // [characters with diacritic, normalized] in the table's order (lower-case columns, then upper-case).
    const TABLE: [string, string][] = [
      ['ä, à, â, ã, å, á, ą, ă, ā, ā́, ā̀, ā̂, ā̃, ǟ, ā̈, ǡ, a̱, å̄', 'a'], ['Ä, À, Â, Ã, Å, Á, Ą, Ă, Ā, Ā́, Ā̀, Ā̂, Ā̃, Ǟ, Ā̈, Ǡ, A̱, Å̄', 'A'],
      ['æ, ǣ', 'ae'], ['Æ, Ǣ', 'AE'], ['ç, č, ć, c̄, c̱', 'c'], ['Ç, Č, Ć, C̄, C̱', 'C'], ['ď, d̄, ḏ', 'd'], ['Ď, D̄, Ḏ', 'D'],
      ['ë, è, é, ê, ę, ě, ė, ē, ḗ, ḕ, ē̂, ē̃, ê̄, e̱, ë̄, e̊̄', 'e'], ['Ë, È, É, Ê, Ę, Ě, Ė, Ē, Ḗ, Ḕ, Ē̂, Ē̃, Ê̄, E̱, Ë̄, E̊̄', 'E'],
      ['ğ, ḡ, g̱', 'g'], ['Ğ, Ḡ, G̱', 'G'], ['ï, î, ì, í, ı, ī, ī́, ī̀, ī̂, ī̃, i̱', 'i'], ['Ï, Î, Ì, Í, İ, Ī, Ī́, Ī̀, Ī̂, Ī̃, I̱', 'I'],
      ['ľ, ł, l̄, ḹ, ḻ', 'l'], ['Ł, Ľ, L̄, Ḹ, Ḻ', 'L'], ['ñ, ń, ň, n̄, ṉ', 'n'], ['Ñ, Ń, Ň, N̄, Ṉ', 'N'],
      ['ö, ò, ő, õ, ô, ó, ō, ṓ, ṑ, ō̂, ō̃, ȫ, ō̈, ǭ, ȭ, ȱ, o̱', 'o'], ['Ö, Ò, Ő, Õ, Ô, Ó, Ō, Ṓ, Ṑ, Ō̂, Ō̃, Ȫ, Ō̈, Ǭ, Ȭ, Ȱ, O̱', 'O'],
      ['ø, ø̄, œ̄', 'oe'], ['Ø, Ø̄, Œ̄', 'OE'], ['ř, r̄, ṟ, ṝ', 'r'], ['Ř, R̄, Ṟ, Ṝ', 'R'], ['ß', 'ss'],
      ['š, ś, ș, ş, s̄, s̱', 's'], ['Š, Ś, Ș, Ş, S̄, S̱', 'S'], ['ť, ț, t̄, ṯ', 't'], ['Ť, Ț, T̄, Ṯ', 'T'],
      ['ü, ù, û, ú, ů, ű, ū, ū́, ū̀, ū̂, ū̃, u̇̄, ǖ, ṻ, ṳ̄, u̱', 'u'], ['Ü, Ù, Û, Ú, Ů, Ű, Ū, Ū́, Ū̀, Ū̂, Ū̃, U̇̄, Ǖ, Ṻ, Ṳ̄, U̱', 'U'],
      ['ÿ, ý, ȳ, ȳ́, ȳ̀, ȳ̃, y̱', 'y'], ['Ÿ, Ý, Ȳ, Ȳ́, Ȳ̀, Ȳ̃, Y̱', 'Y'], ['ź, ž, ż, z̄, ẕ', 'z'], ['Ź, Ž, Ż, Z̄, Ẕ', 'Z'],
    ];
    let n = 0;
    for (const [chars, out] of TABLE) {
      for (const ch of chars.split(', ')) {
        const r = entra.evaluate('NormalizeDiacritics([givenName])', person({ givenName: ch }), 'mapping');
        assert.deepEqual(r, { kind: 'value', value: out }, `${ch} (${[...ch].map((c) => c.codePointAt(0)!.toString(16)).join(' ')})`);
        n++;
      }
    }
    assert.equal(n, 261);
  });

  it('two documented outputs that do not follow from their expressions are computed, not copied', () => {
    // Replace example 3, second: "[()\\s-]+" removes parentheses, dashes and spaces, so the + stays; the reference prints 19998887777.
    const r = entra.evaluate('Replace([mobile], , "[()\\\\s-]+", , "", , )', person({ mobile: '+1 (999) 888-7777' }), 'mapping');
    assert.deepEqual(r, { kind: 'value', value: '+19998887777' });
    // "Generate an ID … add 1000 at the beginning": the documented output belongs to another object id than its input; computed
    // independently: 1000, then the UTF-8 hex of the id with its letters removed.
    const id = '00aa00aa-bb11-cc22-dd33-44ee44ee44ee';
    const expected = `1000${Buffer.from(id, 'utf8').toString('hex').toUpperCase().replace(/[a-zA-Z_]/g, '')}`;
    expectClean('Join("", 1000, Replace(ConvertToUTF8Hex([objectId]), , "[a-zA-Z_]*", , "", , ))');
    assert.deepEqual(entra.evaluate('Join("", 1000, Replace(ConvertToUTF8Hex([objectId]), , "[a-zA-Z_]*", , "", , ))', person({ objectId: id }), 'mapping'),
      { kind: 'value', value: expected });
  });
});
