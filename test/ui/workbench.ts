// Page helpers for driving the VS Code workbench served by code-server (test/ui and npm start's check).
// Waits are playwright locator waits on DOM states, never fixed sleeps.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
export const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');

/** The page's `document`, typed just enough for the checks below (this file runs in Node). */
type PageDocument = { querySelector(s: string): { getAttribute(n: string): string | null } | null };

export class Workbench {
  constructor(readonly page: Page) {}

  /** Opens the workbench on `folder` and waits until the explorer shows it. */
  async open(baseUrl: string, folder: string): Promise<void> {
    await this.page.goto(`${baseUrl}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded' });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
    await this.page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 30_000 });
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, name);
    await this.page.screenshot({ path: file });
    return file;
  }

  quickInput() { return this.page.locator('.quick-input-widget'); }

  /** Clears the notifications and closes the panel, so a screenshot shows the part under test. */
  async tidy(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden' });
    if (await this.page.locator('.part.panel').isVisible()) {
      await this.runCommand('View: Hide Panel');
      await this.page.locator('.part.panel').waitFor({ state: 'hidden' });
    }
  }

  /** Ctrl+P, type the file name, Enter; waits for its editor tab to be active. */
  async openFile(name: string): Promise<void> {
    // already open: click its tab (a focused webview, e.g. a Markdown preview, keeps Ctrl+P to itself)
    const tab = this.page.locator('.tabs-container .tab', { hasText: name });
    if (await tab.count()) {
      await tab.first().click();
      await this.page.locator(`.tab.active[aria-label*="${name}"], .tab.active[title*="${name}"]`).first().waitFor();
      return;
    }
    await this.focusWorkbench();
    await this.page.keyboard.press('Control+P');
    const input = this.quickInput().locator('input');
    await input.waitFor();
    await input.fill(name);
    await this.quickInput().locator('.monaco-list-row', { hasText: name }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tab.active[aria-label*="${name}"], .tab.active[title*="${name}"]`).first().waitFor();
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  async focusWorkbench(): Promise<void> {
    await this.page.locator('.monaco-workbench').focus().catch(() => undefined);
  }

  /** F1, type `text` (without the leading '>'), wait for a row containing `rowText`. */
  async palette(text: string, rowText = text): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input');
    await input.waitFor();
    await input.fill(`>${text}`);
    await this.quickInput().locator('.monaco-list-row', { hasText: rowText }).first().waitFor();
  }

  async runCommand(title: string): Promise<void> {
    await this.palette(title);
    await this.page.keyboard.press('Enter');
    await this.quickInput().locator('.monaco-list-row', { hasText: title }).first().waitFor({ state: 'hidden' });
  }

  /** The error count shown in the status bar's problems item. */
  async errorCount(): Promise<number> {
    const label = await this.page.locator('[id="status.problems"]').first().getAttribute('aria-label') ?? '';
    const m = /(\d+)\s+Errors?|Errors?:?\s*(\d+)/i.exec(label);
    if (m) return Number(m[1] ?? m[2]);
    if (/no problems/i.test(label)) return 0;
    const text = await this.page.locator('[id="status.problems"]').first().innerText();
    return Number(/\d+/.exec(text)?.[0] ?? NaN);
  }

  /** Waits until the status bar's error count is >= atLeast and < below (either optional). */
  async waitForErrors({ atLeast = 0, below = Number.POSITIVE_INFINITY }: { atLeast?: number; below?: number }, timeoutMs = 15_000): Promise<number> {
    await this.page.waitForFunction(
      ([lo, hi]) => {
        const doc = (globalThis as unknown as { document: PageDocument }).document;
        const label = doc.querySelector('[id="status.problems"]')?.getAttribute('aria-label') ?? '';
        const m = /(\d+)\s+Errors?|Errors?:?\s*(\d+)/i.exec(label);
        const n = m ? Number(m[1] ?? m[2]) : /no problems/i.test(label) ? 0 : NaN;
        return !Number.isNaN(n) && n >= lo && n < hi;
      },
      [atLeast, below === Number.POSITIVE_INFINITY ? 1e9 : below] as const,
      { timeout: timeoutMs },
    );
    return this.errorCount();
  }

  /**
   * "Welcome: Open Walkthrough", then the walkthrough titled `title`; resolves once its page has settled.
   * The page focuses the step it selects on a timer, 250 ms after it opens (VS Code 1.100
   * gettingStarted.ts: selectStep → setTimeout(() => stepElement.focus(), SLIDE_TRANSITION_TIME_MS)).
   * A quick input opened before then (F1 for the next command) loses focus to that step and closes,
   * so a fill into it fails with "element is not visible". That focus is the page's last act: wait for it.
   */
  async openWalkthrough(title: string): Promise<void> {
    await this.palette('Welcome: Open Walkthrough', 'Open Walkthrough');
    await this.page.keyboard.press('Enter');
    const entry = this.quickInput().locator('.monaco-list-row', { hasText: title }).first();
    await entry.waitFor({ timeout: 15_000 });
    await entry.click();
    await this.page.locator('.gettingStartedContainer .getting-started-step').first().waitFor({ timeout: 15_000 });
    await this.page.waitForFunction(() => {
      const doc = (globalThis as unknown as { document: { activeElement: { matches(s: string): boolean } | null } }).document;
      return doc.activeElement?.matches('.getting-started-step.expanded') === true;
    }, undefined, { timeout: 10_000 });
  }

  /** Ctrl+G to a 1-based line (and column). */
  async goToLine(line: number, column?: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.quickInput().locator('input');
    await input.waitFor();
    await input.fill(column ? `:${line}:${column}` : `:${line}`);
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden' });
  }
}
