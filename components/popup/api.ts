import { browser } from 'wxt/browser';
import { runtimeTransport, sendMessage, sendToTab } from '../../lib/messages/client';
import { channelTransport } from '../../lib/messages/bulk';
import type { Envelope, Request, ResponseFor } from '../../lib/messages/protocol';
import type { TabRequest, TabResponseFor } from '../../lib/messages/tab';
import type { ExportFile } from '../../lib/export';
import { CONTENT_SCRIPT_FILE } from '../../lib/messages/paths';
import { t } from '../../lib/i18n';
import { originPattern } from '../../lib/sync/connection';

type BrowserApi = typeof browser;

export interface ActiveTab {
  id: number;
  url: string;
  title: string;
}

/** Everything the popup and options page need from the outside world (tests pass a fake). */
export interface PopupApi {
  send<T extends Request>(req: T): Promise<Envelope<ResponseFor<T['type']>>>;
  toTab<T extends TabRequest>(tabId: number, req: T): Promise<Envelope<TabResponseFor<T['type']>>>;
  activeTab(): Promise<ActiveTab | null>;
  /**
   * Puts the content script into the tab: asks for the optional `scripting` permission first (must be the
   * first await of a click handler), then injects with the access the popup's click on the toolbar button
   * gave (activeTab) or a granted host permission. A refusal injects nothing.
   */
  inject(tab: ActiveTab): Promise<Envelope<null>>;
  /**
   * Asks the reader, in one request, for `*://host/*` and the `scripting` permission that registering
   * the content script for the site needs (must be the first await of a click handler).
   */
  requestHostPermission(host: string): Promise<boolean>;
  /**
   * Asks for the host permission of a notebook's server (its origin, any port), from a click: the first await of
   * the click handler. Never asked before the reader tests or saves a notebook.
   */
  requestOrigin?(server: string): Promise<boolean>;
  /** Gives the server's host permission back (a notebook removed). Never throws. */
  dropOrigin?(server: string): Promise<void>;
  /** Saves a file through a Blob URL and <a download>. */
  download(file: ExportFile): void;
  /** Opens one of the extension's pages (table.html?tab=…) in a new tab. */
  openPage(path: string): void;
  /** Puts text on the clipboard (a click's gesture is still on). */
  copy(text: string): Promise<void>;
}

export function downloadFile(file: ExportFile, doc: Document = document): void {
  const blob = new Blob([file.content], { type: file.mime });
  const href = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = href;
  a.download = file.filename;
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The permissions API, or a refusal when the call itself fails (no user gesture, a pattern not declared). */
async function requestPermissions(b: BrowserApi, request: { permissions?: string[]; origins?: string[] }): Promise<boolean> {
  try {
    return await b.permissions.request(request as Parameters<BrowserApi['permissions']['request']>[0]);
  } catch {
    return false;
  }
}

const bulkTransport = channelTransport(runtimeTransport);

export function createBrowserApi(b: BrowserApi = browser): PopupApi {
  // One request for both: a second permissions.request after an await may no longer count as the click's gesture.
  const requestHostPermission = (host: string) => requestPermissions(b, { permissions: ['scripting'], origins: [`*://${host}/*`] });
  return {
    // Big answers (exports, backups) come back on the extension's BroadcastChannel (lib/messages/bulk.ts).
    send: (req) => sendMessage(req, bulkTransport),
    toTab: (tabId, req) => sendToTab(tabId, req),
    async activeTab() {
      const [tab] = await b.tabs.query({ active: true, currentWindow: true });
      if (!tab || tab.id === undefined) return null;
      return { id: tab.id, url: tab.url ?? '', title: tab.title ?? '' };
    },
    async inject(tab) {
      // `scripting` is optional and carries no install warning, so the browser grants it without a
      // prompt; it still has to be asked for here, first, inside the click. No host origin is asked for: the
      // popup sees the tab's URL only through activeTab (the toolbar click) or a granted host permission, and
      // either lets executeScript run on the page.
      if (!(await requestPermissions(b, { permissions: ['scripting'] }))) return { ok: false, error: t('scriptingDenied') };
      try {
        await b.scripting.executeScript({ target: { tabId: tab.id }, files: [CONTENT_SCRIPT_FILE] });
        return { ok: true, data: null };
      } catch (e) {
        return { ok: false, error: messageOf(e) };
      }
    },
    requestHostPermission,
    requestOrigin: (server) => requestPermissions(b, { origins: [originPattern(server)] }),
    async dropOrigin(server) {
      try {
        await b.permissions.remove({ origins: [originPattern(server)] });
      } catch {
        // Not granted, or granted as part of a wider pattern the reader gave for a site: nothing to give back.
      }
    },
    download: (file) => downloadFile(file),
    copy: (text) => navigator.clipboard.writeText(text),
    openPage: (path) => void b.tabs.create({ url: b.runtime.getURL(path as Parameters<BrowserApi['runtime']['getURL']>[0]) }),
  };
}
