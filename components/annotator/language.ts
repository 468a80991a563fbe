import { currentLang, setLanguage } from '../../lib/i18n';
import type { Envelope } from '../../lib/messages/protocol';
import type { Settings } from '../../lib/schema/settings';
import { readSettingsCache, type CacheArea } from '../../lib/settings/cache';

/** How long the frame waits for the settings message before it draws in the browser's language. */
export const LANGUAGE_WAIT_MS = 500;

/**
 * Before the annotator frame draws: the reader's language, from the copy of the settings in storage.local (no
 * service worker to wake: the editor must open at once), else from the settings/get message if it answers
 * within LANGUAGE_WAIT_MS; the browser's language otherwise. The document's lang follows.
 */
export async function applyFrameLanguage(
  area: CacheArea | undefined,
  send: (req: { type: 'settings/get' }) => Promise<Envelope<Settings>>,
  doc: Document = document,
  waitMs = LANGUAGE_WAIT_MS,
): Promise<void> {
  const find = async (): Promise<Settings['language'] | null> => {
    const cached = await readSettingsCache(area);
    if (cached) return cached.language;
    const r = await send({ type: 'settings/get' });
    return r.ok ? r.data.language : null;
  };
  // Whatever does not answer in time (a browser that holds the storage call back, a sleeping background), the
  // frame draws anyway.
  const language = await Promise.race([find().catch(() => null), new Promise<null>((resolve) => setTimeout(() => resolve(null), waitMs))]);
  if (language) setLanguage(language);
  doc.documentElement.lang = currentLang() === 'zh' ? 'zh-CN' : 'en';
}
