// Completion and hover inside an Entra ID expression. Mappings: at the start of a value the source
// attributes as whole `[name]` references (the editor quotes them in YAML: unquoted, `[mail]` is a
// list) and the functions as snippets of their arguments; inside `[` the attribute names. SAML
// claims: `user.<id>` claim sources and the claim transformations.
import type { ExpressionCompletion, ExpressionContext, ExpressionHover, ExpressionSite } from '../types';
import { COMPARE_TYPES, DIRECTORY_EXTENSION, ENTRA_ATTRIBUTES, SAML_SOURCES, functionByName, functionsFor } from './catalog';
import type { EntraFunction } from './catalog';
import { tokenize } from './lexer';
import { nodesAt } from '../expressionKit';
import { childrenOf } from './ast';
import type { Node } from './ast';

interface Item { name: string; description: string; custom: boolean }

function attributeItems(site: ExpressionSite): Item[] {
  const base = (site.context === 'saml' ? SAML_SOURCES : ENTRA_ATTRIBUTES).map((a) => ({ name: a.name, description: a.description, custom: false }));
  const known = new Set(base.map((a) => a.name));
  const custom = site.customAttributes.filter((c) => c.trim() !== '' && !known.has(c)).map((c) => ({
    name: c, custom: true,
    description: DIRECTORY_EXTENSION.test(c) ? 'Directory extension of your tenant (declared in app.customAttributes).' : 'Custom attribute of your Entra users (declared in app.customAttributes).',
  }));
  return [...base, ...custom];
}

export function functionDoc(f: EntraFunction): string {
  return `\`\`\`\n${f.signature} → ${f.returns}\n\`\`\`\n${f.description}${f.notHere ? `\n\nNot in a SCIM app: ${f.name} ${f.notHere}.` : ''}`;
}

/** True when `offset` is inside a string literal (completion offers nothing there). */
function inString(expression: string, offset: number): boolean {
  const toks = tokenize(expression.slice(0, offset));
  const last = toks[toks.length - 2];
  return !!last && last.kind === 'string' && !!last.unterminated;
}

const WORD_AFTER = /^[A-Za-z0-9_]*/;

function kindLabel(context: ExpressionContext, custom: boolean): string {
  if (custom) return 'custom attribute';
  return context === 'saml' ? 'Entra claim source' : 'Entra user attribute';
}

export function completions(expression: string, offset: number, site: ExpressionSite): ExpressionCompletion[] {
  const off = Math.max(0, Math.min(offset, expression.length));
  if (inString(expression, off)) return [];
  const before = expression.slice(0, off);
  const after = WORD_AFTER.exec(expression.slice(off))?.[0] ?? '';
  const items = attributeItems(site);
  if (site.context === 'mapping') {
    const open = /\[([^\][]*)$/.exec(before);
    if (open) {
      // Inside `[…`: the names; the closing bracket is written when it is missing.
      const start = open.index;
      const rest = expression.slice(off);
      const closeAt = /^[^\][]*\]/.exec(rest);
      const end = closeAt ? off + closeAt[0].length : off + after.length;
      const whole = start === 0 && expression.slice(end).trim() === '';
      return items.map((a) => ({
        label: a.name, kind: whole ? 'expression' : 'attribute', insertText: `[${a.name}]`, start, end,
        detail: kindLabel('mapping', a.custom), documentation: a.description,
      }));
    }
    const partial = /[A-Za-z_][\w]*$/.exec(before)?.[0] ?? '';
    const start = off - partial.length;
    const end = off + after.length;
    if (/\.\s*$|\.[A-Za-z_]\w*$/.test(before)) return [];
    const out: ExpressionCompletion[] = items.map((a) => ({
      label: `[${a.name}]`, kind: 'expression', insertText: `[${a.name}]`, start, end, detail: kindLabel('mapping', a.custom), documentation: a.description,
    }));
    for (const f of functionsFor('mapping')) {
      if (f.notHere) continue;
      out.push({ label: f.name, kind: 'function', insertText: f.snippet, snippet: true, start, end, detail: f.signature, documentation: functionDoc(f) });
    }
    if (/InStr\([^()]*,[^()]*,[^()]*,\s*[A-Za-z]*$/.test(before)) {
      for (const [name, doc] of Object.entries(COMPARE_TYPES)) out.push({ label: name, kind: 'attribute', insertText: name, start, end, detail: 'InStr compareType', documentation: doc });
    }
    return out;
  }
  // SAML claims: after `user.` the claim sources, elsewhere whole sources and the transformations.
  const member = /\buser\.([A-Za-z_]\w*)?$/.exec(before);
  if (member) {
    const partial = member[1] ?? '';
    const start = off - partial.length;
    const end = off + after.length;
    return items.map((a) => ({ label: a.name, kind: 'attribute', insertText: a.name, start, end, detail: kindLabel('saml', a.custom), documentation: a.description }));
  }
  const partial = /[A-Za-z_][\w]*$/.exec(before)?.[0] ?? '';
  const start = off - partial.length;
  const end = off + after.length;
  const out: ExpressionCompletion[] = items.map((a) => ({
    label: `user.${a.name}`, kind: 'expression', insertText: `user.${a.name}`, start, end, detail: kindLabel('saml', a.custom), documentation: a.description,
  }));
  for (const f of functionsFor('saml')) out.push({ label: f.name, kind: 'function', insertText: f.snippet, snippet: true, start, end, detail: f.signature, documentation: functionDoc(f) });
  return out;
}


export function hover(ast: Node, offset: number, site: ExpressionSite): ExpressionHover | undefined {
  const path = nodesAt(ast, offset, childrenOf);
  const items = attributeItems(site);
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i];
    if (offset < n.start || offset > n.end) continue;
    if (n.type === 'call' && offset >= n.start && offset <= n.nameEnd) {
      const f = functionByName(n.name, site.context);
      if (f) return { markdown: functionDoc(f), start: n.start, end: n.nameEnd };
    }
    if (n.type === 'attribute' && site.context === 'mapping') {
      const a = items.find((x) => x.name === n.name);
      if (a) return { markdown: `**[${a.name}]** (${kindLabel('mapping', a.custom)})\n\n${a.description}`, start: n.start, end: n.end };
      if (DIRECTORY_EXTENSION.test(n.name)) {
        return { markdown: `**[${n.name}]** (directory extension)\n\nAn attribute added to your tenant's users by an app registration (synced by Entra Connect or set with Microsoft Graph). Names are case-sensitive.`, start: n.start, end: n.end };
      }
    }
    if (n.type === 'name') {
      if (COMPARE_TYPES[n.name]) return { markdown: `**${n.name}**\n\n${COMPARE_TYPES[n.name]}`, start: n.start, end: n.end };
      if (site.context === 'saml' && n.name.startsWith('user.')) {
        const a = items.find((x) => x.name === n.name.slice(5));
        if (a) return { markdown: `**${n.name}** (${kindLabel('saml', a.custom)})\n\n${a.description}`, start: n.start, end: n.end };
      }
    }
  }
  return undefined;
}
