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
    // The install asks for no more than this (no install warning beyond gov.cn): the fewest permissions.
    permissions: ['storage', 'contextMenus', 'activeTab'],
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
  }),
});
