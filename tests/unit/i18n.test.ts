// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { DICTIONARIES, currentLang, setLanguage, t } from '../../lib/i18n';
import { applyLanguage } from '../../components/popup/language';
import { DEFAULT_SETTINGS } from '../../lib/schema/settings';

afterEach(() => setLanguage('auto'));

describe('the UI strings', () => {
  it('hold the same keys in zh and en, none empty', () => {
    expect(Object.keys(DICTIONARIES.zh).sort()).toEqual(Object.keys(DICTIONARIES.en).sort());
    for (const lang of ['zh', 'en'] as const) for (const [k, v] of Object.entries(DICTIONARIES[lang])) expect(v.trim(), `${lang}.${k}`).not.toBe('');
  });
  it('name the kinds with one glossary: 已报告 for reported, never 已完成', () => {
    expect([t('kindTarget', 'zh'), t('kindReported', 'zh'), t('kindCommitment', 'zh')]).toEqual(['目标', '已报告', '承诺']);
    expect(Object.values(DICTIONARIES.zh).join('\n')).not.toContain('已完成');
  });
  it('follow the reader\'s language over the browser\'s, and the browser\'s on auto', async () => {
    const browser = currentLang();
    const other = browser === 'zh' ? 'en' : 'zh';
    const send = async () => ({ ok: true as const, data: { ...DEFAULT_SETTINGS, language: other } });
    await applyLanguage({ send } as never, document);
    expect(currentLang()).toBe(other);
    expect(t('kindTarget')).toBe(DICTIONARIES[other].kindTarget);
    expect(document.documentElement.lang).toBe(other === 'zh' ? 'zh-CN' : 'en');
    setLanguage('auto');
    expect(currentLang()).toBe(browser);
  });
});
