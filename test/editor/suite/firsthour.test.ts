// Issue 16, "the first hour in the editor": each point a new user tripped over, in the real editor,
// against the real SCIM tenant scripts/test-editor.mjs starts (its URL and token come in the env).
// Dialogs a person would answer are answered by replacing the window function for the duration of
// one call (restored in `finally`), as the other editor tests do.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAllEditors, codeOf, configWith, hasCode, openFixture, tenantConfig, tenantToken, tenantUrl, waitForDiagnostics, writeFixture } from './helpers';
import type { CredentialTestResult } from '../../../src/core/scim/credentials';
import type { FixAllResult } from '../../../src/extension/language/configCommands';

const EU_MESSAGE = "api.region 'eu' is not a Flosum region: did you mean 'de'?";

type Win = Record<string, unknown>;
/** Runs `body` with `vscode.window[name]` replaced by `fake`; returns what `body` returned. */
async function withWindow<T>(name: string, fake: (...args: unknown[]) => unknown, body: () => Thenable<T>): Promise<T> {
  const win = vscode.window as unknown as Win;
  const original = win[name];
  win[name] = fake;
  try {
    return await body();
  } finally {
    win[name] = original;
  }
}

/** Records the calls of window.show*Message and answers with `answer(message, items)`. */
function recorder(answer: (message: string, items: string[]) => string | undefined = () => undefined) {
  const calls: Array<{ message: string; items: string[] }> = [];
  const fake = (message: unknown, ...rest: unknown[]): Promise<string | undefined> => {
    const items = rest.filter((r): r is string => typeof r === 'string');
    calls.push({ message: String(message), items });
    return Promise.resolve(answer(String(message), items));
  };
  return { calls, fake };
}

const euConfig = (name: string): Promise<vscode.Uri> => writeFixture(name, configWith(['  region: us\n', '  region: eu                   # not a Flosum region\n']));

function activeTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.activeTabGroup.activeTab;
}

/** Resolves when `event` fires with a value `pick` accepts (or rejects after `ms`). */
function nextEvent<T>(event: vscode.Event<T>, pick: (v: T) => boolean, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`timed out after ${ms} ms waiting for ${what}`)); }, ms);
    const sub = event((v) => { if (pick(v)) { clearTimeout(timer); sub.dispose(); resolve(v); } });
  });
}

