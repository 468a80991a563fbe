/**
 * End to end in Debian Chromium with the built extension (.output/chrome-mv3; `npm test` runs `wxt build` first).
 * Page side: every seed report page gets exactly the items extract() finds in its article text (computed in Node
 * with articleFromHtml), list/search/portal and non-gov pages get none; click → editor → save; reload →
 * re-highlighted. Popup side: counts, the saved row, exports, a rejected malformed import; on the non-gov page,
 * "Run Pledgemark on this page" from the toolbar popup. Permissions: only the required set at install, `scripting`
 * granted by the popup's click without a prompt. No request leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { articleFromHtml } from '../../lib/article/html';
import { extract } from '../../lib/extract';
import { reasonLine } from '../../lib/i18n/reason';
import { CONTENT_SCRIPT_FILE, PREFETCH_SCRIPT_FILE } from '../../lib/messages/paths';
import { SETTINGS_CACHE_KEY } from '../../lib/settings/prefetch';
import type { Item } from '../../lib/schema/item';
import { SEED_PAGES } from '../fixtures/pages/build';
import { makeAnnotations } from '../../bench/popup';
import { toJsonExport } from '../../lib/export/w3c';
import {
  artifact,
  inContentScript,
  launchBrowser,
  e2eBuild,
  EXTENSION_DIR,
  E2E_EXTENSION_DIR,
  openActionPopup,
  pageHighlights,
  pages,
  startServer,
  annotatorShown,
  uiText,
  waitForAnnotator,
  waitForPledgemark,
  waitForUi,
  type Browser,
  type TestServer,
} from './harness';

const ROUTES = pages();
const HOST = (name: string) => `http://www.${name.split('-')[0]}.gov.cn`;
const reportUrl = (name: string) => `${HOST(name)}/report/${name}.html`;

function expected(path: string): { items: Item[]; counts: Record<string, number> } {
  const a = articleFromHtml(ROUTES.get(path)!);
  const items = extract(a.text);
  const counts: Record<string, number> = { target: 0, reported: 0, commitment: 0 };
  for (const it of items) counts[it.kind]++;
  return { items, counts };
}

let srv: TestServer;
let b: Browser;
const consoleErrors: string[] = [];

function watch(page: Page): Page {
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

beforeAll(async () => {
  srv = await startServer(ROUTES);
  b = await launchBrowser(srv.port, [], await e2eBuild());
}, 90_000);

afterAll(async () => {
  await b?.close();
  await srv?.close();
});

describe('the extension in Chromium', () => {
  const haizhu = SEED_PAGES.find((s) => s.name.startsWith('haizhu'))!;

  const worker = () => b.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${b.extensionId}/`))!;
  type Permissions = { permissions?: string[]; origins?: string[] };
  // Evaluated in the service worker, where `chrome` is the extension API (no @types/chrome here).
  const granted = () => worker().evaluate(() => (globalThis as any).chrome.permissions.getAll() as Promise<Permissions>);

  it('installs with only storage, unlimitedStorage, contextMenus, activeTab and *.gov.cn; scripting and other sites are optional', async () => {
    type ContentScript = { matches: string[]; js: string[]; run_at: string; all_frames: boolean };
    const manifest = await worker().evaluate(
      () =>
        (globalThis as any).chrome.runtime.getManifest() as {
          permissions?: string[];
          host_permissions?: string[];
          optional_permissions?: string[];
          optional_host_permissions?: string[];
          content_scripts?: ContentScript[];
        },
    );
    // The settings read at document_start, the content script at document_idle, on the same pages and frames.
    const scripts = (manifest.content_scripts ?? []).map((c) => [c.js.join(','), c.run_at, c.matches.join(','), c.all_frames]).sort();
    expect(scripts).toEqual([
      [CONTENT_SCRIPT_FILE.slice(1), 'document_idle', '*://*.gov.cn/*', true],
      [PREFETCH_SCRIPT_FILE.slice(1), 'document_start', '*://*.gov.cn/*', true],
    ]);
    expect([...(manifest.permissions ?? [])].sort()).toEqual(['activeTab', 'contextMenus', 'storage', 'unlimitedStorage']);
    expect(manifest.host_permissions).toEqual(['*://*.gov.cn/*']);
    expect(manifest.optional_permissions).toEqual(['scripting']);
    expect(manifest.optional_host_permissions).toEqual(['*://*/*']);
    const now = await granted();
    expect({ permissions: [...(now.permissions ?? [])].sort(), origins: now.origins }).toEqual({ permissions: ['activeTab', 'contextMenus', 'storage', 'unlimitedStorage'], origins: ['*://*.gov.cn/*'] });
    // Not granted, so not there: every use checks first.
    expect(await worker().evaluate(() => typeof (globalThis as any).chrome.scripting)).toBe('undefined');
  });

  it('exposes the content script to tests only in the e2e build: the production bundle has no test hook', () => {
    const hook = /\b__pledgemark\b/;
    expect(readFileSync(join(EXTENSION_DIR, CONTENT_SCRIPT_FILE), 'utf8')).not.toMatch(hook);
    expect(readFileSync(join(E2E_EXTENSION_DIR, CONTENT_SCRIPT_FILE), 'utf8')).toMatch(hook);
  });

  it('highlights exactly what extract() finds on each seed report page, kind by kind, text by text', async () => {
    const page = watch(await b.context.newPage());
    // The background writes the settings copy at start; from then on every page takes it from the document_start read.
    await expect
      .poll(() => worker().evaluate((key) => (globalThis as any).chrome.storage.local.get(key).then((got: Record<string, unknown>) => key in got), SETTINGS_CACHE_KEY))
      .toBe(true);
    for (const spec of SEED_PAGES) {
      const { items, counts } = expected(`/report/${spec.name}.html`);
      await page.goto(reportUrl(spec.name));
      expect(await waitForPledgemark(page), spec.name).toBe(true);
      const got = await pageHighlights(page);
      expect(got.counts, spec.name).toEqual(counts);
      items.forEach((it, i) => {
        expect(got.texts[String(i)], `${spec.name} #${i}`).toBe(it.text);
        expect(got.kinds[String(i)]).toBe(it.kind);
      });
      // The legend (in its shadow root) agrees.
      for (const k of ['target', 'reported', 'commitment']) expect(await uiText(page, `[data-testid="pm-legend-${k}"]`)).toBe(String(counts[k]));
      expect(await page.evaluate(() => performance.getEntriesByName('pm-painted').length)).toBe(1);
      expect(await inContentScript(page, 'globalThis.__pledgemark.settingsFrom'), spec.name).toBe('prefetch');
      if (spec.template === 'bureau-table' && spec.name.startsWith('guangzhou')) {
        await page.evaluate(() => document.querySelector('mark[data-pm-kind="commitment"]')?.scrollIntoView({ block: 'center' }));
        await page.screenshot({ path: artifact('page-table-layout.png') });
      }
    }
    // The indicator table, highlighted.
    await page.goto(reportUrl(haizhu.name));
    await waitForPledgemark(page);
    await page.locator('table.indicators').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -120));
    await page.screenshot({ path: artifact('page-highlighted-table.png') });
    await page.evaluate(() => {
      const m = document.querySelector('mark[data-pm-kind="target"]');
      m?.scrollIntoView({ block: 'center' });
    });
    await page.screenshot({ path: artifact('page-highlighted.png') });
    await page.close();
  });

  it('gives index, search and portal pages on gov.cn, and a non-gov page, no highlights', async () => {
    const urls = [
      `${HOST('haizhu')}/index.html`,
      `${HOST('guangzhou')}/search.html`,
      `${HOST('longwan')}/portal.html`,
      `http://127.0.0.1:${srv.port}/nongov.html`,
    ];
    const ps = await Promise.all(urls.map(async () => watch(await b.context.newPage())));
    await Promise.all(ps.map((p, i) => p.goto(urls[i])));
    // On gov.cn the content script ran and decided (asked in its own world); on the other host it is absent.
    for (const p of ps.slice(0, 3)) {
      await expect
        .poll(() => inContentScript<boolean | null>(p, 'globalThis.__pledgemark?.detection?.isReport ?? null').catch(() => null), { timeout: 20_000 })
        .toBe(false);
    }
    await expect(inContentScript(ps[3], '1')).rejects.toThrow(/no Pledgemark content-script world/);
    for (const p of ps) {
      expect(await p.locator('mark').count(), p.url()).toBe(0);
      expect(await p.locator('pledgemark-ui').count(), p.url()).toBe(0);
      await p.close();
    }
  });

  it('hover → tooltip, click → editor → note + tag → saved; reload → re-highlighted as saved', async () => {
    const page = watch(await b.context.newPage());
    await page.goto(reportUrl(haizhu.name));
    expect(await waitForPledgemark(page)).toBe(true);
    const { items } = expected(`/report/${haizhu.name}.html`);
    const idx = items.findIndex((it) => it.kind === 'target' && it.metric);
    expect(idx).toBeGreaterThanOrEqual(0); // the Haizhu report has targets with a metric
    const mark = page.locator(`mark[data-pm-index="${idx}"]`).first();
    await mark.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 200));
    await mark.hover();
    await waitForUi(page, '[data-testid="pm-tooltip"]');
    expect(await uiText(page, '[data-testid="pm-tooltip"]')).toContain(items[idx].metric!);
    // The tooltip says why in one line, in the browser's language: kind, rule, heading, where the deadline came from.
    const reason = await uiText(page, '[data-testid="pm-tooltip-reason"]');
    expect([reasonLine(items[idx], 'en'), reasonLine(items[idx], 'zh')]).toContain(reason);
    expect(reason).toContain(items[idx].section!.title);
    await page.screenshot({ path: artifact('tooltip.png') });

    await mark.click();
    // The editor is an extension page framed in the report: the page's scripts cannot read it or hear the keys.
    const editor = await waitForAnnotator(page);
    expect(await editor.locator('[data-testid="pm-editor-quote"]').textContent()).toBe(items[idx].text);
    // The note box has the focus; real (trusted) keyboard input, as the reader types.
    await page.keyboard.type('核对：与市级规划一致 <script>x</script>');
    await page.keyboard.press('Tab');
    await page.keyboard.type('学位, 十四五');
    await page.screenshot({ path: artifact('editor.png') });
    await editor.locator('[data-testid="pm-save"]').click();
    await page.locator('mark.pm-saved').first().waitFor({ timeout: 5000 });
    // The editor closed (the focus went back to the mark, which may show its saved tooltip).
    await expect.poll(() => editor.locator('[data-testid="pm-editor"]').count()).toBe(0);
    // The page's own scripts cannot see the UI.
    expect(await page.evaluate(() => document.querySelector('pledgemark-ui')?.shadowRoot ?? null)).toBeNull();
    expect(await page.evaluate(() => document.body.innerHTML.includes('核对'))).toBe(false);
    const savedText = await page.evaluate(() => Array.from(document.querySelectorAll('mark.pm-saved')).map((m) => m.textContent).join(''));
    expect(savedText).toBe(items[idx].text);
    // Hovering the saved mark shows its note, in the frame.
    await page.mouse.move(0, 0);
    await page.locator('mark.pm-saved').first().hover();
    const tip = await waitForAnnotator(page, '[data-testid="pm-tooltip"]');
    expect(await tip.locator('[data-testid="pm-tooltip"]').textContent()).toContain('核对：与市级规划一致');
    await page.screenshot({ path: artifact('saved-tooltip.png') });

    await page.reload();
    expect(await waitForPledgemark(page)).toBe(true);
    await page.locator('mark.pm-saved').first().waitFor({ timeout: 5000 });
    const again = await page.evaluate(() => Array.from(document.querySelectorAll('mark.pm-saved')).map((m) => m.textContent).join(''));
    expect(again).toBe(items[idx].text);
    expect(await uiText(page, '[data-testid="pm-legend-saved"]')).toBe('1');
    // The content script knows where the note is, not what it says: only the annotator frame reads notes.
    expect(await inContentScript(page, 'globalThis.__pledgemark.saved.map((a) => [a.note, a.tags.join("|")])')).toEqual([['', '']]);
    await page.locator('mark.pm-saved').first().click();
    const reopened = await waitForAnnotator(page);
    await expect.poll(() => reopened.locator('[data-testid="pm-note"]').inputValue()).toBe('核对：与市级规划一致 <script>x</script>');
    expect(await reopened.locator('[data-testid="pm-tags"]').inputValue()).toBe('学位, 十四五');
    await page.keyboard.press('Escape');
    await page.locator('mark.pm-saved').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('saved-after-reload.png') });

    // A free selection + Alt+Shift+S opens the editor on exactly the selected text; Esc cancels, nothing saved.
    const selected = await page.evaluate(() => {
      const p = Array.from(document.querySelectorAll('#zoom p')).find((el) => (el.textContent ?? '').includes('指导思想'))!;
      const t = p.firstChild as Text;
      const r = document.createRange();
      r.setStart(t, 0);
      r.setEnd(t, Math.min(6, t.data.length));
      const sel = document.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(r);
      p.scrollIntoView({ block: 'center' });
      return r.toString();
    });
    await page.keyboard.press('Alt+Shift+S');
    const sel = await waitForAnnotator(page);
    expect(await sel.locator('[data-testid="pm-editor-quote"]').textContent()).toBe(selected.trim());
    expect(await sel.locator('[data-testid="pm-editor"] h2').textContent()).toContain('Selection');
    await page.keyboard.press('Escape');
    await expect.poll(() => annotatorShown(page)).toBe(false);
    expect(await inContentScript(page, 'globalThis.__pledgemark.saved.length')).toBe(1);
    await page.close();
  });

  it('the popup shows the page counts and the saved annotation; exports contain it; a malformed import changes nothing', async () => {
    const report = watch(await b.context.newPage());
    await report.goto(reportUrl(haizhu.name));
    expect(await waitForPledgemark(report)).toBe(true);
    const { counts } = expected(`/report/${haizhu.name}.html`);
    // The popup asks for the active tab of its window: open it in a background tab while the report is in front.
    const popup = watch(await b.context.newPage());
    await report.bringToFront();
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html`);
    for (const k of ['target', 'reported', 'commitment'])
      await expect.poll(() => popup.locator(`[data-testid="count-${k}"]`).textContent(), { timeout: 5000 }).toBe(String(counts[k]));
    await popup.setViewportSize({ width: 420, height: 640 });
    await popup.screenshot({ path: artifact('popup-page.png') });

    await popup.locator('[data-testid="tab-all"]').click();
    const rows = popup.locator('[data-testid="saved-row"]');
    await rows.first().waitFor({ timeout: 5000 });
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('核对：与市级规划一致');
    await popup.screenshot({ path: artifact('popup-saved.png') });

    for (const [id, needle] of [
      ['export-markdown', '核对：与市级规划一致'],
      ['export-csv', '核对：与市级规划一致'],
      ['export-json', '核对：与市级规划一致'],
    ] as const) {
      const [download] = await Promise.all([popup.waitForEvent('download', { timeout: 5000 }), popup.locator(`[data-testid="${id}"]`).click()]);
      const content = readFileSync((await download.path())!, 'utf8');
      expect(content, id).toContain(needle);
      expect(content, id).toContain('十四五');
    }

    await popup.locator('[data-testid="import-file"]').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"annotations": [{"id": 1, "url": "not a url"') });
    const msg = popup.locator('[data-testid="import-message"]');
    await msg.waitFor({ timeout: 5000 });
    expect(await msg.getAttribute('class')).toContain('error');
    expect(await rows.count()).toBe(1);
    await popup.close();
    await report.close();
  });

  it('"Run Pledgemark on this page" on the non-gov page: a real click in the toolbar popup gets scripting without a prompt, then runs', async () => {
    const page = watch(await b.context.newPage());
    // A URL of its own, so the toolbar click finds this tab (the server ignores the query).
    await page.goto(`http://127.0.0.1:${srv.port}/nongov.html?run-here`);
    await page.bringToFront();
    await expect(inContentScript(page, '1')).rejects.toThrow(/no Pledgemark content-script world/);
    expect((await granted()).permissions).not.toContain('scripting');
    const popup = await openActionPopup(b, page);
    try {
      await popup.waitFor(`document.querySelector('[data-testid="run-here"]')`);
      // The toolbar click gave activeTab: the popup sees the tab's URL without any host permission.
      expect(await popup.evaluate(`document.querySelector('.page-title')?.title`)).toBe(page.url());
      await popup.click('[data-testid="run-here"]');
      const { items, counts } = expected('/nongov.html');
      expect(items.length).toBeGreaterThan(0);
      for (const k of ['target', 'reported', 'commitment'])
        expect(await popup.waitFor(`(() => { const t = document.querySelector('[data-testid="count-${k}"]')?.textContent; return t && t !== '–' ? t : null; })()`)).toBe(
          String(counts[k]),
        );
      expect(await popup.evaluate(`document.querySelector('.message.error')?.textContent ?? null`)).toBeNull();
      // The page is highlighted as a gov.cn report page is.
      expect(await waitForPledgemark(page)).toBe(true);
      expect((await pageHighlights(page)).counts).toEqual(counts);
      // `scripting` was granted by that click, with no prompt (a prompt would have left the request, and the run,
      // hanging); no host permission was asked for.
      const now = await granted();
      expect([...(now.permissions ?? [])].sort()).toEqual(['activeTab', 'contextMenus', 'scripting', 'storage', 'unlimitedStorage']);
      expect(now.origins).toEqual(['*://*.gov.cn/*']);
      // The note editor is web-accessible on gov.cn only: here a click says so instead of doing nothing.
      await page.locator('mark[data-pm-index]').first().click();
      await expect.poll(() => uiText(page, '[data-testid="pm-notice"]'), { timeout: 15_000 }).toContain('cannot open on this page');
    } finally {
      await popup.close();
    }
    await page.close();
  });

  it('3,000 more notes: "All saved" shows the first page, and the CSV export of all of them crosses on the extension\'s channel', async () => {
    const popup = watch(await b.context.newPage());
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html`);
    const records = makeAnnotations(3000);
    const imported = await popup.evaluate(`chrome.runtime.sendMessage({ type: 'import', json: ${JSON.stringify(toJsonExport(records))} })`);
    expect(imported).toEqual({ ok: true, data: { imported: 3000, unchanged: 0 } });
    await popup.locator('[data-testid="tab-all"]').click();
    await expect.poll(() => popup.locator('[data-testid="saved-row"]').count(), { timeout: 10_000 }).toBe(50);
    // Another listener on the channel (BroadcastChannel delivers to every other object of the name) sees the file pass.
    await popup.evaluate(`(() => {
      const ch = new BroadcastChannel('pledgemark:bulk');
      window.__bulkSeen = [];
      ch.onmessage = (e) => window.__bulkSeen.push(e.data.answer.data.content.length);
    })()`);
    const [download] = await Promise.all([popup.waitForEvent('download', { timeout: 20_000 }), popup.locator('[data-testid="export-csv"]').click()]);
    const content = readFileSync((await download.path())!, 'utf8');
    expect(new Set(content.match(/bench-\d{6}/g)).size).toBe(3000);
    expect(content).toContain('核对：与市级规划一致'); // the note saved earlier, too
    const seen = (await popup.evaluate('window.__bulkSeen')) as number[];
    expect(seen).toEqual([content.length]);
    await popup.close();
  });

  it('the extension made no request beyond the test server pages, and no page error was thrown', () => {
    const foreign = b.requests.filter((r) => {
      const u = new URL(r.url);
      if (u.protocol === 'chrome-extension:' || u.protocol === 'blob:' || u.protocol === 'data:') return false;
      const local = u.hostname.endsWith('.gov.cn') || u.hostname === '127.0.0.1';
      return !local;
    });
    expect(foreign).toEqual([]);
    // Everything the server saw was a page (or the browser's favicon probe), never an API call.
    for (const r of srv.received) expect(r.path).toMatch(/^\/(report\/[\w-]+\.html|index\.html|search\.html|portal\.html|nongov\.html|favicon\.ico)$/);
    expect(consoleErrors).toEqual([]);
  });
});
