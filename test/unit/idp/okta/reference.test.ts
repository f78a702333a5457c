// Every example expression of Okta's Expression Language reference that uses the functions this
// extension evaluates: it parses, checks clean where it is written, and evaluates to the value the
// reference gives. The expressions and results are copied from the reference:
//   okta/okta-developer-docs @ 468de9c511 (release-2026.08.2),
//   packages/@okta/vuepress-site/docs/reference/okta-expression-language/index.md
// (sections "String functions", the deprecated functions, "Array functions", "Data conversion functions",
// "Constants and operators", "Conditional expressions", "Popular expressions"). Examples whose value
// depends on Okta's state (groups, the clock, linked users, its country table) must parse and check clean,
// and the evaluator says it cannot know their value instead of inventing one.
import assert from 'node:assert/strict';
import { okta } from '../../../../src/core/idp/okta/module';
import type { Assignment, EvalValue, ExpressionContext, ExpressionSite } from '../../../../src/core/idp/types';

interface Example {
  expr: string;
  /** The documented result. */
  value: EvalValue;
  /** The person the section assumes (default: none needed). */
  person?: Assignment;
}

const site = (context: ExpressionContext, customAttributes: string[] = []): ExpressionSite => ({ context, key: 'value', customAttributes });

/** The person of "Popular expressions": Winston Churchill. */
const WINSTON: Assignment = { userName: 'winston.churchill@gmail.com', givenName: 'Winston', familyName: 'Churchill', email: 'winston.churchill@gmail.com' };

const STRING_FUNCTIONS: Example[] = [
  { expr: 'String.append("This is", " a test")', value: 'This is a test' },
  { expr: 'String.join(",", "This", "is", "a", "test")', value: 'This,is,a,test' },
  { expr: 'String.join("", "This", "is", "a", "test")', value: 'Thisisatest' },
  { expr: 'String.len("This")', value: 4 },
  { expr: 'String.removeSpaces("This is a test")', value: 'Thisisatest' },
  { expr: 'String.replace("This is a test", "is", "at")', value: 'That at a test' },
  { expr: 'String.replaceFirst("This is a test", "is", "at")', value: 'That is a test' },
  { expr: 'String.startsWith("Kiss", "K")', value: true },
  { expr: 'String.stringContains("This is a test", "test")', value: true },
  { expr: 'String.stringContains("This is a test", "doesn\'tExist")', value: false },
  { expr: 'String.stringSwitch("This is a test", "default", "key1", "value1")', value: 'default' },
  { expr: 'String.stringSwitch("This is a test", "default", "test", "value1")', value: 'value1' },
  { expr: 'String.stringSwitch("First match wins", "default", "absent", "value1", "wins", "value2", "match", "value3")', value: 'value2' },
  { expr: 'String.stringSwitch("Substrings count", "default", "ring", "value1")', value: 'value1' },
  { expr: 'String.substring("This is a test", 2, 9)', value: 'is is a' },
  { expr: 'String.substringAfter("abc@okta.com", "@")', value: 'okta.com' },
  { expr: 'String.substringBefore("abc@okta.com", "@")', value: 'abc' },
  { expr: 'String.toUpperCase("This")', value: 'THIS' },
  { expr: 'String.toLowerCase("ThiS")', value: 'this' },
];

/** The deprecated forms, with the reference's "Input" column as the attribute's value. */
const DEPRECATED: Example[] = [
  { expr: 'toUpperCase(source.firstName)', value: 'ALEXANDER', person: { userName: 'alex@okta.com', givenName: 'Alexander' } },
  { expr: 'toLowerCase(source.firstName)', value: 'alexander', person: { userName: 'alex@okta.com', givenName: 'AlexANDER' } },
  { expr: "substringBefore(user.email, '@')", value: 'alex', person: { userName: 'alex@okta.com' } },
  { expr: "substringAfter(user.email, '@')", value: 'okta.com', person: { userName: 'alex@okta.com' } },
  { expr: 'substring(source.firstName, 1, 4)', value: 'lex', person: { userName: 'alex@okta.com', givenName: 'Alexander' } },
];

