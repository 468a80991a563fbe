/**
 * Highlights a reader can steer: a target does not look like a link, the legend hides and shows each kind,
 * collapses and docks beside the article (covering none of it), and Alt+Shift+↓ / ↑ move to the next / previous
 * target.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SEED_PAGES } from '../fixtures/pages/build';
import { artifact, e2eBuild, inContentScript, launchBrowser, startServer, uiCentre, waitForPledgemark, type Browser, type TestServer } from './harness';

const HAIZHU = SEED_PAGES.find((s) => s.name.startsWith('haizhu'))!;
const REPORT = `http://www.haizhu.gov.cn/report/${HAIZHU.name}.html`;

let srv: TestServer;
let b: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  srv = await startServer();
  b = await launchBrowser(srv.port, [], await e2eBuild());
  page = await b.context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(REPORT);
  expect(await waitForPledgemark(page)).toBe(true);
}, 90_000);

afterAll(async () => {
  await b?.close();
  await srv?.close();
});

/** How the marks of `kind` look: the distinct (background, decoration line and style) of each. */
const looks = (kind: string) =>
  page.evaluate((k) => {
    const out = new Set<string>();
    document.querySelectorAll(`mark.pm-kind-${k}`).forEach((m) => {
      const s = getComputedStyle(m);
      out.add(`${s.backgroundColor}|${s.textDecorationLine}|${s.textDecorationStyle}`);
    });
    return [...out];
  }, kind);

async function clickUi(selector: string): Promise<void> {
  const c = await uiCentre(page, selector);
  if (!c) throw new Error(`no ${selector}`);
  await page.mouse.click(c.x, c.y);
}

const legendBox = () =>
  inContentScript<{ left: number; right: number; top: number; bottom: number }>(
    page,
    `(() => { const r = globalThis.__pledgemark.uiRoot.querySelector('[data-testid="pm-legend"]').getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; })()`,
  );

describe('highlights a reader can steer', () => {
  it('a target is not drawn like a link: no solid underline', async () => {
    const target = await looks('target');
    expect(target.length).toBe(1);
    expect(target[0]).not.toMatch(/\|underline\|solid$/);
    // The three kinds differ by line style, not colour alone.
    const styles = new Set([...(await looks('target')), ...(await looks('reported')), ...(await looks('commitment'))].map((l) => l.split('|')[2]));
    expect(styles.size).toBe(3);
  });

  it('the legend docks beside the article and covers none of its text', async () => {
    const legend = await legendBox();
    const article = await page.evaluate(() => {
      const r = document.querySelector('[data-pm-article]')!.getBoundingClientRect();
      return { left: r.left, right: r.right };
    });
    expect(legend.left >= article.right || legend.right <= article.left).toBe(true);
    await page.screenshot({ path: artifact('legend-docked.png') });
  });

  it('hiding a kind in the legend removes its marks from view; showing it brings them back', async () => {
    const before = await looks('reported');
    await clickUi('[data-testid="pm-legend-kind-reported"]');
    await expect.poll(() => looks('reported')).toEqual(['rgba(0, 0, 0, 0)|none|solid']);
    expect(await looks('target')).not.toEqual(['rgba(0, 0, 0, 0)|none|solid']);
    expect(await inContentScript(page, `globalThis.__pledgemark.uiRoot.querySelector('[data-testid="pm-legend-kind-reported"]').getAttribute('aria-pressed')`)).toBe('false');
    await page.screenshot({ path: artifact('legend-reported-hidden.png') });
    await clickUi('[data-testid="pm-legend-kind-reported"]');
    await expect.poll(() => looks('reported')).toEqual(before);
  });

  it('the legend collapses and moves to the other edge', async () => {
    await clickUi('[data-testid="pm-legend-toggle"]');
    await expect.poll(() => inContentScript(page, `!!globalThis.__pledgemark.uiRoot.querySelector('.pm-legend ul')`)).toBe(false);
    await clickUi('[data-testid="pm-legend-toggle"]');
    await expect.poll(() => inContentScript(page, `!!globalThis.__pledgemark.uiRoot.querySelector('.pm-legend ul')`)).toBe(true);
    const right = await legendBox();
    await clickUi('[data-testid="pm-legend-move"]');
    await expect.poll(async () => (await legendBox()).left).toBeLessThan(right.left);
    await clickUi('[data-testid="pm-legend-move"]');
    await expect.poll(async () => (await legendBox()).left).toBe(right.left);
  });

  it('Alt+Shift+↓ focuses the next target mark and scrolls to it; Alt+Shift+↑ the previous', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const focused = () =>
      page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        const m = a?.closest('mark[data-pm-index]');
        if (!m) return null;
        const r = m.getBoundingClientRect();
        return { kind: m.getAttribute('data-pm-kind'), index: Number(m.getAttribute('data-pm-index')), inView: r.top >= 0 && r.bottom <= innerHeight };
      });
    await page.mouse.click(5, 5);
    await page.keyboard.press('Alt+Shift+ArrowDown');
    const first = await focused();
    expect(first).toMatchObject({ kind: 'target', inView: true });
    await page.keyboard.press('Alt+Shift+ArrowDown');
    const second = await focused();
    expect(second).toMatchObject({ kind: 'target', inView: true });
    expect(second!.index).toBeGreaterThan(first!.index);
    await page.keyboard.press('Alt+Shift+ArrowUp');
    expect(await focused()).toMatchObject({ kind: 'target', index: first!.index });
    await page.screenshot({ path: artifact('next-target.png') });
  });

  it('the key is the page\'s own in a text field', async () => {
    await page.evaluate(() => {
      const i = document.createElement('input');
      i.id = 'pm-test-input';
      document.body.prepend(i);
    });
    await page.focus('#pm-test-input');
    await page.keyboard.press('Alt+Shift+ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pm-test-input');
  });

  it('no page error was thrown', () => {
    expect(errors).toEqual([]);
  });
});
