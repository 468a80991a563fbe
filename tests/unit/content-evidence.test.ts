// @vitest-environment jsdom
/**
 * Evidence, page side, in jsdom: the first save of a page carries its snapshot; a page with saved annotations sends
 * snapshot/save after extraction; saved annotations are re-anchored with lib/evidence/reanchor — anchored (as
 * before), changed (own style, tooltip "Saved / Now"), orphaned (legend, page/summary anchors) — and
 * pageChanged follows the background's answer.
 */
import { describe, expect, it, vi, beforeEach } from 'vitest';
import type { Annotation } from '../../lib/schema/annotation';
import { DEFAULT_SETTINGS } from '../../lib/schema/settings';
import { PageController, type Send } from '../../components/page/controller';
import { EDIT, haizhuVersions } from '../fixtures/pages/edited';
import { loadPage as load } from './dom.fixtures';
import { fakeFrame } from '../helpers/fake-frame';

const tick = () => new Promise((r) => setTimeout(r, 0));

type Sent = { type: string; [k: string]: unknown };

/** A background that keeps annotations and snapshot versions the way the storage side does. */
function fakeBackground() {
  const sent: Sent[] = [];
  const store: Annotation[] = [];
  const versions: string[] = [];
  const keep = (text: string, force: boolean) => {
    const latest = versions.length ? versions.length : null;
    if (!force && !store.length) return { version: latest, stored: false, previousVersion: latest };
    if (versions[versions.length - 1] === text) return { version: latest, stored: false, previousVersion: latest };
    versions.push(text);
    return { version: versions.length, stored: true, previousVersion: latest };
  };
  const send = (async (req: Sent) => {
    sent.push(req);
    switch (req.type) {
      case 'settings/get':
        return { ok: true, data: DEFAULT_SETTINGS };
      case 'annotation/forPage':
        return { ok: true, data: store.filter((a) => a.url === req.url) };
      case 'annotation/save': {
        const now = new Date().toISOString();
        const a = { ...(req.annotation as object), id: `a${store.length + 1}`, createdAt: now, updatedAt: now } as Annotation;
        if (req.snapshot) keep((req.snapshot as { text: string }).text, true);
        store.push(a);
        return { ok: true, data: a };
      }
      case 'snapshot/save':
        return { ok: true, data: keep(req.text as string, !!req.force) };
      default:
        return { ok: false, error: `unexpected ${req.type}` };
    }
  }) as unknown as Send;
  return { send, sent, store, versions };
}

let current: PageController;
const shadow = () => current.uiRoot!;

/** The element at `selector` in the UI (the fake annotator frame draws in the shadow root), once it is drawn. */
async function drawn(selector: string): Promise<Element | null> {
  for (let i = 0; i < 20; i++) {
    const el = shadow().querySelector(selector);
    if (el) return el;
    await tick();
  }
  return null;
}

async function saveOpenEditor(): Promise<void> {
  ((await drawn('[data-testid="pm-save"]')) as HTMLButtonElement).click();
  for (let i = 0; i < 8; i++) await tick();
}

beforeEach(() => {
  Element.prototype.scrollIntoView = vi.fn();
});

