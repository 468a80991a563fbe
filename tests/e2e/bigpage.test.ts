/**
 * A 5 MB article page in Chromium with the built extension: the items in the viewport are marked first, and the
 * page's own probe (a 10 ms timer, long tasks) is read while Pledgemark extracts the whole article in slices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigArticlePage } from '../fixtures/pages/build';
import { e2eBuild, launchBrowser, pages, startServer, type Browser, type TestServer } from './harness';
import { PAGE_PROBE, readProbe } from './responsiveness';

const BIG_BYTES = 5 * 1024 * 1024;
const routes = pages();
routes.set('/big/report.html', bigArticlePage(BIG_BYTES, PAGE_PROBE));
const URL_BIG = 'http://www.panyu.gov.cn/big/report.html';

let srv: TestServer;
let b: Browser;

beforeAll(async () => {
  srv = await startServer(routes);
  b = await launchBrowser(srv.port, [], await e2eBuild());
}, 90_000);

afterAll(async () => {
  await b?.close();
  await srv?.close();
});

describe('a 5 MB article page', () => {
  it('marks the items in the viewport first, and the page\'s timer and long tasks are measured', async () => {
    const page = await b.context.newPage();
    await page.setViewportSize({ width: 1200, height: 800 });
    await page.goto(URL_BIG, { timeout: 60_000 });
    await page.waitForFunction(() => performance.getEntriesByName('pm-extracted').length > 0, undefined, { timeout: 120_000, polling: 500 });
    const r = await readProbe(page, null);
    // The figures so far (the marking of the rest of the items still runs): for the record, not yet a bar.
    console.log(`5 MB page, start → whole extraction: timer max gap ${r.maxGapMs} ms, longest task ${r.longestTaskMs} ms (${r.longTasks} long tasks)`);
    // The first marks put in are the items in view (the first paint reaches FIRST_PAINT_VIEWPORTS down).
    expect(r.first).not.toBeNull();
    expect(r.first!.count).toBeGreaterThan(0);
    for (const top of r.first!.tops) expect(top).toBeLessThan(r.first!.viewport * 1.1);
    await page.close();
  }, 200_000);
});
