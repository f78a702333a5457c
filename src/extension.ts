// activate(): gives the core the identity providers' bundles, builds the services and registers each
// feature with them. No logic here.
import type * as vscode from 'vscode';
import { requireSibling } from './bundles/requireSibling';
import { useIdpBundles } from './core/idp/registry';
import type { ChannelLogger } from './extension/base/logger';
import { registerCredentials } from './extension/credentials/register';
import type { EndpointStatus } from './extension/credentials/statusBar';
import { registerEndpointCheck } from './extension/endpointCheck/register';
import { registerLanguage } from './extension/language/register';
import { registerReconcile } from './extension/reconcile/register';
import { createServices } from './extension/services';
import { registerSimulate } from './extension/simulate/register';
import { registerUsers } from './extension/users/register';
import type { UsersTree } from './extension/users/tree';
import { registerWalkthrough } from './extension/walkthrough/register';
import type { Walkthrough } from './extension/walkthrough/state';

/** What activate() returns: its own duration (for the activation benchmark) and, for tests, the parts they look into. */
export interface ExtensionApi {
  activationMs: number;
  users: UsersTree;
  /** The walkthrough's state keys. */
  walkthrough: Walkthrough;
  statusBar: EndpointStatus;
  /** The log's recent lines (info and above), redacted. */
  log: ChannelLogger['recent'];
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  // Identity-provider modules bundled apart (dist/idp-entra.js) load on first use.
  useIdpBundles(requireSibling);
  const services = createServices(context);
  registerLanguage(context, services);
  const { statusBar } = registerCredentials(context, services);
  registerEndpointCheck(context, services);
  const reconcile = registerReconcile(context, services);
  const users = registerUsers(context, services, reconcile);
  registerSimulate(context, services);
  const walkthrough = registerWalkthrough(context, services, users);
  return { activationMs: performance.now() - started, users: users.tree, walkthrough, statusBar, log: services.channel.recent };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
