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

export function summarizeConfig(text: string): ConfigSummary {
  const summary: ConfigSummary = { appName: 'Flosum', target: 'flosum' };
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  } catch {
    return summary;
  }
  const root = doc.contents;
  if (!isMap(root)) return summary;
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
      if (isScalar(pair.key) && pair.key.range) summary.apiKey = { start: pair.key.range[0], end: pair.key.range[1] };
      if (isMap(pair.value)) {
        summary.region = str(pair.value.get('region', true));
        summary.baseUrl = str(pair.value.get('baseUrl', true));
        summary.tokenRef = str(pair.value.get('tokenRef', true));
      }
    }
  }
  return summary;
}

/** The SCIM base URL a config points at: `baseUrl` when given, else the Flosum region's URL. */
export function endpointOf(summary: Pick<ConfigSummary, 'region' | 'baseUrl'>): string | undefined {
  return resolveBaseUrl(summary);
}

/** The token reference: `api.tokenRef`, else one derived from the app name. */
export function tokenRefOf(summary: ConfigSummary): string {
  return summary.tokenRef ?? (summary.appName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scim') + '-default';
}
