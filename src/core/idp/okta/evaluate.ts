// What an Okta expression yields for a person, with Okta's semantics where the reference states them
// (String.substring counts from 0 and stops before endIndex; String.substringAfter is "" when the text
// is absent; stringSwitch takes the first key in argument order; `+` joins strings) and SpEL's where it
// does not (`"a" + null` is "anull", a condition that is not a boolean fails). Inference, where
// neither says: the String functions follow Apache Commons StringUtils (null in, null out; substring
// clamps its indexes), as substringAfter/substringBefore's documented behaviour does.
// Bounded: at most MAX_STEPS node evaluations, strings capped at MAX_STRING.
import { Fail, Unknown, settle } from '../expressionKit';
import type { EvalResult, EvalValue, IdpPerson } from '../types';
import type { Node } from './ast';

const MAX_STEPS = 20_000;
const MAX_STRING = 100_000;


interface Env {
  person: IdpPerson;
  steps: number;
  notes: Set<string>;
}

function fail(message: string): never {
  throw new Fail(message);
}

function unknown(reason: string): never {
  throw new Unknown(reason);
}

/** A value as Java's string conversion renders it (`null` is "null"). */
export function javaString(v: EvalValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : (Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(javaString).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${k}=${javaString(x)}`).join(', ')}}`;
}

function cap(s: string): string {
  if (s.length > MAX_STRING) fail(`the result would be longer than ${MAX_STRING.toLocaleString('en-US')} characters`);
  return s;
}

function isObj(v: EvalValue): v is { [key: string]: EvalValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function bool(v: EvalValue, what: string): boolean {
  if (typeof v === 'boolean') return v;
  fail(`${what} is ${v === null ? 'null' : `'${javaString(v)}'`}, not true or false`);
}

function num(v: EvalValue, what: string): number {
  if (typeof v === 'number') return v;
  fail(`${what} is ${v === null ? 'null' : `'${javaString(v)}'`}, not a number`);
}

/** A string argument; null stays null (StringUtils semantics). */
function strOrNull(v: EvalValue): string | null {
  if (v === null) return null;
  return typeof v === 'string' ? v : javaString(v);
}

function int(v: EvalValue, what: string): number {
  const n = num(v, what);
  return Math.trunc(n);
}

/** Arrays.* take arrays, or comma-separated text converted to one. */
function list(v: EvalValue): EvalValue[] {
  if (v === null) return [];
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return v === '' ? [] : v.split(',');
  return [v];
}

function equal(a: EvalValue, b: EvalValue): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k], b[k]));
  }
  return false;
}

function compare(a: EvalValue, b: EvalValue): number {
  // SpEL's standard comparator: null sorts before everything.
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  fail(`'${javaString(a)}' and '${javaString(b)}' cannot be compared`);
}

/** A Java regular expression as a JavaScript one (leading inline flags such as (?i) become flags). */
function javaRegex(pattern: string, whole: boolean): RegExp {
  let p = pattern;
  let flags = '';
  const m = /^\(\?([imsx]+)\)/.exec(p);
  if (m) {
    flags = [...new Set(m[1].replace(/x/g, ''))].join('');
    p = p.slice(m[0].length);
  }
  try {
    return new RegExp(whole ? `^(?:${p})$` : p, `${flags}u`);
  } catch {
    try {
      return new RegExp(whole ? `^(?:${p})$` : p, flags);
    } catch (e) {
      fail(`'${pattern}' is not a valid regular expression (${e instanceof Error ? e.message : String(e)})`);
    }
  }
}

/** StringUtils.substring: negative indexes count from the end; out-of-range indexes are clamped. */
function substring(s: string, start: number, end: number): string {
  const n = s.length;
  let a = start < 0 ? n + start : start;
  let b = end < 0 ? n + end : end;
  a = Math.max(0, Math.min(a, n));
  b = Math.max(0, Math.min(b, n));
  return a >= b ? '' : s.slice(a, b);
}

