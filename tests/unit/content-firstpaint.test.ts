// @vitest-environment jsdom
/**
 * The content script's first paint: the items in the viewport are marked first (from an extraction of
 * the text up to just past the viewport), everything else after the full extraction, in idle chunks — and in the
 * end the page holds exactly what extract() finds on the whole article, with the right indexes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { articleText } from '../../lib/article/text';
import { detectReport, likelyContainer } from '../../lib/article/detect';
import { extract } from '../../lib/extract';
import { DEFAULT_SETTINGS } from '../../lib/schema/settings';
import { FIRST_PAINT_VIEWPORTS, FIRST_TEXT_LENGTH, PREFIX_MARGIN, viewportTextEnd } from '../../components/page/firstPaint';
import { PageController, type Send } from '../../components/page/controller';
import { chunkSpecs, markSpans, type MarkSpec } from '../../components/page/highlight';
import { SEED_PAGES, listPage, seedPage } from '../fixtures/pages/build';
import { loadPage as load } from './dom.fixtures';


/** A fake layout: inside the article, every element 6 px below the one before it (the article starts at the top). */
function fakeLayout(step = 6): () => void {
  const order = new Map<Element, number>();
  detectReport(document).container!.querySelectorAll('*').forEach((el, i) => order.set(el, i));
  const orig = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function (this: Element) {
    const top = (order.get(this) ?? 0) * step;
    return { top, bottom: top + 24, left: 0, right: 600, width: 600, height: 24, x: 0, y: top, toJSON: () => ({}) } as DOMRect;
  };
  return () => {
    Element.prototype.getBoundingClientRect = orig;
  };
}

const send = (async (req: { type: string }) =>
  req.type === 'settings/get' ? { ok: true, data: DEFAULT_SETTINGS } : { ok: true, data: [] }) as unknown as Send;

const haizhu = SEED_PAGES.find((s) => s.name.startsWith('haizhu'))!;
let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