describe('saved annotations on a silently edited page', () => {
  it('first save carries the snapshot; after the edit: anchored, changed (Saved/Now), orphaned, pageChanged', async () => {
    const { original, edited } = haizhuVersions();
    load(original);
    const bg = fakeBackground();
    current = new PageController(document, bg.send, { requireTrustedInput: false, frame: fakeFrame(bg.send) });
    await current.start();
    // Nothing saved yet: no snapshot/save is sent on an unannotated page.
    expect(bg.sent.some((r) => r.type === 'snapshot/save')).toBe(false);

    // 1. The target that will change (the table cell 12360).
    const target = current.items.findIndex((it) => it.text === EDIT.oldValue);
    expect(target).toBeGreaterThanOrEqual(0);
    current.openEditorFor(current.container!.querySelector<HTMLElement>(`mark[data-pm-index="${target}"]`)!);
    await saveOpenEditor();
    // 2. A sentence of the paragraph that will be removed (a free selection).
    const text = current.article!.text;
    const s = text.indexOf(EDIT.removedParagraphStart);
    const sel = document.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(current.rangeFor(s, s + 40)!);
    current.editSelection();
    await saveOpenEditor();
    // 3. An item elsewhere (late in the text, untouched).
    const other = current.items.findIndex((it, i) => i > target && it.kind === 'target' && it.text.length >= 4);
    current.openEditorFor(current.container!.querySelector<HTMLElement>(`mark[data-pm-index="${other}"]`)!);
    await saveOpenEditor();
    const otherText = current.items[other].text;

    const saves = bg.sent.filter((r) => r.type === 'annotation/save');
    expect(saves).toHaveLength(3);
    // Only the first save of the page carries its snapshot: the article text and every item.
    expect((saves[0].snapshot as { text: string; items: unknown[] }).text).toBe(text);
    expect((saves[0].snapshot as { items: unknown[] }).items).toHaveLength(current.allItems.length);
    expect(saves[1].snapshot).toBeUndefined();
    expect(saves[2].snapshot).toBeUndefined();
    expect(bg.versions).toHaveLength(1);

    // The page is edited; the reader comes back.
    load(edited);
    bg.sent.length = 0;
    current = new PageController(document, bg.send, { requireTrustedInput: false, frame: fakeFrame(bg.send) });
    await current.start();
    const snap = bg.sent.find((r) => r.type === 'snapshot/save')!;
    expect(snap).toMatchObject({ text: current.article!.text });
    expect(snap.force).toBeUndefined();
    expect(bg.versions).toHaveLength(2);

    const summary = current.summary();
    expect(summary.pageChanged).toBe(true);
    const [a1, a2, a3] = bg.store.map((a) => a.id);
    const byId = new Map(summary.anchors!.map((r) => [r.id, r]));
    expect(byId.get(a1)).toMatchObject({ status: 'changed', oldText: EDIT.oldValue, newText: EDIT.newValue });
    expect(byId.get(a2)).toMatchObject({ status: 'orphaned', newText: null });
    expect(byId.get(a3)).toMatchObject({ status: 'anchored', newText: otherText });

    const c = current.container!;
    const changed = current.savedMarks(a1!);
    expect(changed.map((m) => m.textContent).join('')).toBe(EDIT.newValue);
    expect(changed.every((m) => m.classList.contains('pm-changed'))).toBe(true);
    expect(current.savedMarks(a3!).map((m) => m.textContent).join('')).toBe(otherText);
    expect(current.savedMarks(a3!).some((m) => m.classList.contains('pm-changed'))).toBe(false);
    expect(current.savedMarks(a2!)).toEqual([]);
    // Nothing in the page's DOM names a saved annotation or its kind.
    expect(c.querySelector('[data-pm-saved], [data-pm-saved-kind], [data-pm-changed]')).toBeNull();
    expect(c.innerHTML).not.toContain(a1!);

    // The tooltip of the changed one: saved and current text side by side, as text.
    changed[0].dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    const pair = await drawn('[data-testid="pm-tooltip-changed"]');
    expect(pair).toBeTruthy();
    expect(shadow().querySelector('[data-testid="pm-tooltip-saved-text"]')!.textContent).toBe(EDIT.oldValue);
    expect(shadow().querySelector('[data-testid="pm-tooltip-now-text"]')!.textContent).toBe(EDIT.newValue);
    // The anchored one has no such block.
    current.savedMarks(a3!)[0].dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    for (let i = 0; i < 5; i++) await tick();
    expect(shadow().querySelector('[data-testid="pm-tooltip"]')).not.toBeNull();
    expect(shadow().querySelector('[data-testid="pm-tooltip-changed"]')).toBeNull();

    // The legend: found (anchored + changed), changed, and the orphan counted in words.
    expect(shadow().querySelector('[data-testid="pm-legend-saved"]')!.textContent).toBe('2');
    expect(shadow().querySelector('[data-testid="pm-legend-changed"]')!.textContent).toBe('1');
    expect(shadow().querySelector('[data-testid="pm-legend-missing-text"]')!.textContent).toBe('1 saved note not found on this page');
    expect(shadow().querySelector('[data-testid="pm-legend-page-changed"]')).not.toBeNull();
    // page/summary (the popup's view) carries the same.
    const env = await current.handleTab({ type: 'page/summary' });
    expect(env).toMatchObject({ ok: true, data: { pageChanged: true } });
    expect((env as { data: { anchors: unknown[] } }).data.anchors).toHaveLength(3);

    // Loading the same edited page again: nothing new to store, so not "changed" any more; statuses stay.
    load(edited);
    current = new PageController(document, bg.send, { requireTrustedInput: false, frame: fakeFrame(bg.send) });
    await current.start();
    expect(bg.versions).toHaveLength(2);
    expect(current.summary().pageChanged).toBe(false);
    expect(current.summary().anchors!.map((r) => r.status)).toEqual(['changed', 'orphaned', 'anchored']);
    // Two full runs of the page in jsdom, three saves through the frame: ~30 s on a loaded 2-core machine, so
    // the guard is wider than the suite's 60 s.
  }, 180_000);

  it('a malformed saved record is reported orphaned, never thrown into the page', async () => {
    const { original } = haizhuVersions();
    load(original);
    const bad = { id: 'bad', url: location.href.split('#')[0], kind: 'selection', quote: { type: 'TextQuoteSelector', exact: '', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 0 } };
    const send = (async (req: Sent) => {
      if (req.type === 'settings/get') return { ok: true, data: DEFAULT_SETTINGS };
      if (req.type === 'annotation/forPage') return { ok: true, data: [bad] };
      if (req.type === 'snapshot/save') return { ok: false, error: 'Snapshots are not available here' };
      return { ok: false, error: 'unexpected' };
    }) as unknown as Send;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    current = new PageController(document, send, { requireTrustedInput: false });
    await expect(current.start()).resolves.toBeUndefined();
    warn.mockRestore();
    expect(current.summary().anchors).toEqual([{ id: 'bad', status: 'orphaned', method: null, oldText: '', newText: null }]);
    expect(current.summary().pageChanged).toBe(false);
  });
});
