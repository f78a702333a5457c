// The Okta checker: walks a parsed expression and reports references Okta would reject (unknown
// attributes and functions, exact case), wrong argument counts, the deprecated un-prefixed forms, and
// what does not belong in a To App mapping or a SAML attribute statement. Messages lead with the fact
// and the fix ("did you mean", exact-case matches first); the fix replaces only the offending name.
import { closest } from '../../shared/text';
import type { ExpressionContext, ExpressionProblem, ExpressionSite } from '../types';
import {
  ATTRIBUTE_ALIASES, GLOBAL_FUNCTIONS, NAMESPACES, OKTA_BASE_ATTRIBUTES, OKTA_ID_ATTRIBUTE, ROOTS, USER_METHODS, functionsOf,
} from './catalog';
import type { OktaFunction } from './catalog';
import type { Node } from './ast';

/** Other spellings of function names -> the Okta name (within a namespace, or global). */
const FUNCTION_ALIASES: Readonly<Record<string, string>> = {
  contains: 'stringContains', includes: 'stringContains', length: 'len', size: 'len', lower: 'toLowerCase', tolower: 'toLowerCase',
  lowercase: 'toLowerCase', upper: 'toUpperCase', toupper: 'toUpperCase', uppercase: 'toUpperCase', concat: 'append', trim: 'removeSpaces',
  before: 'substringBefore', after: 'substringAfter', substr: 'substring', substringbetween: 'substring', split: 'substringBefore', indexof: 'stringContains', startwith: 'startsWith', switch: 'stringSwitch', replaceall: 'replace', left: 'substring', mid: 'substring',
};

const CONTEXT_NAME: Record<ExpressionContext, string> = { mapping: 'To App mappings', saml: 'SAML attribute statements' };

interface Env {
  text: string;
  site: ExpressionSite;
  attrs: Set<string>;
  attrList: string[];
  out: ExpressionProblem[];
}

function problem(env: Env, p: Omit<ExpressionProblem, 'severity'> & { severity?: 'error' | 'warning' }): void {
  env.out.push({ severity: 'error', ...p });
}

/** The Okta attribute a wrong name most likely means: exact-case first, then known aliases, then the nearest name. */
export function suggestAttribute(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const exact = candidates.find((c) => c.toLowerCase() === lower);
  if (exact) return exact;
  const alias = ATTRIBUTE_ALIASES[lower];
  if (alias && candidates.includes(alias)) return alias;
  return closest(name, candidates);
}

function suggestFunction(short: string, candidates: readonly OktaFunction[]): OktaFunction | undefined {
  const names = candidates.map((f) => f.short);
  const lower = short.toLowerCase();
  const alias = FUNCTION_ALIASES[lower];
  const hit = names.find((n) => n.toLowerCase() === lower) ?? (alias && names.includes(alias) ? alias : undefined) ?? closest(short, names);
  return hit ? candidates.find((f) => f.short === hit) : undefined;
}

function attributeDetail(env: Env): string {
  const custom = env.site.customAttributes;
  return `Okta's base profile: ${OKTA_BASE_ATTRIBUTES.map((a) => a.name).join(', ')}; also user.id. Names are case-sensitive.` +
    (custom.length ? ` Custom attributes (app.customAttributes): ${custom.join(', ')}.` : ' Attributes your org added go in app.customAttributes.');
}

function checkUserAttribute(env: Env, n: Extract<Node, { type: 'member' }>): void {
  if (env.attrs.has(n.name)) return;
  const s = suggestAttribute(n.name, env.attrList);
  problem(env, {
    code: 'expression-unknown-attribute', start: n.nameStart, end: n.nameEnd,
    message: s ? `Unknown attribute 'user.${n.name}': did you mean 'user.${s}'?`
      : `Unknown attribute 'user.${n.name}': declare it in app.customAttributes if your Okta profile has it.`,
    detail: attributeDetail(env),
    fixes: s ? [{ title: `Change to 'user.${s}'`, edits: [{ start: n.nameStart, end: n.nameEnd, newText: s }], isPreferred: true }] : undefined,
  });
}

