/**
 * After the store changed (a note saved, edited, deleted, brought back, imported or restored), every open tab's
 * content script is told to read its page's saved list again, so no tab shows a note that is gone or an old
 * one. The message carries only the page URL (or none: every page) — never a note, a tag or an id.
 */
import type { browser as browserApi } from 'wxt/browser';
import { log } from '../util/log';

type BrowserApi = typeof browserApi;

export const ANNOTATIONS_CHANGED = 'annotations/changed';
export interface AnnotationsChanged {
  type: typeof ANNOTATIONS_CHANGED;
  /** The page whose notes changed; absent when many pages may have (import, restore). */
  url?: string;
}

/** Which store changes are told to the tabs, and the page URL each concerns (undefined: any page). */
export function changedUrl(type: string | undefined, data: unknown, urlBefore?: string): { url?: string } | null {
  switch (type) {
    case 'annotation/save':
    case 'annotation/update':
    case 'annotation/undoDelete': {
      const url = (data as { url?: unknown } | null)?.url;
      return typeof url === 'string' ? { url } : {};
    }
    case 'annotation/delete':
      return (data as { deleted?: unknown } | null)?.deleted ? (urlBefore !== undefined ? { url: urlBefore } : {}) : null;
    case 'import':
    case 'backup/restore':
      return {};
    default:
      return null;
  }
}

/**
 * Sends the change to every tab but `exceptTab` (the tab whose own frame saved it reads its list itself). Tabs
 * without our content script refuse the message; that is expected and not logged.
 */
export async function broadcastChanged(browser: BrowserApi, change: { url?: string }, exceptTab?: number): Promise<void> {
  if (!browser.tabs?.query || !browser.tabs.sendMessage) return;
  const message: AnnotationsChanged = { type: ANNOTATIONS_CHANGED, ...(change.url !== undefined ? { url: change.url } : {}) };
  try {
    const tabs = await browser.tabs.query({});
    await Promise.all(
      tabs
        .filter((t) => typeof t.id === 'number' && t.id !== exceptTab)
        .map((t) => browser.tabs.sendMessage(t.id!, message).catch(() => undefined)),
    );
  } catch (e) {
    log('telling the tabs of a change:', e);
  }
}
