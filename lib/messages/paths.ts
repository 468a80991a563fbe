/** The built content script (entrypoints/content/index.ts), for scripting.executeScript on pages outside gov.cn. */
export const CONTENT_SCRIPT_FILE = '/content-scripts/content.js' as const;
