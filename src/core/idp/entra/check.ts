// The Entra ID checker: walks a parsed expression and reports what Entra would reject or misread:
// attributes that are not sources of an Entra user (exact case; directory extensions and
// app.customAttributes allowed), functions Entra does not have (exact case: `replace` is not
// `Replace`) or that do not work in a SCIM app, wrong argument counts and arguments left empty where a
// value is required, and Okta's forms pasted into an Entra file (`user.firstName` -> `[givenName]`,
// `String.toLowerCase` -> `ToLower`). In SAML claims the sources are `user.<lowercase id>`.
// Messages lead with the fact and the fix; the fix replaces only the offending part.
import { closest } from '../../shared/text';
import type { ExpressionContext, ExpressionProblem, ExpressionSite } from '../types';
import {
  COMPARE_TYPES, DIRECTORY_EXTENSION, ENTRA_ATTRIBUTES, FUNCTION_ALIASES, OKTA_FUNCTIONS_IN_ENTRA, SAML_SOURCES, UNAVAILABLE_ATTRIBUTES,
  entraForOkta, functionByName, functionsFor,
} from './catalog';
import type { EntraFunction } from './catalog';
import type { Arg, Node } from './ast';

/** Names people write for an Entra source attribute (SCIM, Okta, LDAP habits), lower case -> Entra's name. */
const ATTRIBUTE_ALIASES: Readonly<Record<string, string>> = {
  upn: 'userPrincipalName', username: 'userPrincipalName', login: 'userPrincipalName', email: 'mail', emailaddress: 'mail', primaryemail: 'mail',
  firstname: 'givenName', lastname: 'surname', familyname: 'surname', sn: 'surname', id: 'objectId', objectguid: 'objectId', oid: 'objectId',
  title: 'jobTitle', phone: 'telephoneNumber', mobilephone: 'mobile', zip: 'postalCode', zipcode: 'postalCode', company: 'companyName',
  employeenumber: 'employeeId', nickname: 'mailNickname', alias: 'mailNickname', active: 'IsSoftDeleted', enabled: 'accountEnabled',
  issoftdeleted: 'IsSoftDeleted', countrycode: 'usageLocation', office: 'physicalDeliveryOfficeName', language: 'preferredLanguage',
};

const NO_TIMEZONE = 'Entra has no time-zone attribute: map a constant ("Etc/UTC") or an extension attribute that holds the IANA zone ([extensionAttribute1]).';

const CONTEXT_NAME: Record<ExpressionContext, string> = { mapping: 'attribute mappings', saml: 'SAML claims' };

/** Other roots of claim sources (claims reference: application, resource, audience, company). */
const SAML_OTHER_SOURCES: Readonly<Record<string, readonly string[]>> = {
  application: ['displayname', 'objectid', 'tags'], resource: ['displayname', 'objectid', 'tags'], audience: ['displayname', 'objectid', 'tags'],
  company: ['tenantcountry'],
};

/** At most two claim transformations per claim (saml-claims-customization.md). */
const MAX_TRANSFORMATIONS = 2;

interface Env {
  site: ExpressionSite;
  attrs: Set<string>;
  attrList: string[];
  samlList: string[];
  out: ExpressionProblem[];
}

function problem(env: Env, p: Omit<ExpressionProblem, 'severity'>): void {
  env.out.push({ severity: 'error', ...p });
}

/** The source attributes readable in a mapping: Entra's, and app.customAttributes. */
export function mappingAttributeNames(customAttributes: readonly string[]): string[] {
  return [...ENTRA_ATTRIBUTES.map((a) => a.name), ...customAttributes.filter((c) => c.trim() !== '')];
}

function samlSourceNames(customAttributes: readonly string[]): string[] {
  return [...SAML_SOURCES.map((a) => a.name), ...customAttributes.filter((c) => c.trim() !== '')];
}

