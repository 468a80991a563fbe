/**
 * An attacker's page, in Chromium with the built extension. The report page carries a script of its own (added
 * before any other script, in the page's world) that tries every way a page has to learn the reader's notes:
 * it dispatches events on the marks (mouseover, focusin, click, Enter) and moves the focus to them; it selects
 * (window.find, Selection.modify, select-all) and reads getSelection(); it reads the DOM (every attribute,
 * the body's HTML, the frames, the performance entries); it listens to keys, input and messages on window in
 * the capture phase; and its CSS tries to make the UI invisible. Meanwhile the reader, with real (trusted)
 * mouse and keyboard input, saves a note with tags and opens it again. The probe's transcript holds none of
 * the note, the tags or the saved id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { SEED_PAGES } from '../fixtures/pages/build';
import { annotatorShown, artifact, e2eBuild, inContentScript, launchBrowser, pages, startServer, uiText, waitForAnnotator, waitForPledgemark, type Browser, type TestServer } from './harness';

const HAIZHU = SEED_PAGES.find((s) => s.name.startsWith('haizhu'))!;
const URL_ = `http://www.haizhu.gov.cn/report/${HAIZHU.name}.html`;
const NOTE = '线人老周说这个数字是假的';
const TAGS = ['秘密来源', '调查稿'];

/** The attacker's script, run in the page's own world before the page's other scripts. */
function probe(): void {
  const log: string[] = [];
  const w = window as unknown as { __probe: { log: string[]; attack(): Promise<void> } };
  const note = (kind: string, v: unknown) => {
    try {
      log.push(`${kind}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    } catch {
      log.push(`${kind}: (unserialisable)`);
    }
  };
  // Keys, input and messages, in the capture phase on window (before anyone else).
  for (const type of ['keydown', 'keyup', 'keypress', 'input', 'beforeinput', 'change', 'paste', 'compositionend']) {
    window.addEventListener(type, (e) => {
      const t = e.target as HTMLInputElement | null;
      note(type, { key: (e as KeyboardEvent).key, data: (e as InputEvent).data, value: t && 'value' in t ? t.value : null, tag: t?.tagName });
    }, true);
  }
  window.addEventListener('message', (e) => note('message', { origin: e.origin, data: e.data }), true);
  // Every change to the DOM, attributes included.
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') note('attr', `${(r.target as Element).tagName} ${r.attributeName}=${(r.target as Element).getAttribute(r.attributeName!)}`);
      for (const n of Array.from(r.addedNodes)) note('added', n.nodeType === 1 ? (n as Element).outerHTML.slice(0, 2000) : n.textContent);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  // CSS that would make the UI invisible (a clickjacking set-up).
  const style = document.createElement('style');
  style.textContent = 'pledgemark-ui{opacity:.01 !important;filter:opacity(0) !important;transform:scale(0) !important} iframe{opacity:0 !important}';
  document.addEventListener('DOMContentLoaded', () => document.head.appendChild(style));

  const readSelection = (label: string) => {
    const sel = getSelection();
    if (!sel) return;
    note(`${label} selection`, sel.toString());
    for (const [dir, unit] of [['forward', 'line'], ['forward', 'paragraph'], ['forward', 'documentboundary']] as const) {
      try {
        (sel as Selection & { modify(a: string, d: string, u: string): void }).modify('extend', dir, unit);
        note(`${label} extended ${unit}`, sel.toString());
      } catch (e) {
        note(`${label} modify failed`, String(e));
      }
    }
  };
  const find = (word: string) => {
    getSelection()?.removeAllRanges();
    const wf = (window as unknown as { find(s: string, cs: boolean, back: boolean, wrap: boolean): boolean }).find;
    for (let i = 0; i < 6 && wf.call(window, word, false, false, true); i++) readSelection(`find ${word} #${i}`);
  };
  const readDom = () => {
    note('html', document.documentElement.outerHTML);
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const a of Array.from(el.attributes)) if (a.name.startsWith('data-') || el.tagName === 'MARK' || el.tagName.includes('-')) note('attribute', `${el.tagName} ${a.name}=${a.value}`);
    }
    const host = document.querySelector('pledgemark-ui');
    note('shadowRoot', String(host?.shadowRoot ?? null));
    note('frames', window.length);
    for (let i = 0; i < window.length; i++) {
      try {
        note(`frame ${i} html`, window.frames[i].document.documentElement.outerHTML);
      } catch (e) {
        note(`frame ${i} unreadable`, String(e).slice(0, 80));
      }
      try {
        note(`frame ${i} url`, window.frames[i].location.href);
      } catch (e) {
        note(`frame ${i} url unreadable`, String(e).slice(0, 80));
      }
    }
    note('performance', performance.getEntries().map((e) => e.name));
  };
  const poke = (mark: HTMLElement) => {
    mark.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    mark.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    mark.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    mark.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    mark.focus();
  };
  w.__probe = {
    log,
    async attack() {
      const marks = Array.from(document.querySelectorAll<HTMLElement>('mark'));
      note('marks', marks.length);
      // The saved marks first (their look gives them away), then others.
      const saved = marks.filter((m) => getComputedStyle(m).outlineStyle !== 'none');
      for (const m of [...saved, ...marks.slice(0, 10)]) {
        poke(m);
        await new Promise((r) => setTimeout(r, 150));
        for (const word of ['笔记', 'note', '标签', 'tags', '已保存', 'Saved', '★']) find(word);
        getSelection()?.selectAllChildren(document.documentElement);
        readSelection('select all');
        document.execCommand('selectAll');
        readSelection('execCommand selectAll');
      }
      readDom();
      getSelection()?.removeAllRanges();
    },
  };
}

