// @vitest-environment jsdom
/** The content script's page logic in jsdom: exact-offset marking, idempotence, save flow, tab messages. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { articleText } from '../../lib/article/text';
import { detectReport } from '../../lib/article/detect';
import { extract } from '../../lib/extract';
import { NewAnnotationSchema, type Annotation } from '../../lib/schema/annotation';
import { DEFAULT_SETTINGS } from '../../lib/schema/settings';
import { NULL_FIELDS, fieldsOf } from '../../lib/schema/item';
import { markSpans, unmarkAll, layers, type MarkSpec } from '../../components/page/highlight';
import { PageController, type Send } from '../../components/page/controller';
import { sentenceAround } from '../../lib/anchor/sentence';
import { SEED_PAGES, seedPage, listPage } from '../fixtures/pages/build';
import { formatValue, parseTags } from '../../components/page/PageUi';
import { fakeFrame } from '../helpers/fake-frame';
import { noEditorNotice } from '../../components/page/ui';
import { kindName } from '../../components/page/styles';
import { loadPage as load } from './dom.fixtures';


const tick = () => new Promise((r) => setTimeout(r, 0));

function spec(start: number, end: number, i: number, kind = 'target'): MarkSpec {
  return { start, end, className: `pm-mark pm-kind-${kind}`, attrs: { 'data-pm-kind': kind, 'data-pm-index': String(i) } };
}

function markedTexts(root: Element): Map<string, string> {
  const m = new Map<string, string>();
  root.querySelectorAll('mark[data-pm-index]').forEach((el) => {
    const i = el.getAttribute('data-pm-index')!;
    m.set(i, (m.get(i) ?? '') + el.textContent);
  });
  return m;
}

beforeEach(() => {
  Element.prototype.scrollIntoView = vi.fn();
});

describe('markSpans (mark.js markRanges at exact offsets)', () => {
  const html =
    '<div id="c"><p>到2025年，全区新增<b>公办</b>学位5370个，  学前教育毛入园率\n  达到95%以上。</p><table><tr><td>98.68</td><td>>95</td></tr></table><p>5370个学位中，5370个为公办。</p></div>';

  it('marks exactly the given spans, across nodes, with overlaps in separate passes', () => {
    document.body.innerHTML = html; // trusted test markup
    const c = document.getElementById('c')!;
    const art = articleText(c);
    const t = art.text;
    const spans: [number, number][] = [];
    for (const m of t.matchAll(/\d+(?:\.\d+)?/g)) spans.push([m.index!, m.index! + m[0].length]);
    const cross = [t.indexOf('新增'), t.indexOf('个') + 1] as [number, number]; // across <b>, overlaps 5370
    spans.push(cross);
    const specs = spans.map(([s, e], i) => spec(s, e, i));
    expect(markSpans(c, art, specs)).toBe(specs.length);
    const got = markedTexts(c);
    specs.forEach((sp, i) => expect(got.get(String(i))).toBe(t.slice(sp.start, sp.end)));
    // The third 5370 is not marked because its text matches: only offsets count.
    expect(articleText(c).text).toBe(t);
  });

  it('unmarking restores the DOM, and marking again gives the same DOM (idempotent)', () => {
    document.body.innerHTML = html; // trusted test markup
    const c = document.getElementById('c')!;
    const before = c.innerHTML;
    const art = articleText(c);
    const specs = [...art.text.matchAll(/\d+/g)].map((m, i) => spec(m.index!, m.index! + m[0].length, i));
    markSpans(c, art, specs);
    const once = c.innerHTML;
    unmarkAll(c);
    expect(c.innerHTML).toBe(before);
    markSpans(c, articleText(c), specs);
    expect(c.innerHTML).toBe(once);
  });

  it('layers never put overlapping spans together', () => {
    const ls = layers([
      { start: 0, end: 10 },
      { start: 2, end: 4 },
      { start: 5, end: 12 },
      { start: 10, end: 11 },
    ]);
    for (const l of ls) for (let i = 1; i < l.length; i++) expect(l[i].start).toBeGreaterThanOrEqual(l[i - 1].end);
    expect(ls.flat()).toHaveLength(4);
  });
});

describe('tooltip and editor helpers', () => {
  it('formats values with units as a reader writes them', () => {
    expect(formatValue({ value: 5370, valueMax: null, unit: '个' })).toBe('5,370个');
    expect(formatValue({ value: 95, valueMax: null, unit: '%' })).toBe('95%');
    expect(formatValue({ value: 200, valueMax: 220, unit: '元' })).toBe('200–220元');
    expect(formatValue({ value: 4.5, valueMax: null, unit: 'km' }, true)).toBe('≈4.5 km');
    expect(formatValue({ value: null, valueMax: null, unit: null })).toBeNull();
  });

  it('splits tags on commas of either width, semicolons and spaces, without duplicates', () => {
    expect(parseTags(' 学位, 2025，学位；十四五  a b ')).toEqual(['学位', '2025', '十四五', 'a', 'b']);
    expect(parseTags('  ')).toEqual([]);
  });
});

type Sent = { type: string; [k: string]: unknown };

function fakeBackground(opts: { failSave?: string } = {}) {
  const sent: Sent[] = [];
  const store: Annotation[] = [];
  const send = (async (req: Sent) => {
    sent.push(req);
    switch (req.type) {
      case 'settings/get':
        return { ok: true, data: DEFAULT_SETTINGS };
      case 'annotation/forPage':
        return { ok: true, data: store.filter((a) => a.url === req.url) };
      case 'annotation/save': {
        if (opts.failSave) return { ok: false, error: opts.failSave };
        const now = new Date().toISOString();
        const a = { ...(req.annotation as object), id: `a${store.length + 1}`, createdAt: now, updatedAt: now } as Annotation;
        store.push(a);
        return { ok: true, data: a };
      }
      case 'annotation/update': {
        const a = store.find((x) => x.id === req.id)!;
        Object.assign(a, { note: req.note, tags: req.tags });
        return { ok: true, data: a };
      }
      default:
        return { ok: false, error: `unexpected ${req.type}` };
    }
  }) as unknown as Send;
  return { send, sent, store };
}

const haizhu = SEED_PAGES.find((s) => s.name.startsWith('haizhu'))!;
const longwan = SEED_PAGES.find((s) => s.name.startsWith('longwan'))!;

function expectedCounts(html: string) {
  const d = new DOMParser().parseFromString(html, 'text/html');
  const items = extract(articleText(detectReport(d).container!).text);
  const counts = { target: 0, reported: 0, commitment: 0 };
  for (const it of items) counts[it.kind]++;
  return { counts, items };
}

let current: PageController | null = null;
/** jsdom events are not trusted: tests turn the reader-only check off. */
function controller(send: Send, opts = { requireTrustedInput: false }): PageController {
  // The annotator frame's app, drawn into the shadow root (no extension page loads in jsdom).
  current = new PageController(document, send, { ...opts, frame: fakeFrame(send, opts.requireTrustedInput) });
  return current;
}
function shadow(): ShadowRoot {
  return current!.uiRoot!;
}
/** The element at `selector` in the UI, once drawn (the frame's commands arrive a task later, as by postMessage). */
async function drawn<E extends Element = HTMLElement>(selector: string): Promise<E> {
  for (let i = 0; i < 20; i++) {
    const el = shadow().querySelector<E>(selector);
    if (el) return el;
    await tick();
  }
  throw new Error(`${selector} was not drawn`);
}

