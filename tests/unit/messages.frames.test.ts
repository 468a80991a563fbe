/**
 * Our annotator frame in a tab acts for the page URLs our content script runs on in that tab: its tab's URL,
 * and a report in a sub-frame (whose content script spoke from that URL), never another page. Notes and tags
 * go to the frame only, never to a content script.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setupBackground } from '../../lib/messages/background';
import { TabFrames, type SessionArea } from '../../lib/messages/frames';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { newAnnotation } from './store.fixtures';

type Listener = (message: unknown, sender: unknown, sendResponse?: (r: unknown) => void) => unknown;
const event = () => {
  const ls: Listener[] = [];
  return { addListener: (l: Listener) => void ls.push(l), fire: (m: unknown, s: unknown) => ls.map((l) => l(m, s)) };
};

function session(): SessionArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (k) => (data.has(k) ? { [k]: data.get(k) } : {}),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, v)),
    remove: async (k) => void data.delete(k),
  };
}

const dbs: PledgemarkDB[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

const TOP = 'http://www.portal.gov.cn/index.html';
const SUB = 'http://xxgk.portal.gov.cn/report.html';
const OTHER = 'http://www.other.gov.cn/secret.html';

function start() {
  const db = new PledgemarkDB(`frames-${Math.random()}`);
  dbs.push(db);
  const onMessage = event();
  const b = {
    storage: { local: { get: vi.fn(async () => ({})), set: vi.fn(async () => undefined) }, session: session() },
    runtime: { id: 'pm-test', onMessage, onInstalled: event(), getURL: (p: string) => `chrome-extension://pm-test/${p.replace(/^\//, '')}` },
    contextMenus: { create: vi.fn(), removeAll: vi.fn(async () => undefined), onClicked: event() },
    commands: { onCommand: event() },
    tabs: { query: vi.fn(async () => []), sendMessage: vi.fn(), onRemoved: event() },
    permissions: { contains: vi.fn(async () => false), onAdded: event(), onRemoved: event() },
  };
  setupBackground(b as never, { repo: new AnnotationRepository(db) });
  const ask = async (msg: unknown, sender: unknown) => (await Promise.all(onMessage.fire(msg, sender)))[0] as { ok: boolean; error?: string };
  return { b, ask };
}

const contentScript = (tabId: number, url: string, frameId: number) => ({ id: 'pm-test', url, origin: new URL(url).origin, tab: { id: tabId, url: TOP }, frameId });
const annotator = (tabId: number) => ({
  id: 'pm-test',
  url: 'chrome-extension://pm-test/annotator.html#n',
  origin: 'chrome-extension://pm-test',
  tab: { id: tabId, url: TOP },
  frameId: 9,
});

describe('the annotator frame and a report in a sub-frame', () => {
  it('may act for the URLs its tab\'s content scripts run on, and no other', async () => {
    const { ask } = start();
    // Before any content script spoke from the sub-frame: only the tab's own URL.
    expect((await ask({ type: 'annotation/forPage', url: SUB }, annotator(7))).ok).toBe(false);
    expect((await ask({ type: 'annotation/forPage', url: TOP }, annotator(7))).ok).toBe(true);
    // The sub-frame's content script reads its page's notes (the browser names its URL).
    expect((await ask({ type: 'annotation/forPage', url: SUB }, contentScript(7, SUB, 3))).ok).toBe(true);
    const save = (url: string) => ({ type: 'annotation/save', annotation: { ...newAnnotation(), url } });
    expect((await ask(save(SUB), annotator(7))).ok).toBe(true);
    expect((await ask({ type: 'annotation/forPage', url: SUB }, annotator(7))).ok).toBe(true);
    // Another page, or the same URL from another tab: refused.
    expect((await ask(save(OTHER), annotator(7))).error).toMatch(/^Refused/);
    expect((await ask(save(SUB), annotator(8))).error).toMatch(/^Refused/);
    // A content script never gains another frame's URL.
    expect((await ask(save(SUB), contentScript(7, TOP, 0))).error).toMatch(/^Refused/);
  });

  it('answers a content script without notes and tags; our annotator frame gets them', async () => {
    const { ask } = start();
    const saved = (await ask({ type: 'annotation/save', annotation: { ...newAnnotation(), url: TOP, note: '线人', tags: ['秘密'] } }, annotator(7))) as { ok: boolean; data: { note: string; tags: string[] } };
    expect(saved.data).toMatchObject({ note: '线人', tags: ['秘密'] });
    const cs = (await ask({ type: 'annotation/forPage', url: TOP }, contentScript(7, TOP, 0))) as { ok: boolean; data: { note: string; tags: string[]; quote: unknown }[] };
    expect(cs.data).toHaveLength(1);
    expect(cs.data[0]).toMatchObject({ note: '', tags: [] });
    expect(cs.data[0].quote).toBeTruthy();
    expect(JSON.stringify(cs)).not.toContain('线人');
    const frame = (await ask({ type: 'annotation/forPage', url: TOP }, annotator(7))) as { ok: boolean; data: { note: string }[] };
    expect(frame.data[0].note).toBe('线人');
  });

  it('keeps the URLs in storage.session, so a restarted service worker still knows them; a closed tab forgets', async () => {
    const s = session();
    new TabFrames(s).record(7, SUB);
    await new Promise((r) => setTimeout(r, 0));
    const again = new TabFrames(s);
    expect(await again.urlsOf(7)).toEqual([SUB]);
    again.forget(7);
    await new Promise((r) => setTimeout(r, 0));
    expect(await new TabFrames(s).urlsOf(7)).toEqual([]);
  });
});
