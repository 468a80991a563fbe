import { log } from '../util/log';

/**
 * The page URLs our content script runs on in each tab, as the browser names its senders (runtime.MessageSender
 * `url`: filled by the browser, not by the page). The annotator frame (our page framed in a report page) has
 * the rights of a content script of its tab; its tab's URL is the top page's, but a report in a sub-frame is
 * another URL — the one its content script runs on and tells the frame to save for. So the frame may also act
 * for these. Kept in storage.session where there is one, so a service worker that was stopped still knows.
 */

/** The part of storage.session used here (absent: memory only). */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

/** At most this many URLs are kept per tab (the latest). */
const PER_TAB = 20;
const keyOf = (tabId: number) => `pm-tab-frames:${tabId}`;

export class TabFrames {
  private readonly byTab = new Map<number, string[]>();

  constructor(private readonly session?: SessionArea) {}

  /** A content script in tab `tabId` spoke from `url` (normalised). */
  record(tabId: number, url: string): void {
    const list = this.byTab.get(tabId) ?? [];
    if (list.at(-1) === url) return;
    const next = [...list.filter((u) => u !== url), url].slice(-PER_TAB);
    this.byTab.set(tabId, next);
    this.session?.set({ [keyOf(tabId)]: next }).catch((e: unknown) => log('tab frames:', e));
  }

  /** The URLs our content script was seen on in tab `tabId`. */
  async urlsOf(tabId: number): Promise<string[]> {
    const known = this.byTab.get(tabId);
    if (known || !this.session) return known ?? [];
    try {
      const got = (await this.session.get(keyOf(tabId)))[keyOf(tabId)];
      const list = Array.isArray(got) ? got.filter((u): u is string => typeof u === 'string') : [];
      this.byTab.set(tabId, list);
      return list;
    } catch (e) {
      log('tab frames:', e);
      return [];
    }
  }

  forget(tabId: number): void {
    this.byTab.delete(tabId);
    this.session?.remove(keyOf(tabId)).catch((e: unknown) => log('tab frames:', e));
  }
}