describe('the first hour in the editor (issue 16)', function () {
  this.timeout(60_000);

  before(function () {
    if (!tenantUrl || !tenantToken) this.skip();
  });

  describe('1. a config whose endpoint cannot work', () => {
    it('Set API Token and Test API Credentials say what is wrong, offer the fix and the configs that can work, and log it', async () => {
      const { log } = await api();
      const eu = await euConfig('first-eu.scim.yaml');
      const errors = recorder();
      const setToken = await withWindow('showErrorMessage', errors.fake, () => vscode.commands.executeCommand<boolean>('scimProvisioning.setToken', eu));
      assert.equal(setToken, false);
      const test = await withWindow('showErrorMessage', errors.fake, () => vscode.commands.executeCommand<CredentialTestResult | undefined>('scimProvisioning.testCredentials', eu));
      assert.equal(test, undefined);
      assert.equal(errors.calls.length, 2, JSON.stringify(errors.calls));
      for (const c of errors.calls) {
        assert.ok(c.message.endsWith(EU_MESSAGE), c.message);
        assert.ok(!c.message.includes('names no endpoint'), c.message);
        assert.ok(c.items.includes('Fix in Config'), c.items.join(', '));
        assert.ok(c.items.some((i) => i.startsWith('Use ')), `no other config offered: ${c.items.join(', ')}`);
      }
      assert.ok(log.some((l) => l.level === 'warn' && l.line.includes(EU_MESSAGE)), 'the failure is not logged as a warning');
    });

    it('"Use Another Config…" lists only the configs that can reach a tenant, with app, file, host and token state', async () => {
      const eu = await euConfig('first-eu-2.scim.yaml');
      const working = await tenantConfig('first-other', 'Other Tenant');
      await vscode.commands.executeCommand('scimProvisioning.setToken', { uri: working, token: tenantToken });
      const offered: vscode.QuickPickItem[] = [];
      const result = await withWindow('showErrorMessage', (_m: unknown, ...items: unknown[]) => Promise.resolve(items.find((i) => typeof i === 'string' && i.startsWith('Use '))),
        () => withWindow('showQuickPick', (items: unknown) => {
          offered.push(...(items as vscode.QuickPickItem[]));
          return Promise.resolve((items as Array<vscode.QuickPickItem & { target: { uri: vscode.Uri } }>).find((i) => i.target.uri.toString() === working.toString()));
        }, () => vscode.commands.executeCommand<CredentialTestResult | undefined>('scimProvisioning.testCredentials', eu)));
      assert.equal(result?.diagnosis, 'ok', result?.message);
      assert.ok(offered.length >= 1);
      for (const item of offered) assert.ok(!item.label.includes('$(error)') && !/cannot reach/.test(item.detail ?? ''), `offered a config that cannot work: ${item.label} ${item.detail}`);
      const mine = offered.find((i) => i.label.includes('Other Tenant'));
      assert.ok(mine, offered.map((i) => i.label).join(' | '));
      assert.match(mine.description ?? '', /first-other\.scim\.yaml$/);
      assert.match(mine.detail ?? '', new RegExp(`${new URL(tenantUrl).host.replace(/\./g, '\\.')} · token 'first-other' stored`));
    });

    it('offers no Test/Set Token CodeLens on a config that cannot work, but one that says why', async () => {
      const eu = await openFixture('first-eu-lens.scim.yaml', configWith(['  region: us\n', '  region: eu\n']));
      // Preview Requests (on each assignment) sends nothing, so it stays on a config whose endpoint cannot work.
      const preview = (l: vscode.CodeLens): boolean => l.command?.command === 'scimProvisioning.previewRequests';
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', eu.uri);
      assert.ok(all.some(preview), 'no Preview Requests lens');
      const lenses = all.filter((l) => !preview(l));
      const titles = lenses.map((l) => l.command?.title ?? '');
      assert.equal(titles.length, 1, titles.join(' | '));
      assert.ok(titles[0].includes(`Cannot test credentials: ${EU_MESSAGE}`), titles[0]);
      assert.equal(lenses[0].command?.command, 'scimProvisioning.revealEndpointProblem');
      const ok = await openFixture('first-ok-lens.scim.yaml', configWith());
      const good = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', ok.uri)).filter((l) => !preview(l)).map((l) => l.command?.title ?? '');
      assert.deepEqual(good.map((t) => t.replace(/^\$\([a-z-]+\) /, '')).sort(), ['Reconcile with Tenant', 'Set API Token', 'Test API Credentials']);
    });

    it('in the users view, its root says why and offers no Filter', async () => {
      const { users } = await api();
      const eu = await euConfig('first-eu-tree.scim.yaml');
      await users.refreshRoots();
      const root = (await users.getChildren()).find((n) => n.kind === 'tenant' && n.tenant.uri.toString() === eu.toString());
      assert.ok(root);
      assert.equal(users.getTreeItem(root).contextValue, 'tenant.unavailable', 'Filter/Load all are offered on a root that cannot list users');
      const [row] = await users.getChildren(root);
      assert.ok(row && row.kind === 'message');
      // the label fits a narrow sidebar; the whole sentence is in the tooltip
      assert.equal(users.getTreeItem(row).label, "Unknown region 'eu': did you mean 'de'?");
      const tip = users.getTreeItem(row).tooltip;
      assert.match(typeof tip === 'string' ? tip : tip?.value ?? '', new RegExp(EU_MESSAGE.replace(/[.?'()]/g, '\\$&')));
      assert.equal(users.getTreeItem(row).command?.command, 'scimProvisioning.revealEndpointProblem');
      assert.doesNotMatch(String(users.getTreeItem(root).description), /users/, 'a root that cannot list users shows a count');
      // the view's title-bar Filter passes the focused row: it must not filter a root that cannot list users
      await withWindow('showInputBox', () => Promise.resolve('ada'), () => withWindow('showQuickPick', (items: unknown) => Promise.resolve((items as unknown[])[0]),
        () => vscode.commands.executeCommand('scimProvisioning.users.filter', root)));
      assert.doesNotMatch(String(users.getTreeItem(root).description), /filter/);
      await vscode.commands.executeCommand('scimProvisioning.users.clearFilter');
      // fixing the region (not yet saved) updates the row: the next thing missing is the token
      const doc = await vscode.workspace.openTextDocument(eu);
      const at = doc.getText().indexOf('region: eu') + 'region: '.length;
      const changed = nextEvent(users.onDidChangeTreeData, (n) => n === root, 10_000, 'the root to follow the edit');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(eu, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 2)), 'de');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await changed;
      const [next] = await users.getChildren(root);
      assert.ok(next && next.kind === 'message');
      const label = users.getTreeItem(next).label;
      assert.match(typeof label === 'string' ? label : label?.label ?? '', /^No API token for global-de\.flosum\.app yet$/);
    });
  });

  it('2. Check SCIM Endpoint opens its report rendered, in the editor\'s words', async () => {
    const uri = await tenantConfig('first-check');
    await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: tenantToken });
    const report = await vscode.commands.executeCommand<{ summary: { fail: number } }>('scimProvisioning.checkEndpoint', { uri, write: false });
    assert.ok(report);
    // the tab model reaches the extension host shortly after the command: wait for its event
    const isPreview = (): boolean => {
      const input = activeTab()?.input;
      return input instanceof vscode.TabInputWebview && /markdown\.preview/.test(input.viewType);
    };
    if (!isPreview()) {
      await nextEvent(vscode.window.tabGroups.onDidChangeTabs, isPreview, 15_000,
        `the rendered report (tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => `${t.label} ${t.input?.constructor.name ?? ''}`)).join(', ')})`);
    }
    const source = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'scim-report' && d.uri.path.endsWith(`${new URL(tenantUrl).host.replace(':', '-')}.md`));
    assert.ok(source, 'no report document');
    const md = source.getText();
    assert.ok(!md.includes('--write'), 'the editor report names a CLI flag');
    assert.match(md, /\| ○ not run \|/);
    assert.ok(!/## Not run[\s\S]*severity: fail[\s\S]*## Passed/.test(md), 'a check that did not run reads as failed');
  });

  it('3. the walkthrough\'s state follows the workspace: a stored token, a passed test, a config with problems', async () => {
    const { walkthrough } = await api();
    const before = await walkthrough.state();
    assert.equal(before.hasConfig, true);
    // the test workspace holds configs with SAML and mapping problems: those steps are open
    assert.equal(before.samlOk, false);
    assert.equal(before.mappingsOk, false);
    const uri = await tenantConfig('first-walkthrough');
    await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: tenantToken });
    assert.equal((await walkthrough.state()).hasToken, true);
    const r = await vscode.commands.executeCommand<CredentialTestResult>('scimProvisioning.testCredentials', uri);
    assert.equal(r.diagnosis, 'ok');
    assert.equal((await walkthrough.state()).credentialsVerified, true);
  });

  it('4. the root shows the user count as soon as the first page arrives', async () => {
    const { users } = await api();
    const uri = await tenantConfig('first-count', 'Count Tenant');
    await vscode.workspace.getConfiguration('scimProvisioning').update('users.pageSize', 10, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: tenantToken });
      await users.refreshRoots();
      const root = (await users.getChildren()).find((n) => n.kind === 'tenant' && n.tenant.uri.toString() === uri.toString());
      assert.ok(root);
      assert.doesNotMatch(String(users.getTreeItem(root).description), /users/);
      // the view re-reads the root only when told: the change event must name it after the first page
      const refreshed = nextEvent(users.onDidChangeTreeData, (n) => n === root, 10_000, 'a change event for the root');
      await users.getChildren(root);
      await refreshed;
      assert.match(String(users.getTreeItem(root).description), /10 of 30 users/);
    } finally {
      await vscode.workspace.getConfiguration('scimProvisioning').update('users.pageSize', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  describe('5. messages lead with the fact and the fix; the rest is in the hover, tooltip or log', () => {
    it('a diagnostic carries its background as related information at its own range', async () => {
      const doc = await openFixture('first-detail.scim.yaml', configWith(['  target: flosum\n', '  target: flosum\n  tagret: x\n']));
      const ds = await waitForDiagnostics(doc.uri, hasCode('schema-unknown-key'));
      const d = ds.find((x) => codeOf(x) === 'schema-unknown-key');
      assert.ok(d);
      assert.ok(!d.message.includes('Allowed keys'), d.message);
      const related = d.relatedInformation ?? [];
      assert.equal(related.length, 1);
      assert.match(related[0].message, /^Allowed keys in app: name, /);
      assert.equal(related[0].location.uri.toString(), doc.uri.toString());
      assert.ok(related[0].location.range.isEqual(d.range));
    });

    it('a failure row in the users view: the first sentence, the next step, the whole text in the tooltip; logged as a warning', async () => {
      const { users, log } = await api();
      const uri = await tenantConfig('first-wrong-token');
      await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: 'wrong-token-for-the-tree-0000' });
      await users.refreshRoots();
      const root = (await users.getChildren()).find((n) => n.kind === 'tenant' && n.tenant.uri.toString() === uri.toString());
      assert.ok(root);
      const [row] = await users.getChildren(root);
      assert.ok(row && row.kind === 'message');
      const item = users.getTreeItem(row);
      const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
      assert.match(label, /rejected the API token \(HTTP 401\)/);
      assert.ok(label.length <= 120 && !label.includes('Re-enter'), label);
      assert.equal(item.description, 'set the token again');
      assert.equal(item.command?.command, 'scimProvisioning.setToken');
      assert.match(typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value ?? '', /Re-enter the token/);
      assert.ok(log.some((l) => l.level === 'warn' && /unauthorized/.test(l.line)));
      assert.doesNotMatch(String(users.getTreeItem(root).description), /users/, 'a failed first page reads as "0 users"');
    });
  });

  it('7. Fix All says what remains and how to fix each', async () => {
    const doc = await openFixture('first-fixall.scim.yaml', configWith(
      ['  region: us\n', '  region: eu\n'],
      ['syncPassword: false', 'syncPassword: true'],
      ['  - userName: jane@example.com\n', '  - userName: jane@example.com\n  - userName: bob\n'],
    ));
    await waitForDiagnostics(doc.uri, (x) => x.length >= 3);
    const warnings = recorder();
    const result = await withWindow('showWarningMessage', warnings.fake, () => vscode.commands.executeCommand<FixAllResult>('scimProvisioning.fixAll'));
    assert.ok(result);
    assert.equal(result.applied, 1);
    assert.ok(doc.getText().includes('syncPassword: false'));
    const codes = result.remaining.map((r) => r.code).sort();
    assert.deepEqual(codes, ['api-region', 'assignment-username']);
    const region = result.remaining.find((r) => r.code === 'api-region');
    assert.ok(region && region.fixes.some((f) => f.includes("'de'")), JSON.stringify(region));
    assert.deepEqual(result.remaining.find((r) => r.code === 'assignment-username')?.fixes, []);
    assert.equal(warnings.calls.length, 1);
    assert.equal(warnings.calls[0].message, 'Fixed 1 problem. 2 remain for you to decide: 1 with quick fixes to choose from, 1 to edit by hand.');
    assert.ok(!/Nothing to fix/.test(warnings.calls[0].message));
    assert.deepEqual(warnings.calls[0].items, ['Review Remaining', 'Show Problems']);
  });

  it('8. no Markdown shown literally: the filter prompt and the status bar\'s accessible label are plain text', async () => {
    const { users, statusBar } = await api();
    const uri = await tenantConfig('first-plain', 'Plain Tenant');
    await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: tenantToken });
    await users.refreshRoots();
    const root = (await users.getChildren()).find((n) => n.kind === 'tenant' && n.tenant.uri.toString() === uri.toString());
    assert.ok(root);
    let prompt = '';
    await withWindow('showInputBox', (o: unknown) => { prompt = (o as vscode.InputBoxOptions).prompt ?? ''; return Promise.resolve(undefined); },
      () => vscode.commands.executeCommand('scimProvisioning.users.filter', root));
    assert.match(prompt, /userName sw "word"/);
    assert.ok(!/[`*]/.test(prompt), prompt);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    statusBar.update();
    const s = statusBar.snapshot();
    assert.ok(s.visible);
    assert.ok(s.accessibilityLabel && !/[`*]/.test(s.accessibilityLabel), s.accessibilityLabel);
    assert.match(s.accessibilityLabel, /^Plain Tenant SCIM endpoint /);
  });

  it('9. a failed credential test is logged as a warning, not as info', async () => {
    const { log } = await api();
    const uri = await tenantConfig('first-log-401');
    await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: 'wrong-token-for-the-log-0000' });
    const from = log.length;
    const r = await withWindow('showErrorMessage', recorder().fake, () => vscode.commands.executeCommand<CredentialTestResult>('scimProvisioning.testCredentials', uri));
    assert.equal(r.diagnosis, 'unauthorized');
    const lines = log.slice(from).filter((l) => /unauthorized/.test(l.line));
    assert.ok(lines.length > 0, 'not logged');
    assert.ok(lines.every((l) => l.level !== 'info'), JSON.stringify(lines));
  });

  it('10. New Provisioning Config opens a kept tab (not a preview) and suggests setting the token', async () => {
    await closeAllEditors();
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'generated', 'first-new.scim.yaml');
    const infos = recorder();
    await withWindow('showInformationMessage', infos.fake, () => vscode.commands.executeCommand('scimProvisioning.newConfig', { region: 'jp', uri }));
    const tab = activeTab();
    assert.ok(tab?.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString());
    assert.equal(tab.isPreview, false, 'opened as a preview tab');
    const next = infos.calls.find((c) => c.items.includes('Set API Token'));
    assert.ok(next, JSON.stringify(infos.calls));
    assert.match(next.message, /Next: store the API token/);
  });

  it('11. a user\'s JSON tab is named after the person', async () => {
    const { users } = await api();
    const uri = await tenantConfig('first-json');
    await vscode.commands.executeCommand('scimProvisioning.setToken', { uri, token: tenantToken });
    await users.refreshRoots();
    const root = (await users.getChildren()).find((n) => n.kind === 'tenant' && n.tenant.uri.toString() === uri.toString());
    assert.ok(root);
    const user = (await users.getChildren(root)).find((n) => n.kind === 'user');
    assert.ok(user && user.kind === 'user');
    await users.openJson(user);
    const tab = activeTab();
    const name = user.row.displayName ?? user.row.userName;
    assert.equal(tab?.label, `${name}.json`);
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal((JSON.parse(doc?.getText() ?? '{}') as { id?: string }).id, user.row.id);
  });
});
