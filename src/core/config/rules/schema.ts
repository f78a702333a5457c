// ajv errors -> schema-* findings with ranges, "did you mean" and fixes.
import validateSchema from '../schema/generated/schema-validator';
import { replaceScalar } from '../yaml/edits';
import type { RuleContext } from './context';
import { hasNearMiss, isObject, keyRange, loc, rootRange, toPointer, valueRange } from './context';
import type { SchemaError } from '../schema/schemaTypes';
import { allowedKeys, schemaAt } from '../schema/schemaInfo';
import { closest, scalarText } from '../../shared/text';
import type { Fix } from '../types';
import { pathLabel, pointerToPath } from '../yaml/yamlNav';
import type { PathSegment } from '../yaml/yamlNav';
import { quoteForMessage } from '../../shared/secrets';

export function runSchema(value: unknown): SchemaError[] {
  const ok = validateSchema(value);
  return ok ? [] : (validateSchema.errors ?? []).slice();
}

function typeName(v: unknown): string {
  if (v === null) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string '${quoteForMessage(v, 40)}'`;
  return `${typeof v} ${scalarText(v)}`;
}

function expectedType(t: unknown): string {
  const one = (x: string) => ({ object: 'a mapping', array: 'a list', string: 'a string', boolean: 'true or false', integer: 'a whole number', number: 'a number', null: 'empty' } as Record<string, string>)[x] ?? x;
  return Array.isArray(t) ? t.map((x) => one(String(x))).join(' or ') : one(String(t));
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let cur = value;
  for (const s of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}

/** Map schema errors to findings, skipping paths that semantic rules own (claimed). */
export function schemaFindings(ctx: RuleContext, errors: readonly SchemaError[]): void {
  const valueErrorSeen = new Set<string>();
  for (const err of errors) {
    const path = pointerToPath(err.instancePath);
    if (err.keyword === 'additionalProperties') {
      const key = String(err.params.additionalProperty);
      const full = [...path, key];
      if (ctx.claimed.has(toPointer(full))) continue;
      const allowed = allowedKeys(path);
      const present = new Set(Object.keys((valueAt(ctx.value, path) as Record<string, unknown>) ?? {}));
      const suggestion = closest(key, allowed.filter((k) => !present.has(k)));
      const l = loc(ctx, full);
      const fixes: Fix[] = [];
      if (suggestion && l?.key) {
        const e = replaceScalar(l.key, suggestion);
        if (e) fixes.push({ title: `Rename to '${suggestion}'`, edits: [e], isPreferred: true });
      }
      const where = path.length ? `in ${pathLabel(path)}` : 'at the top level';
      ctx.report('schema-unknown-key', `Unknown key '${quoteForMessage(key, 40)}' ${where}: ${suggestion ? `did you mean '${suggestion}'?` : 'remove it or use an allowed key.'}`,
        keyRange(ctx, full), fixes, { detail: `Allowed keys ${where}: ${allowed.join(', ')}.` });
      continue;
    }
    if (err.keyword === 'required') {
      const key = String(err.params.missingProperty);
      if (ctx.claimed.has(toPointer([...path, key]))) continue;
      const obj = valueAt(ctx.value, path);
      // A misspelled key is reported once, as schema-unknown-key with "did you mean".
      if (isObject(obj) && hasNearMiss(obj, key, allowedKeys(path))) continue;
      const range = path.length ? keyRange(ctx, path) : rootRange(ctx);
      const fixes: Fix[] = [];
      if (key === 'version' && path.length === 0) {
        const at = range[0] - (ctx.text.slice(0, range[0]).length - ctx.text.slice(0, range[0]).replace(/[ \t]+$/, '').length);
        fixes.push({ title: 'Add version: 1', edits: [{ start: at, end: at, newText: `version: 1${ctx.eol}` }], isPreferred: true });
      }
      const desc = schemaAt([...path, key])?.description;
      ctx.report('schema-required', `Required key '${key}' is missing in ${pathLabel(path)}: add it.`, range, fixes, desc ? { detail: `${key}: ${desc}` } : undefined);
      continue;
    }
    const ptr = err.instancePath;
    if (ctx.claimed.has(ptr) || valueErrorSeen.has(ptr)) continue;
    valueErrorSeen.add(ptr);
    const actual = valueAt(ctx.value, path);
    const label = pathLabel(path);
    if (err.keyword === 'enum' || err.keyword === 'const') {
      const allowed = (err.params.allowedValues as unknown[] | undefined) ?? [err.params.allowedValue];
      const str = typeof actual === 'string' ? actual : undefined;
      const aliases = schemaAt(path)?.['x-aliases'];
      const alias = str !== undefined && aliases && Object.prototype.hasOwnProperty.call(aliases, str.trim().toLowerCase()) ? aliases[str.trim().toLowerCase()] : undefined;
      const suggestion = allowed.length === 1 ? scalarText(allowed[0]) : alias ?? (str !== undefined ? closest(str, allowed.map((a) => scalarText(a))) : undefined);
      const fixes: Fix[] = [];
      if (suggestion !== undefined) {
        const node = loc(ctx, path)?.node;
        const e = typeof allowed[0] === 'number' ? replaceScalar(node, suggestion) && { ...replaceScalar(node, suggestion)!, newText: suggestion } : replaceScalar(node, suggestion);
        if (e) fixes.push({ title: `Change to '${suggestion}'`, edits: [e], isPreferred: true });
      }
      ctx.report('schema-enum', `${label} is ${typeName(actual)}: expected one of ${allowed.map((a) => `'${String(a)}'`).join(', ')}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
        valueRange(ctx, path), fixes);
      continue;
    }
    if (err.keyword === 'type') {
      ctx.report('schema-type', `${label} is ${typeName(actual)}: expected ${expectedType(err.params.type)}.`, valueRange(ctx, path));
      continue;
    }
    if (err.keyword === 'minLength') {
      ctx.report('schema-type', `${label} is empty: expected a non-empty string.`, valueRange(ctx, path));
      continue;
    }
    ctx.report('schema-type', `${label}: ${err.message ?? 'is invalid'}.`, valueRange(ctx, path));
  }
}
