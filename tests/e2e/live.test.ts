/**
 * Live consistency: what the popup changes shows in the open tab at once. A delete in the popup clears the
 * page's saved mark without a reload; an edit of a note deleted meanwhile keeps the typed text and saves it anew.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SEED_PAGES } from '../fixtures/pages/build';
import { artifact, e2eBuild, inContentScript, launchBrowser, saveInEditor, startServer, uiText, waitForAnnotator, waitForPledgemark, type Browser, type TestServer } from './harness';

const HAIZHU = SEED_PAGES.find((s) => s.name.startsWith('haizhu'))!;
const REPORT = `http://www.haizhu.gov.cn/report/${HAIZHU.name}.html`;

let srv: TestServer;
let b: Browser;
const errors: string[] = [];

beforeAll(async () => {
  srv = await startServer();
  b = await launchBrowser(srv.port, [], await e2eBuild());
}, 90_000);

afterAll(async () => {
  await b?.close();
  await srv?.close();
});

const savedCount = (page: Page) => page.evaluate(() => document.querySelectorAll('mark.pm-saved').length);

/** The popup in a tab of its own, on "All saved"; deletes the first row there (two real clicks: ask, confirm). */
async function deleteInPopup(report: Page): Promise<void> {
  const popup = await b.context.newPage();
  await popup.goto(`chrome-extension://${b.extensionId}/popup.html`);
  await report.bringToFront();
  await popup.locator('[data-testid="tab-all"]').click();
  const del = popup.locator('[data-testid="delete-saved"]').first();
  await del.click();
  await del.click();
  await expect.poll(() => popup.locator('[data-testid="saved-row"]').count(), { timeout: 5000 }).toBe(0);
  await popup.close();
}

describe('live consistency', () => {
  it('a delete in the popup clears the page mark without a reload', async () => {
    const page = await b.context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(REPORT);
    expect(await waitForPledgemark(page)).toBe(true);
    const mark = page.locator('mark.pm-kind-target').first();
    await mark.scrollIntoViewIfNeeded();
    await mark.click();
    await saveInEditor(page, '要删的笔记');
    await page.locator('mark.pm-saved').first().waitFor({ timeout: 5000 });
    expect(await uiText(page, '[data-testid="pm-legend-saved"]')).toBe('1');
    const loads = srv.received.filter((r) => r.path.includes(HAIZHU.name)).length;

    await deleteInPopup(page);
    await expect.poll(() => savedCount(page), { timeout: 5000 }).toBe(0);
    await expect.poll(() => uiText(page, '[data-testid="pm-legend-saved"]'), { timeout: 5000 }).toBe('0');
    expect(await inContentScript(page, 'globalThis.__pledgemark.saved.length')).toBe(0);
    // No reload: the server saw no new request for the report.
    expect(srv.received.filter((r) => r.path.includes(HAIZHU.name)).length).toBe(loads);
    await page.close();
  });

  it('an edit after a delete keeps the text and offers to save it anew', async () => {
    const page = await b.context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(REPORT);
    expect(await waitForPledgemark(page)).toBe(true);
    const mark = page.locator('mark.pm-kind-target').nth(1);
    await mark.scrollIntoViewIfNeeded();
    await mark.click();
    await saveInEditor(page, '第一稿');
    const saved = page.locator('mark.pm-saved').first();
    await saved.waitFor({ timeout: 5000 });
    await expect.poll(() => inContentScript(page, 'globalThis.__pledgemark.saved.length'), { timeout: 5000 }).toBe(1);

    // The reader opens the saved note and starts typing; meanwhile it is deleted in the popup.
    await page.mouse.move(0, 0);
    await saved.click();
    const editor = await waitForAnnotator(page);
    await expect.poll(() => editor.locator('[data-testid="pm-note"]').inputValue()).toBe('第一稿');
    await editor.locator('[data-testid="pm-note"]').fill('第二稿：改过的笔记');
    await deleteInPopup(page);
    await expect.poll(() => savedCount(page), { timeout: 5000 }).toBe(0);

    await editor.locator('[data-testid="pm-save"]').click();
    const status = editor.locator('[data-testid="pm-editor-status"]');
    await expect.poll(() => status.textContent(), { timeout: 5000 }).toMatch(/deleted elsewhere|已在别处删除/);
    expect(await editor.locator('[data-testid="pm-note"]').inputValue()).toBe('第二稿：改过的笔记');
    await page.screenshot({ path: artifact('edit-after-delete.png') });

    // Save again: the typed text is kept as a new note, marked on the page.
    await editor.locator('[data-testid="pm-save"]').click();
    await expect.poll(() => savedCount(page), { timeout: 5000 }).toBeGreaterThan(0);
    // The note is the reader's (the page side never holds notes): the popup lists it.
    const popup = await b.context.newPage();
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html`);
    await page.bringToFront();
    await popup.locator('[data-testid="tab-all"]').click();
    await expect.poll(() => popup.locator('[data-testid="saved-note"]').allTextContents(), { timeout: 5000 }).toEqual(['第二稿：改过的笔记']);
    await popup.close();
    await page.close();
  });

  it('no page error was thrown', () => {
    expect(errors).toEqual([]);
  });
});