/** `appuser.x`, `session.amr`, … : a root that exists, but not here. */
function checkRoot(env: Env, root: Extract<Node, { type: 'ident' }>, member: Extract<Node, { type: 'member' }> | undefined): boolean {
  const info = ROOTS[root.name];
  if (!info) return false;
  if (root.name === 'user') {
    if (member) checkUserAttribute(env, member);
    return true;
  }
  if (!info.contexts || info.contexts.includes(env.site.context)) return true;
  const ref = member ? `${root.name}.${member.name}` : root.name;
  const end = member ? member.nameEnd : root.end;
  if (info.useInstead) {
    const s = member ? suggestAttribute(member.name, env.attrList) : undefined;
    const instead = s ? `user.${s}` : 'user.<attribute>';
    problem(env, {
      code: 'expression-unknown-attribute', start: root.start, end,
      message: `'${ref}' is for ${info.where}; a ${env.site.context === 'saml' ? 'SAML attribute statement' : 'To App mapping'} reads the Okta user: use '${instead}'.`,
      detail: attributeDetail(env),
      fixes: s ? [{ title: `Change to '${instead}'`, edits: [{ start: root.start, end, newText: instead }], isPreferred: true }] : undefined,
    });
    return true;
  }
  problem(env, {
    code: 'expression-unknown-attribute', start: root.start, end,
    message: `'${ref}' exists only in ${info.where}, not in ${CONTEXT_NAME[env.site.context]}.`,
  });
  return true;
}

/** A name on its own (`firstName`, `usr`): Okta reads nothing without a root such as `user.`. */
function checkBare(env: Env, n: Extract<Node, { type: 'ident' }>): void {
  if (ROOTS[n.name]) {
    problem(env, { code: 'expression-unknown-attribute', start: n.start, end: n.end, message: `'${n.name}' needs an attribute: write e.g. '${n.name === 'user' ? 'user.email' : `${n.name}.name`}'.` });
    return;
  }
  if (NAMESPACES.some((x) => x.name === n.name)) {
    problem(env, { code: 'expression-unknown-function', start: n.start, end: n.end, message: `'${n.name}' needs a function: write e.g. '${n.name}.${functionsOf(n.name)[0]?.short ?? 'name'}(…)'.` });
    return;
  }
  const s = suggestAttribute(n.name, env.attrList);
  problem(env, {
    code: 'expression-unknown-attribute', start: n.start, end: n.end,
    message: s ? `'${n.name}' is not a reference Okta knows: did you mean 'user.${s}'?`
      : `'${n.name}' is not a reference Okta knows: attributes are written user.<name>, text in quotes ("${n.name}").`,
    detail: attributeDetail(env),
    fixes: s ? [{ title: `Change to 'user.${s}'`, edits: [{ start: n.start, end: n.end, newText: `user.${s}` }], isPreferred: true }] : undefined,
  });
}

function checkArgs(env: Env, f: OktaFunction, call: Extract<Node, { type: 'call' }>): void {
  const n = call.args.length;
  const params = f.signature.slice(f.signature.indexOf('(') + 1, -1);
  const pairsOk = f.pairsAfter === undefined || n < f.minArgs || (n - f.pairsAfter) % 2 === 0;
  if (n >= f.minArgs && n <= f.maxArgs && pairsOk) {
    if (f.name === 'user.getInternalProperty' && call.args[0]?.type === 'string' && !['id', 'status'].includes(call.args[0].value)) {
      const a = call.args[0];
      problem(env, { code: 'expression-arguments', start: a.start, end: a.end, message: `user.getInternalProperty reads "id" or "status", not "${a.value}".` });
    }
    return;
  }
  const range = n > f.maxArgs ? { start: call.args[f.maxArgs].start, end: call.args[n - 1].end } : { start: call.open, end: call.end };
  const takes = f.maxArgs === f.minArgs ? `${f.minArgs}` : f.maxArgs === Number.POSITIVE_INFINITY ? `at least ${f.minArgs}` : `${f.minArgs} to ${f.maxArgs}`;
  const what = !pairsOk ? `${f.name} takes key/value pairs after its first ${f.pairsAfter} arguments: add the value of the last key.`
    : n < f.minArgs ? `${f.name} takes ${takes} argument${f.minArgs === 1 ? '' : 's'} (${params}), not ${n}: add ${describeMissing(params, n)}.`
      : `${f.name} takes ${takes} argument${f.maxArgs === 1 ? '' : 's'} (${params}), not ${n}: remove the extra ${n - f.maxArgs === 1 ? 'one' : n - f.maxArgs}.`;
  const extra = n > f.maxArgs && pairsOk ? n - f.maxArgs : 0;
  problem(env, {
    code: 'expression-arguments', ...range, message: what, detail: `${f.signature} → ${f.returns}. ${f.description}`,
    fixes: extra ? [{ title: `Remove the extra argument${extra > 1 ? 's' : ''}`, edits: [{ start: call.args[f.maxArgs - 1].end, end: call.args[n - 1].end, newText: '' }], isPreferred: true }] : undefined,
  });
}

