/**
 * Evidence end to end in Chromium with the built extension: three notes saved on the Haizhu report; the server then
 * serves a silently edited version at the same URL (12360 → 12000 in the indicator table, one paragraph removed,
 * one inserted above everything); after a reload the untouched note re-anchors, the edited target is shown as
 * changed with both values (marker + tooltip, and page/summary's anchors), the removed one is orphaned and listed,
 * and pageChanged is true. The stored first version (snapshot.html?url=…&version=1) still shows the old text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AnchorReport } from '../../lib/schema/changes';
import { EDIT, HAIZHU, haizhuVersions } from '../fixtures/pages/edited';
import { artifact, e2eBuild, inContentScript, launchBrowser, pages, saveInEditor, startServer, uiText, waitForAnnotator, waitForPledgemark, type Browser, type TestServer } from './harness';

const ROUTES = pages();
const PATH = `/report/${HAIZHU.name}.html`;
const URL_ = `http://www.haizhu.gov.cn${PATH}`;
const { original, edited } = haizhuVersions();
ROUTES.set(PATH, original);

let srv: TestServer;
let b: Browser;
let page: Page;
const pageErrors: string[] = [];
/** Ids of the three notes: [on the target that changes, in the paragraph that is removed, elsewhere]. */
let ids: string[] = [];
let otherText = '';
/** A target far from the edits, unique on the page (a prose figure in the plan's targets). */
const OTHER = '92%以上';

