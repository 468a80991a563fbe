import type { browser as browserApi } from 'wxt/browser';
import { t } from '../i18n';
import { log } from '../util/log';
import type { Settings } from '../schema/settings';
import { UNDO_WINDOW_MS, type AnnotationRepository } from '../store/repository';
import type { SnapshotRepository } from '../store/snapshots';
import { sendToTab, type Transport } from './client';
import { handleMessageFrom } from './handler';
import { classifySender, type Caller, type Self } from './access';
import { createMessageListener } from './listener';
import { TabFrames, type SessionArea } from './frames';
import { withoutNotesFor } from './redact';
import { writeSettingsCache, type CacheArea } from '../settings/cache';
import type { Envelope } from './protocol';
import type { SyncService } from '../sync/service';

/** The background's wiring, kept out of entrypoints/background.ts so it can be tested with the fake browser. */

export const MENU_ID = 'pledgemark-save-selection';
export const COMMAND_SAVE = 'save-selection';
import { CONTENT_SCRIPT_FILE, PREFETCH_SCRIPT_FILE } from './paths';
import { bulkReply } from './bulk';
import { broadcastChanged, changedUrl } from './broadcast';
export { CONTENT_SCRIPT_FILE, PREFETCH_SCRIPT_FILE };
export const EXTRA_SITES_SCRIPT_ID = 'pledgemark-extra-sites';
/** The settings read at document_start on the extra sites, as on gov.cn (lib/settings/prefetch.ts). */
export const EXTRA_SITES_PREFETCH_ID = 'pledgemark-extra-sites-prefetch';

type BrowserApi = typeof browserApi;

/** Requests after which the tracker's rows may have changed. */
const TRACKER_INPUTS = new Set(['annotation/save', 'annotation/delete', 'annotation/undoDelete', 'import', 'backup/restore', 'snapshot/save', 'tracker/add']);

/**
 * Whether the optional `scripting` permission is granted (optional so that the install asks for the fewest permissions). Without it `browser.scripting` is absent
 * (Chrome and Firefox leave the namespace out), so every use checks this first instead of throwing.
 */
export async function hasScripting(browser: BrowserApi): Promise<boolean> {
  if (!browser.scripting) return false;
  try {
    return await browser.permissions.contains({ permissions: ['scripting'] });
  } catch {
    return false;
  }
}

/** Injects the content script into `tabId` (uses activeTab or a granted host permission, and `scripting`). */
export async function injectContentScript(browser: BrowserApi, tabId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT_FILE] });
}

/**
 * Asks the tab's content script to save the reader's selection; when no content script is
 * there (a page outside gov.cn), injects it — the context-menu click or shortcut granted
 * activeTab — and asks once more. Injecting needs the optional `scripting` permission, which
 * only a click in the popup or options page can ask for: without it the answer says so.
 */
export async function saveSelectionInTab(
  browser: BrowserApi,
  tabId: number,
  transport?: Transport,
): Promise<Envelope<{ saved: boolean; reason?: string }>> {
  const send: Transport = transport ?? ((m) => browser.tabs.sendMessage(tabId, m));
  const first = await sendToTab(tabId, { type: 'page/saveSelection' }, send);
  if (first.ok || !first.error.startsWith('Pledgemark is not running')) return first;
  if (!(await hasScripting(browser))) return { ok: false, error: t('runFromPopupFirst') };
  try {
    await injectContentScript(browser, tabId);
  } catch (e) {
    return { ok: false, error: `${t('cannotRunHere')} (${e instanceof Error ? e.message : String(e)})` };
  }
  return sendToTab(tabId, { type: 'page/saveSelection' }, send);
}

/**
 * Tells the reader, on the toolbar button of `tabId`, why a save from the context menu or the shortcut
 * did not happen (a "!" badge, the reason as its tooltip); `null` clears it. The browser drops both when
 * the tab navigates. Needs no permission; never throws.
 */
export async function tellInTab(browser: BrowserApi, tabId: number, message: string | null): Promise<void> {
  const action = browser.action ?? (browser as unknown as { browserAction?: BrowserApi['action'] }).browserAction;
  if (!action) return;
  try {
    await action.setBadgeText({ tabId, text: message ? '!' : '' });
    await action.setTitle({ tabId, title: message ? `${t('appName')}: ${message}` : t('appName') });
    if (message) await action.setBadgeBackgroundColor?.({ tabId, color: '#b3261e' });
  } catch (e) {
    log('badge:', e);
  }
}

