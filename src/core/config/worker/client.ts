// The extension host's side of the validation worker's protocol (src/core/config/worker/service.ts): which
// version of each document the worker holds, so a change event is forwarded as its edits and a
// validation is asked for without sending the text again.
import type { ValidateOptions } from '../types';
import type { TextChange, ValidateRequest, WorkerRequest } from './protocol';

export class WorkerDocuments {
  /** The version of each document whose text the worker holds (as far as this side has told it). */
  private readonly held = new Map<string, number>();

  constructor(private readonly post: (m: WorkerRequest) => void) {}

  /** A change event of `uri` (its new version, its edits in order): forwarded when the worker holds the version before it. */
  changed(uri: string, version: number, changes: readonly TextChange[]): void {
    const from = this.held.get(uri);
    if (from === undefined || from === version || changes.length === 0) return;
    this.post({ type: 'edit', uri, from, version, changes: changes.map((c) => ({ offset: c.offset, length: c.length, text: c.text })) });
    this.held.set(uri, version);
  }

  /** Ask for a validation of `version`; the whole text goes along only when the worker does not hold it. */
  validate(uri: string, version: number, text: () => string, options?: ValidateOptions): void {
    const req: ValidateRequest = { type: 'validate', uri, version };
    if (options) req.options = options;
    if (this.held.get(uri) !== version) {
      req.text = text();
      this.held.set(uri, version);
    }
    this.post(req);
  }

  /** The worker answered `needText`: it lost the chain of edits; the next validation sends the text. */
  lost(uri: string): void {
    this.held.delete(uri);
  }

  forget(uri: string): void {
    this.held.delete(uri);
    this.post({ type: 'forget', uri });
  }

  /** The worker is gone: it holds nothing. */
  reset(): void {
    this.held.clear();
  }
}