/** The Entra attribute a wrong name most likely means: same letters in another case, Okta's name, a habit, then the nearest. */
export function suggestAttribute(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const exact = candidates.find((c) => c.toLowerCase() === lower);
  if (exact) return exact;
  const fromOkta = entraForOkta(name, 'mapping');
  if (fromOkta && candidates.includes(fromOkta)) return fromOkta;
  const alias = ATTRIBUTE_ALIASES[lower];
  if (alias && candidates.includes(alias)) return alias;
  return closest(name, candidates);
}

function suggestSamlSource(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const exact = candidates.find((c) => c.toLowerCase() === lower);
  if (exact) return exact;
  const fromOkta = entraForOkta(name, 'saml');
  if (fromOkta) return fromOkta;
  const alias = ATTRIBUTE_ALIASES[lower];
  if (alias && candidates.includes(alias.toLowerCase())) return alias.toLowerCase();
  return closest(lower, candidates);
}

function isKnownAttribute(env: Env, name: string): boolean {
  return env.attrs.has(name) || DIRECTORY_EXTENSION.test(name);
}

function attributeDetail(env: Env): string {
  const custom = env.site.customAttributes;
  return 'Entra source attributes are case-sensitive: userPrincipalName, mail, givenName, surname, displayName, mailNickname, objectId, jobTitle, department, employeeId, ' +
    'extensionAttribute1..15, directory extensions extension_<app id>_<name>, …' +
    (custom.length ? ` Declared in app.customAttributes: ${custom.join(', ')}.` : ' Attributes your tenant added go in app.customAttributes.');
}

function checkAttribute(env: Env, n: Extract<Node, { type: 'attribute' }>): void {
  const nameStart = n.start + 1;
  const nameEnd = n.end - 1;
  if (env.site.context === 'saml') {
    const s = env.samlList.includes(n.name.toLowerCase()) ? n.name.toLowerCase() : suggestSamlSource(n.name, env.samlList) ?? samlFromMapping(n.name);
    problem(env, {
      code: 'expression-unknown-attribute', start: n.start, end: n.end,
      message: s ? `SAML claims name the source 'user.${s}', not '[${n.name}]' (a provisioning mapping's form).` : `SAML claims name their sources user.<name>, not '[${n.name}]'.`,
      detail: 'Claim sources are written user.<id> in lower case (user.mail, user.givenname, user.objectid); [attribute] is the form of provisioning attribute mappings.',
      fixes: s ? [{ title: `Change to 'user.${s}'`, edits: [{ start: n.start, end: n.end, newText: `user.${s}` }], isPreferred: true }] : undefined,
    });
    return;
  }
  if (isKnownAttribute(env, n.name)) return;
  const trimmed = n.name.trim();
  if (trimmed !== n.name && isKnownAttribute(env, trimmed)) {
    problem(env, {
      code: 'expression-unknown-attribute', start: nameStart, end: nameEnd,
      message: `'[${n.name}]' has spaces inside the brackets: write '[${trimmed}]'.`,
      fixes: [{ title: `Change to '[${trimmed}]'`, edits: [{ start: nameStart, end: nameEnd, newText: trimmed }], isPreferred: true }],
    });
    return;
  }
  if (UNAVAILABLE_ATTRIBUTES[n.name]) {
    problem(env, { code: 'expression-unknown-attribute', start: nameStart, end: nameEnd, message: UNAVAILABLE_ATTRIBUTES[n.name], detail: attributeDetail(env) });
    return;
  }
  if (/^extension_/i.test(n.name)) {
    problem(env, {
      code: 'expression-unknown-attribute', start: nameStart, end: nameEnd,
      message: `'[${n.name}]' is not a directory extension name: write extension_<app id, 32 hex digits>_<name>.`,
      detail: 'A directory extension is named after the app registration that owns it: extension_ + its application (client) id without dashes + _ + the name, case-sensitive.',
    });
    return;
  }
  if (/^(time_?zone|tz|timezoneid)$/i.test(n.name)) {
    problem(env, { code: 'expression-unknown-attribute', start: nameStart, end: nameEnd, message: `Unknown attribute '[${n.name}]': ${NO_TIMEZONE}` });
    return;
  }
  const s = suggestAttribute(n.name, env.attrList);
  problem(env, {
    code: 'expression-unknown-attribute', start: nameStart, end: nameEnd,
    message: s ? `Unknown attribute '[${n.name}]': did you mean '[${s}]'?` : `Unknown attribute '[${n.name}]': declare it in app.customAttributes if your Entra users have it.`,
    detail: attributeDetail(env),
    fixes: s ? [{ title: `Change to '[${s}]'`, edits: [{ start: nameStart, end: nameEnd, newText: s }], isPreferred: true }] : undefined,
  });
}

