// The walkthrough's state, from the workspace: a config exists, every config's SAML attributes /
// options and mappings / assignments are right, a token is stored for a config's endpoint, the last
// credential test of one passed; also `configCount` (welcome views) and, per walkthrough,
// `hasConfigFor.<id>` (which identity providers' walkthroughs are shown). Recomputed (debounced)
// when configs, tokens or test results change; the first computation runs after activation, not during it.
import * as vscode from 'vscode';
import type { ConfigFiles } from '../tenant/configFiles';
import type { ConfigStatus } from '../tenant/configStatus';
import { IDP_DESCRIPTORS } from '../../core/idp/descriptors';
import { idpDescriptorFor } from '../../core/idp/registry';
import type { WalkthroughStep } from '../../core/idp/types';
import { validateConfig } from '../../core/config/validate';
import type { RuleCode } from '../../core/config/types';
import { codesOfStep } from '../../core/config/rules/catalog';
import { documentSummary, isSmallDocument } from '../language/documentSummary';
import { markStep } from './steps';
import { setContext, setContextFor } from '../base/context';
import { isLargeText } from '../base/documentSize';
import { openDocument, readText } from '../base/documents';
import { Disposable, toDisposable } from '../base/lifecycle';
import { validateOptions } from '../base/settings';
import { targetOf, targetOfSummary } from '../tenant/configTarget';

/** The walkthrough steps that complete from the state of the workspace (package.json `onContext:` events). */
export interface WalkthroughState {
  hasConfig: boolean;
  samlOk: boolean;
  hasToken: boolean;
  credentialsVerified: boolean;
  mappingsOk: boolean;
  assignmentsOk: boolean;
}

/** The walkthrough's step (package.json) for each state key. */
const STEP_OF: Record<keyof WalkthroughState, WalkthroughStep> = {
  hasConfig: 'create', samlOk: 'saml', hasToken: 'token', credentialsVerified: 'test', mappingsOk: 'mappings', assignmentsOk: 'assignments',
};

/** Which problems keep a step open (the rule catalog's walkthrough step of each code): every config must be free of them. */
const STEP_CODES: Record<'samlOk' | 'mappingsOk' | 'assignmentsOk', readonly RuleCode[]> = {
  samlOk: codesOfStep('saml'),
  mappingsOk: codesOfStep('mappings'),
  assignmentsOk: codesOfStep('assignments'),
};

export class Walkthrough extends Disposable {
  private timer: NodeJS.Timeout | undefined;
  private current: WalkthroughState | undefined;
  private running: Promise<WalkthroughState> | undefined;
  private dirty = false;
  private readonly updated = this._register(new vscode.EventEmitter<WalkthroughState>());
  /** Fires with each new walkthrough state (tests wait on it). */
  readonly onDidUpdate = this.updated.event;
  /** The workspace's configs, found again when files are created or deleted or the globs change. */
  private uris: vscode.Uri[] | undefined;

  constructor(private readonly files: ConfigFiles, private readonly status: ConfigStatus) {
    super();
    const later = (): void => this.schedule();
    this._register(toDisposable(() => clearTimeout(this.timer)));
    for (const d of [
      files.onDidChange(() => { this.uris = undefined; later(); }),
      files.onDidCreateOrDelete(() => { this.uris = undefined; later(); }),
      files.onDidChangeFile(later),
      // Typing changes neither the list of configs nor (mostly) what is right in them: looked at
      // again once the edits pause, never per keystroke.
      vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length && files.matches(e.document)) later(); }),
      status.tokens.onDidChange(later),
      status.lastTests.onDidChange(later),
    ]) this._register(d);
    this.timer = setTimeout(() => void this.refresh(), 0);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 300);
  }

  /** The walkthrough state now (computing it when a change is pending). */
  async state(): Promise<WalkthroughState> {
    if (this.current && !this.timer && !this.running) return this.current;
    clearTimeout(this.timer);
    this.timer = undefined;
    return this.refresh();
  }

  private refresh(): Promise<WalkthroughState> {
    this.timer = undefined;
    if (this.running) { this.dirty = true; return this.running; }
    this.running = this.compute().then(async (s) => {
      const previous = this.current;
      this.current = s;
      await Promise.all([
        ...(Object.keys(STEP_OF) as Array<keyof WalkthroughState>)
          .filter((k) => previous?.[k] !== s[k])
          .map((k) => markStep(STEP_OF[k], s[k])),
        ...(Object.keys(STEP_OF) as Array<keyof WalkthroughState>).map((k) => setContext(k, s[k])),
      ]);
      this.updated.fire(s);
      return s;
    }).finally(() => {
      this.running = undefined;
      if (this.dirty) { this.dirty = false; this.schedule(); }
    });
    return this.running;
  }

  private async compute(): Promise<WalkthroughState> {
    const uris = this.uris ?? (this.uris = await this.files.findConfigs());
    await setContext('configCount', uris.length);
    const state: WalkthroughState = {
      hasConfig: uris.length > 0, samlOk: uris.length > 0, mappingsOk: uris.length > 0, assignmentsOk: uris.length > 0,
      hasToken: false, credentialsVerified: false,
    };
    // The walkthroughs of the identity providers the configs name (Okta's is shown anyway).
    const walkthroughs = new Set<string>();
    for (const uri of uris.slice(0, 50)) {
      const open = openDocument(uri);
      const text = open && !isSmallDocument(open) ? undefined : open ? open.getText() : await readFile(uri);
      if (!open && text === undefined) continue;
      const target = text !== undefined ? targetOf(uri, text) : targetOfSummary(uri, documentSummary(open!));
      walkthroughs.add(idpDescriptorFor(target.summary.identityProvider).walkthrough.id);
      if (this.status.hasToken(target)) state.hasToken = true;
      if (target.endpoint.ok && this.status.lastTests.get(target.endpoint.origin)?.ok) state.credentialsVerified = true;
      if (text === undefined || isLargeText(text)) continue; // large files are validated off this thread; not judged here
      const codes = new Set(validateConfig(text, validateOptions(uri)).filter((f) => f.severity === 'error').map((f) => f.code));
      for (const step of Object.keys(STEP_CODES) as Array<keyof typeof STEP_CODES>) {
        if (STEP_CODES[step].some((c) => codes.has(c))) state[step] = false;
      }
    }
    await Promise.all(IDP_DESCRIPTORS.map((d) => setContextFor('hasConfigFor', d.walkthrough.id, walkthroughs.has(d.walkthrough.id))));
    return state;
  }
}

/** A config's text from disk, or undefined when it cannot be read (deleted meanwhile). */
async function readFile(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return await readText(uri);
  } catch {
    return undefined;
  }
}
