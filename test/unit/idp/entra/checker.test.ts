// The Entra ID module on its own: what the checker reports (code, message, the exact offending range,
// a fix that re-checks clean), Okta's forms pasted into Entra, the SAML claim sources, the YAML
// flow-sequence hook, the limits, completion and hover, the person profile and Test Connection's request.
import assert from 'node:assert/strict';
import { entra } from '../../../../src/core/idp/entra/module';
import { MAX_DEPTH, MAX_LENGTH } from '../../../../src/core/idp/entra/parser';
import type { ExpressionContext, ExpressionFix, ExpressionProblem, ExpressionSite } from '../../../../src/core/idp/types';

const site = (context: ExpressionContext = 'mapping', customAttributes: string[] = [], key = 'givenName'): ExpressionSite => ({ context, key, customAttributes });

function apply(text: string, fix: ExpressionFix): string {
  return [...fix.edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

/** The one problem of `expr`; its range covers exactly `covers`; its preferred fix yields `fixed`, which checks clean. */
function one(expr: string, code: ExpressionProblem['code'], message: string | RegExp, covers?: string, fixed?: string, s: ExpressionSite = site()): ExpressionProblem {
  const problems = entra.check(expr, s);
  assert.equal(problems.length, 1, `${expr}: ${JSON.stringify(problems.map((p) => p.message))}`);
  const p = problems[0];
  assert.equal(p.code, code, `${expr}: ${p.message}`);
  if (typeof message === 'string') assert.equal(p.message, message);
  else assert.match(p.message, message);
  assert.doesNotMatch(p.message, /`/, 'plain text');
  if (covers !== undefined) assert.equal(expr.slice(p.start, p.end), covers, `${expr}: range`);
  const pref = p.fixes?.find((f) => f.isPreferred);
  if (fixed !== undefined) {
    assert.ok(pref, `${expr}: no preferred fix`);
    const out = apply(expr, pref);
    assert.equal(out, fixed);
    assert.deepEqual(entra.check(out, s), [], `${out} re-checks clean`);
  } else {
    assert.ok(!pref, `${expr}: unexpected preferred fix ${pref?.title}`);
  }
  return p;
}

describe('Entra ID checker', () => {
  it('attributes: exact case, "did you mean" with the fix on the name only', () => {
    one('Join(" ", [givenNme], [surname])', 'expression-unknown-attribute', "Unknown attribute '[givenNme]': did you mean '[givenName]'?", 'givenNme', 'Join(" ", [givenName], [surname])');
    one('[Mail]', 'expression-unknown-attribute', "Unknown attribute '[Mail]': did you mean '[mail]'?", 'Mail', '[mail]');
    one('[userprincipalname]', 'expression-unknown-attribute', /did you mean '\[userPrincipalName\]'/, 'userprincipalname', '[userPrincipalName]');
    // Okta's and SCIM's names for the same thing.
    one('[firstName]', 'expression-unknown-attribute', /did you mean '\[givenName\]'/, 'firstName', '[givenName]');
    one('[email]', 'expression-unknown-attribute', /did you mean '\[mail\]'/, 'email', '[mail]');
    one('[ mail ]', 'expression-unknown-attribute', "'[ mail ]' has spaces inside the brackets: write '[mail]'.", ' mail ', '[mail]');
  });

  it('extension attributes, directory extensions and app.customAttributes are known; malformed extensions are explained', () => {
    for (const e of ['[extensionAttribute1]', '[extensionAttribute15]', '[extension_53c9e2c0e2b84a8f9d6b8b7c6d5e4f3a_acmeCostCenter]', 'Coalesce([costCenterCode], "none")']) {
      assert.deepEqual(entra.check(e, site('mapping', ['costCenterCode'])), [], e);
    }
    one('[extensionAttribute16]', 'expression-unknown-attribute', /did you mean '\[extensionAttribute1\]'/, 'extensionAttribute16', '[extensionAttribute1]');
    one('[extension_53c9e2c0_acmeCostCenter]', 'expression-unknown-attribute', "'[extension_53c9e2c0_acmeCostCenter]' is not a directory extension name: write extension_<app id, 32 hex digits>_<name>.");
    one('[costcentercode]', 'expression-unknown-attribute', /did you mean '\[costCenterCode\]'/, 'costcentercode', '[costCenterCode]', site('mapping', ['costCenterCode']));
    one('[userType]', 'expression-unknown-attribute', /^userType is not available as a source attribute \(a known issue\)/);
    one('[timezone]', 'expression-unknown-attribute', /Entra has no time-zone attribute: map a constant \("Etc\/UTC"\) or an extension attribute/);
  });

  it("Okta's forms in an Entra mapping name the Entra form", () => {
    one('user.firstName', 'expression-unknown-attribute', "'user.firstName' is Okta syntax: an Entra mapping reads '[givenName]'.", 'user.firstName', '[givenName]');
    one('user.email', 'expression-unknown-attribute', "'user.email' is Okta syntax: an Entra mapping reads '[mail]'.", 'user.email', '[mail]');
    one('Join(" ", user.firstName, [surname])', 'expression-unknown-attribute', /reads '\[givenName\]'/, 'user.firstName', 'Join(" ", [givenName], [surname])');
    one('user.timezone', 'expression-unknown-attribute', /^'user.timezone' is Okta syntax: Entra has no time-zone attribute/);
    one('String.toLowerCase([mail])', 'expression-unknown-function', "'String.toLowerCase' is Okta's function: Entra's is 'ToLower'.", 'String.toLowerCase', 'ToLower([mail])');
    one('user.mail', 'expression-unknown-attribute', "'user.mail' is how a SAML claim names its source: an Entra mapping reads '[mail]'.", 'user.mail', '[mail]');
    one('mail', 'expression-unknown-attribute', "'mail' is not an Entra expression: an attribute is written in brackets, '[mail]'.", 'mail', '[mail]');
  });

  it('functions: exact case, aliases, what does not work in a SCIM app', () => {
    one('replace([mail], "@", , , "_", , )', 'expression-unknown-function', "Unknown function 'replace': names are case-sensitive, write 'Replace'.", 'replace', 'Replace([mail], "@", , , "_", , )');
    // Another language's word: offered, not preferred (Join's first argument is the separator).
    const concat = one('Concat([givenName], [surname])', 'expression-unknown-function', "Unknown function 'Concat': did you mean 'Join'?", 'Concat');
    assert.deepEqual(concat.fixes?.map((f) => [f.title, !!f.isPreferred]), [["Change to 'Join'", false]]);
    // Okta's String.substring counts from 0 to an end index, Mid from 1 for a length: renamed, not preferred.
    one('String.substring([mail], 0, 3)', 'expression-unknown-function', "'String.substring' is Okta's function: Entra's is 'Mid'.", 'String.substring');
    one('Substring([mail], 1, 3)', 'expression-unknown-function', /did you mean 'Mid'/, 'Substring');
    one('Frobnicate([mail])', 'expression-unknown-function', "Unknown function 'Frobnicate': Entra has no such function.", 'Frobnicate');
    one('ExtractMailPrefix([mail])', 'expression-unknown-function', 'ExtractMailPrefix is a function of SAML claims, not of attribute mappings.', 'ExtractMailPrefix');
    one('SelectUniqueValue([mail], [userPrincipalName])', 'expression-unknown-function', /^SelectUniqueValue works only in Workday or SuccessFactors to Active Directory/);
  });

  it('arguments: counts, pairs, empty required ones, and what the reference says about particular arguments', () => {
    one('Append([mail])', 'expression-arguments', 'Append takes 2 arguments, not 1: add suffix.', '([mail])');
    one('Left([mail], 3, 4)', 'expression-arguments', 'Left takes 2 arguments, not 3: remove the extra one.', '4', 'Left([mail], 3)');
    one('Switch([state], "x", "NSW")', 'expression-arguments', 'Switch takes at least 4 arguments, not 3: add value.');
    one('Switch([state], "x", "NSW", "A", "QLD")', 'expression-arguments', 'Switch takes keys and values in pairs after its first 2 arguments: add the value of the last key.');
    one('Append(, ".test")', 'expression-arguments', 'Argument 1 of Append (source) is empty: give it a value; only optional arguments may be left out.');
    one('Replace([mail], , , , "x", , )', 'expression-arguments', 'Replace needs an oldValue (argument 2) or a regexPattern (argument 3): give one of them.');
    one('Replace([mail], "@contoso.com", , , , , )', 'expression-arguments', /^Replace with an oldValue needs a replacementValue \(argument 5\) or a template/);
    one('DateAdd("days", 7, Now())', 'expression-arguments', 'DateAdd\'s interval "days" is not one of "yyyy", "m", "d", "ww", "h", "n", "s": did you mean "d"?', '"days"', 'DateAdd("d", 7, Now())');
    one('SingleAppRoleAssignment([mail])', 'expression-arguments', 'SingleAppRoleAssignment reads [appRoleAssignments]: write SingleAppRoleAssignment([appRoleAssignments]).', '[mail]',
      'SingleAppRoleAssignment([appRoleAssignments])');
    one('InStr([mail], "@", 1, binary)', 'expression-arguments', "InStr's compareType is vbBinaryCompare or vbTextCompare.", 'binary');
    // Optional arguments may be empty, also Coalesce's last (its defaultValue) and Switch's default.
    for (const e of ['Switch([IsSoftDeleted], , "False", "True", "True", "False")', 'Coalesce([mail], [userPrincipalName], )', 'FormatDateTime([employeeHireDate], , "yyyy-MM-dd", "d")',
      'FormatDateTime([employeeHireDate], "yyyy-MM-dd", "d")', 'InStr([mail], "@", , vbTextCompare)', 'ToLower([mail], )', 'Guid()']) {
      assert.deepEqual(entra.check(e, site()), [], e);
    }
  });

  it('syntax: each problem says how to repair it, and the repair checks clean', () => {
    one('Join(" ", [givenName], [surname]', 'expression-syntax', "Missing ')' to close 'Join(': add ')' at the end.", '(', 'Join(" ", [givenName], [surname])');
    one('ToLower(Join("", [mail]', 'expression-syntax', "Missing ')' to close 'Join(': add '))' at the end.", '(', 'ToLower(Join("", [mail]))');
    one('Append([mail], ".test)', 'expression-syntax', "The string that starts here is not closed: add the closing \" before the ')' at the end.", '"', 'Append([mail], ".test")');
    one('Append([mail], ".test', 'expression-syntax', "The string that starts here is not closed: add the closing \" (and ')') at the end.", '"', 'Append([mail], ".test")');
    one('ToLower(Append([mail], ".x)', 'expression-syntax', /before the '\)'/, '"', 'ToLower(Append([mail], ".x"))');
    one('Append([mail, ".x")', 'expression-syntax', "The attribute name '[mail, ' is not closed: add ']'.", '[', 'Append([mail], ".x")');
    one('[mail', 'expression-syntax', "The attribute name '[mail' is not closed: add ']'.", '[', '[mail]');
    one('IIF([country]=="USA", "US", "Other")', 'expression-syntax', "'==' is not an Entra operator: compare with '='.", '==', 'IIF([country]="USA", "US", "Other")', site('mapping', ['country']));
    one('IIF([country]!="USA", "Other", "US")', 'expression-syntax', "'!=' is not an Entra operator: compare with '<>'.", '!=', 'IIF([country]<>"USA", "Other", "US")', site('mapping', ['country']));
    one('[givenName] & " " & [surname]', 'expression-syntax', '\'&\' does not join values in Entra expressions: write Join("", [givenName], " ", [surname]).', '&', 'Join("", [givenName], " ", [surname])');
    one('[givenName] + [surname]', 'expression-syntax', /^'\+' does not join values/, '+', 'Join("", [givenName], [surname])');
    one('[givenName] [surname]', 'expression-syntax', /^Missing a function between '\[givenName\]' and '\[surname\]': join them with Join\(" ", \[givenName\], \[surname\]\)\.$/, '[surname]');
    one("Append([mail], '.test')", 'expression-syntax', 'Entra strings are written in double quotes, not single quotes: write ".test".', "'", 'Append([mail], ".test")');
    one('Append([mail], “.test”)', 'expression-syntax', /typographic quote/, '“', 'Append([mail], ".test")');
    one('IIF([a]="x" AND [b]="y", "1", "0")', 'expression-syntax', /^Entra conditions have no AND: nest IIF instead/, 'AND', undefined, site('mapping', ['a', 'b']));
    one('Etc/UTC', 'expression-syntax', "'Etc/UTC' is not an Entra expression: a constant is written in double quotes, \"Etc/UTC\".", 'Etc/UTC', '"Etc/UTC"');
    one('IIF(IsPresent([mail]), True, "False")', 'expression-syntax', 'Entra has no Boolean literal True: write the string "True".', 'True', 'IIF(IsPresent([mail]), "True", "False")');
    one('[mail] = [userPrincipalName]', 'expression-syntax', /^A comparison works only as IIF's condition \(or in CBool\)/, '=');
    one('Not([accountEnabled]))', 'expression-syntax', "Unexpected ')': remove it, or add the '(' it closes.", ')', 'Not([accountEnabled])');
    one('', 'expression-syntax', 'The expression is empty: write one, e.g. [mail].');
  });

  it("the 10,000-character limit (Entra's) and the nesting limit are refused in bounded time, without throwing", () => {
    const long = `Join("", ${Array.from({ length: 1400 }, () => '[mail]').join(', ')})`;
    assert.ok(long.length > MAX_LENGTH);
    one(long, 'expression-syntax', /^The expression is [\d,]+ characters long: Entra allows at most 10,000; shorten it\.$/);
    const at = `Join("", ${Array.from({ length: 1400 }, () => '[mail]').join(', ')})`.slice(0, MAX_LENGTH);
    assert.equal(at.length, MAX_LENGTH);
    assert.equal(entra.check(at, site())[0]?.code, 'expression-syntax', 'cut at the limit: unclosed, not refused for length');
    const deep = `${'ToLower('.repeat(MAX_DEPTH + 1)}[mail]${')'.repeat(MAX_DEPTH + 1)}`;
    one(deep, 'expression-syntax', `The expression is nested more than ${MAX_DEPTH} levels deep: simplify it.`);
    const ok = `${'ToLower('.repeat(MAX_DEPTH - 5)}[mail]${')'.repeat(MAX_DEPTH - 5)}`;
    assert.deepEqual(entra.check(ok, site()), []);
  });

  it('SAML claims: user.<id> sources in lower case, transformations, at most two of them', () => {
    const saml = site('saml');
    for (const e of ['user.objectid', 'user.givenname', 'user.extensionattribute7', 'user.extension_53c9e2c0e2b84a8f9d6b8b7c6d5e4f3a_costcenter', '"Flosum"',
      'ToLowercase(ExtractMailPrefix(user.userprincipalname))', 'company.tenantcountry']) {
      assert.deepEqual(entra.check(e, saml), [], e);
    }
    one('user.firstName', 'expression-unknown-attribute', "'user.firstName' is Okta's name: Entra's claim source is 'user.givenname'.", 'user.firstName', 'user.givenname', saml);
    one('user.id', 'expression-unknown-attribute', "'user.id' is Okta's name: Entra's claim source is 'user.objectid'.", 'user.id', 'user.objectid', saml);
    one('user.givenName', 'expression-unknown-attribute', "Unknown claim source 'user.givenName': did you mean 'user.givenname'?", 'user.givenName', 'user.givenname', saml);
    one('[mail]', 'expression-unknown-attribute', "SAML claims name the source 'user.mail', not '[mail]' (a provisioning mapping's form).", '[mail]', 'user.mail', saml);
    one('[mobile]', 'expression-unknown-attribute', /the source 'user.mobilephone'/, '[mobile]', 'user.mobilephone', saml);
    one('Switch(user.mail, "", "a", "b")', 'expression-unknown-function', 'Switch is a function of attribute mappings, not of SAML claims.', 'Switch', undefined, saml);
    one('ToUppercase(ToLowercase(ExtractMailPrefix(user.mail)))', 'expression-syntax', /^Entra applies at most 2 transformations to a claim: this is transformation 3/, 'ExtractMailPrefix', undefined, saml);
  });

  it('the YAML flow-sequence trap: unquoted [mail] is a list; the hook explains it and quotes it', () => {
    const p = entra.unquotedExpression!('[mail]', site('mapping', [], 'userName'));
    assert.equal(p?.code, 'expression-syntax');
    assert.equal(p?.message, 'Unquoted, [mail] is a YAML list, not an Entra expression: quote it, userName: "[mail]".');
    assert.deepEqual(p?.fixes?.map((f) => [f.title, f.edits.length, f.isPreferred]), [['Quote it: "[mail]"', 0, true]]);
    const two = entra.unquotedExpression!('[givenName, surname]', site());
    assert.match(two?.message ?? '', /^Unquoted, \[givenName, surname\] is a YAML list: an Entra value is one expression in quotes/);
    assert.equal(two?.fixes, undefined);
    assert.equal(entra.unquotedExpression!('- mail', site()), undefined, 'a block list is not an expression');
    assert.equal(entra.unquotedExpression!('{a: b}', site()), undefined);
  });

  it('canonical: spacing does not matter, case and quoting of strings do', () => {
    assert.equal(entra.canonical(' Join( " " ,[givenName] , [surname] ) '), entra.canonical('Join(" ",[givenName],[surname])'));
    assert.notEqual(entra.canonical('[Mail]'), entra.canonical('[mail]'));
    assert.equal(entra.canonical('Switch([x], , "a", "b")'), 'Switch([x],,"a","b")');
    assert.equal(entra.canonical('Join("", [mail'), undefined);
  });

  it('the profile from an assignment, in Entra names; a stable stand-in object id', () => {
    const p = entra.personProfile({ userName: 'jane@example.com', givenName: 'Jane', familyName: 'Doe', timezone: 'Europe/Berlin', profile: { extensionAttribute1: 'Europe/Berlin' } });
    assert.equal(p.idp, 'entra-id');
    assert.deepEqual(
      { upn: p.attributes.userPrincipalName, mail: p.attributes.mail, given: p.attributes.givenName, sur: p.attributes.surname, display: p.attributes.displayName, nick: p.attributes.mailNickname },
      { upn: 'jane@example.com', mail: 'jane@example.com', given: 'Jane', sur: 'Doe', display: 'Jane Doe', nick: 'jane' });
    assert.equal(p.attributes.timezone, undefined, 'Entra has no time-zone attribute');
    assert.equal(p.attributes.extensionAttribute1, 'Europe/Berlin');
    assert.match(p.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(p.id, entra.personProfile({ userName: 'JANE@example.com' }).id);
    assert.notEqual(p.id, entra.personProfile({ userName: 'raj@example.com' }).id);
    assert.equal(entra.personProfile({ userName: 'x@example.com', email: 'robert@example.com' }).attributes.mail, 'robert@example.com');
    const r = entra.evaluate('[objectId]', p, 'mapping');
    assert.equal(r.kind === 'value' && r.value, p.id);
    assert.match(r.kind === 'value' ? r.notes?.join(' ') ?? '' : '', /stand-in/);
  });

  it("Test Connection's request: a userName filter for a fresh random name, URL-encoded", () => {
    const a = entra.connectionTest.path();
    const b = entra.connectionTest.path();
    assert.notEqual(a, b);
    const m = /^\/Users\?filter=(.+)$/.exec(a);
    assert.ok(m, a);
    assert.doesNotMatch(m[1], /[ "]/, 'encoded');
    assert.match(decodeURIComponent(m[1]), /^userName eq "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$/);
    assert.equal(entra.connectionTest.expectEmpty, true);
    assert.equal(entra.connectionTest.button, 'Test Connection');
  });
});

describe('Entra ID evaluator: the behaviour the reference states in words', () => {
  // functions-for-customizing-application-data.md @ dda85497b0: the sentences each case quotes.
  const person = entra.personProfile({ userName: 'jane@example.com', givenName: 'Jane', profile: { state: 'QLD', accountEnabled: true, empty: '', n: 42 } });
  const value = (expr: string) => {
    const r = entra.evaluate(expr, person, 'mapping');
    assert.equal(r.kind, 'value', `${expr}: ${JSON.stringify(r)}`);
    return r.kind === 'value' ? r.value : undefined;
  };

  it('Switch "performs a case-sensitive string comparison of the source and key values"', () => {
    assert.equal(value('Switch([state], "none", "qld", "lower")'), 'none');
    assert.equal(value('Switch([state], "none", "QLD", "upper")'), 'upper');
    assert.equal(value('Switch(ToLower([state]), "none", "qld", "lower")'), 'lower');
  });

  it('Left: "If numChars = 0, return empty string. If numChars < 0, return input string. If string is null, return empty string."', () => {
    assert.equal(value('Left([givenName], 0)'), '');
    assert.equal(value('Left([givenName], -1)'), 'Jane');
    assert.equal(value('Left([surname], 2)'), '');
    assert.equal(value('Left([givenName], 10)'), 'Jane');
  });

  it('Mid counts from 1; "If length ends outside the source string, function returns substring from start index until end"', () => {
    assert.equal(value('Mid([givenName], 2, 2)'), 'an');
    assert.equal(value('Mid([givenName], 3, 99)'), 'ne');
  });

  it('Word: "If number < 1, returns empty string. If string is null, returns empty string." and fewer words give ""', () => {
    assert.equal(value('Word("a b c", 0, " ")'), '');
    assert.equal(value('Word([surname], 1, " ")'), '');
    assert.equal(value('Word("a b c", 4, " ")'), '');
  });

  it('Not: "If source value is True, returns False. Otherwise, returns True."', () => {
    assert.equal(value('Not("True")'), false);
    assert.equal(value('Not("False")'), true);
    assert.equal(value('Not([accountEnabled])'), false);
    assert.equal(value('Not([surname])'), true);
  });

  it('IsNull (absent attribute), IsNullOrEmpty (absent or ""), IsPresent (the inverse of IsNullOrEmpty); CStr of numbers and Booleans', () => {
    assert.deepEqual([value('IsNull([surname])'), value('IsNull([empty])'), value('IsNull([givenName])')], [true, false, false]);
    assert.deepEqual([value('IsNullOrEmpty([surname])'), value('IsNullOrEmpty([empty])'), value('IsNullOrEmpty([givenName])')], [true, true, false]);
    assert.deepEqual([value('IsPresent([surname])'), value('IsPresent([empty])'), value('IsPresent([givenName])')], [false, false, true]);
    assert.deepEqual([value('CStr([n])'), value('CStr([accountEnabled])'), value('CStr(IsPresent([givenName]))')], ['42', 'True', 'True']);
  });

  it('Append, StripSpaces ("removes all space characters"), ToUpper/ToLower with a culture, Coalesce\'s default', () => {
    assert.equal(value('Append([givenName], ".x")'), 'Jane.x');
    assert.equal(value('StripSpaces(" a b\tc ")'), 'ab\tc');
    assert.equal(value('ToUpper("istanbul", "tr-TR")'), 'İSTANBUL');
    assert.equal(value('ToLower("JANE")'), 'jane');
    assert.equal(value('Coalesce([surname], [empty], "default")'), '', 'an empty string is not NULL: the first non-NULL source wins');
    assert.equal(value('Coalesce([surname], "default")'), 'default');
  });

  it('a NULL result says Entra does not send it; values only Entra knows are not guessed', () => {
    const r = entra.evaluate('[surname]', person, 'mapping');
    assert.equal(r.kind === 'value' && r.value, null);
    assert.match(r.kind === 'value' ? r.notes?.join(' ') ?? '' : '', /Entra does not provision null values/);
    assert.deepEqual(entra.evaluate('Now()', person, 'mapping'), { kind: 'unknown', reason: 'Now is the time Entra evaluates it' });
    // A pattern that nests repetitions is not run (bounded time on any input).
    assert.equal(entra.evaluate('Replace([givenName], , "(a+)+$", , "", , )', person, 'mapping').kind, 'unknown');
  });
});

describe('Entra ID completion and hover', () => {
  it('at the start of a mapping value: whole [attribute] references (custom ones too) and the functions as snippets', () => {
    const items = entra.completions('', 0, site('mapping', ['costCenterCode']));
    const mail = items.find((i) => i.label === '[mail]');
    assert.deepEqual(mail && { kind: mail.kind, insertText: mail.insertText, start: mail.start, end: mail.end }, { kind: 'expression', insertText: '[mail]', start: 0, end: 0 });
    assert.ok(items.some((i) => i.label === '[costCenterCode]' && i.detail === 'custom attribute'));
    assert.ok(items.some((i) => i.label === '[extensionAttribute15]'));
    const join = items.find((i) => i.label === 'Join');
    assert.equal(join?.insertText, 'Join(${1:separator}, ${2:source1}, ${3:source2})');
    assert.equal(join?.snippet, true);
    assert.equal(items.find((i) => i.label === 'Replace')?.insertText, 'Replace(${1:source}, ${2:oldValue}, , , ${3:replacementValue}, , )');
    assert.ok(!items.some((i) => i.label === 'SelectUniqueValue'), 'not offered where it does not work');
  });

  it('inside [ the names, replacing the partial name and closing the bracket; a whole reference stays an expression', () => {
    const at = entra.completions('[gi', 3, site());
    const g = at.find((i) => i.label === 'givenName');
    assert.deepEqual(g && { kind: g.kind, insertText: g.insertText, start: g.start, end: g.end }, { kind: 'expression', insertText: '[givenName]', start: 0, end: 3 });
    const nested = entra.completions('Join(" ", [su])', 12, site());
    const s = nested.find((i) => i.label === 'surname');
    assert.deepEqual(s && { kind: s.kind, insertText: s.insertText, start: s.start, end: s.end }, { kind: 'attribute', insertText: '[surname]', start: 10, end: 14 });
    assert.deepEqual(entra.completions('Append([mail], "[gi', 19, site()), [], 'nothing inside a string');
  });

  it('SAML: after user. the claim sources; at the start user.<id> and the transformations', () => {
    const after = entra.completions('user.gi', 7, site('saml'));
    assert.deepEqual(after.filter((i) => i.label === 'givenname').map((i) => [i.insertText, i.start, i.end]), [['givenname', 5, 7]]);
    const start = entra.completions('', 0, site('saml'));
    assert.ok(start.some((i) => i.label === 'user.objectid' && i.kind === 'expression'));
    assert.ok(start.some((i) => i.label === 'ExtractMailPrefix' && i.snippet));
  });

  it('hover: a function its signature and meaning, an attribute or claim source its description', () => {
    const f = entra.hover('Switch([IsSoftDeleted], , "False", "True", "True", "False")', 2, site());
    assert.match(f?.markdown ?? '', /Switch\(source, \[defaultValue\], key1, value1, key2, value2, …\) → String/);
    assert.deepEqual([f?.start, f?.end], [0, 6]);
    const a = entra.hover('Join(" ", [givenName], [surname])', 13, site());
    assert.match(a?.markdown ?? '', /\*\*\[givenName\]\*\* \(Entra user attribute\)\n\nGiven \(first\) name\./);
    assert.deepEqual([a?.start, a?.end], [10, 21]);
    const ext = entra.hover('[extension_53c9e2c0e2b84a8f9d6b8b7c6d5e4f3a_x]', 3, site());
    assert.match(ext?.markdown ?? '', /directory extension/);
    const c = entra.hover('user.givenname', 3, site('saml'));
    assert.match(c?.markdown ?? '', /Entra claim source/);
  });
});
