import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';

/**
 * The install asks only for storage, contextMenus, activeTab and gov.cn; everything else
 * (`scripting`, access to other sites) is optional, asked for when the reader runs Pledgemark elsewhere.
 * This reads the manifest wxt.config.ts declares; tests/e2e/extension.test.ts checks the built one in Chromium.
 */
type Manifest = { browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string } }; permissions?: string[]; host_permissions?: string[]; optional_permissions?: string[]; optional_host_permissions?: string[] };

async function declared(manifestVersion: 2 | 3, browser: string): Promise<Manifest> {
  const m = config.manifest;
  const env = { manifestVersion, browser, mode: 'production', command: 'build' };
  return (typeof m === 'function' ? await (m as (e: typeof env) => Manifest | Promise<Manifest>)(env) : await m) as Manifest;
}

describe('manifest permissions', () => {
  it('Chrome MV3: requires exactly storage, unlimitedStorage (no warning), contextMenus, activeTab and *.gov.cn; scripting and *://*/* are optional', async () => {
    const m = await declared(3, 'chrome');
    expect([...(m.permissions ?? [])].sort()).toEqual(['activeTab', 'contextMenus', 'storage', 'unlimitedStorage']);
    expect(m.host_permissions).toEqual(['*://*.gov.cn/*']);
    expect(m.optional_permissions).toEqual(['scripting']);
    expect(m.optional_host_permissions).toEqual(['*://*/*']);
  });

  it('Firefox MV2: the same required set but unlimitedStorage (Firefox would ask about it at install); scripting and *://*/* in optional_permissions (MV2 has no optional_host_permissions)', async () => {
    const m = await declared(2, 'firefox');
    expect([...(m.permissions ?? [])].sort()).toEqual(['activeTab', 'contextMenus', 'storage']);
    // WXT moves host_permissions into permissions for MV2: still only gov.cn.
    expect(m.host_permissions).toEqual(['*://*.gov.cn/*']);
    expect([...(m.optional_permissions ?? [])].sort()).toEqual(['*://*/*', 'scripting']);
  });

  it('Firefox carries a fixed add-on id (storage survives a reinstall); Chrome has no gecko settings', async () => {
    const ff = await declared(2, 'firefox');
    expect(ff.browser_specific_settings?.gecko?.id).toBe('pledgemark@pledgemark.org');
    expect(ff.browser_specific_settings?.gecko?.strict_min_version).toMatch(/^\d+\.0$/);
    expect((await declared(3, 'chrome')).browser_specific_settings).toBeUndefined();
  });
});

describe('icons', () => {
  it('has a PNG of each size the stores and toolbars ask for (WXT lists public/icon/<size>.png in the manifest)', async () => {
    const { readFileSync } = await import('node:fs');
    for (const size of [16, 32, 48, 128]) {
      const png = readFileSync(new URL(`../../public/icon/${size}.png`, import.meta.url));
      expect(png.subarray(1, 4).toString('ascii'), `${size}.png`).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], `${size}.png`).toEqual([size, size]);
    }
  });
});
