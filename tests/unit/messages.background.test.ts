import { afterEach, describe, expect, it, vi } from 'vitest';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { setupBackground, saveSelectionInTab, syncExtraSites, MENU_ID, COMMAND_SAVE, EXTRA_SITES_SCRIPT_ID, EXTRA_SITES_PREFETCH_ID } from '../../lib/messages/background';
import { DEFAULT_SETTINGS } from '../../lib/schema/settings';
import { t } from '../../lib/i18n';
import { newAnnotation } from './store.fixtures';
import { readSettingsCache, writeSettingsCache, SETTINGS_CACHE_KEY } from '../../lib/settings/cache';
import { exportBackup } from '../../lib/store/backup';
import { channelTransport, BULK_MIN_CHARS, REPLY_KEY } from '../../lib/messages/bulk';
import { sendMessage, type Transport } from '../../lib/messages/client';
import { annotations } from './store.fixtures';

type Fn = (...args: any[]) => any;
function event() {
  const listeners: Fn[] = [];
  return {
    addListener: (f: Fn) => void listeners.push(f),
    fire: (...args: unknown[]) => listeners.map((f) => f(...args)),
    count: () => listeners.length,
  };
}

/**
 * `scripting: false` is the optional permission not granted: like Chrome and Firefox, the fake then has no
 * `scripting` namespace at all, and permissions.contains({ permissions: ['scripting'] }) is false.
 */
function fakeBrowser(opts: { contentScript?: boolean; granted?: string[]; scripting?: boolean } = {}) {
  let injected = opts.contentScript ?? true;
  const registered: Array<{ id: string; matches: string[]; js: string[] }> = [];
  const permissions = new Set(opts.scripting === false ? [] : ['scripting']);
  const scripting = {
    executeScript: vi.fn(async () => {
      injected = true;
      return [];
    }),
    getRegisteredContentScripts: vi.fn(async ({ ids }: { ids: string[] }) => registered.filter((r) => ids.includes(r.id))),
    unregisterContentScripts: vi.fn(async ({ ids }: { ids: string[] }) => {
      for (const id of ids) registered.splice(registered.findIndex((r) => r.id === id), 1);
    }),
    registerContentScripts: vi.fn(async (scripts: typeof registered) => void registered.push(...scripts)),
  };
  const local = new Map<string, unknown>();
  const b = {
    storage: {
      local: {
        get: vi.fn(async (key: string) => (local.has(key) ? { [key]: structuredClone(local.get(key)) } : {})),
        set: vi.fn(async (items: Record<string, unknown>) => void Object.entries(items).forEach(([k, v]) => local.set(k, structuredClone(v)))),
      },
    },
    runtime: { id: 'pm-test', onMessage: event(), onInstalled: event(), getURL: (path: string) => `chrome-extension://pm-test/${path.replace(/^\//, '')}` },
    contextMenus: { create: vi.fn(), removeAll: vi.fn(async () => undefined), onClicked: event() },
    commands: { onCommand: event() },
    action: { setBadgeText: vi.fn(async () => undefined), setTitle: vi.fn(async () => undefined), setBadgeBackgroundColor: vi.fn(async () => undefined) },
    tabs: {
      query: vi.fn(async () => [{ id: 42, url: 'http://www.a.gov.cn/' }]),
      sendMessage: vi.fn(async (_tabId: number, _msg: unknown) => {
        if (!injected) throw new Error('Could not establish connection. Receiving end does not exist.');
        return { ok: true, data: { saved: true } };
      }),
    },
    scripting: permissions.has('scripting') ? scripting : undefined,
    permissions: {
      contains: vi.fn(
        async (p: { origins?: string[]; permissions?: string[] }) =>
          (p.origins ?? []).every((o) => (opts.granted ?? []).includes(o)) && (p.permissions ?? []).every((x) => permissions.has(x)),
      ),
      onAdded: event(),
      onRemoved: event(),
    },
  };
  /** What the browser does when the reader grants `scripting` from the popup or options page. */
  const grantScripting = () => {
    permissions.add('scripting');
    b.scripting = scripting;
    b.permissions.onAdded.fire({ permissions: ['scripting'], origins: [] });
  };
  return { b, registered, scripting, grantScripting };
}

