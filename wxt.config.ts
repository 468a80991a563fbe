import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  vite: () => ({ plugins: [preact()] }),
  manifest: {
    name: 'Pledgemark',
    description: 'Highlights the targets, reported figures and commitments in Chinese government reports.',
    permissions: ['storage'],
  },
});
