/** Loads `html` as the current (jsdom) document: its head and body, without a Pledgemark UI left from a test before. */
export function loadPage(html: string): void {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.head.replaceWith(document.importNode(parsed.head, true));
  document.body.replaceWith(document.importNode(parsed.body, true));
  document.querySelectorAll('pledgemark-ui').forEach((e) => e.remove());
}