/** `[mobile]` in a SAML claim: the claim source with the same meaning. */
function samlFromMapping(name: string): string | undefined {
  const a = ENTRA_ATTRIBUTES.find((x) => x.name.toLowerCase() === name.toLowerCase());
  const okta = a?.okta;
  return okta ? SAML_SOURCES.find((x) => x.okta === okta)?.name : undefined;
}

/** A name on its own: a claim source (SAML), InStr's compare type, or a mistake worth explaining. */
function checkName(env: Env, n: Extract<Node, { type: 'name' }>, parent: { f?: EntraFunction; index: number } | undefined): void {
  if (COMPARE_TYPES[n.name]) {
    if (parent?.f?.name === 'InStr' && parent.index === 3) return;
    problem(env, { code: 'expression-syntax', start: n.start, end: n.end, message: `${n.name} is only InStr's compareType (its fourth argument).` });
    return;
  }
  const dot = n.name.indexOf('.');
  const root = dot >= 0 ? n.name.slice(0, dot) : undefined;
  const rest = dot >= 0 ? n.name.slice(dot + 1) : n.name;
  if (env.site.context === 'saml') {
    checkSamlName(env, n, root, rest);
    return;
  }
  if (/^(true|false)$/i.test(n.name)) {
    const v = n.name[0].toUpperCase() + n.name.slice(1).toLowerCase();
    problem(env, {
      code: 'expression-syntax', start: n.start, end: n.end, message: `Entra has no Boolean literal ${n.name}: write the string "${v}".`,
      detail: 'Entra compares Booleans as the strings "True" and "False" (Switch([IsSoftDeleted], , "False", "True", "True", "False")).',
      fixes: [{ title: `Change to "${v}"`, edits: [{ start: n.start, end: n.end, newText: `"${v}"` }], isPreferred: true }],
    });
    return;
  }
  if (root !== undefined) {
    // `user.firstName` (Okta), `user.mail` (SAML claims), `appuser.x`: a mapping reads [attribute].
    const last = rest.includes('.') ? rest.slice(rest.lastIndexOf('.') + 1) : rest;
    const samlForm = SAML_SOURCES.some((a) => a.name === last) && last === last.toLowerCase();
    const target = entraForOkta(last, 'mapping') ?? suggestAttribute(last, env.attrList);
    const timezone = /^time_?zone$/i.test(last);
    const what = samlForm && root === 'user' ? 'how a SAML claim names its source' : 'Okta syntax';
    problem(env, {
      code: 'expression-unknown-attribute', start: n.start, end: n.end,
      message: timezone ? `'${n.name}' is Okta syntax: ${NO_TIMEZONE}`
        : target ? `'${n.name}' is ${what}: an Entra mapping reads '[${target}]'.` : `'${n.name}' is ${what}: Entra mappings read attributes in brackets, [name].`,
      detail: 'Entra attribute mappings write a source attribute in square brackets ([givenName]), a constant in double quotes, and functions such as Join(" ", [givenName], [surname]).',
      fixes: target && !timezone ? [{ title: `Change to '[${target}]'`, edits: [{ start: n.start, end: n.end, newText: `[${target}]` }], isPreferred: true }] : undefined,
    });
    return;
  }
  const s = isKnownAttribute(env, n.name) ? n.name : suggestAttribute(n.name, env.attrList);
  problem(env, {
    code: 'expression-unknown-attribute', start: n.start, end: n.end,
    message: s ? `'${n.name}' is not an Entra expression: an attribute is written in brackets, '[${s}]'.`
      : `'${n.name}' is not an Entra expression: write an attribute in brackets ([${n.name}]) or a constant in double quotes ("${n.name}").`,
    detail: attributeDetail(env),
    fixes: s ? [{ title: `Change to '[${s}]'`, edits: [{ start: n.start, end: n.end, newText: `[${s}]` }], isPreferred: true }]
      : [{ title: `Write the constant "${n.name}"`, edits: [{ start: n.start, end: n.end, newText: `"${n.name}"` }] }],
  });
}