/** Array functions; `user.arrayAttribute` holds {10, 20, 30} as the reference's outputs imply. */
const ARRAYS_PERSON: Assignment = { userName: 'a@example.com', profile: { arrayAttribute: [10, 20, 30] } };
const ARRAY_FUNCTIONS: Example[] = [
  { expr: 'Arrays.add(user.arrayAttribute, 40)', value: [10, 20, 30, 40], person: ARRAYS_PERSON },
  { expr: 'Arrays.remove(user.arrayAttribute, 20)', value: [10, 30], person: ARRAYS_PERSON },
  { expr: 'Arrays.clear(user.arrayAttribute)', value: [], person: ARRAYS_PERSON },
  { expr: 'Arrays.get({0, 1, 2}, 0)', value: 0 },
  { expr: 'Arrays.flatten(10, {20, 30}, 40)', value: [10, 20, 30, 40] },
  { expr: 'Arrays.contains({10, 20, 30}, 10)', value: true },
  { expr: 'Arrays.contains({10, 20, 30}, 50)', value: false },
  { expr: 'Arrays.size({10, 20, 30})', value: 3 },
  { expr: 'Arrays.size(NULL)', value: 0 },
  { expr: 'Arrays.isEmpty({10, 20})', value: false },
  { expr: 'Arrays.isEmpty(NULL)', value: true },
  { expr: 'Arrays.toCsvString({"This", "is", " a ", "test"})', value: 'This,is, a ,test' },
];

/** Data conversion: the reference writes `Convert.toInt(val)` with `val` given in its Input column. */
const CONVERSIONS: Example[] = [
  { expr: "Convert.toInt('1234')", value: 1234 },
  { expr: 'Convert.toInt(123.4)', value: 123 },
  { expr: 'Convert.toInt(123.6)', value: 124 },
  { expr: "Convert.toNum('3.141')", value: 3.141 },
];

/** Constants and operators; `user.groupCode` is 123 as in the ternary's description. */
const OPERATORS: Example[] = [
  { expr: "'Hello world'", value: 'Hello world' },
  { expr: '1234', value: 1234 },
  { expr: '3.141', value: 3.141 },
  { expr: 'true', value: true },
  { expr: '{1, 2, 3}[0]', value: 1 },
  { expr: 'user.arrayProperty[0]', value: 'first', person: { userName: 'a@example.com', profile: { arrayProperty: ['first', 'second'] } } },
  { expr: 'user.firstName + user.lastName', value: 'WinstonChurchill', person: WINSTON },
  { expr: 'user.firstName + " " + user.lastName', value: 'Winston Churchill', person: WINSTON },
  { expr: "user.groupCode == 123 ? 'Sales' : 'Other'", value: 'Sales', person: { userName: 'a@example.com', profile: { groupCode: 123 } } },
];

/** "Popular expressions", for the reference's sample user Winston Churchill, with its example outputs. */
const POPULAR: Example[] = [
  { expr: 'user.firstName', value: 'Winston', person: WINSTON },
  { expr: 'user.firstName + user.lastName', value: 'WinstonChurchill', person: WINSTON },
  { expr: 'user.firstName + "." + user.lastName', value: 'Winston.Churchill', person: WINSTON },
  { expr: 'substring(user.firstName, 0, 1) + user.lastName', value: 'WChurchill', person: WINSTON },
  { expr: 'substring(user.firstName, 0, 1) + substring(user.lastName, 0, 6)', value: 'WChurch', person: WINSTON },
  // The reference prints "w.churchhill" (a typo: its own explanation lower-cases "Churchill").
  { expr: 'toLowerCase(substring( user.firstName, 0, 1)) + "." + toLowerCase(user.lastName)', value: 'w.churchill', person: WINSTON },
  // Okta strings have no backslash escapes: "\" is one backslash.
  { expr: 'toUpperCase(substringBefore( substringAfter(user.email, "@"), ".")) + "\\" + substringBefore( user.email, "@")', value: 'GMAIL\\winston.churchill', person: WINSTON },
  { expr: 'toUpperCase(substringBefore( substringAfter(user.email, "@"), ".")) + "\\" + toLowerCase(substring( user.firstName, 0, 1)) + toLowerCase(user.lastName)', value: 'GMAIL\\wchurchill', person: WINSTON },
  { expr: '"XDOMAIN\\" + toLowerCase(substring( user.firstName, 0, 1)) + toLowerCase(user.lastName)', value: 'XDOMAIN\\wchurchill', person: WINSTON },
];

