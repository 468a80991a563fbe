/**
 * One language in the page UI, in Chromium with the built extension: the reader's language setting (here set
 * through the background, as the options page does) decides the legend, an item's tooltip and the note editor
 * in the annotator frame — English only with en, Chinese only with zh. Only the UI's own words are read (row
 * labels, buttons, hints), never the page's text the tooltip and editor quote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SEED_PAGES } from '../fixtures/pages/build';
import { e2eBuild, inContentScript, launchBrowser, startServer, waitForAnnotator, waitForPledgemark, waitForUi, type Browser, type TestServer } from './harness';

const HAIZHU = SEED_PAGES.find((s) => s.name.startsWith('haizhu'))!;
const REPORT = `http://www.haizhu.gov.cn/report/${HAIZHU.name}.html`;
const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]/gu;
/** What may stay Latin in the zh UI: the product's name and the names of keys. */
const LATIN_ALLOWED = /Pledgemark|Alt|Shift|Ctrl|Enter|Esc/g;

let srv: TestServer;
let b: Browser;

beforeAll(async () => {
  srv = await startServer();
  b = await launchBrowser(srv.port, [], await e2eBuild());
}, 90_000);

afterAll(async () => {
  await b?.close();
  await srv?.close();
});

async function setLanguage(language: 'en' | 'zh'): Promise<void> {
  const ext = await b.context.newPage();
  await ext.goto(`chrome-extension://${b.extensionId}/popup.html`);
  const r = (await ext.evaluate(`chrome.runtime.sendMessage({ type: 'settings/set', settings: { language: '${language}' } })`)) as { ok: boolean };
  expect(r.ok).toBe(true);
  await ext.close();
}

/** The UI's own words on the page: the legend (no page text in it), the tooltip's kind, row labels and hint. */
async function pageUiWords(page: Page): Promise<string> {
  await page.locator('mark.pm-kind-target').first().scrollIntoViewIfNeeded();
  await page.locator('mark.pm-kind-target').first().hover();
  await waitForUi(page, '[data-testid="pm-tooltip"]');
  return inContentScript<string>(
    page,
    `(() => {
      const root = globalThis.__pledgemark.uiRoot;
      const legend = root.querySelector('[data-testid="pm-legend"]');
      const tip = root.querySelector('[data-testid="pm-tooltip"]');
      const attrs = [...legend.querySelectorAll('*'), legend].flatMap((el) => [el.getAttribute('title') ?? '', el.getAttribute('aria-label') ?? '']);
      return [legend.textContent, ...attrs, tip.querySelector('[data-testid="pm-tooltip-kind"]').textContent, ...[...tip.querySelectorAll('dt, .hint')].map((e) => e.textContent)].join(' | ');
    })()`,
  );
}

/** The editor's own words: its kind line, labels, hint, buttons and the tags placeholder (not the quote). */
async function editorWords(page: Page): Promise<string> {
  await page.mouse.move(0, 0);
  await page.locator('mark.pm-kind-target').first().click();
  const frame = await waitForAnnotator(page);
  return frame.evaluate(`(() => {
    const ed = document.querySelector('[data-testid="pm-editor"]');
    return [ed.getAttribute('aria-label'), ed.querySelector('h2').textContent, ...[...ed.querySelectorAll('label, .hint, button')].map((e) => e.textContent), ed.querySelector('[data-testid="pm-tags"]').getAttribute('placeholder')].join(' | ');
  })()`) as Promise<string>;
}

describe('the page UI follows the reader\'s language', () => {
  it('en: the legend, the tooltip and the editor hold no Chinese', async () => {
    await setLanguage('en');
    const page = await b.context.newPage();
    await page.goto(REPORT);
    expect(await waitForPledgemark(page)).toBe(true);
    const ui = await pageUiWords(page);
    expect(ui).toContain('Target');
    expect(ui.match(CJK) ?? []).toEqual([]);
    const editor = await editorWords(page);
    expect(editor).toContain('Save');
    expect(editor.match(CJK) ?? []).toEqual([]);
    await page.close();
  });

  it('zh: the legend, the tooltip and the editor hold no English', async () => {
    await setLanguage('zh');
    const page = await b.context.newPage();
    await page.goto(REPORT);
    expect(await waitForPledgemark(page)).toBe(true);
    const ui = await pageUiWords(page);
    expect(ui).toContain('目标');
    expect(ui.replace(LATIN_ALLOWED, '').match(/[A-Za-z]{2,}/g) ?? []).toEqual([]);
    const editor = await editorWords(page);
    expect(editor).toContain('保存');
    expect(editor.replace(LATIN_ALLOWED, '').match(/[A-Za-z]{2,}/g) ?? []).toEqual([]);
    await page.close();
  });
});