function checkSamlName(env: Env, n: Extract<Node, { type: 'name' }>, root: string | undefined, rest: string): void {
  if (root === 'user' && (env.samlList.includes(rest) || DIRECTORY_EXTENSION.test(rest))) return;
  if (root && SAML_OTHER_SOURCES[root]?.includes(rest)) return;
  const name = root === undefined ? rest : root === 'user' || !SAML_OTHER_SOURCES[root] ? rest : undefined;
  const s = name !== undefined ? suggestSamlSource(name, env.samlList) : undefined;
  const okta = name !== undefined && entraForOkta(name, 'saml') === s && s !== undefined && name.toLowerCase() !== s;
  const message = root === undefined
    ? (s ? `'${n.name}' is not a claim source: write 'user.${s}'.` : `'${n.name}' is not a claim source: claims read user.<name> (user.mail) or a constant in double quotes.`)
    : s ? (okta ? `'${n.name}' is Okta's name: Entra's claim source is 'user.${s}'.` : `Unknown claim source '${n.name}': did you mean 'user.${s}'?`)
      : `Unknown claim source '${n.name}': Entra's are user.<name> in lower case (user.mail, user.givenname, …).`;
  problem(env, {
    code: 'expression-unknown-attribute', start: n.start, end: n.end, message,
    detail: `Entra's claim sources: ${SAML_SOURCES.slice(0, 12).map((a) => `user.${a.name}`).join(', ')}, user.extensionattribute1..15, …; names are lower case.`,
    fixes: s ? [{ title: `Change to 'user.${s}'`, edits: [{ start: n.start, end: n.end, newText: `user.${s}` }], isPreferred: true }] : undefined,
  });
}

/** Okta functions whose Entra counterpart takes the same arguments: the rename is a safe fix. */
const SAME_ARGUMENTS = new Set(['ToLower', 'ToUpper', 'Append', 'Join', 'StripSpaces', 'Len']);

/** The function a wrong name most likely means, and whether replacing the name alone keeps the call right. */
function suggestFunction(name: string, context: ExpressionContext): { f: EntraFunction; safe: boolean } | undefined {
  const fns = functionsFor(context).filter((f) => !f.notHere);
  const find = (n: string | undefined) => (n ? fns.find((f) => f.name === n) : undefined);
  const lower = name.toLowerCase();
  const exact = fns.find((f) => f.name.toLowerCase() === lower);
  if (exact) return { f: exact, safe: true };
  const okta = find(OKTA_FUNCTIONS_IN_ENTRA[name]);
  if (okta) return { f: okta, safe: SAME_ARGUMENTS.has(okta.name) };
  // Another language's word (Concat, Substring): the arguments may mean something else, so the rename is offered, not preferred.
  const alias = find(FUNCTION_ALIASES[lower] ?? FUNCTION_ALIASES[lower.replace(/^string\./, '')]);
  if (alias) return { f: alias, safe: false };
  const hit = find(closest(name.replace(/^[A-Za-z]+\./, ''), fns.map((f) => f.name)));
  return hit ? { f: hit, safe: true } : undefined;
}