function callString(name: string, args: EvalValue[], env: Env): EvalValue {
  const s = (i: number) => strOrNull(args[i]);
  const noteNull = () => {
    if (args.some((a) => a === null)) env.notes.add(`${name} got a null argument and yields null.`);
  };
  switch (name) {
    case 'append': {
      const a = s(0);
      const b = s(1);
      if (a === null) { noteNull(); return null; }
      return cap(a + (b ?? ''));
    }
    case 'join': {
      const sep = s(0) ?? '';
      return cap(args.slice(1).map((x) => javaString(x)).join(sep));
    }
    case 'len': return s(0)?.length ?? 0;
    case 'removeSpaces': { const a = s(0); if (a === null) { noteNull(); return null; } return a.replace(/\s+/g, ''); }
    case 'replace': {
      const a = s(0); const m = s(1); const r = s(2);
      if (a === null) { noteNull(); return null; }
      if (!m || r === null) return a;
      return cap(a.split(m).join(r));
    }
    case 'replaceFirst': {
      const a = s(0); const m = s(1); const r = s(2);
      if (a === null) { noteNull(); return null; }
      if (m === null || r === null) return a;
      return cap(a.replace(javaRegex(m, false), r));
    }
    case 'startsWith': { const a = s(0); const p = s(1); return a !== null && p !== null && a.startsWith(p); }
    case 'stringContains': { const a = s(0); const p = s(1); return a !== null && p !== null && a.includes(p); }
    case 'stringSwitch': {
      const input = s(0) ?? '';
      for (let i = 2; i + 1 < args.length; i += 2) {
        const key = s(i);
        if (key !== null && input.includes(key)) return args[i + 1];
      }
      return args[1];
    }
    case 'substring': {
      const a = s(0);
      if (a === null) { noteNull(); return null; }
      return substring(a, int(args[1], 'startIndex'), int(args[2], 'endIndex'));
    }
    case 'substringAfter': {
      const a = s(0); const sep = s(1);
      if (a === null) { noteNull(); return null; }
      if (sep === null) return '';
      const i = a.indexOf(sep);
      return i < 0 ? '' : a.slice(i + sep.length);
    }
    case 'substringBefore': {
      const a = s(0); const sep = s(1);
      if (a === null) { noteNull(); return null; }
      if (sep === null) return a;
      const i = a.indexOf(sep);
      return i < 0 ? a : a.slice(0, i);
    }
    case 'toUpperCase': { const a = s(0); if (a === null) { noteNull(); return null; } return a.toUpperCase(); }
    case 'toLowerCase': { const a = s(0); if (a === null) { noteNull(); return null; } return a.toLowerCase(); }
    default: return unknown(`String.${name} is not evaluated here`);
  }
}

function callArrays(name: string, args: EvalValue[]): EvalValue {
  switch (name) {
    case 'add': return [...list(args[0]), args[1]];
    case 'remove': return list(args[0]).filter((x) => !equal(x, args[1]));
    case 'clear': return [];
    case 'get': {
      const l = list(args[0]);
      const i = int(args[1], 'position');
      if (i < 0 || i >= l.length) fail(`position ${i} is outside the array (size ${l.length})`);
      return l[i];
    }
    case 'flatten': return args.flatMap((a) => (Array.isArray(a) ? a.flatMap((x) => (Array.isArray(x) ? x : [x])) : [a]));
    case 'contains': return list(args[0]).some((x) => equal(x, args[1]));
    case 'size': return list(args[0]).length;
    case 'isEmpty': return list(args[0]).length === 0;
    case 'toCsvString': return cap(list(args[0]).map((x) => javaString(x)).join(','));
    default: return unknown(`Arrays.${name} is not evaluated here`);
  }
}

function callConvert(name: string, args: EvalValue[]): EvalValue {
  const v = args[0];
  if (name === 'toInt') {
    if (typeof v === 'number') return Math.floor(v + 0.5); // Java's Math.round
    if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
    fail(`Convert.toInt cannot convert ${v === null ? 'null' : `'${javaString(v)}'`}`);
  }
  if (name === 'toNum') {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    fail(`Convert.toNum cannot convert ${v === null ? 'null' : `'${javaString(v)}'`}`);
  }
  return unknown(`Convert.${name} is not evaluated here`);
}