describe('first paint: the viewport first, then everything', () => {
  it('marks only the items in view before the first paint, and exactly all items in the end', async () => {
    const html = seedPage(haizhu);
    load(html);
    restore = fakeLayout();
    const expected = extract(articleText(detectReport(document).container!).text);
    const page = new PageController(document, send, { requireTrustedInput: false });
    let atFirstPaint = -1;
    let uiAtFirstPaint: boolean | null = null;
    page.onHighlighted = () => {
      atFirstPaint = new Set(Array.from(document.querySelectorAll('mark[data-pm-index]')).map((m) => m.getAttribute('data-pm-index'))).size;
      uiAtFirstPaint = document.querySelector('pledgemark-ui') !== null;
    };
    await page.start();
    // Something, but not everything, was on the page at the first paint; the UI came after it.
    expect(atFirstPaint).toBeGreaterThan(0);
    expect(atFirstPaint).toBeLessThan(expected.length);
    expect(uiAtFirstPaint).toBe(false);
    // In the end: every item, once, at its index, with its text and kind.
    const texts = new Map<string, string>();
    const kinds = new Map<string, string>();
    document.querySelectorAll('mark[data-pm-index]').forEach((m) => {
      const i = m.getAttribute('data-pm-index')!;
      texts.set(i, (texts.get(i) ?? '') + m.textContent);
      kinds.set(i, m.getAttribute('data-pm-kind')!);
    });
    expect(texts.size).toBe(expected.length);
    expected.forEach((it, i) => {
      expect(texts.get(String(i)), `#${i}`).toBe(it.text);
      expect(kinds.get(String(i))).toBe(it.kind);
    });
    expect(page.items).toEqual(expected);
    expect(page.article!.text).toBe(articleText(page.container!).text);
    expect(document.querySelectorAll('pledgemark-ui')).toHaveLength(1);
  });

  it('viewportTextEnd: the text offset where the text below the viewport begins (the end without layout)', () => {
    load(seedPage(haizhu));
    const c = detectReport(document).container!;
    const a = articleText(c);
    expect(viewportTextEnd(a, window)).toBe(a.text.length); // jsdom: no layout
    restore = fakeLayout();
    const end = viewportTextEnd(a, window);
    expect(end).toBeGreaterThan(0);
    expect(end).toBeLessThan(a.text.length);
    // Every segment before the cut is within FIRST_PAINT_VIEWPORTS viewports; the one at the cut is below.
    const seg = a.map.find((s) => s.start === end)!;
    expect(seg.node.parentElement!.getBoundingClientRect().top).toBeGreaterThan(window.innerHeight * FIRST_PAINT_VIEWPORTS);
    const prev = a.map[a.map.indexOf(seg) - 1];
    expect(prev.node.parentElement!.getBoundingClientRect().top).toBeLessThanOrEqual(window.innerHeight * FIRST_PAINT_VIEWPORTS);
  });

  it('reads only the start of a long article before the first paint: a prefix of the full text, same offsets', async () => {
    load(seedPage(haizhu));
    restore = fakeLayout();
    const c = detectReport(document).container!;
    const full = articleText(c);
    for (const n of [1, 500, FIRST_TEXT_LENGTH]) {
      const part = articleText(c, { maxLength: n });
      expect(part.partial).toBe(true);
      expect(part.text.length).toBeGreaterThanOrEqual(n);
      expect(part.text.length).toBeLessThan(full.text.length);
      expect(full.text.startsWith(part.text)).toBe(true);
      // Every segment but the last is the full map's; the last starts the same (the full walk may extend it).
      part.map.slice(0, -1).forEach((seg, i) => expect(seg).toEqual(full.map[i]));
      const last = part.map[part.map.length - 1];
      expect(full.map[part.map.length - 1]).toMatchObject({ start: last.start, node: last.node, nodeStart: last.nodeStart });
    }
    expect(articleText(c, { maxLength: full.text.length + 1 }).partial).toBeUndefined();
    // Elements of 12 px: a screenful is well under FIRST_TEXT_LENGTH characters.
    restore();
    restore = fakeLayout(12);
    const page = new PageController(document, send, { requireTrustedInput: false });
    const prep = page.prepare(false)!;
    expect(prep.article!.partial).toBe(true);
    expect(prep.complete).toBe(false);
    expect(prep.visibleEnd + PREFIX_MARGIN).toBeLessThan(prep.article!.text.length);
    expect(prep.first.length).toBeGreaterThan(0);
    for (const it of prep.first) expect(full.text.slice(it.start, it.end)).toBe(it.text);
    // Started on that path, the page ends with every item of the whole article marked, once.
    const expected = extract(full.text);
    const fresh = new PageController(document, send, { requireTrustedInput: false });
    await fresh.start();
    expect(fresh.items).toEqual(expected);
    expect(new Set(Array.from(document.querySelectorAll('mark[data-pm-index]')).map((m) => m.getAttribute('data-pm-index'))).size).toBe(expected.length);
    expect(fresh.article!.text).toBe(full.text);
  });

  it('a viewport reaching past the first read: the whole article is read before the first paint', () => {
    load(seedPage(haizhu));
    restore = fakeLayout();
    const full = articleText(detectReport(document).container!);
    const tall = vi.spyOn(window, 'innerHeight', 'get').mockReturnValue(100_000);
    try {
      const prep = new PageController(document, send, { requireTrustedInput: false }).prepare(false)!;
      expect(prep.article!.partial).toBeUndefined();
      expect(prep.article!.text).toBe(full.text);
      expect(prep.complete).toBe(true);
    } finally {
      tall.mockRestore();
    }
  });

  it('the first paint may use a CMS container (likelyContainer); the full detection confirms it after the paint', async () => {
    load(seedPage(haizhu));
    const det = detectReport(document);
    expect(likelyContainer(document)).toBe(det.container);
    const page = new PageController(document, send, { requireTrustedInput: false });
    const prep = page.prepareProvisional()!;
    expect(prep.provisional).toBe(true);
    expect(prep.container).toBe(det.container);
    await page.start();
    expect(page.detection!.title).toBe(det.title); // the real detection, not the guess
    expect(page.items).toEqual(extract(articleText(det.container!).text));
  });

  it('a wrong guess is taken back: the marks end where the full detection finds the article', async () => {
    load(seedPage(haizhu));
    // A sidebar box the CMS also calls #zoom comes first in the page, with enough Chinese text of its own.
    const box = document.createElement('div');
    box.id = 'zoom';
    box.className = 'sidebar';
    box.textContent = '通知公告：' + '区教育局召开全区学校安全工作会议，部署新学期校园安全、食品安全和交通安全工作，要求各校落实责任。'.repeat(5) + '共发放宣传资料3000份。';
    document.body.insertBefore(box, document.body.firstChild);
    const det = detectReport(document);
    expect(det.isReport).toBe(true);
    expect(likelyContainer(document)).toBe(box);
    expect(det.container).not.toBe(box);
    const page = new PageController(document, send, { requireTrustedInput: false });
    expect(page.prepareProvisional()!.container).toBe(box); // the first paint would go to the box…
    await page.start();
    expect(page.container).toBe(det.container); // …and the run ends on the detected article
    expect(box.querySelectorAll('mark')).toHaveLength(0);
    const expected = extract(articleText(det.container!).text);
    expect(page.items).toEqual(expected);
    expect(new Set(Array.from(document.querySelectorAll('mark[data-pm-index]')).map((m) => m.getAttribute('data-pm-index'))).size).toBe(expected.length);
  });

  it('likelyContainer: none on a list page or where the CMS container holds little text', () => {
    load(listPage());
    expect(likelyContainer(document)).toBeNull();
    document.body.innerHTML = '<div id="zoom"><p>新增学位5370个。</p></div>'; // trusted test markup
    expect(likelyContainer(document)).toBeNull();
  });

  it('chunks share no text node, so one article map serves every chunk', () => {
    document.body.innerHTML = '<div id="c"><p>新增学位5370个，建成12所学校</p><p>达到95%以上，共3批</p><p>比例98.5%</p></div>'; // trusted test markup
    const c = document.getElementById('c')!;
    const a = articleText(c);
    const specs: MarkSpec[] = [...a.text.matchAll(/\d+(?:\.\d+)?/g)].map((m, i) => ({
      start: m.index!,
      end: m.index! + m[0].length,
      className: 'pm-mark pm-kind-target',
      attrs: { 'data-pm-index': String(i), 'data-pm-kind': 'target' },
    }));
    const chunks = chunkSpecs(a, specs, 1);
    expect(chunks.flat()).toHaveLength(specs.length);
    // Two numbers of one paragraph (one text node) stay together.
    expect(chunks.map((ch) => ch.length)).toEqual([2, 2, 1]);
    for (const ch of chunks) expect(markSpans(c, a, ch)).toBe(ch.length);
    const got = Array.from(c.querySelectorAll('mark')).map((m) => m.textContent);
    expect(got).toEqual(specs.map((s) => a.text.slice(s.start, s.end)));
    expect(articleText(c).text).toBe(a.text);
  });
});

vi.setConfig({ testTimeout: 60_000 });
