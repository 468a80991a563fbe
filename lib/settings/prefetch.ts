/**
 * The settings copy's storage key, and its early read. This module imports nothing (no zod): the document_start
 * content script (entrypoints/settings-prefetch.content.ts) bundles only this.
 *
 * Why: the first highlights wait for the settings (a site switched off, auto-highlight off, the kinds shown),
 * and a storage.local read is a round trip to the browser process that takes several milliseconds while a
 * page is loading. Started at document_start, the read is answered while the page is still being parsed; the
 * main content script (document_idle, the same isolated world) takes the answer and validates it
 * (cache.ts takeSettingsCache). The page never sees it: a content script's globals live in the
 * extension's isolated world.
 */
export const SETTINGS_CACHE_KEY = 'pledgemark:settings';

/** Where the pending read waits for the main content script (a property of the isolated world's global). */
export const PREFETCH_SLOT = '__pledgemarkSettingsPrefetch';

/** The part of browser.storage.local read here. */
export interface CacheReader {
  get(key: string): Promise<Record<string, unknown>>;
}

type Slot = { [PREFETCH_SLOT]?: Promise<unknown> };

/** Starts reading the settings copy and leaves the pending answer (the raw stored value) in `scope`. Never throws. */
export function prefetchSettings(area: CacheReader | undefined, scope: object = globalThis): void {
  try {
    if (!area) return;
    const pending = area.get(SETTINGS_CACHE_KEY).then((got) => got?.[SETTINGS_CACHE_KEY]);
    pending.catch(() => {}); // taken (and its failure handled) by the main content script, or never
    (scope as Slot)[PREFETCH_SLOT] = pending;
  } catch {
    // no storage: the main content script reads (or asks) itself
  }
}

/** The pending prefetched read, removed from `scope` (taken once), or null when there was none. */
export function takePrefetch(scope: object = globalThis): Promise<unknown> | null {
  try {
    const slot = scope as Slot;
    const pending = slot[PREFETCH_SLOT];
    if (!pending || typeof (pending as Promise<unknown>).then !== 'function') return null;
    delete slot[PREFETCH_SLOT];
    return pending;
  } catch {
    return null;
  }
}
