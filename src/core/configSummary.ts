// What the network side needs from a config file: app name, endpoint, token reference, and where
// the `api:` block is (for a CodeLens). Tolerant: a broken file yields what can be read.
import { isMap, isScalar, parseDocument } from 'yaml';
import { resolveBaseUrl } from './scim/endpoint';

export interface ConfigSummary {
  appName: string;
  target: string;
  region?: string;
  baseUrl?: string;
  tokenRef?: string;
  /** Offsets of the `api` key, when present. */
  apiKey?: { start: number; end: number };
}

/** Above this size only the `app` and `api` blocks are parsed (CodeLens and status bar run on every change). */
const FULL_PARSE_LIMIT = 50_000;

export function summarizeConfig(text: string): ConfigSummary {
  if (text.length > FULL_PARSE_LIMIT) {
    const blocks = topLevelBlocks(text);
    if (blocks) {
      const summary: ConfigSummary = { appName: 'Flosum', target: 'flosum' };
      for (const b of blocks) if (b.key === 'app' || b.key === 'api') summarizeInto(summary, text.slice(b.start, b.end), b.start);
      return summary;
    }
  }
  const summary: ConfigSummary = { appName: 'Flosum', target: 'flosum' };
  summarizeInto(summary, text, 0);
  return summary;
}

/**
 * The top-level blocks (a key at column 0 up to the next line at column 0), in order, or undefined
 * when the text is not a plain block mapping at the top (then the caller parses it all).
 */
export function topLevelBlocks(text: string): Array<{ key: string; start: number; end: number }> | undefined {
  const starts: Array<{ key: string; start: number }> = [];
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const c = text[pos];
    if (c !== ' ' && c !== '#' && c !== '\n' && c !== '\r') {
      const m = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|\r?$)/.exec(text.slice(pos, Math.min(nl, pos + 200)));
      if (!m) return undefined;
      starts.push({ key: m[1] ?? '', start: pos });
    }
    pos = nl + 1;
  }
  return starts.map((b, i) => ({ key: b.key, start: b.start, end: starts[i + 1]?.start ?? text.length }));
}

function summarizeInto(summary: ConfigSummary, text: string, offset: number): void {
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  } catch {
    return;
  }
  const root = doc.contents;
  if (!isMap(root)) return;
  const str = (v: unknown): string | undefined => {
    if (!isScalar(v)) return undefined;
    const value = v.value;
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value).trim() || undefined : undefined;
  };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === 'app' && isMap(pair.value)) {
      summary.appName = str(pair.value.get('name', true)) ?? summary.appName;
      summary.target = str(pair.value.get('target', true)) ?? summary.target;
    } else if (key === 'api') {
      if (isScalar(pair.key) && pair.key.range) summary.apiKey = { start: offset + pair.key.range[0], end: offset + pair.key.range[1] };
      if (isMap(pair.value)) {
        summary.region = str(pair.value.get('region', true));
        summary.baseUrl = str(pair.value.get('baseUrl', true));
        summary.tokenRef = str(pair.value.get('tokenRef', true));
      }
    }
  }
}

/** The SCIM base URL a config points at: `baseUrl` when given, else the Flosum region's URL. */
export function endpointOf(summary: Pick<ConfigSummary, 'region' | 'baseUrl'>): string | undefined {
  return resolveBaseUrl(summary);
}

/** The token reference: `api.tokenRef`, else one derived from the app name. */
export function tokenRefOf(summary: ConfigSummary): string {
  return summary.tokenRef ?? (summary.appName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scim') + '-default';
}