/** Methods of a Java String value (`user.email.substring(0, 3)`), as SpEL allows. */
function callStringMethod(target: string, name: string, args: EvalValue[]): EvalValue {
  const s = (i: number) => { const x = args[i]; if (typeof x !== 'string') fail(`${name} expects a string argument`); return x; };
  switch (name) {
    case 'toLowerCase': return target.toLowerCase();
    case 'toUpperCase': return target.toUpperCase();
    case 'trim': return target.trim();
    case 'length': return target.length;
    case 'isEmpty': return target.length === 0;
    case 'indexOf': return target.indexOf(s(0));
    case 'contains': return target.includes(s(0));
    case 'startsWith': return target.startsWith(s(0));
    case 'endsWith': return target.endsWith(s(0));
    case 'equals': return target === args[0];
    case 'equalsIgnoreCase': return typeof args[0] === 'string' && target.toLowerCase() === args[0].toLowerCase();
    case 'replace': return cap(target.split(s(0)).join(s(1)));
    case 'substring': {
      const a = int(args[0], 'beginIndex');
      const b = args.length > 1 ? int(args[1], 'endIndex') : target.length;
      if (a < 0 || b > target.length || a > b) fail(`substring(${a}, ${b}) is outside '${target}' (length ${target.length})`);
      return target.slice(a, b);
    }
    default: return unknown(`the Java method ${name}() is not evaluated here`);
  }
}

const DEPENDS: Record<string, string> = {
  Groups: "depends on the user's groups in Okta",
  Time: 'depends on the time Okta evaluates it',
  Iso3166Convert: "uses Okta's country table",
};

function evalCall(n: Extract<Node, { type: 'call' }>, env: Env): EvalValue {
  const callee = n.callee;
  const args = () => n.args.map((a) => ev(a, env));
  if (callee.type === 'ident') {
    const name = callee.name;
    if (['toUpperCase', 'toLowerCase', 'substringBefore', 'substringAfter', 'substring'].includes(name)) return callString(name, args(), env);
    if (name.startsWith('isMemberOf') || name === 'getFilteredGroups') unknown(`${name} depends on the user's groups in Okta`);
    if (/^(get(Manager|Assistant)(App)?User|has(Directory|Workday)User|find(Directory|Workday)User)$/.test(name)) unknown(`${name} depends on other users and apps in Okta`);
    return unknown(`${name} is not evaluated here`);
  }
  if (callee.type === 'member' && callee.object.type === 'ident') {
    const ns = callee.object.name;
    if (ns === 'String') return callString(callee.name, args(), env);
    if (ns === 'Arrays') return callArrays(callee.name, args());
    if (ns === 'Convert') return callConvert(callee.name, args());
    if (DEPENDS[ns]) unknown(`${ns}.${callee.name} ${DEPENDS[ns]}`);
    if (ns === 'user') {
      if (callee.name === 'getInternalProperty') {
        const [p] = args();
        if (p === 'id') { env.notes.add(`user.id is a stand-in (${env.person.id}): Okta uses its own id for the person.`); return env.person.id; }
        if (p === 'status') return 'ACTIVE';
        fail(`user.getInternalProperty reads "id" or "status", not ${javaString(p)}`);
      }
      unknown(`user.${callee.name} depends on ${callee.name === 'getGroups' ? "the user's groups" : 'linked users'} in Okta`);
    }
  }
  if (callee.type === 'member') {
    const target = ev(callee.object, env);
    if (target === null) {
      if (callee.safe) return null;
      fail(`${callee.name}() is called on null`);
    }
    if (typeof target === 'string') return callStringMethod(target, callee.name, args());
    return unknown(`${callee.name}() is not evaluated here`);
  }
  return unknown('this call is not evaluated here');
}

function member(n: Extract<Node, { type: 'member' }>, env: Env): EvalValue {
  if (n.object.type === 'ident') {
    const root = n.object.name;
    if (root === 'user' || root === 'appuser' || root === 'source' || root === 'idpuser') {
      if (n.name === 'id') {
        env.notes.add(`user.id is a stand-in (${env.person.id}): Okta uses its own id for the person.`);
        return env.person.id;
      }
      const v = env.person.attributes[n.name];
      if (v === undefined || v === null) env.notes.add(`${root}.${n.name} is empty for this person.`);
      return v ?? null;
    }
    if (root === 'org' || root === 'app' || root === 'session' || root === 'access') unknown(`${root}.${n.name} is a property of your Okta ${root === 'org' ? 'org' : root === 'app' ? 'app' : root}`);
  }
  const obj = ev(n.object, env);
  if (obj === null) {
    if (n.safe) return null;
    fail(`'${n.name}' is read from null`);
  }
  if (isObj(obj)) return obj[n.name] ?? null;
  fail(`'${n.name}' cannot be read from '${javaString(obj)}'`);
}

