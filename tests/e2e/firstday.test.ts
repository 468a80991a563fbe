/**
 * A reporter's first day, in Chromium with the built extension: an approximate figure (约, 左右…) saved from the
 * page keeps its flag in each export (Markdown, CSV, JSON); the citation the popup copies is exactly the one
 * lib/export/citation.ts makes of the stored record; the toolbar popup's text is at least 13 px.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PAGES } from '../fixtures/pages/build';
import { articleFromHtml } from '../../lib/article/html';
import { extract } from '../../lib/extract';
import { citation } from '../../lib/export/citation';
import { CSV_COLUMNS } from '../../lib/export/csv';
import type { Annotation } from '../../lib/schema/annotation';
import { e2eBuild, launchBrowser, openActionPopup, pages, saveInEditor, startServer, type Browser, type TestServer } from './harness';

const ROUTES = pages();
const NOTE = '约数核对';

let srv: TestServer;
let b: Browser;

beforeAll(async () => {
  srv = await startServer(ROUTES);
  b = await launchBrowser(srv.port, [], await e2eBuild());
}, 90_000);

afterAll(async () => {
  await b?.close();
  await srv?.close();
});

/** The first seed page with an approximate target or reported figure, and that item's index on the page. */
function approximateItem(): { url: string; index: number; text: string } {
  for (const spec of SEED_PAGES) {
    const path = `/report/${spec.name}.html`;
    const items = extract(articleFromHtml(ROUTES.get(path)!).text);
    const index = items.findIndex((it) => it.approximate && it.kind !== 'commitment');
    if (index >= 0) return { url: `http://www.${spec.name.split('-')[0]}.gov.cn${path}`, index, text: items[index].text };
  }
  throw new Error('no seed page holds an approximate figure');
}

/** A CSV line split into cells (quoted cells may hold commas and doubled quotes). */
function cells(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
    out.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
    if (!m[2]) break;
  }
  return out;
}

describe('a reporter\'s first day', () => {
  it('an approximate figure keeps its flag in every export, the citation copied is exact, the popup text is ≥ 13 px', async () => {
    const target = approximateItem();
    const page = await b.context.newPage();
    await page.goto(target.url);
    const mark = page.locator(`mark[data-pm-index="${target.index}"]`).first();
    await mark.waitFor({ timeout: 20_000 });
    await mark.scrollIntoViewIfNeeded();
    await mark.click();
    await saveInEditor(page, NOTE);
    await page.locator('mark.pm-saved').first().waitFor({ timeout: 10_000 });

    // The toolbar popup, opened as a reader does (Chrome draws extension popups' text smaller by default).
    const action = await openActionPopup(b, page);
    const sizes = await action.waitFor<{ body: number; rows: number[] }>(
      `(() => { const px = (el) => parseFloat(getComputedStyle(el).fontSize); const rows = [...document.querySelectorAll('.quote, .note, .page-title')].map(px); return rows.length ? { body: px(document.body), rows } : null; })()`,
    );
    await action.close();
    expect(sizes.body).toBeGreaterThanOrEqual(13);
    for (const px of sizes.rows) expect(px).toBeGreaterThanOrEqual(13);

    const popup = await b.context.newPage();
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html`);
    await popup.locator('[data-testid="tab-all"]').click();
    await popup.locator('[data-testid="saved-row"]').first().waitFor({ timeout: 10_000 });
    const [saved] = (await popup.evaluate(`chrome.runtime.sendMessage({ type: 'annotation/list', query: {} }).then((r) => r.data)`)) as Annotation[];
    expect(saved.note).toBe(NOTE);
    expect(saved.fields.approximate).toBe(true);

    const download = async (id: string) => {
      const [d] = await Promise.all([popup.waitForEvent('download', { timeout: 10_000 }), popup.locator(`[data-testid="${id}"]`).click()]);
      return readFileSync((await d.path())!, 'utf8');
    };
    // Markdown: the reading of the figure carries the hedge.
    const md = await download('export-markdown');
    expect(md).toMatch(/^.*value: .*≈/m);
    // CSV: the approximate column says yes for the row.
    const csv = (await download('export-csv')).replace(/^\uFEFF/, '').split(/\r?\n/);
    const head = cells(csv[0]);
    expect(head).toEqual([...CSV_COLUMNS]);
    const row = cells(csv[1]);
    expect(row[head.indexOf('approximate')]).toBe('yes');
    expect(row[head.indexOf('note')]).toBe(NOTE);
    // JSON: the field is there, true.
    const json = JSON.stringify(JSON.parse(await download('export-json')));
    expect(json).toContain('"approximate":true');

    // The citation the copy button writes is the one made of the stored record (the browser's language: en).
    await popup.evaluate(() => {
      (window as any).__copied = [];
      navigator.clipboard.writeText = async (s: string) => void (window as any).__copied.push(s);
    });
    await popup.locator('[data-testid="copy-citation"]').first().click();
    await expect.poll(() => popup.evaluate(() => (window as any).__copied.length)).toBe(1);
    expect(await popup.evaluate(() => (window as any).__copied[0])).toBe(citation(saved, 'en'));
    await popup.close();
    await page.close();
  }, 120_000);

  it('the exports hold what the popup\'s filters show: a site filter leaves the other site\'s note out of every file', async () => {
    // A second note, on a report of another site than the approximate figure's (saved by the test above).
    const first = new URL(approximateItem().url).hostname;
    const other = SEED_PAGES.map((spec) => ({ spec, url: `http://www.${spec.name.split('-')[0]}.gov.cn/report/${spec.name}.html` })).find(
      ({ url }) => new URL(url).hostname !== first,
    )!;
    const page = await b.context.newPage();
    await page.goto(other.url);
    const mark = page.locator('mark[data-pm-index]').first();
    await mark.waitFor({ timeout: 20_000 });
    await mark.scrollIntoViewIfNeeded();
    await mark.click();
    await saveInEditor(page, '另一站点的笔记');
    await page.locator('mark.pm-saved').first().waitFor({ timeout: 10_000 });

    const popup = await b.context.newPage();
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html`);
    await popup.locator('[data-testid="tab-all"]').click();
    await expect.poll(() => popup.locator('[data-testid="saved-row"]').count(), { timeout: 10_000 }).toBe(2);
    await popup.locator('[data-testid="filter-site"]').selectOption(first);
    await expect.poll(() => popup.locator('[data-testid="saved-row"]').count(), { timeout: 10_000 }).toBe(1);

    const download = async (id: string) => {
      const [d] = await Promise.all([popup.waitForEvent('download', { timeout: 10_000 }), popup.locator(`[data-testid="${id}"]`).click()]);
      return readFileSync((await d.path())!, 'utf8');
    };
    for (const id of ['export-markdown', 'export-csv', 'export-json']) {
      const file = await download(id);
      expect(file, id).toContain(NOTE);
      expect(file, id).not.toContain('另一站点的笔记');
    }
    // Without the filter, both notes go out.
    await popup.locator('[data-testid="filter-site"]').selectOption('');
    await expect.poll(() => popup.locator('[data-testid="saved-row"]').count(), { timeout: 10_000 }).toBe(2);
    const all = await download('export-csv');
    expect(all).toContain(NOTE);
    expect(all).toContain('另一站点的笔记');
    await popup.close();
    await page.close();
  }, 120_000);
});
