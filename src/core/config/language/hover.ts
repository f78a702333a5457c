// Hover on a config: what a key means (from the schema), and for an expression its meaning and what
// it yields for the first assigned person.
import { schemaAt } from '../schema/schemaInfo';
import type { SchemaNode } from '../schema/schemaInfo';
import type { EvalValue, IdentityProvider, ExpressionContext, EvalResult, ExpressionSite } from '../../idp/types';
import { parseConfig } from '../yaml/parse';
import type { ParsedConfig } from '../yaml/parse';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Scalar, Node } from 'yaml';
import { factsFromValue } from './facts';
import type { EditorSupportOptions } from './facts';
import { directBase } from '../rules/expressions';
import { keyText } from '../yaml/yamlNav';
import type { PathSegment } from '../yaml/yamlNav';
import { identityProviderOf } from '../../idp/registry';
import { resolveBaseUrl } from '../../targets/regions';
import { scalarText } from '../../shared/text';
import { assignmentsOf, SAMPLE_ASSIGNMENT } from '../model';

export interface HoverInfo {
  markdown: string;
  start: number;
  end: number;
}


function describe(schema: SchemaNode, key: string): string {
  const head = schema.title && schema.title !== key ? `**${key}** — ${schema.title}` : `**${key}**`;
  return `${head}\n\n${schema.markdownDescription ?? schema.description ?? ''}`.trim();
}

/** Inline code in Markdown for any text (a fence longer than any backtick run inside). */
function codeSpan(s: string): string {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${/^`|`$/.test(s) ? ` ${s} ` : s}${fence}`;
}

function renderValue(v: EvalValue): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? 'null';
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

/** "For jane@example.com: "JANE"" — what the expression yields for the config's first assignment. */
export function previewMarkdown(idp: IdentityProvider, expression: string, config: unknown, context?: ExpressionContext): string {
  const people = assignmentsOf(config);
  const a = people[0] ?? SAMPLE_ASSIGNMENT;
  const r: EvalResult = idp.evaluate(expression, idp.personProfile(a), context);
  // Escaped, so the address is not turned into a mailto: link.
  const name = a.userName.replace(/[\\`*_{}[\]()#+\-.!<>@|~]/g, '\\$&');
  const who = people.length ? `For ${name}` : `For a sample person, ${name}`;
  const tail = people.length ? '' : '\n\nAdd assignments to preview your own people.';
  if (r.kind === 'unknown') return `**${who}:** ${idp.label} decides when it evaluates this: ${r.reason}.${tail}`;
  if (r.kind === 'error') return `**${who}:** ${idp.label} would fail to evaluate this: ${r.message}.${tail}`;
  const empty = r.value === null || r.value === '';
  const notes = (r.notes ?? []).map((n) => `- ${n}`).join('\n');
  return `**${who}:** ${codeSpan(renderValue(r.value))}${empty ? ` (${idp.label} sends no value)` : ''}${notes ? `\n\n${notes}` : ''}${tail}`;
}

function expressionHover(parsed: ParsedConfig, node: Scalar, key: string, s: SchemaNode, offset: number, options?: EditorSupportOptions): HoverInfo | undefined {
  const expression = node.value as string;
  const context = s['x-expression']!;
  const facts = factsFromValue(parsed.value, options);
  const site: ExpressionSite = { context, key, customAttributes: facts.customAttributes };
  const parts: string[] = [];
  let [start, end] = [node.range![0], node.range![1]];
  const base = directBase(parsed.text, node);
  if (base !== undefined) {
    const h = facts.idp.hover(expression, offset - base, site);
    if (h) {
      parts.push(h.markdown);
      [start, end] = [base + h.start, base + h.end];
    }
  }
  if (expression.trim() !== '' && !facts.idp.check(expression, site).some((p) => p.severity === 'error')) parts.push(previewMarkdown(facts.idp, expression, parsed.value, context));
  if (options?.schema !== false) parts.push(describe(s, key));
  return parts.length ? { markdown: parts.join('\n\n---\n\n'), start, end } : undefined;
}

/** What the config's identity provider says about the key at `path` (Entra ID: the Tenant URL and its flag), if anything. */
function idpNote(parsed: ParsedConfig, path: readonly PathSegment[]): string | undefined {
  const note = identityProviderOf(parsed.value).keyNotes?.[path.join('.')];
  if (!note) return undefined;
  const api = (parsed.value as { api?: { region?: string | null; baseUrl?: string | null } } | null)?.api;
  const baseUrl = api && typeof api === 'object' ? resolveBaseUrl(api) : undefined;
  return note.replace(/\{baseUrl\}/g, baseUrl ?? 'https://…/api/v1/scim');
}

function withNote(markdown: string | undefined, note: string | undefined): string | undefined {
  if (!note) return markdown;
  return markdown ? `${markdown}\n\n---\n\n${note}` : note;
}

/** Hover for the key (or enum value) under the cursor; on an expression, its parts and what it yields. */
export function hoverAt(text: string, offset: number, options?: EditorSupportOptions): HoverInfo | undefined {
  return hoverOf(parseConfig(text), offset, options);
}

/** The same over a parse the host keeps per document version (./documents.ts). */
export function hoverOf(parsed: ParsedConfig, offset: number, options?: EditorSupportOptions): HoverInfo | undefined {
  const schemaHover = options?.schema !== false;
  const doc = parsed.doc;
  if (!doc) return undefined;
  let node: unknown = doc.contents;
  const path: PathSegment[] = [];
  for (let depth = 0; depth < 64 && node; depth++) {
    if (isMap(node)) {
      let next: unknown;
      for (const it of node.items) {
        if (!isPair(it)) continue;
        const k = it.key as Node | null;
        const key = keyText(it);
        if (key === undefined) continue;
        if (k?.range && offset >= k.range[0] && offset <= k.range[1]) {
          const s = schemaAt([...path, key]);
          const md = withNote(s && schemaHover ? describe(s, key) : undefined, s ? idpNote(parsed, [...path, key]) : undefined);
          return md ? { markdown: md, start: k.range[0], end: k.range[1] } : undefined;
        }
        const v = it.value as Node | null;
        if (v?.range && offset >= v.range[0] && offset <= v.range[1]) {
          if (isScalar(v)) {
            const s = schemaAt([...path, key]);
            if (!s) return undefined;
            if (s['x-expression'] && typeof v.value === 'string') return expressionHover(parsed, v, key, s, offset, options);
            const note = idpNote(parsed, [...path, key]);
            if (!schemaHover) return note ? { markdown: note, start: v.range[0], end: v.range[1] } : undefined;
            const i = s.enum?.findIndex((e) => e === v.value) ?? -1;
            const enumDoc = i >= 0 ? s.markdownEnumDescriptions?.[i] : undefined;
            const md = enumDoc ? `\`${scalarText(v.value)}\`: ${enumDoc}\n\n---\n\n${describe(s, key)}` : describe(s, key);
            return { markdown: withNote(md, note) ?? md, start: v.range[0], end: v.range[1] };
          }
          path.push(key);
          next = v;
          break;
        }
      }
      node = next;
    } else if (isSeq(node)) {
      let next: unknown;
      node.items.forEach((it, i) => {
        const r = (it as Node | null)?.range;
        if (!next && r && offset >= r[0] && offset <= r[1]) { next = it; path.push(i); }
      });
      node = next;
    } else return undefined;
  }
  return undefined;
}