let srv: TestServer;
let b: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  srv = await startServer(pages());
  b = await launchBrowser(srv.port, [], await e2eBuild());
  page = await b.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.addInitScript(probe);
}, 90_000);

afterAll(async () => {
  await b?.close();
  await srv?.close();
});

const transcript = () => page.evaluate(() => (window as unknown as { __probe: { log: string[] } }).__probe.log.join('\n'));
const attack = () => page.evaluate(() => (window as unknown as { __probe: { attack(): Promise<void> } }).__probe.attack());

describe('an attacker page', () => {
  it('learns nothing of a note the reader saves and opens again', async () => {
    await page.goto(URL_);
    expect(await waitForPledgemark(page)).toBe(true);
    const idx = await inContentScript<number>(page, `globalThis.__pledgemark.items.findIndex((it) => it.kind === 'target' && it.metric)`);
    const mark = page.locator(`mark[data-pm-index="${idx}"]`).first();
    await mark.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 200));

    // A key the reader presses in the page itself reaches the page (the probe's listeners work).
    await page.keyboard.press('Shift');
    // Events the page dispatches open nothing.
    await page.evaluate((i) => {
      const m = document.querySelector<HTMLElement>(`mark[data-pm-index="${i}"]`)!;
      for (const e of [new MouseEvent('mouseover', { bubbles: true }), new FocusEvent('focusin', { bubbles: true }), new MouseEvent('click', { bubbles: true })]) m.dispatchEvent(e);
      m.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    }, idx);
    await page.waitForTimeout(200);
    expect(await annotatorShown(page)).toBe(false);
    expect(await uiText(page, '[data-testid="pm-tooltip"]')).toBeNull();
    await attack();

    // The reader: a real click, typed note and tags, Save — the keys go to the frame, not to the page.
    await mark.click();
    const editor = await waitForAnnotator(page);
    await page.keyboard.type(NOTE);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TAGS.join(', '));
    // The page's CSS did not make the editor invisible: the frame is shown and its host fully opaque.
    expect(await inContentScript(page, `getComputedStyle(document.querySelector('pledgemark-ui')).opacity`)).toBe('1');
    await page.screenshot({ path: artifact('attacker-editor.png') });
    await editor.locator('[data-testid="pm-save"]').click();
    await expect.poll(() => inContentScript<number>(page, 'globalThis.__pledgemark.saved.length'), { timeout: 10_000 }).toBe(1);
    const [id, nonce] = await inContentScript<[string, string]>(
      page,
      `[globalThis.__pledgemark.saved[0].id, new URL(globalThis.__pledgemark.uiRoot.querySelector('iframe').src).hash.slice(1)]`,
    );
    expect(nonce.length).toBeGreaterThanOrEqual(16);
    // Not even the content script (in the page's renderer) holds the note or the tags.
    const inScript = await inContentScript<string>(page, 'JSON.stringify(globalThis.__pledgemark.saved)');
    for (const secret of [NOTE, ...TAGS]) expect(inScript).not.toContain(secret);

    // The page attacks again, now that a note is saved.
    await attack();

    // The reader opens it again: hover shows the note (in the frame) — and the page attacks while it is open.
    await page.mouse.move(0, 0);
    const saved = page.locator('mark.pm-saved').first();
    await saved.hover();
    const tip = await waitForAnnotator(page, '[data-testid="pm-tooltip"]');
    expect(await tip.locator('[data-testid="pm-tooltip"]').textContent()).toContain(NOTE);
    await page.evaluate(() => {
      for (const word of ['笔记', 'note', '标签']) (window as unknown as { find(s: string): boolean }).find(word);
      (window as unknown as { __probe: { log: string[] } }).__probe.log.push(`hover selection: ${getSelection()?.toString()}`);
    });
    // A click opens the editor on the saved note and tags, read from the background.
    await saved.click();
    const again = await waitForAnnotator(page);
    await expect.poll(() => again.locator('[data-testid="pm-note"]').inputValue()).toBe(NOTE);
    expect(await again.locator('[data-testid="pm-tags"]').inputValue()).toBe(TAGS.join(', '));
    await attack();
    await page.keyboard.press('Escape');

    // After a reload, the same (the probe starts again with the new page: keep what it had).
    const before = await transcript();
    await page.reload();
    expect(await waitForPledgemark(page)).toBe(true);
    await page.locator('mark.pm-saved').first().waitFor({ timeout: 10_000 });
    await attack();

    const log = `${before}\n${await transcript()}`;
    // What the probe read besides the marks it watched being added (those are the page's own text).
    writeFileSync(artifact('attacker-transcript.txt'), log.split('\n').filter((l) => !/^(added|attr): /.test(l)).join('\n'));
    // The probe worked: it saw the page, the marks and the keys pressed in the page.
    expect(log).toContain('pm-mark');
    expect(log).toMatch(/^keydown: .*"key":"Shift"/m);
    // window.find does reach text in the closed shadow root (the legend): a note drawn there would have been read.
    // (The legend is in the browser's language: English in this browser.)
    expect(log).toMatch(/^find Saved #0 selection: Saved$/m);
    // …and got none of the note, the tags, the saved id or the frame's nonce.
    for (const secret of [NOTE, NOTE.slice(0, 4), ...TAGS, id, nonce]) expect(log.includes(secret), secret).toBe(false);
    expect(log).not.toMatch(/data-pm-saved/);
    // The frame and the content script talk over their own channel: the page's window hears nothing of it.
    expect(log).not.toMatch(/^message: \{"origin":"chrome-extension:/m);
  });

  it('no page error was thrown by Pledgemark', () => {
    expect(pageErrors).toEqual([]);
  });
});
