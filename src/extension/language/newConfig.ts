import * as vscode from 'vscode';
import { scaffoldConfig } from '../../core/config/scaffold';
import type { IdpId } from '../../core/idp/types';
import { FLOSUM, type FlosumRegion } from '../../core/targets/flosum';
import { Commands } from '../base/constants';

/** The target a new config is for (its regions are offered). */
const TARGET = FLOSUM;

export interface NewConfigArgs {
  region?: FlosumRegion;
  baseUrl?: string;
  uri?: vscode.Uri;
  appName?: string;
  /** Default: asked when nothing else is given, else okta. */
  identityProvider?: IdpId;
}

const IDENTITY_PROVIDERS: Array<{ id: IdpId; label: string; description: string }> = [
  { id: 'okta', label: 'Okta', description: 'a SAML app with SCIM provisioning in the Okta admin console' },
  { id: 'entra-id', label: 'Microsoft Entra ID', description: 'an Enterprise application with SAML single sign-on and provisioning' },
];

/**
 * "New Provisioning Config": asks for the identity provider, the region (or a customer-hosted base
 * URL) and where to save, writes a commented skeleton with that identity provider's standard claims
 * and mappings that validates clean, and opens it. With `uri` and `region`/`baseUrl` given (tests,
 * walkthrough links) it asks nothing; `identityProvider` then defaults to okta.
 */
export async function newProvisioningConfig(args: NewConfigArgs = {}): Promise<vscode.Uri | undefined> {
  let { region, baseUrl, identityProvider } = args;
  if (!identityProvider && !region && !baseUrl) {
    const picked = await vscode.window.showQuickPick(IDENTITY_PROVIDERS.map((i) => ({ ...i })),
      { title: 'New Provisioning Config: identity provider', placeHolder: 'Which identity provider provisions the users?', ignoreFocusOut: true });
    if (!picked) return undefined;
    identityProvider = picked.id;
  }
  const idp = identityProvider ?? 'okta';
  if (!region && !baseUrl) {
    const picked = await vscode.window.showQuickPick(
      [
        ...Object.entries(TARGET.regions?.codes ?? {}).map(([code, r]) => ({ label: r.label, description: r.baseUrl, region: code as FlosumRegion | undefined })),
        { label: 'Customer-hosted…', description: 'enter your own SCIM base URL', region: undefined },
      ],
      { title: 'New Provisioning Config: region of your tenant', placeHolder: `Where is your ${TARGET.label} tenant hosted?`, ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    region = picked.region;
    if (!region) {
      baseUrl = await vscode.window.showInputBox({
        title: 'New Provisioning Config: SCIM base URL',
        prompt: idp === 'entra-id' ? "The customer-hosted SCIM base URL (Entra's Tenant URL), ending in /api/v1/scim" : 'The customer-hosted SCIM base URL, ending in /api/v1/scim',
        placeHolder: 'https://flosum.example.com/api/v1/scim',
        ignoreFocusOut: true,
        validateInput: (v) => validateBaseUrlInput(v),
      });
      if (!baseUrl) return undefined;
    }
  }
  let uri = args.uri;
  if (!uri) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `flosum-${idp === 'entra-id' ? 'entra-' : ''}${region ?? 'custom'}.scim.yaml`;
    uri = await vscode.window.showSaveDialog({
      title: 'Save the provisioning config',
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { 'SCIM provisioning config': ['scim.yaml', 'yaml', 'yml'] },
    });
    if (!uri) return undefined;
  }
  const text = scaffoldConfig({ region, baseUrl, appName: args.appName, identityProvider: idp });
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  // a kept tab, not a preview the next file opened would replace
  await vscode.window.showTextDocument(doc, { preview: false });
  const next = 'Set API Token';
  // Entra ID calls the token the Secret Token (Provisioning → Admin credentials).
  const token = idp === 'entra-id' ? 'Secret Token' : 'API token';
  void vscode.window.showInformationMessage(`Created ${vscode.workspace.asRelativePath(uri)}. Next: store the ${token} for ${region ? `global-${region}` : 'your tenant'} in the keychain.`, next)
    .then((p) => p && vscode.commands.executeCommand(Commands.setToken, uri));
  return uri;
}

function validateBaseUrlInput(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return 'Use https (plain http is only allowed to this machine).';
    return undefined;
  } catch {
    return 'Enter a full URL, e.g. https://flosum.example.com/api/v1/scim';
  }
}
