import { describe, expect, it, vi } from 'vitest';
import { prefetchSettings, takePrefetch, PREFETCH_SLOT, SETTINGS_CACHE_KEY } from '../../lib/settings/prefetch';
import { takeSettingsCache } from '../../lib/settings/cache';
import { DEFAULT_SETTINGS } from '../../lib/schema/settings';
import prefetchEntry from '../../entrypoints/settings-prefetch.content';
import contentEntry from '../../entrypoints/content/index';

/**
 * The settings read begun at document_start (entrypoints/settings-prefetch.content.ts) and taken by the main
 * content script at document_idle: one storage read, validated when taken, a fresh read when it is missing,
 * failed or invalid.
 */
function area(value: unknown, opts: { fail?: boolean } = {}) {
  const get = vi.fn(async (key: string) => {
    if (opts.fail) throw new Error('storage unavailable');
    return value === undefined ? {} : { [key]: value };
  });
  return { get, set: vi.fn(async () => {}) };
}

describe('settings prefetch', () => {
  it('the main script takes the early read: one storage read, validated, marked as prefetched', async () => {
    const scope = {};
    const a = area({ ...DEFAULT_SETTINGS, autoHighlight: false });
    prefetchSettings(a, scope);
    expect(a.get).toHaveBeenCalledTimes(1);
    expect(a.get).toHaveBeenCalledWith(SETTINGS_CACHE_KEY);
    expect(await takeSettingsCache(a, scope)).toEqual({ settings: { ...DEFAULT_SETTINGS, autoHighlight: false }, from: 'prefetch' });
    expect(a.get).toHaveBeenCalledTimes(1);
    // Taken once: the slot is empty, and a second take reads storage afresh.
    expect(PREFETCH_SLOT in scope).toBe(false);
    expect(await takeSettingsCache(a, scope)).toEqual({ settings: { ...DEFAULT_SETTINGS, autoHighlight: false }, from: 'storage' });
    expect(a.get).toHaveBeenCalledTimes(2);
  });

  it('no prefetch (a page where only the main script was injected): reads storage now', async () => {
    const a = area(DEFAULT_SETTINGS);
    expect(takePrefetch({})).toBeNull();
    expect(await takeSettingsCache(a, {})).toEqual({ settings: DEFAULT_SETTINGS, from: 'storage' });
    expect(a.get).toHaveBeenCalledTimes(1);
  });

  it('an invalid prefetched copy is never used; a failed early read is retried; nothing valid gives null', async () => {
    const bad = area({ autoHighlight: 'yes' });
    const scope1 = {};
    prefetchSettings(bad, scope1);
    expect(await takeSettingsCache(bad, scope1)).toBeNull();

    // The early read failed (no unhandled rejection), the later one works.
    const scope2 = {};
    let calls = 0;
    const flaky = {
      get: vi.fn(async (key: string) => {
        if (calls++ === 0) throw new Error('not yet');
        return { [key]: DEFAULT_SETTINGS };
      }),
      set: async () => {},
    };
    prefetchSettings(flaky, scope2);
    expect(await takeSettingsCache(flaky, scope2)).toEqual({ settings: DEFAULT_SETTINGS, from: 'storage' });
    expect(flaky.get).toHaveBeenCalledTimes(2);

    const down = area(undefined, { fail: true });
    const scope3 = {};
    prefetchSettings(down, scope3);
    expect(await takeSettingsCache(down, scope3)).toBeNull();
  });

  it('never throws: no storage area, a throwing get, a foreign value in the slot', async () => {
    const scope: Record<string, unknown> = {};
    expect(() => prefetchSettings(undefined, scope)).not.toThrow();
    expect(PREFETCH_SLOT in scope).toBe(false);
    expect(() => prefetchSettings({ get: () => { throw new Error('sync throw'); } } as never, scope)).not.toThrow();
    scope[PREFETCH_SLOT] = 'page junk';
    expect(takePrefetch(scope)).toBeNull();
    expect(await takeSettingsCache(undefined, scope)).toBeNull();
  });

  it('the prefetch script runs at document_start on every page and frame the main script runs on', () => {
    expect(prefetchEntry.runAt).toBe('document_start');
    expect(contentEntry.runAt).toBe('document_idle');
    expect(prefetchEntry.matches).toEqual(contentEntry.matches);
    expect(prefetchEntry.allFrames).toBe(contentEntry.allFrames);
  });
});