/**
 * Registers the content script for the extra (non-gov.cn) sites the reader enabled and granted
 * permission for, so it runs there on its own as on gov.cn. Sites switched off are left to the
 * content script, which checks the settings. Without the optional `scripting` permission nothing
 * can be registered: returns [] (the options page asks for it with each site's origin).
 */
export async function syncExtraSites(browser: BrowserApi, settings: Settings): Promise<string[]> {
  const candidates = settings.enabledSites.filter((h) => !settings.disabledSites.includes(h)).map((h) => `*://${h}/*`);
  if (!(await hasScripting(browser))) {
    if (candidates.length) log('extra sites are not registered: the scripting permission is not granted');
    return [];
  }
  const scripting = browser.scripting;
  if (!scripting.registerContentScripts) return [];
  const granted: string[] = [];
  for (const origin of candidates) {
    try {
      if (await browser.permissions.contains({ origins: [origin] })) granted.push(origin);
    } catch {
      // an invalid pattern is skipped
    }
  }
  try {
    const ids = [EXTRA_SITES_PREFETCH_ID, EXTRA_SITES_SCRIPT_ID];
    const existing = await scripting.getRegisteredContentScripts({ ids });
    if (existing.length) await scripting.unregisterContentScripts({ ids: existing.map((s) => s.id) });
    if (granted.length) {
      await scripting.registerContentScripts([
        { id: EXTRA_SITES_PREFETCH_ID, matches: granted, js: [PREFETCH_SCRIPT_FILE.slice(1)], runAt: 'document_start', allFrames: true },
        { id: EXTRA_SITES_SCRIPT_ID, matches: granted, js: [CONTENT_SCRIPT_FILE.slice(1)], runAt: 'document_idle', allFrames: true },
      ]);
    }
  } catch (e) {
    log('could not register the content script for extra sites:', e);
  }
  return granted;
}

