import { currentLang, setLanguage } from '../../lib/i18n';
import type { PopupApi } from './api';

/**
 * Before an extension page draws: the reader's language from the settings (the browser's when unset or
 * unreadable), and the document's lang to match so fonts and screen readers follow.
 */
export async function applyLanguage(api: Pick<PopupApi, 'send'>, doc: Document = document): Promise<void> {
  const r = await api.send({ type: 'settings/get' }).catch(() => null);
  if (r?.ok) setLanguage(r.data.language);
  doc.documentElement.lang = currentLang() === 'zh' ? 'zh-CN' : 'en';
}