const dbs: PledgemarkDB[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  vi.unstubAllGlobals();
});
function start(opts?: Parameters<typeof fakeBrowser>[0]) {
  const db = new PledgemarkDB(`bg-${Math.random()}`);
  dbs.push(db);
  const repo = new AnnotationRepository(db);
  const fake = fakeBrowser(opts);
  const listener = setupBackground(fake.b as never, { repo });
  return { ...fake, repo, listener };
}

/** The popup as Chrome names it in runtime.MessageSender (no tab). */
const POPUP = { id: 'pm-test', url: 'chrome-extension://pm-test/popup.html', origin: 'chrome-extension://pm-test' };

describe('background wiring', () => {
  it('reads every note into memory when the "All saved" list opens (its facets request), after answering', async () => {
    const { b, repo } = start();
    const warm = vi.spyOn(repo, 'warm');
    const [p] = b.runtime.onMessage.fire({ type: 'annotation/list', query: { limit: 51 } }, POPUP);
    await p;
    await new Promise((r) => setTimeout(r, 5));
    expect(warm).not.toHaveBeenCalled();
    const [f] = b.runtime.onMessage.fire({ type: 'annotation/facets' }, POPUP);
    expect(await f).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(warm).toHaveBeenCalledTimes(1));
  });

  it('answers runtime messages through handleMessage (sendResponse style)', async () => {
    const { b, repo } = start();
    expect(b.runtime.onMessage.count()).toBe(1);
    const sendResponse = vi.fn();
    const [ret] = b.runtime.onMessage.fire({ type: 'annotation/save', annotation: newAnnotation() }, POPUP, sendResponse);
    expect(ret).toBe(true);
    await vi.waitFor(() => expect(sendResponse).toHaveBeenCalledWith({ ok: true, data: expect.objectContaining({ kind: 'target' }) }));
    expect(await repo.count()).toBe(1);
    const [p] = b.runtime.onMessage.fire({ type: 'bogus' }, POPUP);
    expect(await p).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid request/) });
  });

  it('checks the sender: a content script cannot restore, export or write settings; its own page is answered', async () => {
    const { b, repo } = start();
    await repo.importMany(annotations(3));
    const page = 'http://www.a.gov.cn/r.html';
    const cs = { id: 'pm-test', url: page, origin: 'http://www.a.gov.cn', tab: { id: 1, url: page }, frameId: 0 };
    const at = new Date('2026-12-01T00:00:00Z');
    const backup = await exportBackup(repo.db, at);
    for (const msg of [
      { type: 'backup/restore', json: backup.content.replace(/"note": "[^"]*"/, '"note": "forged"') },
      { type: 'export', format: 'csv' },
      { type: 'settings/set', settings: { autoHighlight: false } },
    ]) {
      const [p] = b.runtime.onMessage.fire(msg, cs);
      expect(await p).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    }
    expect((await exportBackup(repo.db, at)).content).toBe(backup.content);
    const [own] = b.runtime.onMessage.fire({ type: 'annotation/forPage', url: page }, cs);
    expect(await own).toEqual({ ok: true, data: [] });
    // The same requests from the options page (a tab of the extension's own origin) are answered.
    const options = { id: 'pm-test', url: 'chrome-extension://pm-test/options.html', tab: { id: 2 }, frameId: 0 };
    const [ok] = b.runtime.onMessage.fire({ type: 'settings/set', settings: { autoHighlight: false } }, options);
    expect(await ok).toMatchObject({ ok: true, data: { autoHighlight: false } });
  });

  it('creates the selection context menu on install and asks for persistent storage once', async () => {
    const persist = vi.fn(async () => true);
    vi.stubGlobal('navigator', { language: 'zh-CN', storage: { persisted: vi.fn(async () => false), persist } });
    const { b } = start();
    b.runtime.onInstalled.fire({ reason: 'install' });
    await vi.waitFor(() => expect(b.contextMenus.create).toHaveBeenCalledWith({ id: MENU_ID, title: '保存到 Pledgemark', contexts: ['selection'] }));
    await vi.waitFor(() => expect(persist).toHaveBeenCalledTimes(1));
    b.runtime.onInstalled.fire({ reason: 'update' });
    await vi.waitFor(() => expect(b.contextMenus.create).toHaveBeenCalledTimes(2));
    expect(b.contextMenus.removeAll).toHaveBeenCalledTimes(2);
    expect(persist).toHaveBeenCalledTimes(1);
  });

  it('forwards the context-menu click to the tab as page/saveSelection', async () => {
    const { b } = start();
    b.contextMenus.onClicked.fire({ menuItemId: MENU_ID, selectionText: 'x' }, { id: 7 });
    await vi.waitFor(() => expect(b.tabs.sendMessage).toHaveBeenCalledWith(7, { type: 'page/saveSelection' }));
    expect(b.scripting!.executeScript).not.toHaveBeenCalled();
    b.contextMenus.onClicked.fire({ menuItemId: 'other' }, { id: 8 });
    await new Promise((r) => setTimeout(r, 10));
    expect(b.tabs.sendMessage).toHaveBeenCalledTimes(1);
  });

  it('injects the content script where none answers (activeTab), then retries', async () => {
    const { b } = start({ contentScript: false });
    b.commands.onCommand.fire(COMMAND_SAVE, undefined);
    await vi.waitFor(() => expect(b.tabs.sendMessage).toHaveBeenCalledTimes(2));
    expect(b.tabs.query).toHaveBeenCalledWith({ active: true, currentWindow: true });
    expect(b.scripting!.executeScript).toHaveBeenCalledWith({ target: { tabId: 42 }, files: ['/content-scripts/content.js'] });
    expect(b.tabs.sendMessage).toHaveBeenLastCalledWith(42, { type: 'page/saveSelection' });
  });

  it('registers the content script for extra sites that have their permission', async () => {
    const { b, registered } = start({ granted: ['*://www.example.com/*'] });
    const [p] = b.runtime.onMessage.fire({ type: 'settings/set', settings: { enabledSites: ['www.example.com', 'www.nopermission.org'] } }, POPUP);
    expect(await p).toMatchObject({ ok: true });
    await vi.waitFor(() =>
      expect(registered).toEqual([
        // The settings read early, as on gov.cn (settings-prefetch.ts), then the content script.
        expect.objectContaining({ id: EXTRA_SITES_PREFETCH_ID, matches: ['*://www.example.com/*'], js: ['content-scripts/settings-prefetch.js'], runAt: 'document_start' }),
        expect.objectContaining({ id: EXTRA_SITES_SCRIPT_ID, matches: ['*://www.example.com/*'], js: ['content-scripts/content.js'], runAt: 'document_idle' }),
      ]),
    );
    // A second change re-registers (no duplicate ids).
    const [p1] = b.runtime.onMessage.fire({ type: 'settings/set', settings: { enabledSites: ['www.example.com', 'www.other.org'] } }, POPUP);
    await p1;
    await new Promise((r) => setTimeout(r, 20));
    expect(registered.map((r) => r.id)).toEqual([EXTRA_SITES_PREFETCH_ID, EXTRA_SITES_SCRIPT_ID]);
    const [p2] = b.runtime.onMessage.fire({ type: 'settings/set', settings: { enabledSites: [] } }, POPUP);
    await p2;
    await vi.waitFor(() => expect(registered).toEqual([]));
  });
});

