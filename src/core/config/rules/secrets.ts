// secret-in-file: a literal token anywhere in the file. The fix moves it to the keychain (the editor
// stores `secret.value` under `secret.tokenRef`) and writes `tokenRef`. Never echo the value.
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair } from 'yaml';
import { deletePair, insertIntoMap, replaceScalar } from '../yaml/edits';
import { slug } from '../../shared/text';
import type { Fix, TextEdit } from '../types';
import { keyText } from '../yaml/yamlNav';
import type { PathSegment } from '../yaml/yamlNav';
import { get, isObject, mapNode, rangeOf } from './context';
import type { Rule, RuleContext } from './context';
import { looksLikeSecret } from '../../shared/secrets';
import type { IdentityProvider } from '../../idp/types';

const SECRET_KEYS = new Set(['token', 'apitoken', 'api_token', 'api-token', 'apikey', 'api_key', 'api-key', 'bearertoken', 'bearer_token',
  'bearer', 'accesstoken', 'access_token', 'authtoken', 'auth_token', 'scimtoken', 'scim_token', 'secret', 'clientsecret',
  'client_secret', 'password', 'passwd', 'pwd', 'authorization', 'credentials', 'privatekey', 'private_key']);

const LONGEST_SECRET_KEY = Math.max(...[...SECRET_KEYS].map((k) => k.length));

export function isSecretKeyName(key: string): boolean {
  return key.length <= LONGEST_SECRET_KEY && SECRET_KEYS.has(key.toLowerCase());
}

/** A value under a secret-like key that is a literal (not empty, not a boolean, not an expression of the config's identity provider). */
export function isLiteralSecretValue(v: unknown, idp: Pick<IdentityProvider, 'isExpression'>): boolean {
  if (typeof v === 'number') return true;
  if (typeof v !== 'string') return false;
  const s = v.trim();
  return s !== '' && !idp.isExpression(s) && !/^\$\{?[A-Z_][A-Z0-9_]*\}?$/.test(s);
}

/** The keychain name for the token: the existing tokenRef, else derived from the app name. */
export function tokenRefName(value: Record<string, unknown>, avoid?: string): string {
  const existing = get(value, 'api', 'tokenRef');
  if (typeof existing === 'string' && existing.trim() && existing !== avoid && !looksLikeSecret(existing)) return existing.trim();
  const name = get(value, 'app', 'name');
  const base = typeof name === 'string' && slug(name) ? slug(name) : 'scim';
  return `${base}-default`;
}

interface Hit {
  pair: Pair | undefined;
  node: Node;
  value: string;
  inApi: boolean;
  isTokenRef: boolean;
  byKey: boolean;
  path?: PathSegment[];
}

/** A path built only when a hit needs it: each collection links to its parent. */
interface PathLink { parent: PathLink | undefined; seg: PathSegment }

function pathOf(link: PathLink | undefined, last?: PathSegment): PathSegment[] {
  const out: PathSegment[] = last === undefined ? [] : [last];
  for (let l = link; l; l = l.parent) out.push(l.seg);
  return out.reverse();
}

