import type { browser as browserApi } from 'wxt/browser';
import { t } from '../i18n';
import type { Settings } from '../schema/settings';
import type { AnnotationRepository } from '../store/repository';
import type { SnapshotRepository } from '../store/snapshots';
import { sendToTab, type Transport } from './client';
import { handleMessage } from './handler';
import { createMessageListener } from './listener';
import type { Envelope } from './protocol';

/** The background's wiring, kept out of entrypoints/background.ts so it can be tested with the fake browser. */

export const MENU_ID = 'pledgemark-save-selection';
export const COMMAND_SAVE = 'save-selection';
import { CONTENT_SCRIPT_FILE } from './paths';
export { CONTENT_SCRIPT_FILE };
export const EXTRA_SITES_SCRIPT_ID = 'pledgemark-extra-sites';

type BrowserApi = typeof browserApi;

function log(...args: unknown[]) {
  console.warn('[Pledgemark]', ...args);
}

/** Injects the content script into `tabId` (uses activeTab or a granted host permission). */
export async function injectContentScript(browser: BrowserApi, tabId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT_FILE] });
}

/**
 * Asks the tab's content script to save the reader's selection; when no content script is
 * there (a page outside gov.cn), injects it — the context-menu click or shortcut granted
 * activeTab — and asks once more.
 */
export async function saveSelectionInTab(
  browser: BrowserApi,
  tabId: number,
  transport?: Transport,
): Promise<Envelope<{ saved: boolean; reason?: string }>> {
  const send: Transport = transport ?? ((m) => browser.tabs.sendMessage(tabId, m));
  const first = await sendToTab(tabId, { type: 'page/saveSelection' }, send);
  if (first.ok || !first.error.startsWith('Pledgemark is not running')) return first;
  try {
    await injectContentScript(browser, tabId);
  } catch (e) {
    return { ok: false, error: `${t('cannotRunHere')} (${e instanceof Error ? e.message : String(e)})` };
  }
  return sendToTab(tabId, { type: 'page/saveSelection' }, send);
}

/**
 * Registers the content script for the extra (non-gov.cn) sites the reader enabled and granted
 * permission for, so it runs there on its own as on gov.cn. Sites switched off are left to the
 * content script, which checks the settings.
 */
export async function syncExtraSites(browser: BrowserApi, settings: Settings): Promise<string[]> {
  const scripting = browser.scripting;
  if (!scripting?.registerContentScripts) return [];
  const candidates = settings.enabledSites.filter((h) => !settings.disabledSites.includes(h)).map((h) => `*://${h}/*`);
  const granted: string[] = [];
  for (const origin of candidates) {
    try {
      if (await browser.permissions.contains({ origins: [origin] })) granted.push(origin);
    } catch {
      // an invalid pattern is skipped
    }
  }
  try {
    const existing = await scripting.getRegisteredContentScripts({ ids: [EXTRA_SITES_SCRIPT_ID] });
    if (existing.length) await scripting.unregisterContentScripts({ ids: [EXTRA_SITES_SCRIPT_ID] });
    if (granted.length) {
      await scripting.registerContentScripts([
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
export function setupBackground(browser: BrowserApi, deps: { repo: AnnotationRepository; snapshots?: SnapshotRepository }) {
  const listener = createMessageListener(async (message) => {
    const answer = await handleMessage(message, deps);
    if (answer.ok && (message as { type?: string }).type === 'settings/set') {
      void syncExtraSites(browser, answer.data as Settings);
    }
    return answer;
  });
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

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ID || tab?.id === undefined) return;
    void saveSelectionInTab(browser, tab.id).then((r) => (r.ok ? undefined : log(r.error)));
  });

  browser.commands?.onCommand.addListener((command, tab) => {
    if (command !== COMMAND_SAVE) return;
    void (async () => {
      const id = tab?.id ?? (await activeTabId(browser));
      if (id === undefined) return;
      const r = await saveSelectionInTab(browser, id);
      if (!r.ok) log(r.error);
    })();
  });

  // After a browser restart, make sure the extra-site registration matches the settings.
  void deps.repo.getSettings().then(
    (s) => syncExtraSites(browser, s),
    (e: unknown) => log('settings:', e),
  );

  return listener;
}
