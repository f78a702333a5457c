// The validation worker's protocol: what the extension host posts (a whole text, a change event's
// edits, a request to validate a version, forget) and what comes back. Shared by both sides
// (./client.ts, ./service.ts) so they cannot drift apart.
import type { ValidateOptions, Finding } from '../types';
import type { ConfigSymbol } from '../language/symbols';

/** One replacement in a text: `length` UTF-16 units at `offset` become `text` (a change event's item). */
export interface TextChange {
  offset: number;
  length: number;
  text: string;
}

export interface ValidateRequest {
  type: 'validate';
  uri: string;
  version: number;
  /** The whole text of `version`; absent when the worker holds that version already (from edits). */
  text?: string;
  options?: ValidateOptions;
}

/** A change event: `changes` applied in order turn version `from` into `version`. */
export interface EditRequest {
  type: 'edit';
  uri: string;
  from: number;
  version: number;
  changes: TextChange[];
}

export interface ForgetRequest {
  type: 'forget';
  uri: string;
}

export type WorkerRequest = ValidateRequest | EditRequest | ForgetRequest;

export interface WorkerResponse {
  uri: string;
  version: number;
  /** Absent when a newer version superseded this request before it ran. */
  findings?: Finding[];
  /** The outline, from the same parse (so the extension host never parses a large document). */
  symbols?: ConfigSymbol[];
  /** The worker does not hold this version's text (an edit was missed): send the whole text. */
  needText?: true;
  ms?: number;
  error?: string;
}

/** Apply a change event's edits, in order, to a text. */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  let t = text;
  for (const c of changes) t = t.slice(0, c.offset) + c.text + t.slice(c.offset + c.length);
  return t;
}