describe('the settings copy in storage.local (read by content scripts at page start)', () => {
  it('is written at start, after every settings change and after a restore, and reads back valid', async () => {
    const { b, repo } = start();
    await vi.waitFor(async () => expect(await readSettingsCache(b.storage.local)).toEqual(DEFAULT_SETTINGS));
    const [p] = b.runtime.onMessage.fire({ type: 'settings/set', settings: { autoHighlight: false, disabledSites: ['www.a.gov.cn'] } }, POPUP);
    expect(await p).toMatchObject({ ok: true });
    // Written before the answer: a page opened after the options page saved sees the new settings.
    expect(await readSettingsCache(b.storage.local)).toEqual({ ...DEFAULT_SETTINGS, autoHighlight: false, disabledSites: ['www.a.gov.cn'] });
    expect(await readSettingsCache(b.storage.local)).toEqual(await repo.getSettings());
    // A restore brings the backup's settings.
    const fresh = new PledgemarkDB(`bg-src-${Math.random()}`);
    dbs.push(fresh);
    await new AnnotationRepository(fresh).setSettings({ kinds: ['target'] });
    const backup = await exportBackup(fresh);
    const [r] = b.runtime.onMessage.fire({ type: 'backup/restore', json: backup.content }, POPUP);
    expect(await r).toMatchObject({ ok: true });
    expect(await readSettingsCache(b.storage.local)).toEqual({ ...DEFAULT_SETTINGS, kinds: ['target'] });
    expect(await readSettingsCache(b.storage.local)).toEqual(await repo.getSettings());
  });

  it('a missing, invalid or unreadable copy reads as null (the content script then asks the background)', async () => {
    expect(await readSettingsCache(undefined)).toBeNull();
    expect(await readSettingsCache({ get: async () => ({}), set: async () => {} })).toBeNull();
    expect(await readSettingsCache({ get: async () => ({ [SETTINGS_CACHE_KEY]: { autoHighlight: 'yes' } }), set: async () => {} })).toBeNull();
    expect(await readSettingsCache({ get: async () => { throw new Error('no storage'); }, set: async () => {} })).toBeNull();
    await expect(writeSettingsCache({ get: async () => ({}), set: async () => {} }, { bogus: 1 } as never)).rejects.toThrow();
  });
});