function functionDetail(f: EntraFunction): string {
  return `${f.signature} → ${f.returns}. ${f.description}`;
}

function describeMissing(f: EntraFunction, given: number): string {
  if (f.name === 'Replace') return 'an oldValue and a replacementValue, or a regexPattern';
  // A fixed list with an optional parameter that may be left out (FormatDateTime): the required ones in order.
  const repeating = f.maxArgs === Number.POSITIVE_INFINITY;
  const required = f.params.filter((_p, i) => !f.optional.includes(i));
  // Otherwise positional (Switch's defaultValue keeps its place): the parameters up to the minimum count.
  const names = !repeating && f.maxArgs > f.minArgs ? required.slice(given) : f.params.slice(given, Math.max(given, f.minArgs)).filter((_p, i) => !f.optional.includes(given + i));
  return names.length ? names.join(', ') : 'the missing arguments';
}

/** May argument `i` of `n` be left empty? Optional parameters before a repeating one by position; an optional one after it (Coalesce's defaultValue) only as the last argument. */
function mayBeEmpty(f: EntraFunction, i: number, n: number): boolean {
  const repeating = f.maxArgs === Number.POSITIVE_INFINITY;
  if (!repeating) return f.optional.includes(i);
  const lastParam = f.params.length - 1;
  if (f.optional.includes(lastParam) && i === n - 1 && i >= f.minArgs) return true;
  return f.optional.includes(i) && i < lastParam;
}

function checkArgs(env: Env, f: EntraFunction, call: Extract<Node, { type: 'call' }>): boolean {
  const n = call.args.length;
  const pairsOk = f.pairsAfter === undefined || n < f.minArgs || (n - f.pairsAfter) % 2 === 0;
  if (n < f.minArgs || n > f.maxArgs || !pairsOk) {
    const takes = f.maxArgs === f.minArgs ? `${f.minArgs}` : f.maxArgs === Number.POSITIVE_INFINITY ? `at least ${f.minArgs}` : `${f.minArgs} to ${f.maxArgs}`;
    const plural = (k: number) => (k === 1 ? '' : 's');
    const message = !pairsOk
      ? `${f.name} takes keys and values in pairs after its first ${f.pairsAfter} arguments: add the value of the last key.`
      : n < f.minArgs ? `${f.name} takes ${takes} argument${plural(f.minArgs)}, not ${n}: add ${describeMissing(f, n)}.`
        : `${f.name} takes ${takes} argument${plural(f.maxArgs)}, not ${n}: remove the extra ${n - f.maxArgs === 1 ? 'one' : n - f.maxArgs}.`;
    const extra = n > f.maxArgs ? n - f.maxArgs : 0;
    const lastKept = call.args[f.maxArgs - 1];
    problem(env, {
      code: 'expression-arguments', start: n > f.maxArgs ? call.args[f.maxArgs].start : call.open, end: n > f.maxArgs ? call.args[n - 1].end : call.end,
      message, detail: functionDetail(f),
      fixes: extra && lastKept ? [{ title: `Remove the extra argument${extra > 1 ? 's' : ''}`, edits: [{ start: lastKept.end, end: call.args[n - 1].end, newText: '' }], isPreferred: true }] : undefined,
    });
    return false;
  }
  let ok = true;
  call.args.forEach((a, i) => {
    if (a.type !== 'empty' || mayBeEmpty(f, i, n)) return;
    ok = false;
    const param = f.params[Math.min(i, f.params.length - 1)];
    problem(env, {
      code: 'expression-arguments', start: Math.max(a.start - 1, call.open), end: Math.max(a.end, a.start) + 1,
      message: `Argument ${i + 1} of ${f.name} (${param}) is empty: give it a value; only optional arguments may be left out.`, detail: functionDetail(f),
    });
  });
  if (!ok) return false;
  return checkArgValues(env, f, call);
}

