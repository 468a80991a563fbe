/**
 * The promise tracker end to end in Chromium with the built extension: two targets saved on the Panyu plan page
 * (2020 targets); a later report of the same bureau (its 2020 summary) reports one of them and is added to the
 * tracker from the popup; the tracker page shows that target met with both quotes, a deep link that lands on the
 * figure's sentence and a link to the stored copy, and the other target overdue (its deadline, 2020, has passed).
 * The exports (CSV with BOM, Markdown) hold both quotes and both links; a suggested link rejected and taken back.
 * A reported figure saved on the later report is linked by hand to the other target from its note frame
 * ("outcome of…"); the link is there again after a reload, and the tracker lists it as the reader's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { LATER_REPORT, laterReportPage } from '../fixtures/pages/build';
import { artifact, e2eBuild, inContentScript, launchBrowser, openActionPopup, pages, startServer, waitForAnnotator, waitForPledgemark, type Browser, type TestServer } from './harness';

const ROUTES = pages();
ROUTES.set(`/report/${LATER_REPORT.name}.html`, laterReportPage());
const PLAN = 'http://www.panyu.gov.cn/report/panyu-2019-summary-2020-plan.html';
const LATER = `http://www.panyu.gov.cn/report/${LATER_REPORT.name}.html`;

let srv: TestServer;
let b: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  srv = await startServer(ROUTES);
  b = await launchBrowser(srv.port, [], await e2eBuild());
}, 120_000);

afterAll(async () => {
  await b?.close();
  await srv?.close();
});

async function open(url: string): Promise<Page> {
  const page = await b.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url);
  expect(await waitForPledgemark(page)).toBe(true);
  return page;
}

/** Saves the target item whose metric is `metric` with a real click on its mark and Save in the annotator frame. */
async function saveTarget(page: Page, metric: string, note: string): Promise<void> {
  const idx = await inContentScript<number>(page, `globalThis.__pledgemark.items.findIndex((it) => it.kind === 'target' && it.metric === ${JSON.stringify(metric)})`);
  expect(idx).toBeGreaterThanOrEqual(0);
  const before = await inContentScript<number>(page, 'globalThis.__pledgemark.saved.length');
  const mark = page.locator(`mark[data-pm-index="${idx}"]`).first();
  await mark.scrollIntoViewIfNeeded();
  await mark.click();
  const editor = await waitForAnnotator(page);
  await page.keyboard.type(note);
  await editor.locator('[data-testid="pm-save"]').click();
  await expect.poll(() => inContentScript<number>(page, 'globalThis.__pledgemark.saved.length'), { timeout: 10_000 }).toBe(before + 1);
  await page.keyboard.press('Escape');
}

const trackerUrl = () => `chrome-extension://${b.extensionId}/tracker.html`;

/** The tracker page's row for the target with `metric`, as text and attributes. */
async function rowOf(page: Page, metric: string) {
  return page.evaluate((m) => {
    const row = [...document.querySelectorAll('[data-testid="tracker-row"]')].find((r) => r.querySelector('.metric')?.textContent === m);
    if (!row) return null;
    const texts = (id: string) => [...row.querySelectorAll(`[data-testid="${id}"]`)].map((e) => e.textContent ?? '');
    const hrefs = (id: string) => [...row.querySelectorAll(`[data-testid="${id}"]`)].map((e) => (e as HTMLAnchorElement).href);
    return {
      status: row.querySelector('[data-testid="status"]')?.getAttribute('data-status') ?? null,
      target: texts('target-text')[0],
      targetSentence: texts('target-sentence')[0],
      figures: texts('figure-text'),
      figureSentences: texts('figure-sentence'),
      deepLinks: hrefs('deep-link'),
      snapshotLinks: hrefs('snapshot-link'),
      chart: !!row.querySelector('[data-testid="mini-chart"] .figure-dot'),
    };
  }, metric);
}