function describeMissing(params: string, given: number): string {
  const names = params.split(',').map((p) => p.trim()).filter(Boolean).slice(given).filter((p) => !p.endsWith('...'));
  return names.length ? names.join(', ') : 'the missing arguments';
}

function checkContext(env: Env, f: OktaFunction, start: number, end: number): boolean {
  if (!f.contexts || f.contexts.includes(env.site.context)) return true;
  problem(env, { code: 'expression-unknown-function', start, end, message: `${f.name} works only in ${f.onlyIn}, not in ${CONTEXT_NAME[env.site.context]}.`, detail: f.description });
  return false;
}

function checkCall(env: Env, call: Extract<Node, { type: 'call' }>): void {
  const callee = call.callee;
  if (callee.type === 'ident') {
    const f = GLOBAL_FUNCTIONS.find((g) => g.short === callee.name);
    if (f) {
      if (f.replacement) {
        problem(env, {
          code: 'expression-deprecated', severity: 'warning', start: callee.start, end: callee.end,
          message: `'${callee.name}' is a deprecated form: write '${f.replacement}'.`,
          detail: 'Okta keeps the un-prefixed string functions only for old expressions; the String. functions are the supported ones.',
          fixes: [{ title: `Change to '${f.replacement}'`, edits: [{ start: callee.start, end: callee.start, newText: 'String.' }], isPreferred: true }],
        });
      }
      if (checkContext(env, f, callee.start, callee.end)) checkArgs(env, f, call);
      return;
    }
    // `stringContains(...)`, `tolowercase(...)`: a String function without its namespace, or a typo.
    const asString = suggestFunction(callee.name, functionsOf('String'));
    const global = suggestFunction(callee.name, GLOBAL_FUNCTIONS.filter((g) => !g.replacement));
    const exactString = asString && asString.short.toLowerCase() === callee.name.toLowerCase();
    const s = exactString ? asString : global ?? asString;
    problem(env, {
      code: 'expression-unknown-function', start: callee.start, end: callee.end,
      message: s ? `Unknown function '${callee.name}': did you mean '${s.name}'?` : `Unknown function '${callee.name}': Okta has no such function.`,
      detail: s ? `${s.signature} → ${s.returns}. ${s.description}` : `Okta's functions: ${NAMESPACES.map((x) => `${x.name}.*`).join(', ')}, isMemberOfGroupName, getManagerUser, …`,
      fixes: s ? [{ title: `Change to '${s.name}'`, edits: [{ start: callee.start, end: callee.end, newText: s.name }], isPreferred: true }] : undefined,
    });
    return;
  }
  if (callee.type !== 'member' || callee.object.type !== 'ident') {
    visit(env, callee.type === 'member' ? callee.object : callee);
    return;
  }
  const ns = callee.object;
  const fns = functionsOf(ns.name);
  if (fns.length) {
    const f = fns.find((x) => x.short === callee.name);
    if (f) {
      if (checkContext(env, f, ns.start, callee.nameEnd)) checkArgs(env, f, call);
      return;
    }
    const s = suggestFunction(callee.name, fns.filter((x) => !x.contexts || x.contexts.includes(env.site.context)));
    problem(env, {
      code: 'expression-unknown-function', start: callee.nameStart, end: callee.nameEnd,
      message: s ? `Unknown function '${ns.name}.${callee.name}': did you mean '${s.name}'?` : `Unknown function '${ns.name}.${callee.name}': ${ns.name} has ${fns.map((x) => x.short).join(', ')}.`,
      detail: s ? `${s.signature} → ${s.returns}. ${s.description}` : undefined,
      fixes: s ? [{ title: `Change to '${s.name}'`, edits: [{ start: callee.nameStart, end: callee.nameEnd, newText: s.short }], isPreferred: true }] : undefined,
    });
    return;
  }
  if (ns.name === 'user') {
    const m = USER_METHODS.find((x) => x.short === callee.name);
    if (m) { checkArgs(env, m, call); return; }
    const attr = env.attrs.has(callee.name);
    const s = attr ? undefined : suggestFunction(callee.name, USER_METHODS);
    problem(env, {
      code: 'expression-unknown-function', start: callee.nameStart, end: callee.nameEnd,
      message: attr ? `'user.${callee.name}' is an attribute, not a function: remove the parentheses.`
        : s ? `Unknown function 'user.${callee.name}': did you mean '${s.name}'?` : `Unknown function 'user.${callee.name}': user has ${USER_METHODS.map((x) => x.short).join(', ')}.`,
      fixes: attr ? [{ title: 'Remove the parentheses', edits: [{ start: call.open, end: call.end, newText: '' }], isPreferred: call.args.length === 0 }]
        : s ? [{ title: `Change to '${s.name}'`, edits: [{ start: callee.nameStart, end: callee.nameEnd, newText: s.short }], isPreferred: true }] : undefined,
    });
    return;
  }
  if (ROOTS[ns.name]) { checkRoot(env, ns, undefined); return; } // org.x(…), app.x(…): app-specific, not checked
  // `Strings.append`, `string.toLowerCase`: a namespace typo.
  const nsName = closest(ns.name, NAMESPACES.map((x) => x.name));
  const target = nsName ? suggestFunction(callee.name, functionsOf(nsName)) : undefined;
  if (nsName) {
    const fixed = target ? `${nsName}.${target.short}` : nsName;
    problem(env, {
      code: 'expression-unknown-function', start: ns.start, end: target && target.short !== callee.name ? callee.nameEnd : ns.end,
      message: `Unknown function '${ns.name}.${callee.name}': did you mean '${target ? target.name : `${nsName}.${callee.name}`}'?`,
      detail: target ? `${target.signature} → ${target.returns}. ${target.description}` : NAMESPACES.find((x) => x.name === nsName)?.description,
      fixes: [{ title: `Change to '${target ? target.name : `${nsName}.${callee.name}`}'`, edits: [{ start: ns.start, end: target && target.short !== callee.name ? callee.nameEnd : ns.end, newText: target && target.short !== callee.name ? fixed : nsName }], isPreferred: true }],
    });
    return;
  }
  problem(env, {
    code: 'expression-unknown-function', start: ns.start, end: callee.nameEnd,
    message: `Unknown function '${ns.name}.${callee.name}': Okta has ${NAMESPACES.map((x) => x.name).join(', ')} functions.`,
  });
}

