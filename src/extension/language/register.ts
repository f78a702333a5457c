import * as vscode from 'vscode';
import type { Fix } from '../../core/config/types';
import { Commands } from '../base/constants';
import type { Services } from '../services';
import { ActiveEditorKeys } from './activeEditorKeys';
import { ConfigCodeActions } from './codeActions';
import { fixAllInActiveEditor, moveSecretToKeychain } from './configCommands';
import { DiagnosticsController } from './diagnostics';
import { ConfigLanguageFeatures } from './languageFeatures';
import { newProvisioningConfig, type NewConfigArgs } from './newConfig';

/** The config as a language: live validation, quick fixes and Fix All, completion, hover, outline, New Provisioning Config. */
export function registerLanguage(context: vscode.ExtensionContext, services: Services): void {
  const { files, tokens, log } = services;
  const diagnostics = new DiagnosticsController(files, log);
  const language = new ConfigLanguageFeatures(files, diagnostics);
  const selector = files.documentSelector;
  context.subscriptions.push(
    diagnostics,
    new ActiveEditorKeys(files),
    vscode.languages.registerCodeActionsProvider(selector, new ConfigCodeActions(diagnostics), ConfigCodeActions.metadata),
    vscode.languages.registerCompletionItemProvider(selector, language, ':', ' ', '/', '.'),
    vscode.languages.registerHoverProvider(selector, language),
    vscode.languages.registerDocumentSymbolProvider(selector, language, { label: 'SCIM provisioning config' }),
    vscode.workspace.onDidCloseTextDocument((doc) => language.forget(doc)),
    vscode.commands.registerCommand(Commands.newConfig, (args?: NewConfigArgs) => newProvisioningConfig(args)),
    vscode.commands.registerCommand(Commands.fixAll, () => fixAllInActiveEditor(files, log)),
    vscode.commands.registerCommand(Commands.moveSecretToKeychain, (uri: vscode.Uri, v: number, fix: Fix) => moveSecretToKeychain(tokens, log, uri, v, fix)),
  );
}
