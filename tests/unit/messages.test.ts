import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { browser } from 'wxt/browser';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { handleMessage } from '../../lib/messages/handler';
import { createMessageListener } from '../../lib/messages/listener';
import { call, sendMessage, sendToTab, type Transport } from '../../lib/messages/client';
import { DEFAULT_SETTINGS } from '../../lib/schema/settings';
import { makeSnapshot } from '../../lib/evidence/snapshot';
import { newAnnotation, annotations } from './store.fixtures';

const dbs: PledgemarkDB[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  fakeBrowser.reset();
});
function freshRepo() {
  const db = new PledgemarkDB(`messages-${Math.random()}`);
  dbs.push(db);
  return new AnnotationRepository(db);
}

describe('handleMessage', () => {
  it('rejects invalid requests with a path-bearing error and never throws', async () => {
    const repo = freshRepo();
    expect(await handleMessage({ type: 'nope' }, repo)).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid request: type: /) });
    expect(await handleMessage(null, repo)).toMatchObject({ ok: false });
    expect(await handleMessage({ type: 'annotation/delete' }, repo)).toEqual({ ok: false, error: 'Invalid request: id: Required' });
    const bad = await handleMessage({ type: 'annotation/save', annotation: { ...newAnnotation(), kind: 'promise' } }, repo);
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('annotation.kind') });
    expect(await repo.count()).toBe(0);
  });

  it('saves, lists, updates, exports and deletes through messages', async () => {
    const repo = freshRepo();
    const saved = await handleMessage({ type: 'annotation/save', annotation: newAnnotation() }, repo);
    if (!saved.ok) throw new Error(saved.error);
    const a = saved.data as { id: string; url: string };
    const page = await handleMessage({ type: 'annotation/forPage', url: `${a.url}#frag` }, repo);
    expect(page).toEqual({ ok: true, data: [saved.data] });
    const upd = await handleMessage({ type: 'annotation/update', id: a.id, note: '注', tags: ['x'] }, repo);
    expect(upd).toMatchObject({ ok: true, data: { id: a.id, note: '注', tags: ['x'] } });
    const list = await handleMessage({ type: 'annotation/list', query: { tag: 'x' } }, repo);
    expect(list.ok && (list.data as unknown[]).length).toBe(1);
    const facets = await handleMessage({ type: 'annotation/facets' }, repo);
    expect(facets).toEqual({ ok: true, data: { sites: ['www.example.gov.cn'], tags: ['x'], years: [2020] } });
    const csv = await handleMessage({ type: 'export', format: 'csv' }, { repo, now: () => new Date('2026-01-02T00:00:00Z') });
    expect(csv).toMatchObject({ ok: true, data: { filename: 'pledgemark-2026-01-02.csv', mime: 'text/csv;charset=utf-8' } });
    expect(csv.ok && (csv.data as { content: string }).content).toContain('新增公办学位5370个');
    const json = await handleMessage({ type: 'export', format: 'json', url: 'http://elsewhere.gov.cn/' }, repo);
    expect(json.ok && JSON.parse((json.data as { content: string }).content).total).toBe(0);
    expect(await handleMessage({ type: 'annotation/delete', id: a.id }, repo)).toEqual({ ok: true, data: { deleted: true } });
    expect(await handleMessage({ type: 'annotation/update', id: a.id, note: 'x' }, repo)).toEqual({ ok: false, error: `No saved annotation with id ${a.id}` });
  });

  it('gets and sets settings', async () => {
    const repo = freshRepo();
    expect(await handleMessage({ type: 'settings/get' }, repo)).toEqual({ ok: true, data: DEFAULT_SETTINGS });
    expect(await handleMessage({ type: 'settings/set', settings: { kinds: ['target'] } }, repo)).toEqual({ ok: true, data: { ...DEFAULT_SETTINGS, kinds: ['target'] } });
    expect(await handleMessage({ type: 'settings/set', settings: { autoHighlight: 'yes' } }, repo)).toMatchObject({ ok: false, error: expect.stringContaining('settings.autoHighlight') });
  });

  it('answers snapshot/get from the snapshot store', async () => {
    const repo = freshRepo();
    expect(await handleMessage({ type: 'snapshot/get', url: 'http://a.gov.cn/' }, repo)).toMatchObject({ ok: false });
    const snapshots = new SnapshotRepository(repo.db);
    expect(await handleMessage({ type: 'snapshot/get', url: 'http://a.gov.cn/' }, { repo, snapshots })).toEqual({ ok: true, data: null });
    const s1 = (await makeSnapshot('http://a.gov.cn/', 't', 'text one', []))!;
    const s2 = (await makeSnapshot('http://a.gov.cn/', 't', 'text two', [], s1))!;
    await snapshots.put(s1);
    await snapshots.put(s2);
    expect(await handleMessage({ type: 'snapshot/get', url: 'http://a.gov.cn/#x' }, { repo, snapshots })).toEqual({ ok: true, data: s2 });
    expect(await handleMessage({ type: 'snapshot/get', url: 'http://a.gov.cn/', version: 1 }, { repo, snapshots })).toEqual({ ok: true, data: s1 });
  });

  it('validates its own answers', async () => {
    const repo = freshRepo();
    vi.spyOn(repo, 'list').mockResolvedValue([{ id: 'broken' }] as never);
    expect(await handleMessage({ type: 'annotation/list', query: {} }, repo)).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid response to annotation\/list: \[0\]\.url/) });
    vi.spyOn(repo, 'count');
    vi.spyOn(repo, 'facets').mockRejectedValue(new TypeError('boom'));
    expect(await handleMessage({ type: 'annotation/facets' }, repo)).toEqual({ ok: false, error: 'annotation/facets failed: boom' });
  });
});