async function activeTabId(browser: BrowserApi): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** Wires everything; returns the message listener (for tests). */
export function setupBackground(browser: BrowserApi, deps: { repo: AnnotationRepository; snapshots?: SnapshotRepository; sync?: SyncService & { wake(): void } }) {
  // One registration at a time: a settings change and a permission grant arrive together when a site is added.
  let syncing: Promise<unknown> = Promise.resolve();
  const sync = (settings: () => Promise<Settings>) => {
    syncing = syncing
      .then(settings)
      .then((s) => syncExtraSites(browser, s))
      .catch((e: unknown) => log('extra sites:', e));
    return syncing;
  };
  // The settings copy content scripts read at page start (lib/settings/cache.ts): rewritten after every change.
  const mirror = (settings: () => Promise<Settings>) =>
    settings()
      .then((s) => (browser.storage?.local ? writeSettingsCache(browser.storage.local as CacheArea, s) : undefined))
      .catch((e: unknown) => log('settings copy:', e));
  // Who sent each message (lib/messages/access): extension pages may ask anything, a content script only about
  // its own page. Also decides who may take a big answer on the extension's BroadcastChannel.
  const self: Self = (() => {
    let base = '';
    try {
      base = browser.runtime.getURL?.('') ?? '';
    } catch {
      base = '';
    }
    const id = (browser.runtime as { id?: unknown }).id;
    return { base, ...(typeof id === 'string' ? { id } : {}) };
  })();
  // The page URLs our content script runs on per tab: our annotator frame in a sub-frame's report acts for it.
  const frames = new TabFrames(browser.storage?.session as SessionArea | undefined);
  browser.tabs?.onRemoved?.addListener((tabId) => frames.forget(tabId));
  const listener = createMessageListener(async (message, sender) => {
    const caller = await withTabFrames(classifySender(sender, self), sender, self, frames);
    const answer = withoutNotesFor(caller, (message as { type?: unknown } | null)?.type, await respond(message, caller, sender));
    return bulkReply(message, answer, caller.kind === 'extension');
  });
  const respond = async (message: unknown, caller: Caller, sender?: unknown) => {
    const type = (message as { type?: string }).type;
    // A message may be what woke a stopped service worker: shared notebooks sync again from here.
    deps.sync?.wake();
    // A delete's page is read before the row goes, to tell that page's tabs.
    const id = (message as { id?: unknown }).id;
    const urlBefore = type === 'annotation/delete' && typeof id === 'string' ? await deps.repo.urlOf(id).catch(() => undefined) : undefined;
    const answer = await handleMessageFrom(message, caller, deps);
    const change = answer.ok ? changedUrl(type, answer.data, urlBefore) : null;
    if (change) {
      // The tab whose own frame saved or edited a note reads its list itself; every other tab is told.
      const tabId = (sender as { tab?: { id?: unknown } } | null)?.tab?.id;
      const own = (type === 'annotation/save' || type === 'annotation/update') && typeof tabId === 'number' ? tabId : undefined;
      void broadcastChanged(browser, change, own);
    }
    if (answer.ok && type === 'settings/set') {
      const settings = answer.data as Settings;
      await mirror(async () => settings);
      void sync(async () => settings);
    } else if (answer.ok && type === 'backup/restore') {
      await mirror(() => deps.repo.getSettings());
    } else if (answer.ok && type === 'annotation/delete') {
      // The deleted row waits in the trash for its undo, then goes; a stopped service worker purges at its next start.
      setTimeout(() => void deps.repo.purgeTrash().catch((e: unknown) => log('trash:', e)), UNDO_WINDOW_MS + 1000);
    } else if (type === 'annotation/facets') {
      // The "All saved" list opened: read every note into memory now, after answering, so the search and an
      // export that follow do not wait for a full read of the database (AnnotationRepository.warm).
      setTimeout(() => void deps.repo.warm(), 0);
    }
    if (answer.ok && type && TRACKER_INPUTS.has(type)) warmTracker();
    return answer;
  };
  // The tracker's rows are computed again a moment after a change that may move them (a new page or note, a
  // restore), so that the popup's line and the tracker page find them ready (lib/messages/handler: viewCache).
  let warming: ReturnType<typeof setTimeout> | undefined;
  const warmTracker = () => {
    clearTimeout(warming);
    warming = setTimeout(() => void handleMessageFrom({ type: 'tracker/summary' }, { kind: 'extension' }, deps).catch((e: unknown) => log('tracker:', e)), 1500);
  };
  void mirror(() => deps.repo.getSettings());
  void deps.repo.purgeTrash().catch((e: unknown) => log('trash:', e));
  browser.runtime.onMessage.addListener(listener as Parameters<typeof browser.runtime.onMessage.addListener>[0]);

  browser.runtime.onInstalled.addListener((details) => {
    // Menus persist across service-worker restarts; create them once per install/update.
    void (async () => {
      try {
        await browser.contextMenus.removeAll();
        browser.contextMenus.create({ id: MENU_ID, title: t('saveToPledgemark'), contexts: ['selection'] });
      } catch (e) {
        log('context menu:', e);
      }
      if (details.reason === 'install') {
        try {
          // Ask once that the browser not evict the annotations under storage pressure.
          const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
          if (storage?.persist && !(await storage.persisted())) await storage.persist();
        } catch (e) {
          log('storage.persist:', e);
        }
      }
    })();
  });

  const told = new Set<number>();
  const saveIn = async (tabId: number) => {
    const r = await saveSelectionInTab(browser, tabId);
    if (!r.ok) {
      log(r.error);
      told.add(tabId);
      await tellInTab(browser, tabId, r.error);
    } else if (told.delete(tabId)) {
      await tellInTab(browser, tabId, null);
    }
  };

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ID || tab?.id === undefined) return;
    void saveIn(tab.id);
  });

  browser.commands?.onCommand.addListener((command, tab) => {
    if (command !== COMMAND_SAVE) return;
    void (async () => {
      const id = tab?.id ?? (await activeTabId(browser));
      if (id !== undefined) await saveIn(id);
    })();
  });

  // `scripting` or a site's origin granted (options page, popup) or taken back: register accordingly.
  const resync = () => void sync(() => deps.repo.getSettings());
  browser.permissions.onAdded?.addListener(resync);
  browser.permissions.onRemoved?.addListener(resync);

  // After a browser restart, make sure the extra-site registration matches the settings.
  resync();

  return listener;
}

/**
 * A content script's message records the URL it runs on for its tab; our page framed in a web page (the annotator)
 * may act for every URL so recorded in its tab, besides its tab's own.
 */
async function withTabFrames(caller: Caller, sender: unknown, self: Self, frames: TabFrames): Promise<Caller> {
  const s = sender as { url?: unknown; tab?: { id?: unknown } | null } | null;
  const tabId = s?.tab?.id;
  if (caller.kind !== 'page' || typeof tabId !== 'number' || typeof s?.url !== 'string') return caller;
  const ours = !!self.base && s.url.startsWith(self.base);
  if (!ours) {
    if (caller.url) frames.record(tabId, caller.url);
    return caller;
  }
  const also = await frames.urlsOf(tabId);
  return also.length ? { ...caller, also } : caller;
}
