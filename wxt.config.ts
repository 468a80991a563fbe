import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  // No modulepreload polyfill: it is a fetch() helper, and an extension loads only its own files.
  vite: () => ({ plugins: [preact()], build: { modulePreload: { polyfill: false } } }),
  manifest: ({ manifestVersion }) => ({
    name: 'Pledgemark',
    description: 'Highlights the targets, reported figures and commitments in Chinese government reports.',
    permissions: ['storage', 'contextMenus', 'activeTab', 'scripting'],
    host_permissions: ['*://*.gov.cn/*'],
    // Asked for from the popup/options only when the reader runs Pledgemark on another site.
    optional_host_permissions: ['*://*/*'],
    // Firefox MV2 has no optional_host_permissions: the same pattern goes in optional_permissions.
    ...(manifestVersion === 2 ? { optional_permissions: ['*://*/*'] } : {}),
    commands: {
      'save-selection': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Save the selected text to Pledgemark',
      },
    },
  }),
});