describe('background without the optional scripting permission', () => {
  it('syncExtraSites registers nothing, does not throw and returns []; registers once scripting is granted', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const settings = { ...DEFAULT_SETTINGS, enabledSites: ['www.example.com'] };
      const { b, registered, scripting, grantScripting } = start({ granted: ['*://www.example.com/*'], scripting: false });
      expect(b.scripting).toBeUndefined();
      await expect(syncExtraSites(b as never, settings)).resolves.toEqual([]);
      // The namespace there but the permission not granted (or permissions.contains failing): the same.
      const half = { ...b, scripting, permissions: { ...b.permissions, contains: vi.fn(async () => Promise.reject(new Error('x'))) } };
      await expect(syncExtraSites(half as never, settings)).resolves.toEqual([]);
      // Through the wiring: settings/set answers ok and nothing is registered.
      const [p] = b.runtime.onMessage.fire({ type: 'settings/set', settings: { enabledSites: ['www.example.com'] } }, POPUP);
      expect(await p).toMatchObject({ ok: true });
      await new Promise((r) => setTimeout(r, 20));
      expect(registered).toEqual([]);
      expect(scripting.registerContentScripts).not.toHaveBeenCalled();
      expect(warn).toHaveBeenCalledWith('[Pledgemark]', expect.stringContaining('scripting permission is not granted'));
      // The reader grants scripting (with the site's origin) from the options page: the background registers.
      grantScripting();
      await vi.waitFor(() => expect(registered.map((r) => [r.id, r.matches])).toEqual([EXTRA_SITES_PREFETCH_ID, EXTRA_SITES_SCRIPT_ID].map((id) => [id, ['*://www.example.com/*']])));
    } finally {
      warn.mockRestore();
    }
  });

  it('saveSelectionInTab answers a clear error envelope instead of injecting', async () => {
    const { b } = fakeBrowser({ contentScript: false, scripting: false });
    const r = await saveSelectionInTab(b as never, 7);
    expect(r).toEqual({ ok: false, error: t('runFromPopupFirst') });
    expect(b.tabs.sendMessage).toHaveBeenCalledTimes(1);
    // It names the popup's button, in both languages.
    for (const lang of ['en', 'zh'] as const) expect(t('runFromPopupFirst', lang)).toContain(t('runHere', lang));
  });

  it('the context menu on a page without Pledgemark tells the reader on the toolbar button; a later save clears it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { b, grantScripting } = start({ contentScript: false, scripting: false });
      b.contextMenus.onClicked.fire({ menuItemId: MENU_ID, selectionText: 'x' }, { id: 9 });
      await vi.waitFor(() => expect(b.action.setBadgeText).toHaveBeenCalledWith({ tabId: 9, text: '!' }));
      expect(b.action.setTitle).toHaveBeenCalledWith({ tabId: 9, title: `Pledgemark: ${t('runFromPopupFirst')}` });
      expect(warn).toHaveBeenCalledWith('[Pledgemark]', t('runFromPopupFirst'));
      // After "Run Pledgemark on this page" granted scripting, the same click injects, saves and clears the badge.
      grantScripting();
      b.contextMenus.onClicked.fire({ menuItemId: MENU_ID, selectionText: 'x' }, { id: 9 });
      await vi.waitFor(() => expect(b.action.setBadgeText).toHaveBeenLastCalledWith({ tabId: 9, text: '' }));
      expect(b.scripting!.executeScript).toHaveBeenCalledWith({ target: { tabId: 9 }, files: ['/content-scripts/content.js'] });
      expect(b.tabs.sendMessage).toHaveBeenLastCalledWith(9, { type: 'page/saveSelection' });
    } finally {
      warn.mockRestore();
    }
  });
});