function isEmpty(a: Arg | undefined): boolean {
  return a === undefined || a.type === 'empty';
}

const INTERVALS = ['yyyy', 'm', 'd', 'ww', 'h', 'n', 's'];
const INTERVAL_WORDS: Readonly<Record<string, string>> = {
  year: 'yyyy', years: 'yyyy', yy: 'yyyy', month: 'm', months: 'm', mm: 'm', day: 'd', days: 'd', dd: 'd', week: 'ww', weeks: 'ww', w: 'ww',
  hour: 'h', hours: 'h', hh: 'h', minute: 'n', minutes: 'n', mi: 'n', second: 's', seconds: 's', ss: 's',
};

/** What the reference says about particular arguments. */
function checkArgValues(env: Env, f: EntraFunction, call: Extract<Node, { type: 'call' }>): boolean {
  const a = call.args;
  if (f.argumentAttribute) {
    const x = a[0];
    if (!(x?.type === 'attribute' && x.name === f.argumentAttribute)) {
      problem(env, {
        code: 'expression-arguments', start: x?.start ?? call.open, end: x?.end ?? call.end,
        message: `${f.name} reads [${f.argumentAttribute}]: write ${f.name}([${f.argumentAttribute}]).`, detail: functionDetail(f),
        fixes: x && x.type !== 'empty' ? [{ title: `Change to [${f.argumentAttribute}]`, edits: [{ start: x.start, end: x.end, newText: `[${f.argumentAttribute}]` }], isPreferred: true }] : undefined,
      });
      return false;
    }
  }
  if (f.name === 'Replace' && isEmpty(a[1]) && isEmpty(a[2])) {
    problem(env, {
      code: 'expression-arguments', start: call.open, end: call.end,
      message: 'Replace needs an oldValue (argument 2) or a regexPattern (argument 3): give one of them.', detail: functionDetail(f),
    });
    return false;
  }
  if (f.name === 'Replace' && !isEmpty(a[1]) && isEmpty(a[4]) && isEmpty(a[6])) {
    problem(env, {
      code: 'expression-arguments', start: call.open, end: call.end,
      message: 'Replace with an oldValue needs a replacementValue (argument 5) or a template (argument 7): add one ("" to remove it).', detail: functionDetail(f),
    });
    return false;
  }
  if ((f.name === 'DateAdd' || f.name === 'DateDiff') && a[0]?.type === 'string' && !INTERVALS.includes(a[0].value)) {
    const v = a[0].value;
    const s = INTERVALS.find((x) => x.toLowerCase() === v.toLowerCase()) ?? INTERVAL_WORDS[v.toLowerCase()] ?? closest(v, INTERVALS);
    problem(env, {
      code: 'expression-arguments', start: a[0].start, end: a[0].end,
      message: `${f.name}'s interval "${a[0].value}" is not one of ${INTERVALS.map((x) => `"${x}"`).join(', ')}${s ? `: did you mean "${s}"?` : '.'}`,
      detail: 'yyyy year, m month, d day, ww week, h hour, n minute, s second.',
      fixes: s ? [{ title: `Change to "${s}"`, edits: [{ start: a[0].start, end: a[0].end, newText: `"${s}"` }], isPreferred: true }] : undefined,
    });
    return false;
  }
  if (f.name === 'InStr' && a[3] && a[3].type !== 'empty' && !(a[3].type === 'name' && COMPARE_TYPES[a[3].name])) {
    problem(env, { code: 'expression-arguments', start: a[3].start, end: a[3].end, message: "InStr's compareType is vbBinaryCompare or vbTextCompare.", detail: functionDetail(f) });
    return false;
  }
  return true;
}