describe('PageController', () => {
  it('highlights every item once per kind, and running twice never double-marks', async () => {
    const html = seedPage(longwan);
    load(html);
    const { counts, items } = expectedCounts(html);
    const bg = fakeBackground();
    const page = controller(bg.send);
    await page.start();
    expect(page.ran).toBe(true);
    expect(page.summary().counts).toEqual(counts);
    const c = page.container!;
    const texts = markedTexts(c);
    expect(texts.size).toBe(items.length);
    items.forEach((it, i) => expect(texts.get(String(i))).toBe(it.text));
    const marks = c.querySelectorAll('mark').length;
    const snapshot = c.innerHTML;
    await page.run(false);
    await page.run(true);
    expect(c.querySelectorAll('mark').length).toBe(marks);
    expect(c.innerHTML).toBe(snapshot);
    expect(document.querySelectorAll('pledgemark-ui')).toHaveLength(1);
    expect(document.querySelectorAll('#pledgemark-style')).toHaveLength(1);
    // The legend counts what was marked.
    expect(shadow().querySelector('[data-testid="pm-legend-target"]')!.textContent).toBe(String(counts.target));
  });

  it('does nothing on a list page unless asked (page/run)', async () => {
    load(listPage());
    const bg = fakeBackground();
    const page = controller(bg.send);
    await page.start();
    expect(page.ran).toBe(false);
    expect(document.querySelectorAll('mark')).toHaveLength(0);
    const r = await page.handleTab({ type: 'page/summary' });
    expect(r).toMatchObject({ ok: true, data: { detected: false, counts: { target: 0, reported: 0, commitment: 0 } } });
    const run = await page.handleTab({ type: 'page/run' });
    expect(run).toMatchObject({ ok: true, data: { detected: true } });
  });

  it('respects settings: auto-highlight off, kinds, disabled sites', async () => {
    const html = seedPage(longwan);
    load(html);
    const { counts } = expectedCounts(html);
    const mk = (settings: object) =>
      (async (req: Sent) => (req.type === 'settings/get' ? { ok: true, data: { ...DEFAULT_SETTINGS, ...settings } } : { ok: true, data: [] })) as unknown as Send;
    let page = controller(mk({ autoHighlight: false }));
    await page.start();
    expect(page.ran).toBe(false);
    page = controller(mk({ disabledSites: [location.hostname] }));
    await page.start();
    expect(page.ran).toBe(false);
    page = controller(mk({ kinds: ['target'] }));
    await page.start();
    expect(page.summary().counts).toEqual({ target: counts.target, reported: 0, commitment: 0 });
    expect(document.querySelectorAll('mark[data-pm-kind="reported"]')).toHaveLength(0);
    page.clear();
  });

  it('click a highlight → editor → note + tags → annotation/save with both selectors, then marked as saved', async () => {
    load(seedPage(haizhu));
    const bg = fakeBackground();
    const page = controller(bg.send);
    await page.start();
    const first = page.container!.querySelector<HTMLElement>('mark[data-pm-index]')!;
    expect(first).toBeTruthy();
    first.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    const tip = shadow().querySelector('[data-testid="pm-tooltip"]')!;
    expect(tip).toBeTruthy();
    expect(tip.textContent).toContain(kindName(page.items[0].kind));
    first.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    const editor = await drawn('[data-testid="pm-editor"]');
    expect(editor.querySelector('[data-testid="pm-editor-quote"]')!.textContent).toBe(page.items[0].text);
    const note = editor.querySelector<HTMLTextAreaElement>('[data-testid="pm-note"]')!;
    const tags = editor.querySelector<HTMLInputElement>('[data-testid="pm-tags"]')!;
    note.value = '<b>核对</b> 原文';
    note.dispatchEvent(new Event('input', { bubbles: true }));
    tags.value = '学位, 2025，学位';
    tags.dispatchEvent(new Event('input', { bubbles: true }));
    await tick();
    editor.querySelector<HTMLButtonElement>('[data-testid="pm-save"]')!.click();
    await tick();
    await tick();
    const save = bg.sent.find((r) => r.type === 'annotation/save')!;
    expect(save).toBeTruthy();
    const ann = NewAnnotationSchema.parse(save.annotation);
    // The content script made the id: a save sent again (a lost reply) stays one record.
    expect(ann.id).toMatch(/^[\w-]{16,}$/);
    const it0 = page.items[0];
    expect(ann).toMatchObject({
      kind: it0.kind,
      note: '<b>核对</b> 原文',
      tags: ['学位', '2025'],
      site: location.hostname,
      title: haizhu.title,
      quote: { exact: it0.text },
      position: { start: it0.start, end: it0.end },
      context: it0.sentence.text,
      fields: { value: it0.value, unit: it0.unit, metric: it0.metric },
    });
    for (let i = 0; i < 5; i++) await tick();
    expect(shadow().querySelector('[data-testid="pm-editor"]')).toBeNull();
    const saved = page.savedMarks('a1');
    // The page's DOM says which marks are saved only by their look: no id, no kind.
    for (const m of saved) expect(m.getAttributeNames().filter((n) => n.startsWith('data-pm-saved'))).toEqual([]);
    expect(saved.length).toBeGreaterThan(0);
    expect(Array.from(saved).map((m) => m.textContent).join('')).toBe(it0.text);
    // The note is text, never HTML; it is drawn only by the annotator frame, never in the page's shadow root.
    first.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    const frameTip = await drawn('[data-testid="pm-frame"] [data-testid="pm-tooltip"]');
    expect(frameTip.querySelector('b')).toBeNull();
    expect(frameTip.textContent).toContain('<b>核对</b> 原文');
    const pageSide = Array.from(shadow().children).filter((el) => el.getAttribute('data-testid') !== 'pm-frame');
    expect(pageSide.map((el) => el.textContent).join('')).not.toContain('核对');

    // Reload: a new controller re-highlights the saved annotation from annotation/forPage.
    load(seedPage(haizhu));
    const again = controller(bg.send);
    await again.start();
    const re = again.savedMarks('a1');
    expect(Array.from(re).map((m) => m.textContent).join('')).toBe(it0.text);
    expect(shadow().querySelector('[data-testid="pm-legend-saved"]')!.textContent).toBe('1');
  });

  it('the page cannot reach the UI (closed shadow root) nor save with synthetic events', async () => {
    load(seedPage(longwan));
    const bg = fakeBackground();
    const page = controller(bg.send, { requireTrustedInput: true });
    await page.start();
    const host = document.querySelector<HTMLElement>('pledgemark-ui')!;
    expect(host.shadowRoot).toBeNull();
    // Events the page dispatches (isTrusted false) open nothing: no tooltip, no editor.
    const mark = page.container!.querySelector<HTMLElement>('mark[data-pm-index]')!;
    mark.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    mark.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    mark.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    mark.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(shadow().querySelector('[data-testid="pm-tooltip"]')).toBeNull();
    expect(shadow().querySelector('[data-testid="pm-editor"]')).toBeNull();
    // Page CSS cannot restyle the host (inline, !important), and a script's restyle is undone.
    expect(host.getAttribute('style')).toMatch(/^all:initial !important;.*opacity:1 !important/);
    const style = host.getAttribute('style');
    host.style.setProperty('opacity', '0.01', 'important');
    await tick();
    expect(host.getAttribute('style')).toBe(style);
    page.openEditorFor(page.container!.querySelector<HTMLElement>('mark[data-pm-index]')!);
    const editor = await drawn('[data-testid="pm-editor"]');
    editor.querySelector<HTMLButtonElement>('[data-testid="pm-save"]')!.click();
    await tick();
    await tick();
    expect(bg.sent.some((r) => r.type === 'annotation/save')).toBe(false);
    expect(shadow().querySelector('[data-testid="pm-editor"]')).not.toBeNull();
  });

  it('an editor frame that never answers (a site it may not load on) is told, and the selection save ends', async () => {
    load(seedPage(longwan));
    const bg = fakeBackground();
    current = new PageController(document, bg.send, { requireTrustedInput: false, frameTimeoutMs: 30 });
    await current.start();
    const t = current.article!.text;
    const s = t.indexOf('工作要点');
    const sel = document.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(current.rangeFor(s, s + 4)!);
    const answer = await current.handleTab({ type: 'page/saveSelection' });
    expect(answer).toEqual({ ok: true, data: { saved: false, reason: 'cancelled' } });
    expect(shadow().querySelector('[data-testid="pm-notice"]')!.textContent).toBe(noEditorNotice());
  });

  it('a failed save keeps the editor open with the note, and says why', async () => {
    load(seedPage(longwan));
    const bg = fakeBackground({ failSave: 'Database is full' });
    const page = controller(bg.send);
    await page.start();
    const first = page.container!.querySelector<HTMLElement>('mark[data-pm-index]')!;
    page.openEditorFor(first);
    const editor = await drawn('[data-testid="pm-editor"]');
    const note = editor.querySelector<HTMLTextAreaElement>('[data-testid="pm-note"]')!;
    note.value = '我的笔记';
    note.dispatchEvent(new Event('input', { bubbles: true }));
    await tick();
    editor.querySelector<HTMLButtonElement>('[data-testid="pm-save"]')!.click();
    await tick();
    await tick();
    expect(shadow().querySelector('[data-testid="pm-editor-status"]')!.textContent).toContain('Database is full');
    expect(shadow().querySelector<HTMLTextAreaElement>('[data-testid="pm-note"]')!.value).toBe('我的笔记');
    expect(page.container!.querySelectorAll('mark.pm-saved')).toHaveLength(0);
  });

  it('page/saveSelection opens the editor for a free selection, saved as kind "selection" with its sentence', async () => {
    load(seedPage(longwan));
    const bg = fakeBackground();
    const page = controller(bg.send);
    await page.start();
    const t = page.article!.text;
    const s = t.indexOf('工作要点');
    const range = page.rangeFor(s, s + 4)!;
    const sel = document.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
    const answer = page.handleTab({ type: 'page/saveSelection' });
    const editor = await drawn('[data-testid="pm-editor"]');
    expect(editor.querySelector('[data-testid="pm-editor-quote"]')!.textContent).toBe('工作要点');
    editor.querySelector<HTMLButtonElement>('[data-testid="pm-save"]')!.click();
    expect(await answer).toEqual({ ok: true, data: { saved: true } });
    const ann = NewAnnotationSchema.parse(bg.sent.find((r) => r.type === 'annotation/save')!.annotation);
    expect(page.items.some((it) => it.start === s && it.end === s + 4)).toBe(false);
    expect(ann.kind).toBe('selection');
    expect(ann.fields).toEqual(NULL_FIELDS);
    expect(ann.position).toEqual({ type: 'TextPositionSelector', start: s, end: s + 4 });
    expect(ann.quote.exact).toBe('工作要点');
    expect(ann.context).toBe(sentenceAround(t, s, s + 4));
    // Without a selection: a clear answer, no editor.
    sel.removeAllRanges();
    expect(await page.handleTab({ type: 'page/saveSelection' })).toEqual({ ok: true, data: { saved: false, reason: 'no selection' } });
  });

  it('page/saveSelection of a phrase holding a target saves the selection with the target\'s kind and fields', async () => {
    load(seedPage(longwan));
    const bg = fakeBackground();
    const page = controller(bg.send);
    await page.start();
    const t = page.article!.text;
    const target = page.items.find((it) => it.kind === 'target' && it.start >= 6)!;
    const [s, e] = [target.start - 6, target.end];
    const sel = document.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(page.rangeFor(s, e)!);
    const answer = page.handleTab({ type: 'page/saveSelection' });
    const editor = await drawn('[data-testid="pm-editor"]');
    editor.querySelector<HTMLButtonElement>('[data-testid="pm-save"]')!.click();
    expect(await answer).toEqual({ ok: true, data: { saved: true } });
    const ann = NewAnnotationSchema.parse(bg.sent.find((r) => r.type === 'annotation/save')!.annotation);
    expect(ann.quote.exact).toBe(t.slice(s, e));
    expect(ann.kind).toBe('target');
    expect(ann.fields).toEqual(fieldsOf(target));
  });

  it('page/scrollTo flashes the n-th item and reports unknown indexes', async () => {
    load(seedPage(longwan));
    const page = controller(fakeBackground().send);
    await page.start();
    expect(await page.handleTab({ type: 'page/scrollTo', index: 0 })).toEqual({ ok: true, data: { found: true } });
    expect(page.container!.querySelector('mark[data-pm-index="0"]')!.classList.contains('pm-flash')).toBe(true);
    expect(await page.handleTab({ type: 'page/scrollTo', index: 99999 })).toEqual({ ok: true, data: { found: false } });
  });

  it('runs when the article is filled in by script after load, and only then', async () => {
    const html = seedPage(longwan);
    const parsed = new DOMParser().parseFromString(html, 'text/html');
    const zw = parsed.querySelector('.zw')!;
    const content = zw.innerHTML;
    zw.innerHTML = '';
    load(parsed.documentElement.outerHTML);
    const page = controller(fakeBackground().send);
    await page.start();
    expect(page.ran).toBe(false);
    // The site's script fills the article in (trusted fixture markup).
    document.querySelector('.zw')!.innerHTML = content;
    await vi.waitFor(() => expect(page.ran).toBe(true), { timeout: 3000, interval: 50 });
    expect(page.summary().counts).toEqual(expectedCounts(html).counts);
  });

  it('counts saved annotations whose text is gone as not found', async () => {
    load(seedPage(longwan));
    const bg = fakeBackground();
    const now = new Date().toISOString();
    bg.store.push({
      id: 'gone',
      url: location.href.split('#')[0],
      title: 't',
      site: location.hostname,
      kind: 'selection',
      quote: { type: 'TextQuoteSelector', exact: '这段文字已经不在页面上了', prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start: 0, end: 12 },
      fields: { value: null, valueMax: null, unit: null, comparator: null, deadline: null, metric: null, strength: null, approximate: false },
      context: '',
      note: '',
      tags: [],
      createdAt: now,
      updatedAt: now,
    });
    const page = controller(bg.send);
    await page.start();
    expect(document.querySelectorAll('mark.pm-saved')).toHaveLength(0);
    expect(shadow().querySelector('[data-testid="pm-legend-saved"]')!.textContent).toBe('0');
    expect(shadow().querySelector('[data-testid="pm-legend-missing"]')!.textContent).toBe('1');
  });

  it('a background that does not answer never breaks the page', async () => {
    load(seedPage(longwan));
    const send = (async () => {
      throw new Error('Receiving end does not exist');
    }) as unknown as Send;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const page = controller(send);
    await expect(page.start()).resolves.toBeUndefined();
    expect(page.ran).toBe(true);
    warn.mockRestore();
  });
});
