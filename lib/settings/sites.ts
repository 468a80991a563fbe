import type { Settings } from '../schema/settings';

/** Pure helpers over Settings (which sites Pledgemark runs on), shared by the popup, the options page and the content script. */

/** True for gov.cn and its subdomains, where Pledgemark runs without being asked. */
export function isGovCn(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'gov.cn' || h.endsWith('.gov.cn');
}

/** Normalises what a reader types ("https://Www.Example.com/path") to a host name ("www.example.com"). */
export function normaliseSite(input: string): string {
  const s = input.trim().toLowerCase();
  if (!s) return '';
  try {
    return new URL(s.includes('://') ? s : `http://${s}`).hostname;
  } catch {
    return s;
  }
}

/** Whether Pledgemark runs on `host`: disabled sites are off; gov.cn and extra sites are on. */
export function isSiteEnabled(settings: Settings, host: string): boolean {
  const h = host.toLowerCase();
  if (settings.disabledSites.includes(h)) return false;
  return isGovCn(h) || settings.enabledSites.includes(h);
}

/** The settings with `host` switched on or off (a new object; the input is not changed). */
export function withSiteEnabled(settings: Settings, host: string, on: boolean): Settings {
  const h = host.toLowerCase();
  const disabled = settings.disabledSites.filter((s) => s !== h);
  const enabled = settings.enabledSites.filter((s) => s !== h);
  if (on) {
    if (!isGovCn(h)) enabled.push(h);
  } else {
    disabled.push(h);
  }
  return { ...settings, enabledSites: enabled, disabledSites: disabled };
}
