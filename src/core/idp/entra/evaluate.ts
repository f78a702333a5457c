// What an Entra ID expression yields for a person, with the behaviour the functions reference
// documents: Switch compares case-sensitively and an empty source matches the key ""; IIF fails its
// condition when the attribute it reads is empty; Left of NULL is "", of numChars < 0 the whole string;
// Mid counts from 1; Word of NULL or a missing word is ""; Join skips empty sources and joins every
// value of a multi-valued one; Booleans read and print as "True"/"False"; Replace's five modes.
// Inference, where the reference is silent (noted in the result): a NULL source makes Append, Mid,
// ToLower, ToUpper, StripSpaces, NormalizeDiacritics and Replace yield NULL (Entra then sends nothing).
// Arguments are evaluated only when the function reads them (IIF and Switch read one branch).
// Bounded: at most MAX_STEPS evaluations, strings capped at MAX_STRING, risky regular expressions refused.
import { Fail, Unknown, settle } from '../expressionKit';
import type { EvalResult, EvalValue, IdpPerson } from '../types';
import { dateAdd, dateDiff, formatUs, formatWithFormat, fromFileTime, isInterval, parseDateTime, parseWithFormat, toFileTime } from './dates';
import { functionByName } from './catalog';
import type { ExpressionContext } from '../types';
import type { Arg, Node } from './ast';

const MAX_STEPS = 20_000;
const MAX_STRING = 100_000;
/** Regular expressions run on at most this many characters (the person's values are short; this bounds a slow pattern). */
const MAX_REGEX_INPUT = 2_000;


interface Env {
  person: IdpPerson;
  context: ExpressionContext;
  steps: number;
  notes: Set<string>;
  /** While IIF evaluates its condition: the attributes it read and their values. */
  reads?: { name: string; value: EvalValue }[];
}

function fail(message: string): never {
  throw new Fail(message);
}

function unknown(reason: string): never {
  throw new Unknown(reason);
}

function cap(s: string): string {
  if (s.length > MAX_STRING) fail(`the result would be longer than ${MAX_STRING.toLocaleString('en-US')} characters`);
  return s;
}

/** A value as Entra's string conversion renders it: Booleans as True/False, NULL as NULL (null). */
export function entraString(v: EvalValue): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NaN';
  if (Array.isArray(v)) return v.length ? entraString(v[0]) : null;
  return JSON.stringify(v);
}

