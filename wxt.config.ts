import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/**
 * Firefox: a fixed id, so that the extension's storage and IndexedDB (keyed by the id) survive an update or
 * a reinstall, and so that AMO signs it. Firefox 140 is the first release that reads
 * data_collection_permissions, and the oldest ESR still supported; the APIs used (scripting in MV2,
 * including registerContentScripts; permissions.onAdded; Object.hasOwn; popover where present) are all older.
 * Pledgemark collects nothing and sends nothing: `none`.
 */
const GECKO = {
  id: 'pledgemark@pledgemark.org',
  strict_min_version: '140.0',
  data_collection_permissions: { required: ['none'] },
};

export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  // No modulepreload polyfill: it is a fetch() helper, and an extension loads only its own files.
  vite: () => ({ plugins: [preact()], build: { modulePreload: { polyfill: false } } }),
  manifest: ({ manifestVersion, browser }) => ({
    name: 'Pledgemark',
    description: 'Highlights the targets, reported figures and commitments in Chinese government reports.',
    // The install asks for no more than this (no install warning beyond gov.cn): the fewest permissions.
    // unlimitedStorage (Chrome only: it carries no warning there): the evidence store keeps every saved page's
    // text, and without it the extension's IndexedDB shares the browser's best-effort quota and may be evicted
    // under disk pressure. Firefox asks the reader about it at install, so there the store relies on
    // navigator.storage.persist() (background.ts) instead.
    permissions: browser === 'firefox' ? ['storage', 'contextMenus', 'activeTab'] : ['storage', 'contextMenus', 'activeTab', 'unlimitedStorage'],
    host_permissions: ['*://*.gov.cn/*'],
    // Asked for only when the reader runs Pledgemark outside gov.cn: `scripting` by "Run Pledgemark on
    // this page" in the popup (Chrome grants it without a prompt: it carries no warning), a site's origin
    // together with `scripting` when the reader switches a site on (popup or options).
    // Firefox MV2 has no optional_host_permissions: there the pattern goes in optional_permissions too.
    optional_permissions: manifestVersion === 2 ? ['scripting', '*://*/*'] : ['scripting'],
    optional_host_permissions: ['*://*/*'],
    // The annotator frame (the note editor and a saved note's tooltip) is framed in the report pages the content
    // script runs on: only those may load it.
    web_accessible_resources:
      manifestVersion === 2 ? ['annotator.html'] : [{ resources: ['annotator.html'], matches: ['*://*.gov.cn/*'] }],
    commands: {
      'save-selection': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Save the selected text to Pledgemark',
      },
    },
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: GECKO } } : {}),
  }),
});
