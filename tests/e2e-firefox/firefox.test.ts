/**
 * The core path in Firefox ESR, on the production Firefox build (.output/firefox-mv2, built here): every seed
 * report page gets exactly the items extract() finds in its article text, kind by kind; a click on a highlight,
 * a typed note and Ctrl+Enter save it; after a reload it is highlighted as saved; the popup lists it under
 * "All saved"; the Markdown export downloads with it. And `web-ext lint` finds no error in the build.
 * The in-page UI is reached only by the reader's own means (click, keyboard), so its markup may change freely.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { articleFromHtml } from '../../lib/article/html';
import { extract } from '../../lib/extract';
import type { Item } from '../../lib/schema/item';
import { SEED_PAGES } from '../fixtures/pages/build';
import { pages, readHighlights, startServer, type TestServer } from '../e2e/harness';
import { firefoxBuild, launchFirefox, openExtensionPage, textFieldFocused, waitForDownload, waitUntil, webExtLint, type Firefox, type LintReport } from './harness';

const ROUTES = pages();

function expected(path: string): { items: Item[]; counts: Record<string, number> } {
  const items = extract(articleFromHtml(ROUTES.get(path)!).text);
  const counts: Record<string, number> = { target: 0, reported: 0, commitment: 0 };
  for (const it of items) counts[it.kind]++;
  return { items, counts };
}

let srv: TestServer;
let ff: Firefox;
let lint: Promise<LintReport>;
const pageErrors: string[] = [];
const url = (name: string) => `http://www.${name.split('-')[0]}.gov.cn:${srv.port}/report/${name}.html`;

function watch(page: Page): Page {
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e instanceof Error ? e.message : String(e)}`));
  return page;
}

/** The highlights once the content script has marked them all (first the screenfuls in view, the rest in idle time). */
async function settledHighlights(page: Page, counts: Record<string, number>) {
  const want = JSON.stringify(counts);
  await waitUntil(() => page.evaluate(readHighlights).then((h) => JSON.stringify(h.counts) === want), 20_000, `highlights never reached ${want}`).catch(() => {});
  return page.evaluate(readHighlights);
}

const savedText = (page: Page) => page.evaluate(() => Array.from(document.querySelectorAll('mark.pm-saved'), (m) => m.textContent).join(''));

beforeAll(async () => {
  const dir = await firefoxBuild();
  // The linter runs (about 10 s) while Firefox does its part.
  lint = webExtLint(dir);
  lint.catch(() => {});
  srv = await startServer(ROUTES);
  ff = await launchFirefox(dir);
}, 120_000);

afterAll(async () => {
  await ff?.close();
  await srv?.close();
});

describe('the extension in Firefox', () => {
  const haizhu = SEED_PAGES.find((s) => s.name.startsWith('haizhu'))!;
  const NOTE = '核对：火狐 Firefox 保存';

  it('highlights exactly what extract() finds on each seed report page, kind by kind, text by text', async () => {
    const page = watch(await ff.browser.newPage());
    for (const spec of SEED_PAGES) {
      const { items, counts } = expected(`/report/${spec.name}.html`);
      await page.goto(url(spec.name));
      const got = await settledHighlights(page, counts);
      expect(got.counts, spec.name).toEqual(counts);
      items.forEach((it, i) => {
        expect(got.texts[String(i)], `${spec.name} #${i}`).toBe(it.text);
        expect(got.kinds[String(i)], `${spec.name} #${i}`).toBe(it.kind);
      });
    }
    await page.close();
  });

  it('click a highlight → type a note → Ctrl+Enter saves it; after a reload it is highlighted as saved', async () => {
    const page = watch(await ff.browser.newPage());
    await page.goto(url(haizhu.name));
    const { items, counts } = expected(`/report/${haizhu.name}.html`);
    await settledHighlights(page, counts);
    const idx = items.findIndex((it) => it.kind === 'target');
    await page.click(`mark[data-pm-index="${idx}"]`);
    // The editor's note box takes the focus (in the annotator frame); typing before that would lose keys.
    await waitUntil(() => textFieldFocused(page), 10_000, 'the editor did not take the focus');
    await page.keyboard.type(NOTE);
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await waitUntil(() => savedText(page).then((t) => t === items[idx].text), 5000, 'the highlight was not marked saved');

    await page.reload();
    await waitUntil(() => savedText(page).then((t) => t === items[idx].text), 20_000, 'after a reload the saved highlight is missing');
    expect((await settledHighlights(page, counts)).counts).toEqual(counts);
    await page.close();
  });

  it('the popup lists the saved note under "All saved", and the Markdown export downloads with it', async () => {
    const popup = watch(await openExtensionPage(ff, 'popup.html'));
    await popup.click('[data-testid="tab-all"]');
    const rows = await waitUntil(
      () => popup.evaluate(() => Array.from(document.querySelectorAll('[data-testid="saved-row"]'), (r) => r.textContent ?? '')).then((r) => (r.length ? r : undefined)),
      5000,
      'no saved row in the popup',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(NOTE);
    await popup.click('[data-testid="export-markdown"]');
    const file = await waitForDownload(ff.downloads);
    expect(file.name).toMatch(/\.md$/);
    expect(file.content).toContain(NOTE);
    expect(file.content).toContain(`www.haizhu.gov.cn:${srv.port}/report/${haizhu.name}.html`);
    await popup.close();
  });

  it('no page error was thrown', () => {
    expect(pageErrors).toEqual([]);
  });

  it('web-ext lint finds no error in the Firefox build', async () => {
    const report = await lint;
    expect(report.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
    // The add-on id is set: without it storage would not survive a reinstall, and AMO would not sign it.
    expect(report.warnings.map((w) => w.code)).not.toContain('MISSING_ADDON_ID');
  }, 60_000);
});