function isBlank(v: EvalValue): boolean {
  return v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function truthy(v: EvalValue, what: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const s = entraString(v);
  if (s === null) fail(`${what} is NULL, not True or False`);
  if (/^true$/i.test(s.trim())) return true;
  if (/^false$/i.test(s.trim())) return false;
  if (s.trim() !== '' && Number.isFinite(Number(s))) return Number(s) !== 0;
  fail(`${what} is "${s}", not True or False`);
}

function toNumber(v: EvalValue, what: string): number {
  if (typeof v === 'number') return v;
  const s = entraString(v);
  if (s !== null && s.trim() !== '' && Number.isFinite(Number(s))) return Number(s);
  fail(`${what} is ${s === null ? 'NULL' : `"${s}"`}, not a number`);
}

function toInt(v: EvalValue, what: string): number {
  return Math.trunc(toNumber(v, what));
}

function values(v: EvalValue): EvalValue[] {
  if (v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function compareValues(a: EvalValue, b: EvalValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const sa = entraString(a) ?? '';
  const sb = entraString(b) ?? '';
  const na = Number(sa);
  const nb = Number(sb);
  if (sa.trim() !== '' && sb.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb) && (typeof a === 'number' || typeof b === 'number')) {
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

// ---------- NormalizeDiacritics: the reference's table ----------

/** Letters the table normalises by dropping their combining marks. */
const TABLE_BASES = new Set('acdegilnorstuyzACDEGILNORSTUYZ');
/** Letters the table replaces outright (œ without a macron is not in the table: inference). */
const TABLE_SPECIAL: Readonly<Record<string, string>> = {
  'æ': 'ae', 'Æ': 'AE', 'ø': 'oe', 'Ø': 'OE', 'œ': 'oe', 'Œ': 'OE', 'ß': 'ss', 'ł': 'l', 'Ł': 'L', 'ı': 'i',
};

export function normalizeDiacritics(s: string): string {
  const d = s.normalize('NFD');
  let out = '';
  let strip = false;
  for (const ch of d) {
    const cp = ch.codePointAt(0) ?? 0;
    const combining = cp >= 0x300 && cp <= 0x36f;
    if (combining) {
      if (!strip) out += ch;
      continue;
    }
    const special = TABLE_SPECIAL[ch];
    if (special) { out += special; strip = true; continue; }
    strip = TABLE_BASES.has(ch);
    out += ch;
  }
  return out.normalize('NFC');
}

// ---------- regular expressions (.NET syntax, as far as JavaScript shares it) ----------

/** A quantified group that itself contains a quantifier or an alternation: exponential on some inputs. */
export function riskyRegex(pattern: string): boolean {
  const stack: { quantified: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') { i++; continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') { inClass = true; continue; }
    if (c === '(') { stack.push({ quantified: false }); continue; }
    if (c === ')') {
      const g = stack.pop();
      const next = pattern[i + 1];
      const quantifiedGroup = next === '*' || next === '+' || next === '{';
      if (g?.quantified && quantifiedGroup) return true;
      if (stack.length && (g?.quantified || quantifiedGroup)) stack[stack.length - 1].quantified = true;
      continue;
    }
    if ((c === '*' || c === '+' || c === '{' || c === '|') && stack.length) stack[stack.length - 1].quantified = true;
  }
  return false;
}

function regex(pattern: string, flags: string): RegExp {
  if (riskyRegex(pattern)) unknown(`the pattern "${pattern}" nests repetitions; it is not run here`);
  let p = pattern;
  let f = flags;
  const inline = /^\(\?([imsx]+)\)/.exec(p);
  if (inline) {
    f += [...new Set(inline[1].replace(/x/g, ''))].join('');
    p = p.slice(inline[0].length);
  }
  try {
    return new RegExp(p, f);
  } catch (e) {
    fail(`"${pattern}" is not a valid regular expression (${e instanceof Error ? e.message : String(e)})`);
  }
}

function regexInput(s: string): string {
  if (s.length > MAX_REGEX_INPUT) unknown(`regular expressions are run here on at most ${MAX_REGEX_INPUT} characters`);
  return s;
}

/** A .NET replacement pattern ($1, ${name}, $$, $&) applied to one match. */
function substitute(replacement: string, m: RegExpMatchArray): string {
  return replacement.replace(/\$(\$|&|\{([A-Za-z_][\w]*)\}|(\d+))/g, (all, what: string, name?: string, num?: string) => {
    if (what === '$') return '$';
    if (what === '&') return m[0];
    if (name !== undefined) return m.groups?.[name] ?? '';
    if (num !== undefined) return m[Number(num)] ?? all;
    return all;
  });
}

// ---------- the functions ----------

type Lazy = (i: number) => EvalValue;

function str(v: EvalValue): string | null {
  return entraString(v);
}

function nullNote(env: Env, fn: string): null {
  env.notes.add(`${fn} got an empty source and yields nothing (inference: the reference does not say); Entra does not send an empty value.`);
  return null;
}

function replace(env: Env, arg: Lazy, has: (i: number) => boolean): EvalValue {
  const source = str(arg(0));
  // oldValue + template: the template with oldValue replaced by the source.
  if (has(1) && has(6) && !has(4)) {
    const oldValue = str(arg(1)) ?? '';
    const template = str(arg(6)) ?? '';
    if (source === null) return nullNote(env, 'Replace');
    return cap(oldValue === '' ? template : template.split(oldValue).join(source));
  }
  if (has(1)) {
    if (source === null) return nullNote(env, 'Replace');
    const oldValue = str(arg(1)) ?? '';
    const replacement = str(arg(4)) ?? '';
    return cap(oldValue === '' ? source : source.split(oldValue).join(replacement));
  }
  const pattern = str(arg(2)) ?? '';
  const group = has(3) ? str(arg(3)) : null;
  if (group !== null && has(5)) {
    // regexPattern + regexGroupName + replacementAttributeName: the source if it has a value, else the group from the other attribute.
    if (source !== null && source !== '') return source;
    const other = str(arg(5));
    if (other === null) return null;
    const m = regex(pattern, '').exec(regexInput(other));
    return m?.groups?.[group] ?? null;
  }
  if (source === null) return nullNote(env, 'Replace');
  const input = regexInput(source);
  const replacement = str(arg(4)) ?? '';
  if (group !== null) {
    // regexPattern + regexGroupName + replacementValue: every match of the group replaced.
    const re = regex(pattern, 'gd');
    let out = '';
    let pos = 0;
    for (const m of input.matchAll(re)) {
      const span = (m as RegExpMatchArray & { indices?: { groups?: Record<string, [number, number] | undefined> } }).indices?.groups?.[group];
      if (!span) continue;
      if (span[0] < pos) continue;
      out += input.slice(pos, span[0]) + replacement;
      pos = span[1];
    }
    return cap(out + input.slice(pos));
  }
  // regexPattern + replacementValue (group names usable as ${name}).
  let out = '';
  let pos = 0;
  for (const m of input.matchAll(regex(pattern, 'g'))) {
    const at = m.index ?? 0;
    out += input.slice(pos, at) + substitute(replacement, m);
    pos = at + m[0].length;
  }
  return cap(out + input.slice(pos));
}

function pcase(s: string, separators: string | null): string {
  const lower = s.toLowerCase();
  let out = '';
  let start = true;
  for (const ch of lower) {
    const isSep = separators !== null ? separators.includes(ch) : !/[\p{L}\p{N}\p{M}'’]/u.test(ch);
    if (isSep) { out += ch; start = true; continue; }
    out += start ? ch.toUpperCase() : ch;
    start = false;
  }
  return out;
}

function utf16Base64(s: string): string {
  const bytes = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    bytes[2 * i] = c & 0xff;
    bytes[2 * i + 1] = c >> 8;
  }
  return Buffer.from(bytes).toString('base64');
}

function dateArg(v: EvalValue, fn: string): number {
  const s = str(v);
  if (s === null) fail(`${fn} got an empty date`);
  const ms = parseDateTime(s);
  if (ms === undefined) fail(`${fn} cannot read "${s}" as a date (use CDate on a date string)`);
  return ms;
}

function intervalArg(v: EvalValue, fn: string) {
  const s = str(v) ?? '';
  if (!isInterval(s)) fail(`${fn}'s interval "${s}" is not one of yyyy, m, d, ww, h, n, s`);
  return s;
}

function callMapping(name: string, arg: Lazy, has: (i: number) => boolean, n: number, env: Env): EvalValue {
  const s = (i: number) => str(arg(i));
  switch (name) {
    case 'Append': {
      const a = s(0);
      if (a === null) return nullNote(env, 'Append');
      return cap(a + (s(1) ?? ''));
    }
    case 'BitAnd': return toInt(arg(0), "BitAnd's value1") & toInt(arg(1), "BitAnd's value2");
    case 'CBool': return truthy(arg(0), "CBool's expression");
    case 'CDate': return formatUs(dateArg(arg(0), 'CDate'));
    case 'Coalesce': {
      for (let i = 0; i < n; i++) if (has(i) && arg(i) !== null) return arg(i);
      return null;
    }
    case 'ConvertToBase64': { const a = s(0); return a === null ? null : utf16Base64(a); }
    case 'ConvertToUTF8Hex': { const a = s(0); return a === null ? null : Buffer.from(a, 'utf8').toString('hex').toUpperCase(); }
    case 'Count': return values(arg(0)).length;
    case 'CStr': return s(0);
    case 'DateAdd': return formatUs(dateAdd(intervalArg(arg(0), 'DateAdd'), toNumber(arg(1), "DateAdd's value"), dateArg(arg(2), 'DateAdd')));
    case 'DateDiff': return dateDiff(intervalArg(arg(0), 'DateDiff'), dateArg(arg(1), 'DateDiff'), dateArg(arg(2), 'DateDiff'));
    case 'DateFromNum': return formatUs(fromFileTime(toNumber(arg(0), "DateFromNum's value")));
    case 'FormatDateTime': {
      const [src, inF, outF] = n >= 4 ? [s(0), s(2), s(3)] : [s(0), s(1), s(2)];
      if (src === null) return nullNote(env, 'FormatDateTime');
      const ms = parseWithFormat(src, inF ?? '');
      if (ms === undefined) fail(`FormatDateTime cannot read "${src}" with the format "${inF ?? ''}"`);
      const out = formatWithFormat(ms, outF ?? '');
      if (out === undefined) fail(`FormatDateTime cannot write the format "${outF ?? ''}"`);
      return out;
    }
    case 'IgnoreFlowIfNullOrEmpty': {
      const v = arg(0);
      if (isBlank(v)) {
        env.notes.add('IgnoreFlowIfNullOrEmpty: the value is empty for this person, so Entra leaves the attribute out of the request.');
        return null;
      }
      return v;
    }
    case 'IIF': {
      const reads: { name: string; value: EvalValue }[] = [];
      const outer = env.reads;
      env.reads = reads;
      let cond: EvalValue;
      try {
        cond = arg(0);
      } finally {
        env.reads = outer;
      }
      const empty = reads.find((r) => isBlank(r.value));
      if (empty) {
        fail(`IIF's condition reads [${empty.name}], which is empty for this person, and Entra fails the condition check then (write Switch([${empty.name}], [${empty.name}], "", "…") instead)`);
      }
      return truthy(cond, "IIF's condition") ? arg(1) : arg(2);
    }
    case 'InStr': {
      const hay = s(0);
      const needle = s(1) ?? '';
      if (hay === null) return 0;
      const start = has(2) ? toInt(arg(2), "InStr's start") : 1;
      if (start < 1) fail(`InStr's start is ${start}; positions count from 1`);
      const text = has(3) && (arg(3) === 'vbTextCompare');
      const i = (text ? hay.toLowerCase() : hay).indexOf(text ? needle.toLowerCase() : needle, start - 1);
      return i < 0 ? 0 : i + 1;
    }
    case 'IsNull': return arg(0) === null;
    case 'IsNullOrEmpty': return isBlank(arg(0));
    case 'IsPresent': return !isBlank(arg(0)) && typeof str(arg(0)) === 'string';
    case 'IsString': return typeof arg(0) === 'string';
    case 'Item': {
      const list = values(arg(0));
      const i = toInt(arg(1), "Item's index");
      if (i < 1) fail(`Item's index is ${i}; items count from 1 (index 0 is not used)`);
      return list[i - 1] ?? null;
    }
    case 'Join': {
      const sep = s(0) ?? '';
      const parts: string[] = [];
      for (let i = 1; i < n; i++) {
        for (const v of values(arg(i))) {
          const x = str(v);
          if (x !== null && x !== '') parts.push(x);
        }
      }
      return cap(parts.join(sep));
    }
    case 'Left': {
      const a = s(0);
      if (a === null) return '';
      const k = toInt(arg(1), "Left's numChars");
      if (k === 0) return '';
      if (k < 0) return a;
      return a.slice(0, k);
    }
    case 'Len': { const a = s(0); return a === null ? 0 : a.length; }
    case 'Mid': {
      const a = s(0);
      if (a === null) return nullNote(env, 'Mid');
      const start = toInt(arg(1), "Mid's start");
      const len = toInt(arg(2), "Mid's length");
      if (start < 1) fail(`Mid's start is ${start}; the first character is 1`);
      if (len < 0) fail(`Mid's length is ${len}`);
      return a.slice(start - 1, start - 1 + len);
    }
    case 'NormalizeDiacritics': { const a = s(0); return a === null ? nullNote(env, 'NormalizeDiacritics') : normalizeDiacritics(a); }
    case 'Not': {
      const a = s(0);
      return !(a !== null && /^true$/i.test(a.trim()));
    }
    case 'NumFromDate': return toFileTime(dateArg(arg(0), 'NumFromDate'));
    case 'PCase': { const a = s(0); return a === null ? null : pcase(a, has(1) ? s(1) : null); }
    case 'Redact': {
      env.notes.add('Redact: the provisioning logs show "[Redact]" instead of the value.');
      return arg(0);
    }
    case 'RemoveDuplicates': {
      const out: EvalValue[] = [];
      for (const v of values(arg(0))) if (!out.some((x) => x === v)) out.push(v);
      return out;
    }
    case 'Replace': return replace(env, arg, has);
    case 'Split': {
      const a = s(0);
      if (a === null) return null;
      const d = s(1) ?? '';
      // The reference's example shows the parts without the space after the delimiter.
      return (d === '' ? [a] : a.split(d)).map((x) => x.trim());
    }
    case 'StripSpaces': { const a = s(0); return a === null ? nullNote(env, 'StripSpaces') : a.replace(/ /g, ''); }
    case 'Switch': {
      env.notes.add('Switch: when Entra is the source, an update that changes only another attribute can evaluate Switch to NULL (a known issue; Microsoft suggests IIF).');
      const source = s(0) ?? '';
      for (let i = 2; i + 1 < n; i += 2) {
        if (!has(i)) continue;
        const key = s(i) ?? '';
        if (key === source) return arg(i + 1);
      }
      return has(1) ? arg(1) : null;
    }
    case 'ToLower': case 'ToUpper': {
      const a = s(0);
      if (a === null) return nullNote(env, name);
      const culture = has(1) ? s(1) : null;
      try {
        if (culture) return name === 'ToLower' ? a.toLocaleLowerCase(culture) : a.toLocaleUpperCase(culture);
      } catch {
        fail(`${name}'s culture "${culture}" is not a culture name such as en-US`);
      }
      return name === 'ToLower' ? a.toLowerCase() : a.toUpperCase();
    }
    case 'Word': {
      const a = s(0);
      const k = toInt(arg(1), "Word's wordNumber");
      const delims = s(2) ?? '';
      if (a === null || k < 1) return '';
      const words: string[] = [];
      let cur = '';
      for (const ch of a) {
        if (delims.includes(ch)) { if (cur) words.push(cur); cur = ''; } else cur += ch;
      }
      if (cur) words.push(cur);
      return words[k - 1] ?? '';
    }
    default: {
      const f = functionByName(name, 'mapping');
      return unknown(f?.unknownBecause ? `${name} ${f.unknownBecause}` : `${name} is not evaluated here`);
    }
  }
}

function callSaml(name: string, arg: Lazy, has: (i: number) => boolean): EvalValue {
  const s = (i: number) => str(arg(i));
  switch (name) {
    case 'ExtractMailPrefix': { const a = s(0); if (a === null) return null; const at = a.indexOf('@'); return at < 0 ? a : a.slice(0, at); }
    case 'ToLowercase': case 'ToLower': { const a = s(0); return a === null ? null : a.toLowerCase(); }
    case 'ToUppercase': case 'ToUpper': { const a = s(0); return a === null ? null : a.toUpperCase(); }
    case 'Join': { const a = s(0) ?? ''; const b = s(1) ?? ''; return cap(`${a}${has(2) ? s(2) ?? '' : ''}${b}`); }
    case 'Contains': case 'StartWith': case 'EndWith': {
      const input = s(0) ?? '';
      const v = s(1) ?? '';
      const hit = name === 'Contains' ? input.includes(v) : name === 'StartWith' ? input.startsWith(v) : input.endsWith(v);
      return hit ? arg(2) : has(3) ? arg(3) : null;
    }
    case 'IfEmpty': return isBlank(arg(0)) ? arg(1) : has(2) ? arg(2) : arg(0);
    case 'IfNotEmpty': return isBlank(arg(0)) ? null : arg(1);
    default: {
      const f = functionByName(name, 'saml');
      return unknown(f?.unknownBecause ? `${name} ${f.unknownBecause}` : `${name} is not evaluated here`);
    }
  }
}

/** A claim source `user.givenname` -> the person's attribute (mapping names, compared without case). */
const SAML_ALIASES: Readonly<Record<string, string>> = { mobilephone: 'mobile', othermail: 'otherMails', officelocation: 'physicalDeliveryOfficeName' };

function readAttribute(env: Env, name: string): EvalValue {
  if (name === 'objectId' && env.person.attributes.objectId === undefined) {
    env.notes.add(`[objectId] is a stand-in (${env.person.id}): Entra uses the user's own object id.`);
    return env.person.id;
  }
  const v = env.person.attributes[name];
  if (v === undefined || v === null) env.notes.add(`[${name}] is empty for this person.`);
  const value = v ?? null;
  env.reads?.push({ name, value });
  return value;
}

function readClaimSource(env: Env, ref: string): EvalValue {
  const dot = ref.indexOf('.');
  const root = ref.slice(0, dot);
  const id = ref.slice(dot + 1);
  if (root !== 'user') unknown(`${ref} is a property of the ${root} in Entra`);
  const key = SAML_ALIASES[id] ?? Object.keys(env.person.attributes).find((k) => k.toLowerCase() === id) ?? (id === 'objectid' ? 'objectId' : id);
  if (key === 'objectId' && env.person.attributes.objectId === undefined) {
    env.notes.add(`user.objectid is a stand-in (${env.person.id}): Entra uses the user's own object id.`);
    return env.person.id;
  }
  const v = env.person.attributes[key];
  if (v === undefined || v === null) env.notes.add(`${ref} is empty for this person: Entra leaves the claim out.`);
  return v ?? null;
}

function ev(n: Node, env: Env): EvalValue {
  if (++env.steps > MAX_STEPS) fail('the expression is too large to preview');
  switch (n.type) {
    case 'string': return n.value;
    case 'number': return n.value;
    case 'attribute': return readAttribute(env, n.name);
    case 'name':
      if (n.name === 'vbBinaryCompare' || n.name === 'vbTextCompare') return n.name;
      if (env.context === 'saml' && n.name.includes('.')) return readClaimSource(env, n.name);
      return fail(`'${n.name}' is not a value Entra knows`);
    case 'compare': {
      const a = ev(n.left, env);
      const b = ev(n.right, env);
      const c = compareValues(a, b);
      switch (n.op) {
        case '=': return c === 0 && (a === null) === (b === null);
        case '<>': return !(c === 0 && (a === null) === (b === null));
        case '<': return c < 0;
        case '<=': return c <= 0;
        case '>': return c > 0;
        case '>=': return c >= 0;
      }
      return false;
    }
    case 'call': {
      const args: Arg[] = n.args;
      const memo = new Map<number, EvalValue>();
      const has = (i: number) => i < args.length && args[i].type !== 'empty';
      const arg: Lazy = (i) => {
        if (!has(i)) return null;
        if (!memo.has(i)) memo.set(i, ev(args[i] as Node, env));
        return memo.get(i) as EvalValue;
      };
      return env.context === 'saml' ? callSaml(n.name, arg, has) : callMapping(n.name, arg, has, args.length, env);
    }
  }
}

export function evaluateAst(ast: Node, person: IdpPerson, context: ExpressionContext): EvalResult {
  const env: Env = { person, context, steps: 0, notes: new Set() };
  return settle(() => ev(ast, env), env.notes, (value) => {
    if (value === null) env.notes.add('The expression yields NULL for this person: Entra does not provision null values, so the attribute is not sent.');
  });
}