/** Conditions: the group-rule samples, for a person who meets each condition (and one who does not). */
const CONDITION_CUSTOM = ['salary', 'isContractor'];
const MEETS: Assignment = {
  userName: 'c@example.com',
  profile: { department: 'California-North-Sales', city: 'San Francisco', salary: 2000000, isContractor: false, primaryPhone: '+1 415-555-0100', title: 'Engineer' },
};
const MISSES: Assignment = { userName: 'd@example.com', profile: { department: 'Support', city: 'Berlin', salary: 50000, isContractor: true, primaryPhone: '12', title: 'Senior Engineer' } };
const CONDITIONS = [
  'String.stringContains(user.department, "Sales")',
  'user.city == "San Francisco"',
  'user.salary >= 1000000',
  '!user.isContractor',
  'user.salary > 1000000 AND !user.isContractor',
  'user.department matches "California-[a-zA-Z]+-Sales"',
  String.raw`user.primaryPhone matches "(\+\d{1,2}\s)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}"`,
  // Java's matches() matches the whole text: 'Senior Engineer' does not match '(?i)engineer'.
  "user.title matches '(?i)engineer'",
];

/** "Check for null and blank attributes". */
const NULL_CHECKS: { expr: string; person: Assignment; value: EvalValue }[] = [
  { expr: 'user.employeeNumber != "" AND user.employeeNumber != null ? user.employeeNumber : user.nonEmployeeNumber', person: { userName: 'e@example.com', profile: { employeeNumber: 'E-7' } }, value: 'E-7' },
  { expr: 'user.employeeNumber != "" AND user.employeeNumber != null ? user.employeeNumber : user.nonEmployeeNumber', person: { userName: 'e@example.com', profile: { employeeNumber: '', nonEmployeeNumber: 'N-9' } }, value: 'N-9' },
  { expr: 'user.employeeNumber == null', person: { userName: 'e@example.com' }, value: true },
  { expr: 'user.employeeNumber == ""', person: { userName: 'e@example.com', profile: { employeeNumber: '' } }, value: true },
];

/** Examples whose value is Okta's to know: they check clean in their context and are not guessed. */
const OKTA_STATE: { expr: string; context: ExpressionContext }[] = [
  { expr: 'Iso3166Convert.toAlpha2("IND")', context: 'mapping' },
  { expr: 'Iso3166Convert.toAlpha3("840")', context: 'mapping' },
  { expr: 'Iso3166Convert.toNumeric("USA")', context: 'mapping' },
  { expr: 'Iso3166Convert.toName("IN")', context: 'mapping' },
  { expr: 'isMemberOfGroupName("group1")', context: 'mapping' },
  { expr: 'isMemberOfGroup("groupId")', context: 'mapping' },
  { expr: 'isMemberOfAnyGroup("groupId1", "groupId2", "groupId3")', context: 'mapping' },
  { expr: 'isMemberOfGroupNameStartsWith("San Fr")', context: 'mapping' },
  { expr: 'isMemberOfGroupNameContains("admin")', context: 'mapping' },
  { expr: 'isMemberOfGroupNameRegex("/.*admin.*")', context: 'mapping' },
  { expr: 'getFilteredGroups({"00gml2xHE3RYRx7cM0g3"}, "group.name", 40)', context: 'saml' },
  { expr: "user.getGroups({'group.id': {'00gjitX9HqABSoqTB0g3'}}, {'group.profile.name': 'West Coast.*'})", context: 'mapping' },
  { expr: "user.getGroups({'group.type': {'OKTA_GROUP', 'APP_GROUP'}})", context: 'mapping' },
  { expr: 'user.getGroups({"group.profile.name": "Everyone", "operator": "STARTS_WITH"}).![name]', context: 'saml' },
  { expr: 'user.getLinkedObject("manager").lastName', context: 'mapping' },
  { expr: 'Time.now()', context: 'mapping' },
  { expr: 'Time.now("EST")', context: 'mapping' },
  { expr: 'Time.now("EST", "YYYY-MM-dd HH:mm:ss")', context: 'mapping' },
  { expr: 'getManagerUser("active_directory").firstName', context: 'mapping' },
  { expr: 'getManagerAppUser("active_directory", "google").firstName', context: 'mapping' },
  { expr: 'getAssistantUser("active_directory").firstName', context: 'mapping' },
  { expr: 'getAssistantAppUser("active_directory", "google").firstName', context: 'mapping' },
  { expr: 'hasWorkdayUser() ? findWorkdayUser().employeeID : null', context: 'mapping' },
  { expr: 'hasDirectoryUser() ? findDirectoryUser().managerUpn : null', context: 'mapping' },
  { expr: 'Groups.startsWith("OKTA", "TEST", 100) ?: {}', context: 'saml' },
];

