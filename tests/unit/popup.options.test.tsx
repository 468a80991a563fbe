// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { OptionsApp, type OptionsApi } from '../../components/options/OptionsApp';
import { createBrowserApi } from '../../components/popup/api';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { handleMessage } from '../../lib/messages/handler';
import { sendMessage } from '../../lib/messages/client';
import { DEFAULT_SETTINGS } from '../../lib/schema/settings';
import { pickLang, setLanguage, t } from '../../lib/i18n';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(granted = true, requestHostPermission: OptionsApi['requestHostPermission'] = vi.fn(async () => granted)) {
  const db = new PledgemarkDB(`options-${Math.random()}`);
  const repo = new AnnotationRepository(db);
  const api: OptionsApi = {
    send: (req) => sendMessage(req, (m) => handleMessage(m, repo)),
    requestHostPermission,
  };
  const el = document.createElement('div');
  document.body.appendChild(el);
  render(<OptionsApp api={api} />, el);
  cleanups.push(() => {
    render(null, el);
    el.remove();
    db.close();
  });
  return { repo, api, el };
}

const q = (root: ParentNode, sel: string) => root.querySelector(sel) as HTMLElement;

function type(input: HTMLElement, value: string) {
  (input as HTMLInputElement).value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('options page', () => {
  it('switches auto-highlight and kinds, saved through settings/set', async () => {
    const { repo, el } = setup();
    await vi.waitFor(() => expect((q(el, '[data-testid="auto-highlight"]') as HTMLInputElement)?.checked).toBe(true));
    q(el, '[data-testid="auto-highlight"]').click();
    await vi.waitFor(async () => expect((await repo.getSettings()).autoHighlight).toBe(false));
    q(el, '[data-testid="kind-reported"]').click();
    await vi.waitFor(async () => expect((await repo.getSettings()).kinds).toEqual(['target', 'commitment']));
    q(el, '[data-testid="kind-reported"]').click();
    await vi.waitFor(async () => expect((await repo.getSettings()).kinds).toEqual(['target', 'reported', 'commitment']));
    expect(q(el, '[data-testid="options-saved"]').textContent).toBe('Saved');
  });

  it('keeps the reader\'s citation template, and shows the default until one is typed', async () => {
    const { repo, el } = setup();
    const box = await vi.waitFor(() => q(el, '[data-testid="citation-template"]') ?? Promise.reject(new Error('not yet')));
    expect((box as HTMLTextAreaElement).placeholder).toContain('{clause}');
    (box as HTMLTextAreaElement).value = '{clause} — {link}';
    box.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(async () => expect((await repo.getSettings()).citationTemplate).toBe('{clause} — {link}'));
  });

  it('switches the whole page to the language the reader picks, and keeps the choice', async () => {
    const { repo, el } = setup();
    const select = await vi.waitFor(() => q(el, '[data-testid="language"]') ?? Promise.reject(new Error('not yet')));
    (select as HTMLSelectElement).value = 'zh';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(async () => expect((await repo.getSettings()).language).toBe('zh'));
    await vi.waitFor(() => expect(el.querySelector('h1')?.textContent).toBe(t('optionsTitle', 'zh')));
    (select as HTMLSelectElement).value = 'en';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() => expect(el.querySelector('h1')?.textContent).toBe(t('optionsTitle', 'en')));
    setLanguage('auto');
  });

  it('adds an extra site after asking for its permission, normalising what was typed; rejects junk', async () => {
    const { repo, api, el } = setup();
    const box = await vi.waitFor(() => q(el, '[data-testid="extra-sites"]') ?? Promise.reject(new Error('not yet')));
    type(box.querySelector('input')!, 'https://WWW.Example.com/path?q=1');
    await new Promise((r) => setTimeout(r, 0));
    box.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(async () => expect((await repo.getSettings()).enabledSites).toEqual(['www.example.com']));
    expect(api.requestHostPermission).toHaveBeenCalledWith('www.example.com');
    await vi.waitFor(() => expect(box.textContent).toContain('www.example.com'));
    type(box.querySelector('input')!, 'not a host!');
    await new Promise((r) => setTimeout(r, 0));
    box.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect(box.textContent).toContain('Enter a host name'));
    expect((await repo.getSettings()).enabledSites).toEqual(['www.example.com']);
  });

  it('does not add a site when the permission is refused; disabled sites need no permission', async () => {
    const { repo, api, el } = setup(false);
    const box = await vi.waitFor(() => q(el, '[data-testid="extra-sites"]') ?? Promise.reject(new Error('not yet')));
    type(box.querySelector('input')!, 'www.example.com');
    await new Promise((r) => setTimeout(r, 0));
    box.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect(box.textContent).toContain('Permission was not granted.'));
    expect(await repo.getSettings()).toEqual(DEFAULT_SETTINGS);
    const off = q(el, '[data-testid="disabled-sites"]');
    type(off.querySelector('input')!, 'www.gz.gov.cn');
    await new Promise((r) => setTimeout(r, 0));
    off.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(async () => expect((await repo.getSettings()).disabledSites).toEqual(['www.gz.gov.cn']));
    expect(api.requestHostPermission).toHaveBeenCalledTimes(1);
  });
});

describe('options page: extra sites need scripting too', () => {
  it('adding a site asks for its origin and scripting in one request, inside the submit; a refusal adds nothing', async () => {
    for (const grant of [true, false]) {
      const request = vi.fn(async (_p: unknown) => grant);
      const real = createBrowserApi({ permissions: { request } } as never);
      const { repo, el } = setup(grant, real.requestHostPermission);
      const box = await vi.waitFor(() => q(el, '[data-testid="extra-sites"]') ?? Promise.reject(new Error('not yet')));
      type(box.querySelector('input')!, 'www.example.com');
      await new Promise((r) => setTimeout(r, 0));
      box.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
      // Synchronously, within the submit's dispatch: still the reader's gesture.
      expect(request).toHaveBeenCalledTimes(1);
      expect(request).toHaveBeenCalledWith({ permissions: ['scripting'], origins: ['*://www.example.com/*'] });
      if (grant) await vi.waitFor(async () => expect((await repo.getSettings()).enabledSites).toEqual(['www.example.com']));
      else {
        await vi.waitFor(() => expect(box.textContent).toContain('Permission was not granted.'));
        expect(await repo.getSettings()).toEqual(DEFAULT_SETTINGS);
      }
      cleanups.splice(0).forEach((c) => c());
    }
  });
});

describe('i18n', () => {
  it('picks Chinese for zh-* and English otherwise', () => {
    expect(pickLang('zh-CN')).toBe('zh');
    expect(pickLang('zh-Hant-TW')).toBe('zh');
    expect(pickLang('zh')).toBe('zh');
    expect(pickLang('en-US')).toBe('en');
    expect(pickLang('zu')).toBe('en');
    expect(pickLang(undefined)).toBe('en');
    expect(t('saveToPledgemark', 'zh')).toBe('保存到 Pledgemark');
    expect(t('saveToPledgemark', 'en')).toBe('Save to Pledgemark');
  });
});
