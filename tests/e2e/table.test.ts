/**
 * The table of a page's items, in Chromium with the built extension: opened for a seed report's tab, it holds
 * exactly the items extract() finds in the page's article text, in page order, and its Copy button puts them on
 * the clipboard as TSV, one line per item.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleFromHtml } from '../../lib/article/html';
import { extract } from '../../lib/extract';
import { SEED_PAGES } from '../fixtures/pages/build';
import { TABLE_COLUMNS } from '../../lib/export/items';
import { artifact, launchBrowser, pages, startServer, waitForPledgemark, type Browser, type TestServer } from './harness';

const ROUTES = pages();
let srv: TestServer;
let b: Browser;

beforeAll(async () => {
  srv = await startServer(ROUTES);
  b = await launchBrowser(srv.port);
}, 90_000);

afterAll(async () => {
  await b?.close();
  await srv?.close();
});

describe('the table of a page\'s items', () => {
  it('holds exactly extract()\'s items and copies them as TSV', async () => {
    const spec = SEED_PAGES.find((s) => s.name.startsWith('haizhu'))!;
    const path = `/report/${spec.name}.html`;
    const url = `http://www.${spec.name.split('-')[0]}.gov.cn${path}`;
    const items = extract(articleFromHtml(ROUTES.get(path)!).text);
    const page = await b.context.newPage();
    await page.goto(url);
    expect(await waitForPledgemark(page)).toBe(true);
    const worker = b.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${b.extensionId}/`))!;
    const tabId = await worker.evaluate(async (u) => ((await (globalThis as any).chrome.tabs.query({ url: u })) as { id: number }[])[0].id, url);

    const table = await b.context.newPage();
    await table.goto(`chrome-extension://${b.extensionId}/table.html?tab=${tabId}`);
    await expect.poll(() => table.locator('[data-testid="table-row"]').count(), { timeout: 15_000 }).toBe(items.length);
    const values = await table.locator('td.col-value').allTextContents();
    items.forEach((it, i) => {
      if (it.kind !== 'commitment') expect(values[i], `#${i}`).toContain(it.text);
    });
    await table.screenshot({ path: artifact('page-table.png') });

    // The clipboard itself needs a focused window; what the button writes to it is what is checked.
    await table.evaluate(() => {
      (window as any).__copied = [];
      navigator.clipboard.writeText = async (s: string) => void (window as any).__copied.push(s);
    });
    await table.locator('[data-testid="table-copy"]').click();
    const tsv = await table.evaluate(() => (window as any).__copied[0] as string);
    const lines = tsv.split('\n').slice(0, -1);
    expect(lines[0].split('\t')).toEqual([...TABLE_COLUMNS]);
    expect(lines).toHaveLength(items.length + 1);
    expect(lines.slice(1).map((l) => l.split('\t')[0].split(' ')[1])).toEqual(items.map((it) => it.kind));
    await table.close();
    await page.close();
  }, 60_000);
});
