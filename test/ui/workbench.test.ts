// UI tests in the real workbench: code-server with the packaged extension, driven by Chromium.
// Run with `npm run test:ui` (scripts/test-ui.mjs packages the extension and sets SCIM_UI_VSIX /
// SCIM_UI_COPY_FROM). Screenshots: test-results/screenshots/{problems,quickfix,palette,users-view}.png
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Tenant } from '../../scripts/code-server.mjs' with { 'resolution-mode': 'import' };
import { workbenchSession } from './session';
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

  it('opens the SCIM Provisioning view container with the "SCIM Users" view', async () => {
    const page = wb.page;
    const item = page.locator('.activitybar .action-item a[aria-label*="SCIM Provisioning"], .activitybar .action-item [aria-label*="SCIM Provisioning"]').first();
    await item.waitFor({ timeout: 15_000 });
    await item.click();
    // the view's section (its header is hidden while it is the container's only visible view)
    await page.locator('.sidebar [aria-label="SCIM Users Section"]').first().waitFor({ state: 'attached', timeout: 10_000 });
    await page.locator('.sidebar .composite.title', { hasText: /SCIM/i }).first().waitFor({ timeout: 10_000 });
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
    await wb.screenshot('users-tenant.png');
  });
});

