// validateConfig: YAML findings, then schema findings, then the target's semantic rules.
import { isMap } from 'yaml';
import { identityProviderOf } from '../idp/registry';
import { requirementsFor } from '../targets/registry';
import { RULES } from './rules/all';
import { scaffoldConfig } from './scaffold';
import { keepCommentColumn } from './yaml/edits';
import { decodeConfigBytes, parseConfig } from './yaml/parse';
import type { ParsedConfig } from './yaml/parse';
import { createContext, isObject, rootRange } from './rules/context';
import type { RuleContext } from './rules/context';
import { runSchema, schemaFindings } from './rules/schema';
import type { Finding, ValidateOptions } from './types';
import { customAttributesOf, targetOf } from './model';

/** Validate an already parsed config (the editor may keep the parse for completion/hover). */
export function validateParsed(parsed: ParsedConfig, options?: ValidateOptions): Finding[] {
  const out: Finding[] = [...parsed.findings];
  const { doc, text } = parsed;
  if (doc && parsed.usable) {
    try {
      checkDocument(parsed, out, options);
    } catch (e) {
      // A rule bug must never take the editor down; surface it as a finding instead.
      out.push({ code: 'yaml-syntax', severity: 'error', message: `Internal error while checking this file: ${e instanceof Error ? e.message : String(e)}`, start: 0, end: Math.min(1, text.length) });
    }
  }
  // A fix never shifts a trailing comment's column (every fix, for the editor and the CLI alike).
  for (const f of out) {
    if (f.fixes) for (const fix of f.fixes) fix.edits = fix.edits.map((e) => keepCommentColumn(text, e));
  }
  return finish(out, options);
}

function checkDocument(parsed: ParsedConfig, out: Finding[], options?: ValidateOptions): void {
  const { doc, value, text } = parsed;
  if (!doc) return;
  const empty = value === null || value === undefined;
  if (empty) {
    if (out.some((f) => f.code === 'yaml-syntax')) return;
    const r = rootRange({ doc, text });
    const at = text.length;
    const scaffold = scaffoldConfig({});
    const prefix = at > 0 && text.charCodeAt(at - 1) !== 10 ? parsed.eol : '';
    out.push({
      code: 'schema-required', severity: 'error', start: r[0], end: r[1],
      message: 'The file is empty: a provisioning config needs at least version, app and api (run "Fix all" or the quick fix to insert a starter config).',
      fixes: [{ title: 'Insert a starter config', edits: [{ start: at, end: at, newText: prefix + scaffold.replace(/\n/g, parsed.eol) }], isPreferred: true }],
    });
    return;
  }
  const target = targetOf(value, options);
  const requirements = requirementsFor(target);
  const idp = identityProviderOf(value);
  const base: Omit<RuleContext, 'report' | 'claim' | 'claimed'> = {
    text, eol: parsed.eol, indentUnit: parsed.indentUnit, doc, value: isObject(value) ? value : {}, target, requirements, idp,
    expected: requirements.expected[idp.id], customAttributes: customAttributesOf(value), expressionChecks: options?.expressionChecks !== false,
  };
  const ctx = createContext(base, out);
  if (!isObject(value) || !isMap(doc.contents)) {
    const r = rootRange({ doc, text });
    ctx.report('schema-type', `The file must be a mapping of keys (version, app, api, saml, provisioning, assignments), not ${Array.isArray(value) ? 'a list' : 'a single value'}.`, r);
    return;
  }
  const semantic: Finding[] = [];
  const rctx = createContext(base, semantic);
  for (const rule of RULES) rule(rctx);
  const schemaOut: Finding[] = [];
  const sctx = createContext(base, schemaOut);
  for (const p of rctx.claimed) sctx.claimed.add(p);
  schemaFindings(sctx, runSchema(value));
  out.push(...schemaOut, ...semantic);
}

function finish(findings: Finding[], options?: ValidateOptions): Finding[] {
  const sev = options?.severities;
  const result: Finding[] = [];
  for (const f of findings) {
    const o = sev?.[f.code];
    if (o === 'off') continue;
    result.push(o ? { ...f, severity: o } : f);
  }
  return result.sort((a, b) => a.start - b.start || a.end - b.end);
}

export function validateConfig(text: string, options?: ValidateOptions): Finding[] {
  return validateParsed(parseConfig(text), options);
}

/** For the CLI: decode bytes (reporting invalid UTF-8) and validate. */
export function validateBytes(bytes: Uint8Array, options?: ValidateOptions): { text: string; findings: Finding[] } {
  const { text, finding } = decodeConfigBytes(bytes);
  const findings = validateConfig(text, options);
  if (finding) {
    const o = options?.severities?.['yaml-syntax'];
    if (o !== 'off') findings.unshift(o ? { ...finding, severity: o } : finding);
    findings.sort((a, b) => a.start - b.start || a.end - b.end);
  }
  return { text, findings };
}
