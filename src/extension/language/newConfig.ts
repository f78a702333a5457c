// "New Provisioning Config": the identity provider (its descriptor's name and words), the target's
// region or a customer-hosted base URL, where to save; writes the core's skeleton and opens it.
import * as vscode from 'vscode';
import { scaffoldConfig } from '../../core/config/scaffold';
import { isLoopbackHost } from '../../core/http/url';
import { DEFAULT_IDP_DESCRIPTOR, IDP_DESCRIPTORS } from '../../core/idp/descriptors';
import { idpDescriptorFor } from '../../core/idp/registry';
import type { IdpId } from '../../core/idp/types';
import { FLOSUM, type FlosumRegion } from '../../core/targets/flosum';
import { Commands } from '../base/constants';
import { showOutcome } from '../base/notify';

/** The target a new config is for (its regions are offered). */
const TARGET = FLOSUM;
/** What a customer-hosted base URL of the target looks like. */
const EXAMPLE_URL = `https://${TARGET.id}.example.com${TARGET.scimPath ?? ''}`;

export interface NewConfigArgs {
  region?: FlosumRegion;
  baseUrl?: string;
  uri?: vscode.Uri;
  appName?: string;
  /** Default: asked when nothing else is given, else the default identity provider (Okta). */
  identityProvider?: IdpId;
}

/**
 * Asks for the identity provider, the region (or a customer-hosted base URL) and where to save,
 * writes a commented skeleton with that identity provider's standard claims and mappings that
 * validates clean, and opens it. With `uri` and `region`/`baseUrl` given (tests, walkthrough links)
 * it asks nothing; `identityProvider` then defaults to the default identity provider.
 */
export async function newProvisioningConfig(args: NewConfigArgs = {}): Promise<vscode.Uri | undefined> {
  let { region, baseUrl } = args;
  let idp = args.identityProvider ? idpDescriptorFor(args.identityProvider) : undefined;
  if (!idp && !region && !baseUrl) {
    const picked = await vscode.window.showQuickPick(IDP_DESCRIPTORS.map((d) => ({ label: d.productName, description: d.setupSummary, d })),
      { title: 'New Provisioning Config: identity provider', placeHolder: 'Which identity provider provisions the users?', ignoreFocusOut: true });
    if (!picked) return undefined;
    idp = picked.d;
  }
  idp ??= DEFAULT_IDP_DESCRIPTOR;
  const regions = TARGET.regions?.codes ?? {};
  if (!region && !baseUrl) {
    const picked = await vscode.window.showQuickPick(
      [
        ...Object.entries(regions).map(([code, r]) => ({ label: r.label, description: r.baseUrl, region: code as FlosumRegion | undefined })),
        { label: 'Customer-hosted…', description: 'enter your own SCIM base URL', region: undefined },
      ],
      { title: 'New Provisioning Config: region of your tenant', placeHolder: `Where is your ${TARGET.label} tenant hosted?`, ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    region = picked.region;
    if (!region) {
      baseUrl = await vscode.window.showInputBox({
        title: 'New Provisioning Config: SCIM base URL',
        prompt: TARGET.scimPath ? `${idp.words.baseUrlPrompt}, ending in ${TARGET.scimPath}` : idp.words.baseUrlPrompt,
        placeHolder: EXAMPLE_URL,
        ignoreFocusOut: true,
        validateInput: (v) => validateBaseUrlInput(v),
      });
      if (!baseUrl) return undefined;
    }
  }
  let uri = args.uri;
  if (!uri) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${TARGET.id}-${idp.words.fileSlug}${region ?? 'custom'}.scim.yaml`;
    uri = await vscode.window.showSaveDialog({
      title: 'Save the provisioning config',
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { 'SCIM provisioning config': ['scim.yaml', 'yaml', 'yml'] },
    });
    if (!uri) return undefined;
  }
  const created = uri;
  const text = scaffoldConfig({ region, baseUrl, appName: args.appName, identityProvider: idp.id as IdpId });
  await vscode.workspace.fs.writeFile(created, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(created);
  // a kept tab, not a preview the next file opened would replace
  await vscode.window.showTextDocument(doc, { preview: false });
  // where the token goes: the region's host name (global-us), else the customer's tenant
  const regionUrl = region ? regions[region]?.baseUrl : undefined;
  const where = regionUrl ? new URL(regionUrl).hostname.split('.')[0] : 'your tenant';
  showOutcome({
    level: 'info',
    message: `Created ${vscode.workspace.asRelativePath(created)}. Next: store the ${idp.words.tokenName} for ${where} in the keychain.`,
    actions: [{ title: 'Set API Token', run: () => vscode.commands.executeCommand(Commands.setToken, created) }],
  });
  return created;
}

function validateBaseUrlInput(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) return 'Use https (plain http is only allowed to this machine).';
    return undefined;
  } catch {
    return `Enter a full URL, e.g. ${EXAMPLE_URL}`;
  }
}
