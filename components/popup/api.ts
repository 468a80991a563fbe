import { browser } from 'wxt/browser';
import { sendMessage, sendToTab } from '../../lib/messages/client';
import type { Envelope, Request, ResponseFor } from '../../lib/messages/protocol';
import type { TabRequest, TabResponseFor } from '../../lib/messages/tab';
import type { ExportFile } from '../../lib/export';
import { CONTENT_SCRIPT_FILE } from '../../lib/messages/paths';

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
  /** Puts the content script into the tab (activeTab; else asks for the site's host permission first). */
  inject(tab: ActiveTab): Promise<Envelope<null>>;
  /** Asks the reader for `*://host/*` (must run inside a click handler). */
  requestHostPermission(host: string): Promise<boolean>;
  /** Saves a file through a Blob URL and <a download>. */
  download(file: ExportFile): void;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** Only http(s) URLs become links (a saved URL could be anything that parses). */
export function safeHref(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
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

export function createBrowserApi(): PopupApi {
  const requestHostPermission = async (host: string) => {
    try {
      return await browser.permissions.request({ origins: [`*://${host}/*`] });
    } catch {
      return false;
    }
  };
  return {
    send: (req) => sendMessage(req),
    toTab: (tabId, req) => sendToTab(tabId, req),
    async activeTab() {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (!tab || tab.id === undefined) return null;
      return { id: tab.id, url: tab.url ?? '', title: tab.title ?? '' };
    },
    async inject(tab) {
      const run = () => browser.scripting.executeScript({ target: { tabId: tab.id }, files: [CONTENT_SCRIPT_FILE] });
      try {
        await run();
        return { ok: true, data: null };
      } catch (first) {
        const host = hostOf(tab.url);
        if (!host || !(await requestHostPermission(host))) return { ok: false, error: messageOf(first) };
        try {
          await run();
          return { ok: true, data: null };
        } catch (e) {
          return { ok: false, error: messageOf(e) };
        }
      }
    },
    requestHostPermission,
    download: (file) => downloadFile(file),
  };
}