function visit(env: Env, n: Node): void {
  switch (n.type) {
    case 'string': case 'number': case 'boolean': case 'null':
      return;
    case 'ident':
      checkBare(env, n);
      return;
    case 'member': {
      if (n.object.type === 'ident') {
        const root = n.object;
        if (checkRoot(env, root, n)) return;
        if (NAMESPACES.some((x) => x.name === root.name)) {
          const f = functionsOf(root.name).find((x) => x.short === n.name);
          problem(env, {
            code: f ? 'expression-syntax' : 'expression-unknown-function', start: root.start, end: n.nameEnd,
            message: f ? `${f.name} is a function: call it with its arguments, ${f.signature}.` : `Unknown function '${root.name}.${n.name}'.`,
          });
          return;
        }
        checkBare(env, root);
        return;
      }
      visit(env, n.object);
      return;
    }
    case 'call':
      checkCall(env, n);
      for (const a of n.args) visit(env, a);
      return;
    case 'index': visit(env, n.object); visit(env, n.index); return;
    case 'unary': visit(env, n.operand); return;
    case 'binary': visit(env, n.left); visit(env, n.right); return;
    case 'ternary': visit(env, n.test); visit(env, n.consequent); visit(env, n.alternate); return;
    case 'elvis': visit(env, n.left); visit(env, n.right); return;
    case 'list': for (const i of n.items) visit(env, i); return;
    case 'map':
      for (const e of n.entries) { if (e.key.type !== 'ident') visit(env, e.key); visit(env, e.value); }
      return;
    case 'projection': visit(env, n.object); return; // the projected expression reads the elements, not the profile
  }
}

/** The attribute names an expression may read at a site: id, the base profile, the custom attributes. */
export function attributeNames(customAttributes: readonly string[]): string[] {
  return [OKTA_ID_ATTRIBUTE.name, ...OKTA_BASE_ATTRIBUTES.map((a) => a.name), ...customAttributes.filter((c) => /^[A-Za-z_$][\w$]*$/.test(c))];
}

export function checkAst(ast: Node, text: string, site: ExpressionSite): ExpressionProblem[] {
  const attrList = attributeNames(site.customAttributes);
  const env: Env = { text, site, attrs: new Set(attrList), attrList, out: [] };
  visit(env, ast);
  return env.out.sort((a, b) => a.start - b.start);
}
