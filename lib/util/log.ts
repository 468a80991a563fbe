/**
 * The one logger: warnings go to the console with one prefix, so a reader filtering the console for
 * "[Pledgemark]" sees every part of the extension (background, content script). Never throws: on a web page
 * the console may have been replaced by the page's own scripts.
 */
export function log(...args: unknown[]): void {
  try {
    console.warn('[Pledgemark]', ...args);
  } catch {
    // no usable console
  }
}