describe('big answers to extension pages on the BroadcastChannel (lib/messages/bulk.ts)', () => {
  // The runtime reply as the popup would get it, from a sender at `url`; `seen` keeps each raw reply.
  const via = (b: ReturnType<typeof fakeBrowser>['b'], url: string, seen: unknown[]): Transport => async (message) => {
    const [reply] = b.runtime.onMessage.fire(message, { id: 'pm-test', url });
    const raw = await reply;
    seen.push(raw);
    return raw;
  };

  it('an export of 2,000 notes to the popup crosses on the channel; the answer equals the plain reply', async () => {
    const { b, repo } = start();
    await repo.importMany(annotations(2000));
    const popup = 'chrome-extension://pm-test/popup.html';
    const seenBulk: unknown[] = [];
    const big = await sendMessage({ type: 'export', format: 'csv' }, channelTransport(via(b, popup, seenBulk)));
    const seenPlain: unknown[] = [];
    const plain = await sendMessage({ type: 'export', format: 'csv' }, via(b, popup, seenPlain));
    expect(big.ok && big.data.content.length).toBeGreaterThan(BULK_MIN_CHARS);
    expect(seenBulk).toEqual([{ ok: true, bulk: expect.any(String) }]); // the runtime reply only says where
    expect(seenPlain[0]).toMatchObject({ ok: true, data: { mime: expect.any(String) } }); // no id offered: inline
    expect(big).toEqual(plain);
  });

  it('small answers, errors and content scripts get the runtime reply', async () => {
    const { b, repo } = start();
    await repo.importMany(annotations(2000));
    const seen: unknown[] = [];
    const popup = channelTransport(via(b, 'chrome-extension://pm-test/popup.html', seen));
    expect((await sendMessage({ type: 'settings/get' }, popup)).ok).toBe(true);
    expect(seen.pop()).toMatchObject({ ok: true, data: { autoHighlight: true } });
    expect((await sendMessage({ type: 'annotation/update', id: 'missing', note: 'x' }, popup)).ok).toBe(false);
    expect(seen.pop()).toMatchObject({ ok: false });
    // A content script (the page's URL) that offered an id anyway: its own page's notes come inline.
    const page = 'http://www.a.gov.cn/r.html';
    const [reply] = b.runtime.onMessage.fire(
      { type: 'annotation/forPage', url: page, [REPLY_KEY]: 'abc' },
      { id: 'pm-test', url: page, tab: { id: 1, url: page }, frameId: 0 },
    );
    expect(await reply).toMatchObject({ ok: true, data: expect.any(Array) });
  });

  it('when the channel stays silent the popup gets a clear error, not a hang', async () => {
    const quiet: Transport = async (message) => ({ ok: true, bulk: (message as Record<string, string>)[REPLY_KEY] });
    const env = await sendMessage({ type: 'export', format: 'csv' }, channelTransport(quiet, undefined, 50));
    expect(env).toEqual({ ok: false, error: expect.stringContaining('did not arrive on the channel') });
  });
});
