/** The built content script (entrypoints/content/index.ts), for scripting.executeScript on pages outside gov.cn. */
export const CONTENT_SCRIPT_FILE = '/content-scripts/content.js' as const;
/** The document_start script that reads the settings early (entrypoints/settings-prefetch.content.ts). */
export const PREFETCH_SCRIPT_FILE = '/content-scripts/settings-prefetch.js' as const;
