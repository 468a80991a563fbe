import type { Request } from './protocol';
import { normaliseUrl } from '../util/url';

/**
 * Who may ask the background for what.
 *
 * The background owns the reader's notes. A content script runs inside a page the reader does not control; if
 * that page's renderer is compromised, whatever the content script may send, the page may send. So a content
 * script gets exactly what it needs for its own page — read, save and update the annotations of the URL it runs
 * on, keep that page's snapshot — and nothing that reveals other pages or changes everything (exports, backup,
 * restore, import, settings writes, the full list, deletes).
 *
 * How the browsers fill runtime.MessageSender (Chrome and Firefox alike):
 * - extension pages (popup, options, snapshot view): `url` is the extension's own URL (chrome-extension://ID/…,
 *   moz-extension://UUID/…); `tab` is absent for the popup, present (frameId 0, the same URL) for a page opened
 *   in a tab;
 * - content scripts: `url` is the URL of the frame the script runs in (the web page), `tab` is the page's tab;
 * - an extension page framed inside a web page (a web-accessible resource): `url` is the extension's, `tab` the
 *   web page's tab and `frameId` > 0 — it is our code, but it sits in a page the reader does not control, so it
 *   gets the same rights as a content script on that tab's URL;
 * - `id` is the sending extension's id; `origin` (where the browser gives it) is the frame's origin.
 * The browser fills these in its own process: a page cannot choose them.
 */

/** What a sender is, as far as the background is concerned. */
export type Caller =
  | { kind: 'extension' }
  /**
   * A content script (or an extension frame inside a web page) on `url` (normalised); null: no page URL known.
   * `also`: for our frame in a web page, the other URLs our content script runs on in that tab (a report in a
   * sub-frame: lib/messages/frames.ts), which it may act for as well. `frame`: it is our page framed in the web
   * page (the annotator), not a content script: it alone gets the notes and tags (lib/messages/redact.ts).
   */
  | { kind: 'page'; url: string | null; also?: readonly string[]; frame?: true }
  | { kind: 'unknown'; why: string };

export interface Self {
  /** runtime.id; undefined when the environment has none (then the id is not compared). */
  id?: string;
  /** runtime.getURL(''): the extension's base URL, ending in '/'. */
  base: string;
}

type SenderLike = {
  id?: unknown;
  url?: unknown;
  origin?: unknown;
  frameId?: unknown;
  tab?: { url?: unknown } | null;
};

const WEB_URL = /^https?:\/\//i;

/** Classifies runtime.onMessage's sender. Anything not recognised is 'unknown' and may only do what anyone may. */
export function classifySender(sender: unknown, self: Self): Caller {
  if (!sender || typeof sender !== 'object') return { kind: 'unknown', why: 'no sender' };
  const s = sender as SenderLike;
  if (self.id !== undefined && s.id !== self.id) return { kind: 'unknown', why: 'another extension' };
  const url = typeof s.url === 'string' ? s.url : null;
  if (!url) return { kind: 'unknown', why: 'no sender URL' };
  const base = self.base;
  if (base && url.startsWith(base)) {
    if (typeof s.origin === 'string' && s.origin !== base.replace(/\/$/, '')) return { kind: 'unknown', why: 'origin does not match' };
    const tabUrl = typeof s.tab?.url === 'string' ? s.tab.url : null;
    const framed = !!s.tab && typeof s.frameId === 'number' && s.frameId > 0;
    // Our page framed in a web page: rights of that page's content script. (Firefox embeds the options page in
    // about:addons: not a web page, so still an extension page.)
    if (framed && (tabUrl === null || WEB_URL.test(tabUrl))) return { kind: 'page', url: tabUrl ? normaliseUrl(tabUrl) : null, frame: true };
    // A tab whose page is a web page holds our page only as a frame, whatever frameId says (absent, or 0 from a
    // sender the browser filled oddly): never more than that page's rights.
    if (s.tab && tabUrl !== null && WEB_URL.test(tabUrl)) return { kind: 'page', url: normaliseUrl(tabUrl), frame: true };
    return { kind: 'extension' };
  }
  if (WEB_URL.test(url)) return { kind: 'page', url: normaliseUrl(url) };
  return { kind: 'unknown', why: 'not a web page or an extension page' };
}

/**
 * One rule per request type:
 * - 'extension': extension pages only;
 * - 'anyone': any sender of ours (content scripts read the settings before highlighting);
 * - { page }: extension pages, or a content script whose own page is every URL `page` names;
 * - { annotation }: extension pages, or a content script when the saved annotation `annotation` names is on its
 *   own page (looked up by the caller of `authorise`);
 * - 'frame': extension pages, or our annotator frame in a page (never a content script: the choice is the reader's,
 *   made in our own page);
 * - { frameAnnotation }: extension pages, or our annotator frame when the saved annotation is on its own page.
 * - { framePage }: extension pages, or our own page framed in a web page (the annotator: the page cannot read it) on
 *   every URL `framePage` names — never a content script, whose memory a compromised page could read.
 */
