import { afterEach, describe, expect, it } from 'vitest';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { handleMessageFrom } from '../../lib/messages/handler';
import { ACCESS, REFUSED, classifySender, type Caller } from '../../lib/messages/access';
import type { Request } from '../../lib/messages/protocol';
import { exportBackup } from '../../lib/store/backup';
import { annotation, newAnnotation } from './store.fixtures';
import type { SyncService } from '../../lib/sync/service';

const SELF = { id: 'pm-id', base: 'chrome-extension://pm-id/' };
const OWN = 'http://www.own.gov.cn/report.html';
const OTHER = 'http://www.other.gov.cn/secret.html';

describe('classifySender: runtime.MessageSender as Chrome and Firefox fill it', () => {
  it('extension pages: the popup (no tab), the options page or snapshot view in a tab (frameId 0)', () => {
    expect(classifySender({ id: 'pm-id', url: 'chrome-extension://pm-id/popup.html', origin: 'chrome-extension://pm-id' }, SELF)).toEqual({ kind: 'extension' });
    const inTab = { id: 'pm-id', url: 'chrome-extension://pm-id/options.html', tab: { id: 3, url: 'chrome-extension://pm-id/options.html' }, frameId: 0 };
    expect(classifySender(inTab, SELF)).toEqual({ kind: 'extension' });
    // Firefox: moz-extension://UUID/, no `origin` before Firefox 126; the options page framed in about:addons.
    const ff = { id: 'pm@x', base: 'moz-extension://0a1b/' };
    expect(classifySender({ id: 'pm@x', url: 'moz-extension://0a1b/popup.html' }, ff)).toEqual({ kind: 'extension' });
    expect(classifySender({ id: 'pm@x', url: 'moz-extension://0a1b/options.html', tab: { url: 'about:addons' }, frameId: 5 }, ff)).toEqual({ kind: 'extension' });
  });

  it('content scripts: the frame URL, normalised (fragment dropped)', () => {
    const cs = { id: 'pm-id', url: `${OWN}#:~:text=x`, origin: 'http://www.own.gov.cn', tab: { id: 1, url: OWN }, frameId: 0 };
    expect(classifySender(cs, SELF)).toEqual({ kind: 'page', url: OWN });
    // A content script in a child frame speaks for that frame's page, not the tab's.
    expect(classifySender({ ...cs, url: OTHER, frameId: 2 }, SELF)).toEqual({ kind: 'page', url: OTHER });
  });

  it('our page framed in a web page gets the rights of that page, not an extension page’s', () => {
    const framed = { id: 'pm-id', url: 'chrome-extension://pm-id/note.html', origin: 'chrome-extension://pm-id', tab: { id: 1, url: OWN }, frameId: 4 };
    expect(classifySender(framed, SELF)).toEqual({ kind: 'page', url: OWN, frame: true });
    expect(classifySender({ ...framed, tab: { id: 1 } }, SELF)).toEqual({ kind: 'page', url: null, frame: true });
    // A web page's tab holds our page only as a frame, even when frameId is absent or 0.
    expect(classifySender({ ...framed, frameId: undefined }, SELF)).toEqual({ kind: 'page', url: OWN, frame: true });
    expect(classifySender({ ...framed, frameId: 0 }, SELF)).toEqual({ kind: 'page', url: OWN, frame: true });
  });

  it('anything else is unknown: another extension, a mismatched origin, no URL, a file: page', () => {
    expect(classifySender({ id: 'evil', url: 'chrome-extension://evil/x.html' }, SELF).kind).toBe('unknown');
    expect(classifySender({ id: 'pm-id', url: 'chrome-extension://pm-id/popup.html', origin: 'http://www.own.gov.cn' }, SELF).kind).toBe('unknown');
    expect(classifySender({ id: 'pm-id' }, SELF).kind).toBe('unknown');
    expect(classifySender({ id: 'pm-id', url: 'file:///etc/passwd' }, SELF).kind).toBe('unknown');
    expect(classifySender(undefined, SELF).kind).toBe('unknown');
  });
});