beforeAll(async () => {
  srv = await startServer(ROUTES);
  b = await launchBrowser(srv.port, [], await e2eBuild());
  page = await b.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 90_000);

afterAll(async () => {
  await b?.close();
  await srv?.close();
});

type Summary = { anchors?: AnchorReport[]; pageChanged?: boolean; detected: boolean };
const summary = () => inContentScript<{ ok: boolean; data: Summary }>(page, `globalThis.__pledgemark.handleTab({ type: 'page/summary' })`);

/** Opens the editor from the content script's world, then saves in the annotator frame (note and tag typed, Save clicked). */
const saveInWorld = async (open: string, note: string) => {
  const n = await inContentScript<number>(page, `(() => { const pm = globalThis.__pledgemark; const n = pm.saved.length; ${open}; return n; })()`);
  await saveInEditor(page, note, '证据');
  await expect.poll(() => inContentScript<number>(page, 'globalThis.__pledgemark.saved.length'), { timeout: 10_000 }).toBeGreaterThan(n);
  return inContentScript<number>(page, 'globalThis.__pledgemark.saved.length');
};

describe('a saved page that was silently edited', () => {
  it('saves three notes on the original (the first with a real click, carrying the snapshot)', async () => {
    await page.goto(URL_);
    expect(await waitForPledgemark(page)).toBe(true);
    const idx = await inContentScript<number>(page, `globalThis.__pledgemark.items.findIndex((it) => it.text === ${JSON.stringify(EDIT.oldValue)})`);
    expect(idx).toBeGreaterThanOrEqual(0);
    // 1. The target that will change: hover, click, type, Save (trusted input).
    const mark = page.locator(`mark[data-pm-index="${idx}"]`).first();
    await mark.scrollIntoViewIfNeeded();
    await mark.click();
    const editor = await waitForAnnotator(page);
    await page.keyboard.type('新增学位目标：核对是否下调');
    await editor.locator('[data-testid="pm-save"]').click();
    await page.locator('mark.pm-saved').first().waitFor({ timeout: 10_000 });
    // 2. A sentence of the paragraph that will be removed (a free selection).
    expect(
      await saveInWorld(
        `const t = pm.article.text; const s = t.indexOf(${JSON.stringify(EDIT.removedParagraphStart)});
         const sel = document.getSelection(); sel.removeAllRanges(); sel.addRange(pm.rangeFor(s, s + 40)); pm.editSelection();`,
        '这一段会被删除',
      ),
    ).toBe(2);
    // 3. An item elsewhere, untouched by the edit.
    otherText = await inContentScript<string>(
      page,
      `(() => { const pm = globalThis.__pledgemark; const it = pm.items.find((it) => it.kind === 'target' && it.text === ${JSON.stringify(OTHER)}); return it ? it.text : ''; })()`,
    );
    expect(otherText).toBe(OTHER);
    expect(
      await saveInWorld(
        `const i = pm.items.findIndex((it) => it.text === ${JSON.stringify(otherText)}); pm.openEditorFor(pm.container.querySelector('mark[data-pm-index="' + i + '"]'));`,
        '不变的那一条',
      ),
    ).toBe(3);
    ids = await inContentScript<string[]>(page, 'globalThis.__pledgemark.saved.map((a) => a.id)');
    expect(ids).toHaveLength(3);
    const s = await summary();
    expect(s.data.anchors!.map((a) => a.status)).toEqual(['anchored', 'anchored', 'anchored']);
  });

  it('after the edit: anchored, changed (both values), orphaned (listed), pageChanged', async () => {
    ROUTES.set(PATH, edited);
    await page.reload();
    expect(await waitForPledgemark(page)).toBe(true);
    const s = await summary();
    expect(s.ok).toBe(true);
    expect(s.data.pageChanged).toBe(true);
    const byId = new Map(s.data.anchors!.map((a) => [a.id, a]));
    expect(byId.size).toBe(3);
    expect(byId.get(ids[0])).toMatchObject({ status: 'changed', oldText: EDIT.oldValue, newText: EDIT.newValue });
    expect(byId.get(ids[1])).toMatchObject({ status: 'orphaned', newText: null });
    expect(byId.get(ids[2])).toMatchObject({ status: 'anchored', oldText: otherText, newText: otherText });

    // The untouched note: the saved highlight, as before.
    const plain = await inContentScript<[string, boolean][]>(page, `globalThis.__pledgemark.savedMarks(${JSON.stringify(ids[2])}).map((m) => [m.textContent, m.classList.contains('pm-changed')])`);
    expect(plain.map(([t]) => t).join('')).toBe(otherText);
    expect(plain.every(([, c]) => c === false)).toBe(true);
    // The changed one: its own style, on the new value.
    expect(await inContentScript(page, `globalThis.__pledgemark.savedMarks(${JSON.stringify(ids[0])}).every((m) => m.classList.contains('pm-changed'))`)).toBe(true);
    const changed = page.locator('mark.pm-saved.pm-changed');
    expect(await changed.count()).toBeGreaterThan(0);
    expect((await changed.allTextContents()).join('')).toBe(EDIT.newValue);
    const style = await changed.first().evaluate((m) => {
      const cs = getComputedStyle(m);
      return { outline: cs.outlineStyle, marker: getComputedStyle(m, '::after').content };
    });
    expect(style.outline).toBe('dashed');
    expect(style.marker).toContain('⚠');
    // The removed one: nothing on the page, counted in the legend.
    expect(await inContentScript(page, `globalThis.__pledgemark.savedMarks(${JSON.stringify(ids[1])}).length`)).toBe(0);
    expect(await uiText(page, '[data-testid="pm-legend-missing-text"]')).toBe('1 saved note not found on this page');
    expect(await uiText(page, '[data-testid="pm-legend-changed"]')).toBe('1');

    // Hover: the tooltip shows the saved and the current text side by side.
    await changed.first().scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 150));
    await changed.first().hover();
    const tip = await waitForAnnotator(page, '[data-testid="pm-tooltip-changed"]');
    expect(await tip.locator('[data-testid="pm-tooltip-saved-text"]').textContent()).toBe(EDIT.oldValue);
    expect(await tip.locator('[data-testid="pm-tooltip-now-text"]').textContent()).toBe(EDIT.newValue);
    expect(await tip.locator('[data-testid="pm-tooltip"]').textContent()).toContain('新增学位目标：核对是否下调');
    await page.screenshot({ path: artifact('evidence-changed-tooltip.png') });
    const box = await changed.first().boundingBox();
    if (box) {
      await page.screenshot({
        path: artifact('evidence-changed-marker.png'),
        clip: { x: Math.max(0, box.x - 260), y: Math.max(0, box.y - 60), width: 760, height: 280 },
      });
    }
  });

  it('the popup shows the banner and the anchor statuses (storage engineer’s UI)', async () => {
    const popup = await b.context.newPage();
    popup.on('pageerror', (e) => pageErrors.push(`popup: ${e.message}`));
    await page.bringToFront();
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html`);
    await popup.locator('[data-testid="page-changed-banner"]').waitFor({ timeout: 10_000 });
    const statuses = popup.locator('[data-testid="anchor-status"]');
    await expect.poll(() => statuses.count(), { timeout: 10_000 }).toBe(3);
    const got = (await statuses.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).sort();
    expect(got).toEqual(['anchored', 'changed', 'orphaned']);
    await popup.setViewportSize({ width: 420, height: 700 });
    await popup.screenshot({ path: artifact('evidence-popup.png') });
    await popup.close();
  });

  it('"Open the saved version" opens the snapshot at the note: its passage marked and in view, with the notes, hash and capture time', async () => {
    const popup = await b.context.newPage();
    popup.on('pageerror', (e) => pageErrors.push(`popup: ${e.message}`));
    await page.bringToFront();
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html`);
    const links = popup.locator('[data-testid="open-snapshot"]');
    await expect.poll(() => links.count(), { timeout: 10_000 }).toBe(3);
    const hrefs = await links.evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
    await popup.close();
    expect(hrefs.every((h) => /[?&]note=/.test(h))).toBe(true);
    const snap = await b.context.newPage();
    snap.on('pageerror', (e) => pageErrors.push(`snapshot: ${e.message}`));
    await snap.setViewportSize({ width: 1000, height: 700 });
    // The last note is far down the page: opening at it must scroll.
    await snap.goto(`chrome-extension://${b.extensionId}${hrefs[hrefs.length - 1]}`);
    const mark = snap.locator('[data-testid="snapshot-note-mark"]').first();
    await mark.waitFor({ timeout: 10_000 });
    await expect
      .poll(() => mark.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }), { timeout: 5000 })
      .toBe(true);
    expect(await snap.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect(await snap.locator('[data-testid="snapshot-hash"]').textContent()).toMatch(/SHA-256 [0-9a-f]{64}/);
    expect(await snap.locator('[data-testid="snapshot-note"]').count()).toBe(3);
    await snap.screenshot({ path: artifact('snapshot-at-note.png') });
    await snap.close();
  });

  it('the stored first version still shows the original text (snapshot.html?url=…&version=1)', async () => {
    const snap = await b.context.newPage();
    snap.on('pageerror', (e) => pageErrors.push(`snapshot: ${e.message}`));
    await snap.goto(`chrome-extension://${b.extensionId}/snapshot.html?url=${encodeURIComponent(URL_)}&version=1`);
    const text = snap.locator('[data-testid="snapshot-text"]');
    await text.waitFor({ timeout: 10_000 });
    const v1 = (await text.textContent()) ?? '';
    expect(v1).toContain(EDIT.oldValue);
    expect(v1).toContain(EDIT.removedParagraphStart);
    expect(v1).not.toContain(EDIT.inserted);
    await snap.goto(`chrome-extension://${b.extensionId}/snapshot.html?url=${encodeURIComponent(URL_)}&version=2`);
    await text.waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await text.textContent()) ?? '', { timeout: 10_000 }).toContain(EDIT.inserted);
    const v2 = (await text.textContent()) ?? '';
    expect(v2).not.toContain(EDIT.removedParagraphStart);
    await snap.close();
  });

  it('the site puts the original text back: the notes anchor again and the popup says restored, with no change banner', async () => {
    ROUTES.set(PATH, original);
    await page.reload();
    expect(await waitForPledgemark(page)).toBe(true);
    await expect
      .poll(async () => ((await summary()).data.anchors ?? []).map((a) => a.status).sort().join(','), { timeout: 15_000 })
      .toBe('anchored,anchored,anchored');
    const popup = await b.context.newPage();
    popup.on('pageerror', (e) => pageErrors.push(`popup: ${e.message}`));
    await page.bringToFront();
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html`);
    const restored = popup.locator('[data-testid="page-restored"]');
    await restored.waitFor({ timeout: 10_000 });
    expect(await restored.textContent()).toMatch(/\(v1 = v\d+\)/);
    expect(await popup.locator('[data-testid="page-changed-banner"]').count()).toBe(0);
    await popup.close();
  });

  it('no page error was thrown', () => {
    expect(pageErrors).toEqual([]);
  });
});
