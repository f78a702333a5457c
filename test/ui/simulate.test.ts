// Simulate in the real workbench, driven as a person would: click the "Preview Requests" lens above
// an assignment, then run "Simulate Provisioning…" from the palette, pick the person, click the
// modal's button, and read the rendered report; the tenant holds the same users afterwards.
// The Entra ID example against the same tenant: its refused "False" named in the toast and the report.
// Screenshots: test-results/screenshots/simulate-{preview,confirm,report,report-entra}.png
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Tenant } from '../../scripts/code-server.mjs' with { 'resolution-mode': 'import' };
import { workbenchSession } from './session';
import type { Workbench } from './workbench';
import type { Locator } from 'playwright-core';

async function tenantUsers(t: Tenant): Promise<string[]> {
  const res = await fetch(`${t.baseUrl}/Users?startIndex=1&count=1000`, { headers: { Authorization: `Bearer ${t.token}` } });
  const body = (await res.json()) as { Resources?: Array<{ id: string; userName: string; active: boolean }> };
  return (body.Resources ?? []).map((u) => `${u.id} ${u.userName} ${String(u.active)}`).sort();
}

describe('simulate in the workbench (code-server + Chromium)', function () {
  this.timeout(90_000);
  let tenant: Tenant | undefined;
  const session = workbenchSession('scim-ui-simulate-', async (workspace) => {
    const { startTenant } = await import('../../scripts/code-server.mjs');
    const t = await startTenant({ users: 20 });
    tenant = t;
    // The example config, pointed at the local tenant, Jane with her names.
    writeFileSync(path.join(workspace, 'simulate.scim.yaml'), readFileSync(path.join(workspace, 'examples', 'flosum-us.scim.yaml'), 'utf8')
      .replace(/^ {2}region: us.*$/m, `  baseUrl: ${t.baseUrl}`)
      .replace('tokenRef: flosum-prod', 'tokenRef: ui-simulate')
      .replace('  - userName: jane@example.com\n', '  - userName: jane@example.com\n    givenName: Jane\n    familyName: Doe\n'));
    // The Entra ID example, pointed at the same tenant.
    writeFileSync(path.join(workspace, 'entra.scim.yaml'), readFileSync(path.join(workspace, 'examples', 'flosum-entra.scim.yaml'), 'utf8')
      .replace(/^ {2}region: us.*$/m, `  baseUrl: ${t.baseUrl}`)
      .replace('tokenRef: flosum-prod', 'tokenRef: ui-simulate-entra'));
    return () => t.stop();
  });
  let wb: Workbench;
  before(() => { ({ wb } = session); });

  /** Opens `file`, stores the tenant's token for it, runs Simulate Provisioning… for Jane; the modal it shows. */
  async function simulateFrom(file: string, t: Tenant): Promise<Locator> {
    const page = wb.page;
    await wb.runCommand('View: Close All Editors');
    await wb.openFile(file);
    await wb.runCommand('SCIM: Set API Token');
    const token = wb.quickInput().locator('input');
    await token.waitFor();
    await token.fill(t.token);
    await page.keyboard.press('Enter');
    await wb.quickInput().waitFor({ state: 'hidden' });
    // The token's confirmation, then out of the way of the report's screenshot.
    await page.locator('.notifications-toasts', { hasText: 'saved in the OS keychain' }).first().waitFor({ timeout: 15_000 });
    await wb.tidy();
    await wb.runCommand('SCIM: Simulate Provisioning…');
    const person = wb.quickInput().locator('.monaco-list-row', { hasText: 'jane@example.com' }).first();
    await person.waitFor({ timeout: 15_000 });
    await person.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    return dialog;
  }

  it('the "Preview Requests" lens above an assignment opens its requests, each field with its mapping', async () => {
    const page = wb.page;
    await wb.openFile('simulate.scim.yaml');
    const lenses = page.locator('.editor-instance .codelens-decoration a', { hasText: 'Preview Requests' });
    const lens = lenses.first();
    // The workbench renders the lenses of a file in batches, and the fourth assignment's is below the
    // fold (in the DOM, not visible): wait for it to be attached.
    await lenses.nth(3).waitFor({ state: 'attached', timeout: 20_000 });
    assert.ok(await lenses.count() >= 4, 'a lens per assignment');
    await lens.click();
    await page.locator('.tab', { hasText: /Preview.*Requests for jane@example\.com/ }).first().waitFor({ timeout: 15_000 });
    const rendered = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await rendered.locator('h1', { hasText: 'Requests Okta sends for' }).waitFor({ timeout: 20_000 });
    await rendered.locator('pre', { hasText: '// givenName: user.firstName' }).first().waitFor();
    await wb.screenshot('simulate-preview.png');
  });

  it('"Simulate Provisioning…": pick the person, confirm the modal naming the tenant, read the rendered report; the same users afterwards', async () => {
    assert.ok(tenant);
    const page = wb.page;
    const before = await tenantUsers(tenant);
    const dialog = await simulateFrom('simulate.scim.yaml', tenant);
    assert.match(await dialog.innerText(), new RegExp(`against Flosum at ${new URL(tenant.baseUrl).origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await wb.screenshot('simulate-confirm.png');
    await dialog.locator('.monaco-button', { hasText: 'Run Against the Tenant' }).click();
    await page.locator('.notifications-toasts', { hasText: 'Simulated provisioning of jane@example.com: all 6 steps passed; nothing left behind.' })
      .first().waitFor({ timeout: 60_000 });
    await page.locator('.tab', { hasText: /Preview.*Simulation/ }).first().waitFor({ timeout: 15_000 });
    // The Markdown preview renders in a webview (two nested frames): wait for the report's table in it.
    const preview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await preview.locator('h1', { hasText: 'Simulated provisioning' }).waitFor({ timeout: 20_000 });
    await preview.locator('td', { hasText: 'cleanup' }).first().waitFor();
    await wb.screenshot('simulate-report.png');
    assert.deepEqual(await tenantUsers(tenant), before, 'the tenant does not hold the same users afterwards');
  });

  it('an Entra ID config whose tenant refuses "False": the toast names the failed steps, the report shows the problem and its fix', async () => {
    assert.ok(tenant);
    const page = wb.page;
    const before = await tenantUsers(tenant);
    const dialog = await simulateFrom('entra.scim.yaml', tenant);
    assert.match(await dialog.innerText(), /Simulate Entra ID provisioning of jane@example\.com/);
    await dialog.locator('.monaco-button', { hasText: 'Run Against the Tenant' }).click();
    await page.locator('.notifications-toasts', { hasText: 'Simulated provisioning of jane@example.com: 2 of 6 steps failed (deactivate, reactivate); nothing left behind.' })
      .first().waitFor({ timeout: 60_000 });
    const preview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await preview.locator('h1', { hasText: 'Simulated provisioning: Entra ID' }).waitFor({ timeout: 20_000 });
    const problem = preview.locator('li', { hasText: 'the user stays active' }).first();
    await problem.waitFor();
    assert.match(await problem.innerText(), /^Problem: PATCH \/Users\/\S+ answered HTTP 400: .*: the user stays active$/);
    const fix = preview.locator('li', { hasText: 'aadOptscim062020' }).first();
    assert.match(await fix.innerText(), /^Fix: Add '\?aadOptscim062020' to the Tenant URL in Entra \(not in this file\) if the tenant wants a Boolean/);
    await preview.locator('h2', { hasText: 'deactivate' }).scrollIntoViewIfNeeded();
    await wb.screenshot('simulate-report-entra.png');
    assert.deepEqual(await tenantUsers(tenant), before, 'the tenant does not hold the same users afterwards');
  });
});