describe('the promise tracker', () => {
  let tracker: Page;

  it('saves two targets on the plan page', async () => {
    const plan = await open(PLAN);
    await saveTarget(plan, '新开办中小学', '看2020年是否开办');
    await saveTarget(plan, '改扩建公办幼儿园', '幼儿园改扩建');
    await plan.close();
  });

  it('adds the later report to the tracker from the popup (one click)', async () => {
    const later = await open(LATER);
    const popup = await openActionPopup(b, later);
    try {
      await popup.click('[data-testid="tracker-add"]');
      await popup.waitFor(`document.querySelector('[data-testid="tracker-added"]')`);
      const line = await popup.waitFor<string>(`document.querySelector('[data-testid="tracker-summary"]')?.textContent`);
      expect(line).toMatch(/\d+ (due this year|overdue|met)|今年到期/);
    } finally {
      await popup.close();
    }
    await later.close();
  });

  it('the tracker page: met with both quotes and working links; the other target overdue', async () => {
    tracker = await b.context.newPage();
    tracker.on('pageerror', (e) => pageErrors.push(e.message));
    await tracker.goto(trackerUrl());
    await tracker.locator('[data-testid="tracker-row"]').first().waitFor({ timeout: 15_000 });
    // The saved targets only.
    await tracker.locator('[data-testid="filter-saved"]').check();
    await expect.poll(() => tracker.locator('[data-testid="tracker-row"]').count()).toBe(2);
    await tracker.screenshot({ path: artifact('tracker-page.png'), fullPage: true });

    const met = await rowOf(tracker, '新开办中小学');
    expect(met).toMatchObject({ status: 'met', target: '5所', figures: ['5所'], chart: true });
    expect(met!.targetSentence).toContain('新开办中小学5所');
    expect(met!.figureSentences[0]).toContain('全年新开办中小学5所');
    // Two deep links (target, figure) and two stored copies (plan, later report).
    expect(met!.deepLinks).toHaveLength(2);
    expect(met!.deepLinks[0].startsWith(`${PLAN}#:~:text=`)).toBe(true);
    expect(met!.deepLinks[1].startsWith(`${LATER}#:~:text=`)).toBe(true);
    expect(met!.snapshotLinks.map((h) => new URL(h).searchParams.get('url'))).toEqual([PLAN, LATER]);

    const other = await rowOf(tracker, '改扩建公办幼儿园');
    expect(other).toMatchObject({ target: '30所', figures: [] });
    expect(['overdue', 'pending']).toContain(other!.status);

    // The figure's deep link opens the later report at that sentence: the directive's text is on the page.
    const link = met!.deepLinks[1];
    const directive = decodeURIComponent(link.split('#:~:text=')[1]).split(',');
    const landed = await b.context.newPage();
    await landed.goto(link);
    const body = await landed.evaluate(() => document.body.innerText.replace(/\s+/g, ''));
    for (const part of directive) expect(body).toContain(part.replace(/^-|-$/g, '').replace(/\s+/g, ''));
    await landed.close();

    // The stored copy of the later report opens in the snapshot view.
    const snap = await b.context.newPage();
    await snap.goto(met!.snapshotLinks[1]);
    await expect.poll(() => snap.evaluate(() => document.body.innerText.includes('全年新开办中小学5所')), { timeout: 10_000 }).toBe(true);
    await snap.close();
  });

  it('exports CSV (BOM) and Markdown with both quotes and both links', async () => {
    const [csv] = await Promise.all([tracker.waitForEvent('download', { timeout: 20_000 }), tracker.locator('[data-testid="export-csv"]').click()]);
    const content = readFileSync((await csv.path())!, 'utf8');
    expect(content.charCodeAt(0)).toBe(0xfeff);
    expect(content).toContain('5所');
    expect(content).toContain('30所');
    expect(content).toContain(`${PLAN}#:~:text=`);
    const [md] = await Promise.all([tracker.waitForEvent('download', { timeout: 20_000 }), tracker.locator('[data-testid="export-markdown"]').click()]);
    const text = readFileSync((await md.path())!, 'utf8');
    expect(text).toContain('新开办中小学');
    expect(text).toContain('改扩建公办幼儿园');
    expect(pageErrors).toEqual([]);
  });
  it('a suggested link rejected goes (status no longer met), undo brings it back; a rejection holds after a reload', async () => {
    const row = () => tracker.locator('[data-testid="tracker-row"]', { has: tracker.locator('.metric', { hasText: '新开办中小学' }) });
    const figures = async () => (await rowOf(tracker, '新开办中小学'))?.figures.length;
    await row().locator('[data-testid="reject-link"]').click();
    await expect.poll(figures, { timeout: 10_000 }).toBe(0);
    expect(['overdue', 'pending']).toContain((await rowOf(tracker, '新开办中小学'))!.status);
    await tracker.locator('[data-testid="undo-reject"]').click();
    await expect.poll(async () => (await rowOf(tracker, '新开办中小学'))?.status, { timeout: 10_000 }).toBe('met');
    await row().locator('[data-testid="reject-link"]').click();
    await expect.poll(figures, { timeout: 10_000 }).toBe(0);
    await tracker.reload();
    await tracker.locator('[data-testid="tracker-row"]').first().waitFor({ timeout: 15_000 });
    await tracker.locator('[data-testid="filter-saved"]').check();
    await expect.poll(async () => (await rowOf(tracker, '新开办中小学'))?.status, { timeout: 10_000 }).not.toBe('met');
    expect(await figures()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('a manual link made from a highlight ("outcome of…" in the note frame) survives a reload and shows in the tracker', async () => {
    const later = await open(LATER);
    const idx = await inContentScript<number>(later, `globalThis.__pledgemark.items.findIndex((it) => it.kind === 'reported' && it.text === '28个')`);
    expect(idx).toBeGreaterThanOrEqual(0);
    const mark = () => later.locator(`mark[data-pm-index="${idx}"]`).first();
    // Save the reported figure (a note), then open it again: the frame offers "outcome of…" for a saved figure.
    await mark().scrollIntoViewIfNeeded();
    await mark().click();
    let frame = await waitForAnnotator(later);
    await later.keyboard.type('幼儿园改造的结果');
    await frame.locator('[data-testid="pm-save"]').click();
    await expect.poll(() => inContentScript<number>(later, 'globalThis.__pledgemark.saved.length'), { timeout: 10_000 }).toBe(1);
    await mark().click();
    frame = await waitForAnnotator(later, '[data-testid="pm-outcome-of"]');
    await frame.locator('[data-testid="pm-outcome-of"]').click();
    const option = frame.locator('[data-testid="pm-outcome-target"]', { hasText: '改扩建公办幼儿园' });
    await option.waitFor({ timeout: 10_000 });
    // Both saved targets are offered, in the frame only (the page holds no list of them).
    expect(await frame.locator('[data-testid="pm-outcome-target"]').count()).toBe(2);
    expect(await later.evaluate(() => document.documentElement.outerHTML.includes('改扩建公办幼儿园30所'))).toBe(false);
    await option.click();
    await frame.locator('[data-testid="pm-outcome-linked"]').waitFor({ timeout: 10_000 });
    await later.screenshot({ path: artifact('tracker-outcome-of.png') });

    // After a reload the frame shows the link again.
    await later.reload();
    expect(await waitForPledgemark(later)).toBe(true);
    await mark().scrollIntoViewIfNeeded();
    await mark().click();
    frame = await waitForAnnotator(later, '[data-testid="pm-outcome-linked"]');
    expect(await frame.locator('[data-testid="pm-outcome-linked"]').textContent()).toContain('30所');
    await later.close();

    // The tracker lists the figure on that target as linked by the reader.
    await tracker.reload();
    await tracker.locator('[data-testid="tracker-row"]').first().waitFor({ timeout: 15_000 });
    await tracker.locator('[data-testid="filter-saved"]').check();
    await expect.poll(async () => (await rowOf(tracker, '改扩建公办幼儿园'))?.figures, { timeout: 10_000 }).toEqual(['28个']);
    const source = await tracker.evaluate(() =>
      [...document.querySelectorAll('[data-testid="tracker-row"]')].find((r) => r.querySelector('.metric')?.textContent === '改扩建公办幼儿园')?.querySelector('.figure')?.className,
    );
    expect(source).toContain('source-manual');
    await tracker.screenshot({ path: artifact('tracker-page-manual.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
