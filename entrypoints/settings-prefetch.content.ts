/**
 * Content script at document_start: begins reading the settings copy while the page is still loading, so the
 * main content script (./content, document_idle) finds the answer ready and paints the first highlights sooner.
 * All of it is in lib/settings/prefetch.ts.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { prefetchSettings, type CacheReader } from '../lib/settings/prefetch';

export default defineContentScript({
  matches: ['*://*.gov.cn/*'],
  allFrames: true,
  runAt: 'document_start',
  main() {
    prefetchSettings(browser.storage?.local as CacheReader | undefined);
  },
});
