// A config as the network commands see it: its summary (app, target, identity provider, api block),
// where a token may be sent (the endpoint, or why there is none) and the token's name.
import type * as vscode from 'vscode';
import { summarizeConfig, endpointOf, endpointStatus, tokenRefOf, type ConfigSummary, type EndpointStatus } from '../../core/config/summary';
import { readText } from '../base/documents';

export interface ConfigTarget {
  uri: vscode.Uri;
  summary: ConfigSummary;
  /** The SCIM base URL, or undefined when the config names none. */
  baseUrl: string | undefined;
  tokenRef: string;
  /** Whether a token can be sent to that URL, and if not why. */
  endpoint: EndpointStatus;
}

/** A config that can reach a tenant: its base URL and the origin its token is bound to. */
export interface Endpoint {
  target: ConfigTarget;
  baseUrl: string;
  origin: string;
}

/** The config as the person sees it (the open document's text, else the file). */
export async function readConfigTarget(uri: vscode.Uri): Promise<ConfigTarget> {
  return targetOf(uri, await readText(uri));
}

export function targetOf(uri: vscode.Uri, text: string): ConfigTarget {
  return targetOfSummary(uri, summarizeConfig(text));
}

export function targetOfSummary(uri: vscode.Uri, summary: ConfigSummary): ConfigTarget {
  return { uri, summary, baseUrl: endpointOf(summary), tokenRef: tokenRefOf(summary), endpoint: endpointStatus(summary) };
}

/** The endpoint of a config, or a message saying why it has none (fact and fix). */
export function endpointOfTarget(target: ConfigTarget): Endpoint | string {
  const e = target.endpoint;
  return e.ok ? { target, baseUrl: e.baseUrl, origin: e.origin } : e.message;
}