function checkCall(env: Env, call: Extract<Node, { type: 'call' }>, transformations: number): void {
  const context = env.site.context;
  const f = functionByName(call.name, context);
  const nameRange = { start: call.start, end: call.nameEnd };
  if (f) {
    if (f.notHere) {
      problem(env, { code: 'expression-unknown-function', ...nameRange, message: `${f.name} ${f.notHere}.`, detail: functionDetail(f) });
    } else if (context === 'saml' && transformations > MAX_TRANSFORMATIONS) {
      problem(env, {
        code: 'expression-syntax', ...nameRange,
        message: `Entra applies at most ${MAX_TRANSFORMATIONS} transformations to a claim: this is transformation ${transformations}; remove one.`,
      });
    } else if (checkArgs(env, f, call)) {
      call.args.forEach((a, i) => { if (a.type !== 'empty') visit(env, a, { f, index: i }, transformations); });
      return;
    }
    return;
  }
  const other: ExpressionContext = context === 'saml' ? 'mapping' : 'saml';
  const elsewhere = functionByName(call.name, other);
  const suggestion = suggestFunction(call.name, context);
  const s = suggestion?.f;
  const fromOkta = OKTA_FUNCTIONS_IN_ENTRA[call.name] !== undefined || /^[A-Z][A-Za-z0-9]*\.[A-Za-z]+$/.test(call.name);
  const message = elsewhere && !s
    ? `${call.name} is a function of ${CONTEXT_NAME[other]}, not of ${CONTEXT_NAME[context]}.`
    : fromOkta ? (s ? `'${call.name}' is Okta's function: Entra's is '${s.name}'.` : `'${call.name}' is Okta's function: Entra has no such function.`)
      : s ? (s.name.toLowerCase() === call.name.toLowerCase() ? `Unknown function '${call.name}': names are case-sensitive, write '${s.name}'.` : `Unknown function '${call.name}': did you mean '${s.name}'?`)
        : `Unknown function '${call.name}': Entra has no such function.`;
  problem(env, {
    code: 'expression-unknown-function', ...nameRange, message,
    detail: s ? functionDetail(s) : `Entra's functions in ${CONTEXT_NAME[context]}: ${functionsFor(context).filter((x) => !x.notHere).map((x) => x.name).join(', ')}.`,
    fixes: s ? [{ title: `Change to '${s.name}'`, edits: [{ start: call.start, end: call.nameEnd, newText: s.name }], isPreferred: suggestion.safe }] : undefined,
  });
}

function visit(env: Env, n: Node, parent: { f?: EntraFunction; index: number } | undefined, transformations: number): void {
  switch (n.type) {
    case 'string': case 'number':
      return;
    case 'attribute':
      checkAttribute(env, n);
      return;
    case 'name':
      checkName(env, n, parent);
      return;
    case 'call':
      checkCall(env, n, transformations + 1);
      return;
    case 'compare': {
      const allowed = env.site.context === 'mapping' && parent?.index === 0 && (parent.f?.name === 'IIF' || parent.f?.name === 'CBool');
      if (!allowed) {
        problem(env, {
          code: 'expression-syntax', start: n.opStart, end: n.opEnd,
          message: env.site.context === 'saml' ? 'SAML claims take no comparisons: use Contains, StartWith or EndWith.'
            : `A comparison works only as IIF's condition (or in CBool): write IIF(${'…'} ${n.op} …, "True", "False").`,
        });
        return;
      }
      visit(env, n.left, undefined, transformations);
      visit(env, n.right, undefined, transformations);
      return;
    }
  }
}

export function checkAst(ast: Node, site: ExpressionSite): ExpressionProblem[] {
  const attrList = mappingAttributeNames(site.customAttributes);
  const env: Env = { site, attrs: new Set(attrList), attrList, samlList: samlSourceNames(site.customAttributes), out: [] };
  visit(env, ast, undefined, 0);
  return env.out.sort((a, b) => a.start - b.start);
}
