import * as vscode from 'vscode';
import type { ConfigFiles } from './configFiles';
import { findWorkspaceConfigs, targetOf, targetOfSummary } from './configPicker';
import { optionsFrom } from './diagnostics';
import type { ConfigStatus } from './configStatus';
import { ContextKey, ENTRA_STEP_OF, ENTRA_WALKTHROUGH_ID, EXTENSION_ID, Settings, WALKTHROUGH_ID } from './constants';
import { identityProviderFor } from '../core/idp/registry';
import { validateConfig } from '../core/config/validate';
import { endpointStatus } from '../core/config/summary';
import type { RuleCode } from '../core/config/types';
import { WORKER_THRESHOLD } from '../core/config/incremental';
import { documentSummary, isSmallDocument } from './summaryText';

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
const STEP_OF: Record<keyof WalkthroughState, string> = {
  hasConfig: 'create', samlOk: 'saml', hasToken: 'token', credentialsVerified: 'test', mappingsOk: 'mappings', assignmentsOk: 'assignments',
};

/**
 * Marks a walkthrough step done or not done. The steps' `onContext:` events only fire while the
 * workbench's walkthrough service exists, and it is created lazily (when the walkthrough is first
 * shown): a key that was already true by then never completes its step. So the state is also
 * written to the steps directly.
 */
export function markStep(step: string, done: boolean): Thenable<unknown> {
  const command = done ? 'welcome.markStepComplete' : 'welcome.markStepIncomplete';
  const twin = ENTRA_STEP_OF[step];
  return Promise.all([
    vscode.commands.executeCommand(command, `${EXTENSION_ID}#${WALKTHROUGH_ID}#${step}`).then(undefined, () => undefined),
    // The Entra walkthrough's step with the same meaning.
    twin ? vscode.commands.executeCommand(command, `${EXTENSION_ID}#${ENTRA_WALKTHROUGH_ID}#${twin}`).then(undefined, () => undefined) : undefined,
  ]);
}

/** Which problems keep a step open: every config must be free of them. */
const STEP_CODES: Record<'samlOk' | 'mappingsOk' | 'assignmentsOk', readonly RuleCode[]> = {
  samlOk: ['saml-attribute-missing', 'saml-attribute-value'],
  mappingsOk: ['provisioning-option', 'sync-password', 'mapping-missing', 'username-not-email'],
  assignmentsOk: ['assignment-username', 'assignment-duplicate', 'timezone-invalid'],
};

/**
 * `scimProvisioning.isConfig` (the active editor is a config), `scimProvisioning.configCount` (menus,
 * welcome views) and the walkthrough's state keys: a config exists, every config's SAML attributes /
 * options and mappings / assignments are right, a token is stored for a config's endpoint, the last
 * credential test of one passed. Recomputed (debounced) when configs, tokens or test results change;
 * the first computation runs after activation, not during it.
 */
export class ContextKeys implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private current: WalkthroughState | undefined;
  private running: Promise<WalkthroughState> | undefined;
  private dirty = false;
  private readonly updated = new vscode.EventEmitter<WalkthroughState>();
  /** Fires with each new walkthrough state (tests wait on it). */
  readonly onDidUpdate = this.updated.event;

  constructor(private readonly files: ConfigFiles, private readonly status: ConfigStatus) {
    const later = (): void => this.schedule();
    this.disposables.push(
      this.updated,
      vscode.window.onDidChangeActiveTextEditor(() => this.updateActive()),
      files.onDidChange(() => { this.uris = undefined; later(); }),
      files.onDidCreateOrDelete(() => { this.uris = undefined; later(); }),
      files.onDidChangeFile(later),
      // Typing changes neither the list of configs nor (mostly) the endpoint: both are looked at again
      // once the edits pause, never per keystroke.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!e.contentChanges.length || !files.matches(e.document)) return;
        if (e.document === vscode.window.activeTextEditor?.document) {
          clearTimeout(this.activeTimer);
          this.activeTimer = setTimeout(() => this.updateActive(), 300);
        }
        later();
      }),
      status.tokens.onDidChange(later),
      status.lastTests.onDidChange(later),
    );
    this.updateActive();
    this.timer = setTimeout(() => void this.refresh(), 0);
  }

  private updateActive(): void {
    clearTimeout(this.activeTimer);
    const doc = vscode.window.activeTextEditor?.document;
    const isConfig = !!doc && this.files.matches(doc);
    void vscode.commands.executeCommand('setContext', ContextKey.isConfig, isConfig);
    // the editor title's Test API Credentials button is offered only where it can work
    const ok = isConfig && endpointStatus(documentSummary(doc)).ok;
    if (ok !== this.activeEndpointOk) {
      this.activeEndpointOk = ok;
      void vscode.commands.executeCommand('setContext', ContextKey.activeEndpointOk, ok);
    }
  }
  private activeEndpointOk: boolean | undefined;
  private activeTimer: NodeJS.Timeout | undefined;
  /** The workspace's configs, found again when files are created or deleted or the globs change. */
  private uris: vscode.Uri[] | undefined;

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
        vscode.commands.executeCommand('setContext', ContextKey.hasConfig, s.hasConfig),
        vscode.commands.executeCommand('setContext', ContextKey.samlOk, s.samlOk),
        vscode.commands.executeCommand('setContext', ContextKey.hasToken, s.hasToken),
        vscode.commands.executeCommand('setContext', ContextKey.credentialsVerified, s.credentialsVerified),
        vscode.commands.executeCommand('setContext', ContextKey.mappingsOk, s.mappingsOk),
        vscode.commands.executeCommand('setContext', ContextKey.assignmentsOk, s.assignmentsOk),
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
    const uris = this.uris ?? (this.uris = await findWorkspaceConfigs());
    await vscode.commands.executeCommand('setContext', ContextKey.configCount, uris.length);
    const state: WalkthroughState = {
      hasConfig: uris.length > 0, samlOk: uris.length > 0, mappingsOk: uris.length > 0, assignmentsOk: uris.length > 0,
      hasToken: false, credentialsVerified: false,
    };
    let entra = false;
    for (const uri of uris.slice(0, 50)) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const text = open && !isSmallDocument(open) ? undefined : open ? open.getText() : await readText(uri);
      if (!open && text === undefined) continue;
      const target = text !== undefined ? targetOf(uri, text) : targetOfSummary(uri, documentSummary(open!));
      if (identityProviderFor(target.summary.identityProvider).id === 'entra-id') entra = true;
      if (this.status.hasToken(target)) state.hasToken = true;
      if (target.endpoint.ok && this.status.lastTests.get(target.endpoint.origin)?.ok) state.credentialsVerified = true;
      if (text === undefined || text.length > WORKER_THRESHOLD) continue; // large files are validated off this thread; not judged here
      const options = optionsFrom(vscode.workspace.getConfiguration(Settings.section, uri));
      const codes = new Set(validateConfig(text, options).filter((f) => f.severity === 'error').map((f) => f.code));
      for (const step of Object.keys(STEP_CODES) as Array<keyof typeof STEP_CODES>) {
        if (STEP_CODES[step].some((c) => codes.has(c))) state[step] = false;
      }
    }
    await vscode.commands.executeCommand('setContext', ContextKey.hasEntraConfig, entra);
    return state;
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.activeTimer);
    for (const d of this.disposables) d.dispose();
  }
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
