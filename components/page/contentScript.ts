/**
 * The content script's start: the settings asked for first, the PageController made and started, and the tab
 * messages answered. entrypoints/content/index.ts only calls this.
 */
import type { browser as browserApi } from 'wxt/browser';
import { sendMessage } from '../../lib/messages/client';
import { createMessageListener, hasTypePrefix } from '../../lib/messages/listener';
import { TabRequestSchema } from '../../lib/messages/tab';
import { ANNOTATIONS_CHANGED, type AnnotationsChanged } from '../../lib/messages/broadcast';
import type { Settings } from '../../lib/schema/settings';
import { takeSettingsCache, type CacheArea, type SettingsSource } from '../../lib/settings/cache';
import { log } from '../../lib/util/log';
import { ANNOTATOR_PATH } from '../../lib/messages/frame';
import { PageController, type Send } from './controller';
import { iframeLink } from './frame';
import { perfMark } from './firstPaint';

type BrowserApi = typeof browserApi;

/** The background's word that the saved notes changed (lib/messages/broadcast.ts): a type and maybe a URL. */
function isChangeNotice(m: unknown): m is AnnotationsChanged {
  const o = m as { type?: unknown; url?: unknown } | null;
  return o?.type === ANNOTATIONS_CHANGED && (o.url === undefined || typeof o.url === 'string');
}

/**
 * The settings gate the highlighting, so they are asked for before any other work: from the copy the background
 * keeps in storage.local — read at document_start by the settings-prefetch content script when it ran, else
 * now (no service worker to wake; validated as it is read) — else by the settings/get message, whose answer
 * sendMessage checks like every other answer. `onSource` learns where they came from.
 */
function settingsFirst(browser: BrowserApi, onSource: (from: SettingsSource | 'background') => void): Send {
  let early: Promise<{ cached: Settings; from: SettingsSource } | { raw: unknown }> | null = null;
  try {
    early = takeSettingsCache(browser.storage?.local as CacheArea | undefined).then(async (got) =>
      got ? { cached: got.settings, from: got.from } : { raw: await browser.runtime.sendMessage({ type: 'settings/get' }) },
    );
    early.catch(() => {}); // answered through sendMessage below; never an unhandled rejection
  } catch {
    early = null;
  }
  return ((req: Parameters<Send>[0]) => {
    if (req.type === 'settings/get' && early) {
      const inFlight = early;
      early = null;
      return inFlight.then(
        (got): Promise<unknown> | unknown => {
          onSource('cached' in got ? got.from : 'background');
          return 'cached' in got ? { ok: true, data: got.cached } : sendMessage(req, async () => got.raw);
        },
        () => sendMessage(req),
      );
    }
    return sendMessage(req);
  }) as Send;
}

/** Starts Pledgemark on `doc`; returns the controller (null when even that failed: the page never breaks). */
export function startContentScript(doc: Document, browser: BrowserApi): PageController | null {
  perfMark('pm-start');
  try {
    const send = settingsFirst(browser, (from) => {
      page.settingsFrom = from;
    });
    // The reader's notes are shown and edited only in the annotator frame, an extension page (frame.ts).
    const page = new PageController(doc, send, { frame: iframeLink(browser.runtime.getURL(ANNOTATOR_PATH)) });
    const isTop = window.top === window;
    browser.runtime.onMessage.addListener(
      createMessageListener(
        async (message) => {
          if (isChangeNotice(message)) return page.savedChanged(message.url);
          const req = TabRequestSchema.safeParse(message);
          if (!req.success) return { ok: false, error: 'Invalid page message' };
          return page.handleTab(req.data);
        },
        // A sub-frame answers only when it holds a report, so the top frame's answer is not pre-empted.
        (message) => (hasTypePrefix(['page/'])(message) && (isTop || page.ran)) || (isChangeNotice(message) && page.ran),
      ) as Parameters<typeof browser.runtime.onMessage.addListener>[0],
    );
    let painted = false;
    page.onHighlighted = () => {
      if (painted) return;
      painted = true;
      requestAnimationFrame(() => perfMark('pm-painted'));
    };
    void page.start().catch((e) => log('start failed:', e));
    return page;
  } catch (e) {
    log('content script failed:', e);
    return null;
  }
}
