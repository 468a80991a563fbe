/** Content script: thin wiring. The work is in ./app.ts (PageController) and lib/, components/page/. */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { sendMessage } from '../../lib/messages/client';
import { takeSettingsCache, type CacheArea, type SettingsSource } from '../../lib/settings/cache';
import type { Settings } from '../../lib/schema/settings';
import { createMessageListener, hasTypePrefix } from '../../lib/messages/listener';
import { TabRequestSchema } from '../../lib/messages/tab';
import { PageController, log, type Send } from './app';

export default defineContentScript({
  matches: ['*://*.gov.cn/*'],
  allFrames: true,
  runAt: 'document_idle',
  main() {
    try {
      performance.mark('pm-start');
    } catch {
      // ignore
    }
    try {
      // The settings are asked for first, before any other work (they gate the highlighting): from the copy the
      // background keeps in storage.local — read at document_start by ../settings-prefetch.content.ts when it ran,
      // else now (no service worker to wake; validated with SettingsSchema as it is read) — else by the
      // settings/get message, whose answer sendMessage checks like every other answer.
      let early: Promise<{ cached: Settings; from: SettingsSource } | { raw: unknown }> | null = null;
      try {
        early = takeSettingsCache(browser.storage?.local as CacheArea | undefined).then(async (got) =>
          got ? { cached: got.settings, from: got.from } : { raw: await browser.runtime.sendMessage({ type: 'settings/get' }) },
        );
        early.catch(() => {}); // answered through sendMessage below; never an unhandled rejection
      } catch {
        early = null;
      }
      const send = ((req: Parameters<Send>[0]) => {
        if (req.type === 'settings/get' && early) {
          const inFlight = early;
          early = null;
          return inFlight.then(
            (got): Promise<unknown> | unknown => {
              page.settingsFrom = 'cached' in got ? got.from : 'background';
              return 'cached' in got ? { ok: true, data: got.cached } : sendMessage(req, async () => got.raw);
            },
            () => sendMessage(req),
          );
        }
        return sendMessage(req);
      }) as Send;
      const isTop = window.top === window;
      const page = new PageController(document, send);
      // Visible only in the content script's isolated world (never to the page): the e2e test drives the
      // closed-shadow-root UI through it over CDP.
      (globalThis as { __pledgemark?: PageController }).__pledgemark = page;
      browser.runtime.onMessage.addListener(
        createMessageListener(
          async (message) => {
            const req = TabRequestSchema.safeParse(message);
            if (!req.success) return { ok: false, error: 'Invalid page message' };
            const answer = await page.handleTab(req.data);
            return answer;
          },
          // A sub-frame answers only when it holds a report, so the top frame's answer is not pre-empted.
          (message) => hasTypePrefix(['page/'])(message) && (isTop || page.ran),
        ) as Parameters<typeof browser.runtime.onMessage.addListener>[0],
      );
      let painted = false;
      page.onHighlighted = () => {
        if (painted) return;
        painted = true;
        requestAnimationFrame(() => {
          try {
            performance.mark('pm-painted');
          } catch {
            // ignore
          }
        });
      };
      void page.start().catch((e) => log('start failed:', e));
    } catch (e) {
      log('content script failed:', e);
    }
  },
});
