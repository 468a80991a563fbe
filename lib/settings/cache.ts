import { SettingsSchema, type Settings } from '../schema/settings';
import { SETTINGS_CACHE_KEY, takePrefetch } from './prefetch';

export { SETTINGS_CACHE_KEY } from './prefetch';

/**
 * A copy of the reader's settings in the extension's storage.local, written by the background whenever they
 * change. The settings themselves live in the background's Dexie database; the copy lets a content script
 * read them at page start without waking the service worker and waiting for a database read (the first
 * highlights wait for the settings). A missing or invalid copy falls back to the `settings/get` message.
 */

/** The part of browser.storage.local used here. */
export interface CacheArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export async function writeSettingsCache(area: CacheArea, settings: Settings): Promise<void> {
  await area.set({ [SETTINGS_CACHE_KEY]: SettingsSchema.parse(settings) });
}

/** The cached settings, or null when there is no valid copy (never throws). */
export async function readSettingsCache(area: CacheArea | undefined): Promise<Settings | null> {
  try {
    if (!area) return null;
    const got = await area.get(SETTINGS_CACHE_KEY);
    return validCopy(got?.[SETTINGS_CACHE_KEY]);
  } catch {
    return null;
  }
}

/** Where the main content script's settings came from (the first highlights wait for them). */
export type SettingsSource = 'prefetch' | 'storage';

/**
 * The cached settings for the main content script: the read the document_start script began
 * (prefetch.ts) when there is one, else a read started now. Validated either way; null when there is
 * no valid copy (never throws).
 */
export async function takeSettingsCache(
  area: CacheArea | undefined,
  scope: object = globalThis,
): Promise<{ settings: Settings; from: SettingsSource } | null> {
  const pending = takePrefetch(scope);
  if (pending) {
    try {
      const settings = validCopy(await pending);
      if (settings) return { settings, from: 'prefetch' };
    } catch {
      // a failed early read: read again below
    }
  }
  const settings = await readSettingsCache(area);
  return settings ? { settings, from: 'storage' } : null;
}

function validCopy(value: unknown): Settings | null {
  const parsed = SettingsSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
