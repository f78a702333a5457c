// Completion and hover inside an Okta expression: after `user.` the profile attributes (base and
// custom) with their descriptions, after `String.` (or another namespace) its functions as snippets of
// their arguments, elsewhere the references and functions that can start a value.
import type { ExpressionCompletion, ExpressionHover, ExpressionSite } from '../types';
import { GLOBAL_FUNCTIONS, NAMESPACES, OKTA_BASE_ATTRIBUTES, OKTA_ID_ATTRIBUTE, ROOTS, USER_METHODS, functionByName, functionsOf } from './catalog';
import type { OktaFunction } from './catalog';
import { tokenize } from './lexer';
import { nodesAt } from '../expressionKit';
import { childrenOf } from './ast';
import type { Node } from './ast';

const IDENT_AFTER = /^[A-Za-z0-9_$]*/;

function attributeItems(site: ExpressionSite): { name: string; description: string; custom: boolean }[] {
  const base = [OKTA_ID_ATTRIBUTE, ...OKTA_BASE_ATTRIBUTES].map((a) => ({ name: a.name, description: a.description, custom: false }));
  const known = new Set(base.map((a) => a.name));
  const custom = site.customAttributes.filter((c) => /^[A-Za-z_$][\w$]*$/.test(c) && !known.has(c))
    .map((c) => ({ name: c, description: 'Custom attribute of your Okta user profile (declared in app.customAttributes).', custom: true }));
  return [...base, ...custom];
}

function functionDoc(f: OktaFunction): string {
  return `\`\`\`\n${f.signature} → ${f.returns}\n\`\`\`\n${f.deprecated ? `${f.deprecated}\n\n` : ''}${f.description}`;
}

function available(f: OktaFunction, site: ExpressionSite): boolean {
  return !f.contexts || f.contexts.includes(site.context);
}

/** True when `offset` is inside a string literal (completion offers nothing there). */
function inString(expression: string, offset: number): boolean {
  const toks = tokenize(expression.slice(0, offset));
  const last = toks[toks.length - 2];
  return !!last && last.kind === 'string' && !!last.unterminated;
}

export function completions(expression: string, offset: number, site: ExpressionSite): ExpressionCompletion[] {
  const off = Math.max(0, Math.min(offset, expression.length));
  if (inString(expression, off)) return [];
  const before = expression.slice(0, off);
  const after = IDENT_AFTER.exec(expression.slice(off))?.[0] ?? '';
  const member = /([A-Za-z_$][\w$]*)\s*\??\.\s*([A-Za-z_$][\w$]*)?$/.exec(before);
  if (member && expression[member.index - 1] !== '.') {
    const root = member[1];
    const partial = member[2] ?? '';
    const start = off - partial.length;
    const end = off + after.length;
    if (root === 'user') {
      const attrs = attributeItems(site).map((a): ExpressionCompletion => ({
        label: a.name, kind: 'attribute', insertText: a.name, start, end,
        detail: a.custom ? 'custom attribute' : 'Okta user attribute', documentation: a.description,
      }));
      const methods = USER_METHODS.map((m): ExpressionCompletion => ({
        label: m.short, kind: 'function', insertText: m.snippet, snippet: true, start, end, detail: m.signature, documentation: functionDoc(m),
      }));
      return [...attrs, ...methods];
    }
    const ns = NAMESPACES.find((x) => x.name === root);
    if (ns) {
      return functionsOf(ns.name).filter((f) => available(f, site)).map((f) => ({
        label: f.short, kind: 'function', insertText: f.snippet, snippet: true, start, end, detail: f.signature, documentation: functionDoc(f),
      }));
    }
    if (root === 'org') {
      return [['name', "Your Okta org's name."], ['subDomain', "Your Okta org's subdomain."]].map(([n, d]) => ({ label: n, kind: 'attribute', insertText: n, start, end, detail: 'Okta org property', documentation: d }));
    }
    if (root === 'session' && site.context === 'saml') {
      return [{ label: 'amr', kind: 'attribute', insertText: 'amr', start, end, detail: 'session property', documentation: 'Authentication methods of the session, e.g. ["mfa", "pwd"].' }];
    }
    return [];
  }
  if (/\.\s*[A-Za-z_$][\w$]*$|\.\s*$/.test(before)) return []; // a member of a value: not ours to guess
  const partial = /[A-Za-z_$][\w$]*$/.exec(before)?.[0] ?? '';
  const start = off - partial.length;
  const end = off + after.length;
  const items: ExpressionCompletion[] = attributeItems(site).map((a) => ({
    label: `user.${a.name}`, kind: 'expression', insertText: `user.${a.name}`, start, end,
    detail: a.custom ? 'custom attribute' : 'Okta user attribute', documentation: a.description,
  }));
  for (const ns of NAMESPACES) {
    if (!functionsOf(ns.name).some((f) => available(f, site))) continue;
    items.push({ label: `${ns.name}.`, kind: 'namespace', insertText: `${ns.name}.`, retrigger: true, start, end, detail: 'Okta functions', documentation: ns.description });
  }
  for (const f of GLOBAL_FUNCTIONS) {
    if (f.replacement || !available(f, site)) continue;
    items.push({ label: f.short, kind: 'function', insertText: f.snippet, snippet: true, start, end, detail: f.signature, documentation: functionDoc(f) });
  }
  for (const [name, r] of Object.entries(ROOTS)) {
    if (name === 'user' || (r.contexts && !r.contexts.includes(site.context))) continue;
    items.push({ label: `${name}.`, kind: 'namespace', insertText: `${name}.`, retrigger: true, start, end, detail: 'reference', documentation: r.description });
  }
  return items;
}


export function hover(ast: Node, offset: number, site: ExpressionSite): ExpressionHover | undefined {
  const path = nodesAt(ast, offset, childrenOf);
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i];
    if (n.type === 'call') {
      const c = n.callee;
      const name = c.type === 'ident' ? c.name : c.type === 'member' && c.object.type === 'ident' ? `${c.object.name}.${c.name}` : undefined;
      const f = name ? functionByName(name) ?? GLOBAL_FUNCTIONS.find((g) => g.short === name) : undefined;
      if (f && offset >= c.start && offset <= c.end) return { markdown: functionDoc(f), start: c.start, end: c.end };
    }
    const parent = path[i - 1];
    if (n.type === 'member' && parent?.type === 'call' && parent.callee === n) continue; // the call describes its function
    if (n.type === 'member' && n.object.type === 'ident' && offset >= n.object.start && offset <= n.nameEnd) {
      const root = n.object.name;
      if (root === 'user') {
        const a = attributeItems(site).find((x) => x.name === n.name);
        if (a) return { markdown: `**user.${a.name}** (${a.custom ? 'custom attribute' : 'Okta user attribute'})\n\n${a.description}`, start: n.start, end: n.nameEnd };
        return undefined;
      }
      const ns = NAMESPACES.find((x) => x.name === root);
      if (ns) return { markdown: ns.description, start: n.start, end: n.nameEnd };
      const r = ROOTS[root];
      if (r) return { markdown: `**${root}.${n.name}**\n\n${r.description}`, start: n.start, end: n.nameEnd };
    }
  }
  return undefined;
}
