// UI tests in the real workbench: code-server with the packaged extension, driven by Chromium.
// Run with `npm run test:ui` (scripts/test-ui.mjs packages the extension and sets SCIM_UI_VSIX /
// SCIM_UI_COPY_FROM). Screenshots: test-results/screenshots/{problems,quickfix,palette,users-view}.png
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Tenant } from '../../scripts/code-server.mjs' with { 'resolution-mode': 'import' };
import { workbenchSession } from './session';
import type { Locator } from 'playwright-core';
import type { Workbench } from './workbench';

describe('workbench UI (code-server + Chromium)', function () {
  this.timeout(60_000);
  let tenant: Tenant | undefined;
  const session = workbenchSession('scim-ui-ws-', async (workspace) => {
    // a local SCIM tenant for the users view, and a config pointing at it
    const { startTenant } = await import('../../scripts/code-server.mjs');
    const t = await startTenant({ users: 120 });
    tenant = t;
    writeFileSync(path.join(workspace, 'tenant.scim.yaml'), readFileSync(path.join(workspace, 'problems.scim.yaml'), 'utf8')
      .replace(/^# .*\n/, '# UI tests: the local demo tenant\n')
      .replace('  region: us', `  baseUrl: ${t.baseUrl}`).replace('tokenRef: flosum-prod', 'tokenRef: ui-tenant'));
    return () => t.stop();
  });
  let wb: Workbench;
  let workspace = '';
  before(() => { ({ wb, workspace } = session); });

  it('shows squiggles and Problems rows with our codes for a config with problems', async () => {
    await wb.openFile('problems.scim.yaml');
    const page = wb.page;
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 20_000 });
    assert.ok(await page.locator('.editor-instance .squiggly-error').count() > 0);
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    for (const code of ['sync-password', 'mapping-missing', 'timezone-invalid']) {
      await rows.filter({ hasText: code }).first().waitFor({ timeout: 15_000 });
    }
    assert.ok(await wb.waitForErrors({ atLeast: 3 }) >= 3);
    await wb.screenshot('problems.png');
  });

  it('applies "add all missing mappings" from the light bulb (Ctrl+.) and the error count drops', async () => {
    const page = wb.page;
    const before = await wb.waitForErrors({ atLeast: 3 });
    // cursor onto the "mappings" key of test/workspace/problems.scim.yaml
    const lines = readFileSync(path.join(workspace, 'problems.scim.yaml'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.startsWith('  mappings:')) + 1;
    assert.ok(line > 0, 'fixture has a mappings: line');
    await page.locator('.editor-instance .monaco-editor textarea').first().focus();
    await wb.goToLine(line, 5);
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget');
    await menu.waitFor({ timeout: 10_000 });
    const item = menu.locator('.monaco-list-row').filter({ hasText: /all missing|add all|missing mappings/i }).first();
    await item.waitFor({ timeout: 10_000 });
    await wb.screenshot('quickfix.png');
    // pick it with the keyboard (the widget's pointer block swallows synthetic clicks)
    const wanted = /all missing|add all|missing mappings/i;
    for (let i = 0; i < 30; i++) {
      const focused = (await menu.locator('.monaco-list-row.focused').first().innerText().catch(() => '')) ?? '';
      if (wanted.test(focused)) break;
      await page.keyboard.press('ArrowDown');
    }
    assert.match(await menu.locator('.monaco-list-row.focused').first().innerText(), wanted);
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
    const after = await wb.waitForErrors({ below: before });
    assert.ok(after < before, `errors ${before} -> ${after}`);
    await page.locator('.view-lines', { hasText: 'familyName: user.lastName' }).first().waitFor();
  });

  it('lists the SCIM commands in the palette, asks for the identity provider and the region in "New Provisioning Config", runs "Show Log"', async () => {
    const page = wb.page;
    await wb.palette('SCIM: ', 'New Provisioning Config');
    for (const title of ['SCIM: New Provisioning Config', 'SCIM: Show Log']) {
      await wb.quickInput().locator('.monaco-list-row', { hasText: title }).first().waitFor();
    }
    await wb.screenshot('palette.png');
    await page.keyboard.press('Escape');
    // "New Provisioning Config" asks for the identity provider, then the region
    await wb.runCommand('SCIM: New Provisioning Config');
    await wb.quickInput().locator('.monaco-list-row', { hasText: 'Okta' }).first().waitFor();
    await wb.quickInput().locator('.monaco-list-row', { hasText: 'Microsoft Entra ID' }).first().click();
    await wb.quickInput().locator('.monaco-list-row', { hasText: 'Germany' }).first().waitFor();
    await page.keyboard.press('Escape');
    await wb.quickInput().waitFor({ state: 'hidden' });
    await wb.runCommand('SCIM: Show Log');
    // the Output panel shows our log channel
    await page.locator('.part.panel .output-view, .part.panel [id="workbench.panel.output"]').first().waitFor({ timeout: 10_000 });
  });

  it('opens the SCIM Provisioning view container with the "Users" view, its title not cut', async () => {
    const page = wb.page;
    const item = page.locator('.activitybar .action-item a[aria-label*="SCIM Provisioning"], .activitybar .action-item [aria-label*="SCIM Provisioning"]').first();
    await item.waitFor({ timeout: 15_000 });
    await item.click();
    // the view's section (its header is hidden while it is the container's only visible view)
    await page.locator('.sidebar [aria-label="Users Section"]').first().waitFor({ state: 'attached', timeout: 10_000 });
    const title = page.locator('.sidebar .composite.title h2').first();
    await title.waitFor({ timeout: 10_000 });
    assert.equal((await title.innerText()).toUpperCase(), 'SCIM PROVISIONING: USERS');
    assert.deepEqual(await overflowing(title), [], 'the view title is cut');
    // its content: welcome text (no token / no config yet) or tree rows
    await page.locator('.sidebar .pane-body .welcome-view-content, .sidebar .pane-body .monaco-list-row').first().waitFor({ timeout: 15_000 });
    await wb.screenshot('users-view.png');
  });

  it('sets the API token from the users view and lists the tenant\'s users', async () => {
    assert.ok(tenant);
    const page = wb.page;
    const sidebar = page.locator('.sidebar');
    // the config's root row names its file or the tenant's host
    const host = new URL(tenant.baseUrl).host;
    const root = sidebar.locator('.monaco-list-row[aria-level="1"]').filter({ hasText: new RegExp(`tenant\\.scim\\.yaml|${host.replace(/\./g, '\\.')}`) }).first();
    await root.waitFor({ timeout: 15_000 });
    if (await root.getAttribute('aria-expanded') !== 'true') await root.click();
    // no token stored yet: the view offers to set one
    const setToken = sidebar.locator('.monaco-list-row', { hasText: /No API token|Set API Token/i }).first();
    await setToken.waitFor({ timeout: 15_000 });
    await setToken.click();
    const input = wb.quickInput().locator('input');
    await input.waitFor();
    await input.fill(tenant.token);
    await page.keyboard.press('Enter');
    await wb.quickInput().waitFor({ state: 'hidden' });
    // users of the tenant appear under the config (userNames are e-mail addresses)
    await sidebar.locator('.monaco-list-row', { hasText: /@/ }).nth(4).waitFor({ timeout: 20_000 });
    assert.ok(await sidebar.locator('.monaco-list-row', { hasText: /@/ }).count() >= 5);
    // the count is on the root as soon as the first page is in (issue 16.4)
    await root.filter({ hasText: '100 of 120 users' }).waitFor({ timeout: 10_000 });
    await wb.tidy();
    await wb.screenshot('users-tenant.png');
  });

  it('a config whose region is not a Flosum region: the CodeLens and the status bar say why, no Test button', async () => {
    const page = wb.page;
    await wb.openFile('broken.scim.yaml');
    const lens = page.locator('.editor-instance .codelens-decoration', { hasText: "Cannot test credentials: api.region 'eu' is not a Flosum region: did you mean 'de'?" });
    await lens.first().waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('.editor-instance .codelens-decoration', { hasText: 'Test API Credentials' }).count(), 0);
    await page.locator('.statusbar-item[id$="scimProvisioning.endpoint"]', { hasText: "Unknown region 'eu'" }).first().waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('.editor-actions .action-label[aria-label*="Test API Credentials"]').count(), 0, 'the editor title offers a test that cannot work');
    await wb.tidy();
    await wb.screenshot('broken-endpoint.png');
  });

  it('Check SCIM Endpoint opens its report rendered (Markdown preview), not as source', async () => {
    const page = wb.page;
    await wb.openFile('tenant.scim.yaml');
    await wb.runCommand('SCIM: Check SCIM Endpoint');
    await wb.quickInput().locator('.monaco-list-row', { hasText: 'Read-only checks' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: /^Preview SCIM-check/ }).first().waitFor({ timeout: 30_000 });
    // the preview is a webview: its document renders the table, headings and no Markdown escapes
    const report = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await report.locator('h1', { hasText: 'SCIM endpoint check' }).waitFor({ timeout: 20_000 });
    assert.ok(await report.locator('table tr').count() > 10, 'no rendered table');
    const text = await report.locator('body').innerText();
    assert.ok(!text.includes('\\[') && !text.includes('--write') && !/\|\s*✔/.test(text), text.slice(0, 400));
    assert.match(text, /not run/);
    await wb.tidy();
    await wb.screenshot('check-report.png');
  });

  it('the walkthrough checks its steps from state (token stored, test passed, users listed) and cuts no text', async () => {
    const page = wb.page;
    await wb.openFile('tenant.scim.yaml');
    await wb.runCommand('SCIM: Test API Credentials');
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'was verified successfully!' }).first().waitFor({ timeout: 20_000 });
    await wb.openWalkthrough('Set up SCIM provisioning for Flosum');
    const step = (id: string) => page.locator(`.getting-started-step[data-step-id$="#setup#${id}"] .codicon[role="checkbox"]`);
    // done: a config exists, a token is stored, the last test passed, users were listed
    for (const id of ['create', 'token', 'test', 'users']) {
      await page.locator(`.getting-started-step[data-step-id$="#setup#${id}"] .codicon.complete`).waitFor({ timeout: 10_000 });
    }
    // open: the workspace's configs still have SAML, mapping and assignment problems
    for (const id of ['saml', 'mappings', 'assignments']) assert.equal(await step(id).getAttribute('aria-checked'), 'false', id);
    await wb.tidy();
    await page.locator('.getting-started-step[data-step-id$="#setup#create"] .step-title').click();
    await wb.screenshot('walkthrough.png');
    // no title or description cut: each step selected in turn, nothing wider than its box
    const ids = ['create', 'saml', 'token', 'test', 'mappings', 'assignments', 'users'];
    for (const id of ids) {
      const el = page.locator(`.getting-started-step[data-step-id$="#setup#${id}"]`);
      await el.locator('.step-title').click();
      await page.locator(`.getting-started-step.expanded[data-step-id$="#setup#${id}"]`).waitFor();
      assert.deepEqual(await overflowing(el.locator('.step-title, .step-description-container > p')), [], `step ${id}`);
    }
    assert.deepEqual(await overflowing(page.locator('.gettingStartedSlideDetails .category-title, .gettingStartedSlideDetails .category-description')), []);
    await page.keyboard.press('Control+W');
  });

  it('the Entra ID walkthrough is listed once a config names entra-id; its steps follow the same state; no text cut', async () => {
    const page = wb.page;
    // an Entra config on the same tenant (token and last test are per origin, so both carry over)
    writeFileSync(path.join(workspace, 'entra.scim.yaml'), readFileSync(path.join(workspace, 'tenant.scim.yaml'), 'utf8')
      .replace('identityProvider: okta', 'identityProvider: entra-id'));
    await wb.openFile('entra.scim.yaml');
    await wb.openWalkthrough('Set up Flosum with Entra ID');
    const step = (id: string) => page.locator(`.getting-started-step[data-step-id$="#setupEntra#${id}"]`);
    await step('entraCreate').waitFor({ timeout: 15_000 });
    // done from state, as their Okta twins: a config exists, a token is stored, a test passed, users were listed
    for (const id of ['entraCreate', 'entraCredentials', 'entraTest', 'entraUsers']) await step(id).locator('.codicon.complete').waitFor({ timeout: 10_000 });
    for (const id of ['entraClaims', 'entraMappings', 'entraUsersAndGroups']) {
      assert.equal(await step(id).locator('.codicon[role="checkbox"]').getAttribute('aria-checked'), 'false', id);
    }
    await wb.tidy();
    for (const id of ['entraCreate', 'entraClaims', 'entraCredentials', 'entraTest', 'entraMappings', 'entraUsersAndGroups', 'entraUsers']) {
      await step(id).locator('.step-title').click();
      await page.locator(`.getting-started-step.expanded[data-step-id$="#setupEntra#${id}"]`).waitFor();
      assert.deepEqual(await overflowing(step(id).locator('.step-title, .step-description-container > p')), [], `step ${id}`);
    }
    assert.deepEqual(await overflowing(page.locator('.gettingStartedSlideDetails .category-title, .gettingStartedSlideDetails .category-description')), []);
    await step('entraCredentials').locator('.step-title').click();
    await page.locator('.getting-started-step.expanded[data-step-id$="#setupEntra#entraCredentials"]').waitFor();
    await wb.screenshot('walkthrough-entra.png');
    await page.keyboard.press('Control+W');
  });
});

/** The elements of `loc` whose text does not fit their box (cut by an ellipsis or clipped). */
async function overflowing(loc: Locator): Promise<string[]> {
  type Box = { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number; textContent: string | null };
  return loc.evaluateAll((els: unknown[]) => (els as Box[])
    .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
    .map((e) => `${e.textContent ?? ''} (${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight})`));
}