const dbs: PledgemarkDB[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

async function seeded() {
  const db = new PledgemarkDB(`access-${Math.random()}`);
  dbs.push(db);
  const now = () => new Date('2026-12-01T00:00:00.000Z');
  const repo = new AnnotationRepository(db, now);
  const snapshots = new SnapshotRepository(db, now);
  await repo.importMany([
    annotation(1, { id: 'other-note', url: OTHER, note: 'source: 张三' }),
    annotation(2, { id: 'own-note', url: OWN, note: 'mine' }),
  ]);
  await repo.setSettings({ enabledSites: ['www.example.com'] });
  await snapshots.saveFromPage({ url: OTHER, title: 't', text: '新增公办学位5370个', items: [] }, true);
  // A recording notebook service: a refused request must not reach it at all.
  const syncCalls: string[] = [];
  const view = { id: 'nb', server: 'http://127.0.0.1:9/', db: 'team', username: 'u', author: '张三', shareByDefault: false, hasPassword: true };
  const sync: SyncService = {
    list: async () => (syncCalls.push('list'), [view]),
    save: async () => (syncCalls.push('save'), view),
    remove: async () => (syncCalls.push('remove'), true),
    syncNow: async () => (syncCalls.push('syncNow'), []),
    states: async () => (syncCalls.push('states'), []),
    defaults: async () => undefined,
    authorFor: async () => '张三',
    changed: () => void syncCalls.push('changed'),
    beforeRead: async () => undefined,
  };
  // The tracker holds another page too (its title names the source): no content script may read or change it.
  await db.trackedReports.put({ url: OTHER, title: '张三的报告', addedAt: now().toISOString(), date: null });
  const end = { url: OTHER, start: 0, end: 4, exact: '新增公办' };
  await db.linkDecisions.put({ id: 'd1', target: end, figure: { ...end, start: 4, end: 8, exact: '学位5370' }, verdict: 'confirmed', createdAt: now().toISOString() });
  const tracker = async () => JSON.stringify([await db.trackedReports.toArray(), await db.untracked.toArray(), await db.linkDecisions.toArray()]);
  const deps = { repo, snapshots, now, sync };
  const state = async () => `${(await exportBackup(db, now())).content}\n${JSON.stringify(await db.syncDocs.toArray())}\n${syncCalls.join(',')}\n${await tracker()}`;
  return { repo, snapshots, deps, state, syncCalls };
}

/** One request of every type, aimed at ANOTHER page where it names one. Typed so a new request type must be added. */
const AT_OTHER: { [K in Request['type']]: Extract<Request, { type: K }> } = {
  'annotation/save': { type: 'annotation/save', annotation: newAnnotation({ url: OTHER }) },
  'annotation/update': { type: 'annotation/update', id: 'other-note', note: 'overwritten' },
  'annotation/delete': { type: 'annotation/delete', id: 'own-note' },
  'annotation/undoDelete': { type: 'annotation/undoDelete', id: 'own-note' },
  'annotation/forPage': { type: 'annotation/forPage', url: OTHER },
  'annotation/list': { type: 'annotation/list', query: {} },
  'annotation/facets': { type: 'annotation/facets' },
  export: { type: 'export', format: 'json', url: OWN },
  import: { type: 'import', json: '{}' },
  'snapshot/get': { type: 'snapshot/get', url: OTHER },
  'snapshot/save': { type: 'snapshot/save', url: OTHER, title: 't', text: 'x', items: [] },
  'snapshot/versions': { type: 'snapshot/versions', urls: [OWN, OTHER] },
  'page/changes': { type: 'page/changes', url: OTHER },
  'backup/export': { type: 'backup/export' },
  'backup/restore': { type: 'backup/restore', json: '{}' },
  'backup/previous': { type: 'backup/previous' },
  'store/problems': { type: 'store/problems' },
  'settings/get': { type: 'settings/get' },
  'settings/set': { type: 'settings/set', settings: { autoHighlight: false } },
  'notebook/list': { type: 'notebook/list' },
  'notebook/save': {
    type: 'notebook/save',
    notebook: { id: 'nb', server: 'http://127.0.0.1:9/', db: 'team', username: 'u', password: 'p', author: '张三', shareByDefault: true },
  },
  'notebook/remove': { type: 'notebook/remove', id: 'nb' },
  'notebook/syncNow': { type: 'notebook/syncNow' },
  'notebook/state': { type: 'notebook/state' },
  'notebook/test': {
    type: 'notebook/test',
    notebook: { id: 'nb', server: 'http://127.0.0.1:9/', db: 'team', username: 'u', password: 'p', author: '张三', shareByDefault: true },
  },
  'notebook/choices': { type: 'notebook/choices' },
  // Sharing the page's OWN note is still refused: what leaves the machine is decided in our pages only.
  'annotation/share': { type: 'annotation/share', id: 'own-note', notebooks: ['nb'] },
  'annotation/resolveConflict': { type: 'annotation/resolveConflict', id: 'own-note', choice: { merged: { note: 'x', tags: [] } } },
  'tracker/add': { type: 'tracker/add', url: OTHER, title: 't', text: '新增公办学位5370个', items: [] },
  'tracker/list': { type: 'tracker/list' },
  'tracker/remove': { type: 'tracker/remove', url: OTHER },
  'tracker/links': { type: 'tracker/links' },
  'tracker/summary': { type: 'tracker/summary' },
  'tracker/decide': {
    type: 'tracker/decide',
    target: { url: OWN, start: 0, end: 4, exact: '新增公办' },
    figure: { url: OTHER, start: 4, end: 8, exact: '学位5370' },
    verdict: 'manual',
  },
  'tracker/export': { type: 'tracker/export', format: 'csv' },
  'tracker/targets': { type: 'tracker/targets', figure: { url: OTHER, start: 4, end: 8, exact: '学位5370' } },
  'tracker/linkManual': { type: 'tracker/linkManual', target: { url: OWN, start: 0, end: 4, exact: '新增公办' }, figure: { url: OTHER, start: 4, end: 8, exact: '学位5370' }, linked: true },
};

const contentScript: Caller = { kind: 'page', url: OWN };

describe('the background refuses a content script everything but its own page (forged senders)', () => {
  it('every request type has a rule, and the privileged ones are extension-only', () => {
    expect(Object.keys(ACCESS).sort()).toEqual(Object.keys(AT_OTHER).sort());
    const extensionOnly = Object.entries(ACCESS).filter(([, r]) => r === 'extension').map(([t]) => t).sort();
    expect(extensionOnly).toEqual([
      'annotation/delete', 'annotation/facets', 'annotation/list', 'annotation/undoDelete',
      'annotation/resolveConflict',
      'backup/export', 'backup/previous', 'backup/restore', 'export', 'import',
      'notebook/list', 'notebook/remove', 'notebook/save', 'notebook/state', 'notebook/syncNow', 'notebook/test',
      'settings/set', 'store/problems',
      'tracker/decide', 'tracker/export', 'tracker/links', 'tracker/list', 'tracker/remove', 'tracker/summary',
    ].sort());
  });

  for (const type of Object.keys(AT_OTHER) as Array<Request['type']>) {
    if (type === 'settings/get') continue;
    it(`${type} from a content script on another page: refused, nothing read or changed`, async () => {
      const { deps, state } = await seeded();
      const before = await state();
      const r = await handleMessageFrom(AT_OTHER[type], contentScript, deps);
      expect(r).toEqual({ ok: false, error: expect.stringContaining(REFUSED) });
      expect(JSON.stringify(r)).not.toContain('张三');
      expect(await state()).toBe(before);
    });
  }

  it('an unknown sender gets nothing, not even the settings', async () => {
    const { deps } = await seeded();
    for (const req of Object.values(AT_OTHER)) {
      expect(await handleMessageFrom(req, { kind: 'unknown', why: 'test' }, deps)).toMatchObject({ ok: false, error: expect.stringContaining(REFUSED) });
    }
  });

  it('the same content script may read the settings, and save, list and update its own page’s notes', async () => {
    const { deps, repo } = await seeded();
    expect(await handleMessageFrom({ type: 'settings/get' }, contentScript, deps)).toMatchObject({ ok: true });
    const saved = await handleMessageFrom({ type: 'annotation/save', annotation: newAnnotation({ url: `${OWN}#frag` }) }, contentScript, deps);
    expect(saved).toMatchObject({ ok: true, data: { url: OWN } });
    const mine = await handleMessageFrom({ type: 'annotation/forPage', url: OWN }, contentScript, deps);
    expect(mine.ok && (mine.data as unknown[]).length).toBe(2);
    expect(await handleMessageFrom({ type: 'annotation/update', id: 'own-note', note: 'edited' }, contentScript, deps)).toMatchObject({ ok: true });
    expect((await repo.get('own-note'))?.note).toBe('edited');
    expect(await handleMessageFrom({ type: 'snapshot/save', url: OWN, title: 't', text: 'x', items: [] }, contentScript, deps)).toMatchObject({ ok: true });
    expect(await handleMessageFrom({ type: 'snapshot/versions', urls: [OWN] }, contentScript, deps)).toMatchObject({ ok: true });
    // An id that is not saved is refused like another page's: the page learns nothing about which ids exist.
    expect(await handleMessageFrom({ type: 'annotation/update', id: 'nope', note: 'x' }, contentScript, deps)).toMatchObject({ ok: false, error: expect.stringContaining(REFUSED) });
    // It may add its own page to the tracker, and nothing else of the tracker's.
    expect(await handleMessageFrom({ type: 'tracker/add', url: OWN, title: 't', text: '新增公办学位5370个', items: [] }, contentScript, deps)).toMatchObject({ ok: true, data: { url: OWN } });
    // Framed extension page whose tab URL is not known: own-page requests refused too.
    expect(await handleMessageFrom({ type: 'annotation/forPage', url: OWN }, { kind: 'page', url: null }, deps)).toMatchObject({ ok: false });
  });

  it('our note editor (the annotator frame) may list where to share and share its own page\'s note, nothing more', async () => {
    const { deps, repo, syncCalls } = await seeded();
    const frame: Caller = { kind: 'page', url: OWN, frame: true };
    const choices = await handleMessageFrom({ type: 'notebook/choices' }, frame, deps);
    expect(choices).toEqual({ ok: true, data: [{ id: 'nb', db: 'team', shareByDefault: false }] });
    expect(JSON.stringify(choices)).not.toContain('127.0.0.1');
    expect(await handleMessageFrom({ type: 'annotation/share', id: 'own-note', notebooks: ['nb'] }, frame, deps)).toMatchObject({ ok: true, data: { notebooks: ['nb'] } });
    expect((await repo.get('own-note'))?.notebooks).toEqual(['nb']);
    // Another page's note, the notebooks themselves, the connection test: refused, untouched.
    expect(await handleMessageFrom({ type: 'annotation/share', id: 'other-note', notebooks: ['nb'] }, frame, deps)).toMatchObject({ ok: false, error: expect.stringContaining(REFUSED) });
    expect((await repo.get('other-note'))?.notebooks).toBeUndefined();
    for (const type of ['notebook/list', 'notebook/save', 'notebook/test', 'notebook/remove', 'annotation/resolveConflict'] as const) {
      expect(await handleMessageFrom(AT_OTHER[type], frame, deps)).toMatchObject({ ok: false, error: expect.stringContaining(REFUSED) });
    }
    expect(syncCalls.filter((c) => c !== 'list' && c !== 'changed')).toEqual([]);
  });

  it('the saved targets and a link by hand: our frame on the figure’s page only, never the content script', async () => {
    const { deps, state } = await seeded();
    const before = await state();
    const figure = { url: OWN, start: 4, end: 8, exact: '学位5370' };
    const targets = { type: 'tracker/targets', figure } as const;
    const link = { type: 'tracker/linkManual', target: { url: OTHER, start: 0, end: 4, exact: '新增公办' }, figure, linked: true } as const;
    // The content script of the figure's own page: refused (the list is every page's saved targets).
    for (const req of [targets, link]) {
      const r = await handleMessageFrom(req, contentScript, deps);
      expect(r).toEqual({ ok: false, error: expect.stringContaining(REFUSED) });
      expect(JSON.stringify(r)).not.toContain('新增公办学位');
    }
    // Our frame on another page than the figure's: refused.
    expect(await handleMessageFrom(targets, { kind: 'page', url: OTHER, frame: true }, deps)).toMatchObject({ ok: false, error: expect.stringContaining(REFUSED) });
    expect(await state()).toBe(before);
    // Our frame on the figure's page: the saved targets (annotation 1 and 2 are a reported figure and a commitment
    // in the fixtures: none is a target), and the link is stored.
    const frame: Caller = { kind: 'page', url: OWN, frame: true };
    expect(await handleMessageFrom(targets, frame, deps)).toMatchObject({ ok: true, data: { targets: [] } });
    expect(await handleMessageFrom(link, frame, deps)).toMatchObject({ ok: true, data: { verdict: 'manual', figure: { url: OWN } } });
  });

  it('extension pages may send every request', async () => {
    const { deps } = await seeded();
    for (const type of [
      'annotation/list', 'export', 'backup/export', 'settings/set', 'notebook/list', 'notebook/state', 'notebook/save', 'annotation/share', 'notebook/remove', 'annotation/delete',
      'tracker/list', 'tracker/links', 'tracker/export', 'tracker/decide',
    ] as const) {
      expect(await handleMessageFrom(AT_OTHER[type], { kind: 'extension' }, deps)).toMatchObject({ ok: true });
    }
  });
});