function ev(n: Node, env: Env): EvalValue {
  if (++env.steps > MAX_STEPS) fail('the expression is too large to preview');
  switch (n.type) {
    case 'string': return n.value;
    case 'number': return n.value;
    case 'boolean': return n.value;
    case 'null': return null;
    case 'list': return n.items.map((i) => ev(i, env));
    case 'map': {
      const o: { [k: string]: EvalValue } = {};
      for (const e of n.entries) o[e.key.type === 'ident' ? e.key.name : javaString(ev(e.key, env))] = ev(e.value, env);
      return o;
    }
    case 'ident': {
      // A bare name reads the root object: in Okta's To Okta mappings, the source profile.
      const v = env.person.attributes[n.name];
      return v ?? null;
    }
    case 'member': return member(n, env);
    case 'call': return evalCall(n, env);
    case 'index': {
      const o = ev(n.object, env);
      const i = ev(n.index, env);
      if (Array.isArray(o)) {
        const k = int(i, 'the index');
        if (k < 0 || k >= o.length) fail(`index ${k} is outside the array (size ${o.length})`);
        return o[k];
      }
      if (typeof o === 'string') {
        const k = int(i, 'the index');
        if (k < 0 || k >= o.length) fail(`index ${k} is outside '${o}'`);
        return o[k];
      }
      if (isObj(o)) return o[javaString(i)] ?? null;
      return fail(`${javaString(o)} cannot be indexed`);
    }
    case 'unary': {
      const v = ev(n.operand, env);
      if (n.op === '!') return !bool(v, 'the operand of !');
      const x = num(v, `the operand of ${n.op}`);
      return n.op === '-' ? -x : x;
    }
    case 'binary': return binary(n, env);
    case 'ternary': {
      const t = ev(n.test, env);
      return bool(t, 'the condition') ? ev(n.consequent, env) : ev(n.alternate, env);
    }
    case 'elvis': {
      const l = ev(n.left, env);
      return l === null || l === '' ? ev(n.right, env) : l;
    }
    case 'projection': return unknown('collection projections are not evaluated here');
  }
}

function binary(n: Extract<Node, { type: 'binary' }>, env: Env): EvalValue {
  if (n.op === 'and') return bool(ev(n.left, env), 'the left side of AND') ? bool(ev(n.right, env), 'the right side of AND') : false;
  if (n.op === 'or') return bool(ev(n.left, env), 'the left side of OR') ? true : bool(ev(n.right, env), 'the right side of OR');
  const a = ev(n.left, env);
  const b = ev(n.right, env);
  switch (n.op) {
    case '+':
      if (typeof a === 'number' && typeof b === 'number') return a + b;
      if (typeof a === 'string' || typeof b === 'string') return cap(javaString(a) + javaString(b));
      return fail(`${javaString(a)} + ${javaString(b)} is neither text nor numbers`);
    case '-': return num(a, 'the left side of -') - num(b, 'the right side of -');
    case '*': return num(a, 'the left side of *') * num(b, 'the right side of *');
    case '/': {
      const x = num(a, 'the left side of /');
      const y = num(b, 'the right side of /');
      if (y === 0 && Number.isInteger(x) && Number.isInteger(y)) fail('division by zero');
      return Number.isInteger(x) && Number.isInteger(y) ? Math.trunc(x / y) : x / y;
    }
    case '%': {
      const y = num(b, 'the right side of %');
      if (y === 0) fail('division by zero');
      return num(a, 'the left side of %') % y;
    }
    case '^': return num(a, 'the left side of ^') ** num(b, 'the right side of ^');
    case '==': return equal(a, b);
    case '!=': return !equal(a, b);
    case '<': return compare(a, b) < 0;
    case '>': return compare(a, b) > 0;
    case '<=': return compare(a, b) <= 0;
    case '>=': return compare(a, b) >= 0;
    case 'matches': {
      if (typeof b !== 'string') fail('the pattern of matches is not a string');
      if (a === null) return false;
      return javaRegex(b, true).test(javaString(a));
    }
  }
}

export function evaluateAst(ast: Node, person: IdpPerson): EvalResult {
  const env: Env = { person, steps: 0, notes: new Set() };
  return settle(() => ev(ast, env), env.notes);
}