function collect(ctx: RuleContext): Hit[] {
  const hits: Hit[] = [];
  const apiMap = mapNode(ctx, ['api']);
  const stack: { n: unknown; parentIsApi: boolean; path: PathLink | undefined }[] = [{ n: ctx.doc.contents, parentIsApi: false, path: undefined }];
  while (stack.length) {
    const { n, parentIsApi, path } = stack.pop()!;
    if (isMap(n)) {
      const isApi = n === apiMap;
      for (let i = n.items.length - 1; i >= 0; i--) {
        const pair = n.items[i];
        const k = isPair(pair) ? keyText(pair) : undefined;
        const v = pair.value;
        if (k !== undefined && isScalar(v) && v.range) {
          const val = v.value;
          const str = typeof val === 'number' ? String(val) : typeof val === 'string' ? val : undefined;
          if (str !== undefined && isSecretKeyName(k) && isLiteralSecretValue(val, ctx.idp)) {
            hits.push({ pair, node: v, value: str, inApi: isApi, isTokenRef: false, byKey: true, path: pathOf(path, k) });
            continue;
          }
          if (typeof val === 'string' && looksLikeSecret(val)) {
            hits.push({ pair, node: v, value: val, inApi: isApi, isTokenRef: isApi && k === 'tokenRef', byKey: false });
          }
        } else if (isCollection(v)) {
          if (k !== undefined) stack.push({ n: v, parentIsApi: isApi, path: { parent: path, seg: k } });
        }
      }
    } else if (isSeq(n)) {
      for (let i = 0; i < n.items.length; i++) {
        const it = n.items[i];
        if (isScalar(it) && typeof it.value === 'string' && it.range && looksLikeSecret(it.value)) {
          hits.push({ pair: undefined, node: it as Node, value: it.value, inApi: parentIsApi, isTokenRef: false, byKey: false });
        } else if (isCollection(it) && !isAlias(it)) {
          stack.push({ n: it, parentIsApi: false, path: { parent: path, seg: i } });
        }
      }
    }
  }
  return hits;
}

function fixFor(ctx: RuleContext, hit: Hit): Fix | undefined {
  const title = 'Move the token to the OS keychain';
  const group = 'secret-in-file';
  if (hit.isTokenRef) {
    const name = tokenRefName(ctx.value, hit.value);
    const e = replaceScalar(hit.node, name);
    return e ? { title, edits: [e], isPreferred: true, group, secret: { tokenRef: name, value: hit.value.trim() } } : undefined;
  }
  if (!hit.pair) return undefined;
  const name = tokenRefName(ctx.value);
  const api = ctx.value.api;
  const hasRef = isObject(api) && typeof api.tokenRef === 'string' && api.tokenRef.trim() !== '' && !looksLikeSecret(api.tokenRef);
  const del = deletePair(ctx, hit.pair);
  if (!del) return undefined;
  const secretValue = hit.value.trim().replace(/^bearer\s+/i, '');
  const edits: TextEdit[] = [];
  if (hasRef) {
    edits.push(del);
  } else if (hit.inApi) {
    const k = hit.pair.key as Node;
    const indent = ' '.repeat(k.range ? k.range[0] - del.start : ctx.indentUnit);
    edits.push({ ...del, newText: `${indent}tokenRef: ${name}${ctx.eol}` });
  } else {
    const apiMap = mapNode(ctx, ['api']);
    let ins: TextEdit | undefined;
    if (apiMap) ins = insertIntoMap(ctx, apiMap, null, [{ depth: 0, text: `tokenRef: ${name}` }]);
    else if (api === undefined || api === null) {
      const root = mapNode(ctx, []);
      const apiPair = root?.items.find((p) => keyText(p) === 'api');
      ins = apiPair ? insertIntoMap(ctx, undefined, apiPair, [{ depth: 0, text: `tokenRef: ${name}` }])
        : insertIntoMap(ctx, root, null, [{ depth: 0, text: 'api:' }, { depth: 1, text: `tokenRef: ${name}` }]);
    }
    if (!ins || (ins.start > del.start && ins.start < del.end)) return undefined;
    edits.push(del, ins);
  }
  return { title, edits, isPreferred: true, group, secret: { tokenRef: name, value: secretValue } };
}

export const secretInFile: Rule = (ctx) => {
  for (const hit of collect(ctx)) {
    const r = rangeOf(hit.node) ?? [0, 0];
    const where = hit.pair ? `'${keyText(hit.pair) ?? ''}'` : 'a list item';
    const msg = hit.byKey
      ? `A literal secret under ${where}: move it to the OS keychain and reference it with api.tokenRef.`
      : `The value of ${where} looks like an API token: move it to the OS keychain and reference it with api.tokenRef.`;
    if (hit.path) ctx.claim(hit.path);
    const fix = fixFor(ctx, hit);
    ctx.report('secret-in-file', msg, r, fix ? [fix] : [],
      { detail: 'Tokens must not be stored in the file: it is versioned and shared. The quick fix stores the token in the OS keychain and writes tokenRef.' });
  }
};
