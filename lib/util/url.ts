/**
 * URLs as Pledgemark keys and shows them. One normaliser for the page an annotation belongs to, used by the
 * content script when it saves and asks, and by the store when it writes and looks up: if the two differed, a
 * saved note would not be found again on its own page.
 */

/**
 * The page a URL stands for: the #fragment (including a text fragment, `#:~:text=`) is dropped, the query kept
 * (`?id=3` is another article on many CMS sites). A string that does not parse as a URL loses its fragment too.
 */
export function normaliseUrl(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href;
  } catch {
    const i = url.indexOf('#');
    return i < 0 ? url : url.slice(0, i);
  }
}

/** The host name of `url` ("www.example.gov.cn"), or '' when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** `url` when it may become a link (http or https only: a saved URL could be anything that parses), else undefined. */
export function safeHref(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