describe('import through messages', () => {
  it('rejects a malformed file with a path-bearing message and leaves the DB unchanged', async () => {
    const repo = freshRepo();
    const before = annotations(3);
    await repo.importMany(before);
    const savedBefore = await repo.list({});
    const file = JSON.parse((await handleMessage({ type: 'export', format: 'json' }, repo) as { data: { content: string } }).data.content);
    const extra = annotations(8).slice(3);
    const next = JSON.parse(JSON.stringify(file));
    next.first.items.push(...JSON.parse(
      (await handleMessage({ type: 'export', format: 'json' }, { repo: Object.assign(Object.create(repo), { allReport: async () => ({ annotations: extra, unreadable: [] }) }) }) as { data: { content: string } }).data.content,
    ).first.items);
    next.total = next.first.items.length;
    delete next.first.items[5].target.selector[0].exact;
    next.first.items[0].pledgemark.title = 'changed';
    const r = await handleMessage({ type: 'import', json: JSON.stringify(next) }, repo);
    expect(r).toEqual({ ok: false, error: 'The file was not imported: first.items[5].target.selector[0].exact: Required' });
    expect(await repo.list({})).toEqual(savedBefore);
    expect((await repo.list({})).map((a) => a.id).sort()).toEqual(before.map((a) => a.id).sort());
    expect((await repo.get(before[0].id))?.title).toBe(before[0].title);
    // the same file, fixed, imports; re-importing it adds nothing
    next.first.items[5].target.selector[0].exact = 'fixed';
    expect(await handleMessage({ type: 'import', json: JSON.stringify(next) }, repo)).toEqual({ ok: true, data: { imported: 5, unchanged: 3 } });
    expect(await handleMessage({ type: 'import', json: JSON.stringify(next) }, repo)).toEqual({ ok: true, data: { imported: 0, unchanged: 8 } });
    expect(await repo.count()).toBe(8);
    expect(await handleMessage({ type: 'import', json: 'not json' }, repo)).toMatchObject({ ok: false, error: expect.stringMatching(/^The file is not valid JSON/) });
  });
});