export type Rule<R> =
  | 'extension'
  | 'anyone'
  | 'frame'
  | { page: (req: R) => readonly string[] }
  | { annotation: (req: R) => string }
  | { frameAnnotation: (req: R) => string }
  | { framePage: (req: R) => readonly string[] };

/**
 * The table. Its type lists every request type, so a new request cannot be added to the protocol without a
 * decision here (tsc fails on a missing key).
 */
export type AccessTable = { [K in Request['type']]: Rule<Extract<Request, { type: K }>> };

export const ACCESS: AccessTable = {
  'annotation/save': { page: (r) => [r.annotation.url] },
  'annotation/update': { annotation: (r) => r.id },
  'annotation/delete': 'extension',
  'annotation/undoDelete': 'extension',
  'annotation/forPage': { page: (r) => [r.url] },
  'annotation/list': 'extension',
  'annotation/facets': 'extension',
  export: 'extension',
  import: 'extension',
  'snapshot/get': { page: (r) => [r.url] },
  'snapshot/save': { page: (r) => [r.url] },
  'snapshot/versions': { page: (r) => r.urls },
  'page/changes': { page: (r) => [r.url] },
  'backup/export': 'extension',
  'backup/restore': 'extension',
  'backup/previous': 'extension',
  'store/problems': 'extension',
  'settings/get': 'anyone',
  'settings/set': 'extension',
  // Notebooks hold credentials and decide what leaves the machine: our own pages only.
  'notebook/list': 'extension',
  'notebook/save': 'extension',
  'notebook/remove': 'extension',
  'notebook/syncNow': 'extension',
  'notebook/state': 'extension',
  'notebook/test': 'extension',
  // The note editor offers where to share: ids and database names only (no server, no user, no password).
  'notebook/choices': 'frame',
  // Sharing is the reader's choice: made in the popup, or in the note editor (our frame), never by a content script.
  'annotation/share': { frameAnnotation: (r) => r.id },
  'annotation/resolveConflict': 'extension',
  // A page may add itself to the tracker (its own text, as with its snapshot); everything else about the tracker
  // reveals or changes other pages' records.
  'tracker/add': { page: (r) => [r.url] },
  'tracker/list': 'extension',
  'tracker/remove': 'extension',
  'tracker/links': 'extension',
  'tracker/summary': 'extension',
  'tracker/decide': 'extension',
  'tracker/export': 'extension',
  // The saved targets of every page are the reader's notes: shown only in our frame, for a figure on its page.
  'tracker/targets': { framePage: (r) => [r.figure.url] },
  'tracker/linkManual': { framePage: (r) => [r.figure.url] },
};

export const REFUSED = 'Refused: this request is only answered for Pledgemark’s own pages';

/**
 * Whether `caller` may send `req`. `annotationUrl` finds the page URL of a saved annotation (null: none saved
 * with that id). Answers null when allowed, else the reason to send back.
 */
export async function authorise(
  req: Request,
  caller: Caller,
  annotationUrl: (id: string) => Promise<string | null>,
): Promise<string | null> {
  const rule = ACCESS[req.type] as Rule<Request>;
  if (rule === 'anyone' && caller.kind !== 'unknown') return null;
  if (caller.kind === 'extension') return null;
  if (caller.kind === 'unknown' || rule === 'extension' || rule === 'anyone') return `${REFUSED} (${req.type})`;
  if (rule === 'frame') return caller.frame ? null : `${REFUSED} (${req.type})`;
  if ('frameAnnotation' in rule && !caller.frame) return `${REFUSED} (${req.type})`;
  const own = caller.url;
  if (own === null && !caller.also?.length) return `${REFUSED} (${req.type}: the sender's page is not known)`;
  const mine = (u: string) => {
    const n = normaliseUrl(u);
    return n === own || !!caller.also?.includes(n);
  };
  if ('framePage' in rule) {
    if (!caller.frame) return `${REFUSED} (${req.type}: only in Pledgemark’s own frame)`;
    const urls = rule.framePage(req);
    return urls.length && urls.every(mine) ? null : `${REFUSED} (${req.type} of another page)`;
  }
  if ('page' in rule) {
    const urls = rule.page(req);
    return urls.length && urls.every(mine) ? null : `${REFUSED} (${req.type} of another page)`;
  }
  const url = await annotationUrl('annotation' in rule ? rule.annotation(req) : rule.frameAnnotation(req));
  // An id that is not saved is answered as the handler would ("not found") only for the page's own notes:
  // refusing it the same way as another page's id tells the page nothing about which ids exist.
  return url !== null && mine(url) ? null : `${REFUSED} (${req.type} of another page's annotation)`;
}
