// Expressions as a person sees them in the real workbench (code-server + Chromium, the packaged
// extension): the hover over a mapping (the function's signature and what it yields for the first
// assignment, rendered, not raw Markdown), the completion list after `user.` with its descriptions,
// and a typo's squiggle. Screenshots: test-results/screenshots/{expression-hover,expression-completion,expression-typo}.png
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { configText } from '../support/configs.cjs';
import { workbenchSession } from './session';
import type { Workbench } from './workbench';

/** The valid config (test/support/configs.cjs) with a typo, a custom attribute, a computed display name and a person to preview. */
function config(): string {
  return configText({
    replace: [
      ['  target: flosum ', '  customAttributes: [costCenterCode]\n  target: flosum '],
      ['    timezone: user.timezone\n', '    timezone: user.timezone\n    displayName: String.toUpperCase(user.firstName) + " " + user.lastName\n'],
      ['    givenName: user.firstName\n', '    givenName: user.fristName\n'],
      ['  - userName: jane@example.com\n', '  - userName: jane@example.com\n    givenName: Jane\n    familyName: Doe\n    profile:\n      costCenterCode: CC-42\n'],
    ],
  });
}

describe('expressions in the workbench (code-server + Chromium)', function () {
  this.timeout(60_000);
  const CONFIG = config();
  const lines = CONFIG.split('\n');
  const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
  const session = workbenchSession('scim-ui-expr-', (workspace) => writeFileSync(path.join(workspace, 'expressions.scim.yaml'), CONFIG));
  let wb: Workbench;
  before(async () => {
    wb = session.wb;
    await wb.openFile('expressions.scim.yaml');
  });
  afterEach(async () => { await wb?.page.keyboard.press('Escape').catch(() => undefined); });

  /** Waits until the hover's fade-in has finished (its computed opacity is 1), so the screenshot shows it whole. */
  async function settled(hasText: string): Promise<void> {
    await wb.page.waitForFunction((t) => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } }).document;
      const el = Array.from(doc.querySelectorAll('.monaco-hover')).find((h) => (h.textContent ?? '').includes(t));
      const g = globalThis as unknown as { getComputedStyle(e: unknown): { opacity: string } };
      return !!el && g.getComputedStyle(el).opacity === '1';
    }, hasText, { timeout: 5_000 });
  }

  async function cursorTo(needle: string, inLine: string, delta = 1): Promise<void> {
    const line = lineOf(inLine);
    assert.ok(line > 0, inLine);
    await wb.page.locator('.editor-instance .monaco-editor textarea').first().focus();
    await wb.goToLine(line, lines[line - 1].indexOf(needle) + 1 + delta);
  }

  it('the squiggle sits on the misspelled name, and its hover leads with the fix', async () => {
    const page = wb.page;
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 20_000 });
    assert.equal(await wb.waitForErrors({ atLeast: 1, below: 2 }), 1);
    await cursorTo('fristName', 'givenName: user.fristName', 2);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover').filter({ hasText: 'fristName' }).first();
    await hover.waitFor({ timeout: 10_000 });
    assert.match(await hover.innerText(), /Unknown attribute 'user\.fristName': did you mean 'user\.firstName'\?/);
    await settled('fristName');
    await wb.screenshot('expression-typo.png');
  });

  it('hover over a mapping: the signature and what it yields for jane@example.com, rendered', async () => {
    const page = wb.page;
    await cursorTo('toUpperCase', 'displayName: String', 3);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover').filter({ hasText: 'For jane@example.com' }).first();
    await hover.waitFor({ timeout: 10_000 });
    const text = await hover.innerText();
    assert.match(text, /String\.toUpperCase\(input\) → String/);
    assert.match(text, /For jane@example\.com: "JANE Doe"/);
    assert.doesNotMatch(text, /\*\*|```|`"|\\@/, `raw Markdown in the hover:\n${text}`);
    await settled('For jane@example.com');
    await wb.screenshot('expression-hover.png');
  });

  it("completion after 'user.': the profile's attributes with their descriptions", async () => {
    const page = wb.page;
    const line = lineOf('timezone: user.timezone');
    await page.locator('.editor-instance .monaco-editor textarea').first().focus();
    await wb.goToLine(line, lines[line - 1].length + 1);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('title: user.', { delay: 20 });
    const widget = page.locator('.suggest-widget');
    // The attributes alone (not the earlier list of whole expressions offered after 'title: ').
    await widget.locator('.monaco-list-row', { hasText: /^secondEmail/ }).first().waitFor({ timeout: 10_000 });
    const rows = await widget.locator('.monaco-list-row').allInnerTexts();
    assert.ok(rows.some((r) => r.includes('costCenterCode')) || rows.length >= 8, rows.join(' | '));
    // The mapping's own attribute is first; its description shows beside the list (Ctrl+Space toggles the details).
    assert.match(rows[0], /^title/, rows.slice(0, 3).join(' | '));
    const details = page.locator('.suggest-details');
    if (!await details.isVisible()) await page.keyboard.press('Control+Space');
    await details.filter({ hasText: 'Job title, e.g. Vice President.' }).first().waitFor({ timeout: 5_000 });
    await wb.screenshot('expression-completion.png');
    await page.keyboard.press('Escape');
  });
});