describe('listener shim', () => {
  const handler = async (m: unknown) => ({ ok: true, data: { echo: m } });

  it('calls sendResponse and returns true when given sendResponse (Chromium, Firefox, wxt 0.21)', async () => {
    const listener = createMessageListener(handler);
    const sendResponse = vi.fn();
    expect(listener({ type: 'x' }, {}, sendResponse)).toBe(true);
    await vi.waitFor(() => expect(sendResponse).toHaveBeenCalledWith({ ok: true, data: { echo: { type: 'x' } } }));
  });

  it('returns the Promise of the answer when not given sendResponse (wxt 0.20 fake browser)', async () => {
    const listener = createMessageListener(handler);
    const r = listener({ type: 'y' }, {});
    expect(r).toBeInstanceOf(Promise);
    expect(await r).toEqual({ ok: true, data: { echo: { type: 'y' } } });
  });

  it('turns a throwing or rejecting handler into an error envelope, and ignores messages it does not accept', async () => {
    const throwing = createMessageListener(() => {
      throw new Error('sync');
    });
    expect(await throwing({}, {})).toEqual({ ok: false, error: 'sync' });
    const rejecting = createMessageListener(async () => Promise.reject(new Error('async')));
    const sendResponse = vi.fn();
    rejecting({}, {}, sendResponse);
    await vi.waitFor(() => expect(sendResponse).toHaveBeenCalledWith({ ok: false, error: 'async' }));
    const picky = createMessageListener(handler, () => false);
    expect(picky({}, {}, vi.fn())).toBeUndefined();
  });

  it('answers runtime.sendMessage through the fake browser end to end', async () => {
    const repo = freshRepo();
    fakeBrowser.runtime.onMessage.addListener(createMessageListener((m) => handleMessage(m, repo)) as never);
    const saved = await call({ type: 'annotation/save', annotation: newAnnotation() });
    expect(saved.kind).toBe('target');
    expect(await sendMessage({ type: 'annotation/delete', id: saved.id })).toEqual({ ok: true, data: { deleted: true } });
    expect(await sendMessage({ type: 'annotation/delete' } as never)).toMatchObject({ ok: false, error: 'Invalid request: id: Required' });
    await expect(call({ type: 'annotation/update', id: 'missing', note: '' })).rejects.toThrow('No saved annotation with id missing');
  });
});

describe('sendMessage / sendToTab clients', () => {
  it('validates the answer', async () => {
    const answer = (v: unknown): Transport => async () => v;
    expect(await sendMessage({ type: 'settings/get' }, answer({ ok: true, data: DEFAULT_SETTINGS }))).toEqual({ ok: true, data: DEFAULT_SETTINGS });
    expect(await sendMessage({ type: 'settings/get' }, answer({ ok: true, data: { autoHighlight: 1 } }))).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid answer: /) });
    expect(await sendMessage({ type: 'settings/get' }, answer('hello'))).toMatchObject({ ok: false, error: expect.stringMatching(/^Malformed answer/) });
    expect(await sendMessage({ type: 'settings/get' }, answer(undefined))).toEqual({ ok: false, error: 'No answer from the Pledgemark background' });
    expect(await sendMessage({ type: 'settings/get' }, answer({ ok: false, error: 'disk full' }))).toEqual({ ok: false, error: 'disk full' });
    const failing: Transport = async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    };
    expect(await sendMessage({ type: 'settings/get' }, failing)).toMatchObject({ ok: false, error: expect.stringContaining('Receiving end does not exist') });
  });

  it('sends tab messages to the given tab and validates the page summary', async () => {
    const summary = { url: 'http://a.gov.cn/', title: 'T', detected: true, counts: { target: 1, reported: 0, commitment: 0 }, items: [{ kind: 'target', text: '5370个', start: 3, end: 8 }] };
    const spy = vi.spyOn(browser.tabs, 'sendMessage').mockResolvedValue({ ok: true, data: summary } as never);
    expect(await sendToTab(7, { type: 'page/summary' })).toEqual({ ok: true, data: summary });
    expect(spy).toHaveBeenCalledWith(7, { type: 'page/summary' });
    spy.mockResolvedValue({ ok: true, data: { saved: true } } as never);
    expect(await sendToTab(7, { type: 'page/saveSelection' })).toEqual({ ok: true, data: { saved: true } });
    spy.mockResolvedValue({ ok: true, data: { found: 'yes' } } as never);
    expect(await sendToTab(7, { type: 'page/scrollTo', index: 0 })).toMatchObject({ ok: false, error: expect.stringContaining('found') });
    expect(await sendToTab(7, { type: 'page/scrollTo', index: -1 })).toMatchObject({ ok: false, error: expect.stringContaining('Invalid request: index') });
    spy.mockRejectedValue(new Error('Receiving end does not exist.'));
    expect(await sendToTab(7, { type: 'page/summary' })).toMatchObject({ ok: false, error: expect.stringMatching(/^Pledgemark is not running on this page/) });
  });
});