function evaluate(expr: string, person: Assignment = WINSTON): ReturnType<typeof okta.evaluate> {
  return okta.evaluate(expr, okta.personProfile(person));
}

function codesOf(expr: string, s: ExpressionSite): string[] {
  return okta.check(expr, s).map((p) => p.code);
}

describe("Okta Expression Language reference examples", () => {
  for (const [section, examples, custom] of [
    ['String functions', STRING_FUNCTIONS, []], ['Array functions', ARRAY_FUNCTIONS, ['arrayAttribute']], ['Data conversion', CONVERSIONS, []],
    ['Constants and operators', OPERATORS, ['arrayProperty', 'groupCode']], ['Popular expressions', POPULAR, []],
  ] as const) {
    describe(section, () => {
      for (const ex of examples) {
        it(`${ex.expr} → ${JSON.stringify(ex.value)}`, () => {
          const problems = okta.check(ex.expr, site('mapping', [...custom]));
          // The popular expressions use the deprecated forms: they check with only that warning.
          assert.ok(problems.every((p) => p.code === 'expression-deprecated' && p.severity === 'warning'), JSON.stringify(problems));
          assert.equal(problems.length > 0, section === 'Popular expressions' && /(^|[^.\w])(substring|toLowerCase|toUpperCase|substringBefore|substringAfter)\(/.test(ex.expr));
          assert.deepEqual(evaluate(ex.expr, ex.person), { kind: 'value', value: ex.value });
        });
      }
    });
  }

  describe('deprecated functions', () => {
    for (const ex of DEPRECATED) {
      it(`${ex.expr} → ${JSON.stringify(ex.value)}, a warning with the String. form as its fix`, () => {
        const r = evaluate(ex.expr, ex.person);
        assert.equal(r.kind, 'value');
        assert.deepEqual(r.kind === 'value' && r.value, ex.value);
        // `source.` is the username-template profile: in a To App mapping it is unknown, with the user. suggestion.
        const problems = okta.check(ex.expr, site('mapping'));
        assert.deepEqual(problems.map((p) => p.code).filter((c) => c !== 'expression-unknown-attribute'), ['expression-deprecated']);
        const dep = problems.find((p) => p.code === 'expression-deprecated')!;
        const fixed = dep.fixes![0].edits.reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), ex.expr);
        assert.match(fixed, /^String\./);
        assert.deepEqual(evaluate(fixed, ex.person), r);
        if (ex.expr.includes('source.')) {
          assert.match(problems.find((p) => p.code === 'expression-unknown-attribute')!.message, /use 'user\.firstName'/);
        }
      });
    }
  });

  describe('conditional expressions (group rule samples)', () => {
    for (const expr of CONDITIONS) {
      it(`${expr}: true for a person who meets it, false for one who does not`, () => {
        assert.deepEqual(codesOf(expr, site('mapping', CONDITION_CUSTOM)), []);
        assert.deepEqual(evaluate(expr, MEETS), { kind: 'value', value: true });
        assert.deepEqual(evaluate(expr, MISSES), { kind: 'value', value: false });
      });
    }
    it('the profile-mapping samples (bare attributes of the source system) parse and evaluate; in a To App mapping each bare name gets the user. fix', () => {
      const expr = 'firstName + " " + (String.len(middleInitial) == 0 ? "" : (String.substring(middleInitial, 0, 1) + ". ")) + lastName';
      const person = okta.personProfile({ userName: 'w@example.com', givenName: 'Winston', familyName: 'Churchill', profile: { middleInitial: 'Leonard' } });
      assert.deepEqual(okta.evaluate(expr, person), { kind: 'value', value: 'Winston L. Churchill' });
      assert.deepEqual(okta.evaluate(expr, { ...person, attributes: { ...person.attributes, middleInitial: '' } }), { kind: 'value', value: 'Winston Churchill' });
      const problems = okta.check(expr, site('mapping'));
      assert.deepEqual(problems.map((p) => p.code), ['expression-unknown-attribute', 'expression-unknown-attribute', 'expression-unknown-attribute', 'expression-unknown-attribute']);
      assert.deepEqual(problems.map((p) => p.fixes?.[0]?.edits[0].newText), ['user.firstName', undefined, undefined, 'user.lastName']);
      const title = '(courtesyTitle != "" ? (courtesyTitle + " ") : honorificPrefix != "" ? (honorificPrefix + " ") : "") + firstName + " " + (String.len(middleInitial) == 0 ? "" : (String.substring(middleInitial, 0, 1) + ". ")) + lastName';
      const sir = { ...person, attributes: { ...person.attributes, courtesyTitle: '', honorificPrefix: 'Sir' } };
      assert.deepEqual(okta.evaluate(title, sir), { kind: 'value', value: 'Sir Winston L. Churchill' });
    });
    for (const ex of NULL_CHECKS) {
      it(`${ex.expr} → ${JSON.stringify(ex.value)} (${JSON.stringify(ex.person.profile ?? {})})`, () => {
        assert.deepEqual(codesOf(ex.expr, site('mapping', ['nonEmployeeNumber'])), []);
        assert.deepEqual(evaluate(ex.expr, ex.person).kind, 'value');
        const r = evaluate(ex.expr, ex.person);
        assert.deepEqual(r.kind === 'value' ? r.value : r, ex.value);
      });
    }
    it('user.getInternalProperty("id") and ("status")', () => {
      const person = okta.personProfile(WINSTON);
      assert.deepEqual(codesOf('user.getInternalProperty("id")', site('saml')), []);
      const id = okta.evaluate('user.getInternalProperty("id")', person);
      assert.ok(id.kind === 'value' && id.value === person.id && /^00u[A-Za-z0-9]{17}$/.test(person.id));
      assert.deepEqual(okta.evaluate('user.getInternalProperty("status") == "ACTIVE"', person), { kind: 'value', value: true });
    });
  });

  describe("values that are Okta's to know", () => {
    for (const ex of OKTA_STATE) {
      it(`${ex.expr}: checks clean in ${ex.context === 'saml' ? 'a SAML statement' : 'a To App mapping'}, evaluates to "unknown"`, () => {
        assert.deepEqual(okta.check(ex.expr, site(ex.context)), []);
        assert.equal(evaluate(ex.expr).kind, 'unknown');
      });
    }
    it('group-claim functions are reported in To App mappings (the reference: "You can\'t use these functions with property mappings")', () => {
      const p = okta.check('Groups.startsWith("OKTA", "TEST", 100) ?: {}', site('mapping'));
      assert.deepEqual(p.map((x) => x.code), ['expression-unknown-function']);
      assert.match(p[0].message, /only in group claims/);
    });
  });
});
