import { SettingsSchema, type Settings } from '../schema/settings';

/**
 * A copy of the reader's settings in the extension's storage.local, written by the background whenever they
 * change. The settings themselves live in the background's Dexie database; the copy lets a content script
 * read them at page start without waking the service worker and waiting for a database read (the first
 * highlights wait for the settings). A missing or invalid copy falls back to the `settings/get` message.
 */
export const SETTINGS_CACHE_KEY = 'pledgemark:settings';

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
    const parsed = SettingsSchema.safeParse(got?.[SETTINGS_CACHE_KEY]);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
