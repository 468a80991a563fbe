/**
 * The content script's side of the annotator frame (lib/messages/frame.ts): an extension page in an <iframe>
 * inside the closed shadow root, where the reader's notes are shown and edited. The page cannot read into it
 * (another origin), cannot restyle it (page CSS does not reach a shadow root, nor another document), does not
 * hear what is typed in it, nor what it and the content script say to each other (their own MessageChannel). This side only says which passage, places the frame next to its mark and
 * shows it once the frame has drawn and measured its content.
 */
import { FrameEventSchema, type FrameEvent, type FrameOrder } from '../../lib/messages/frame';
import { log } from '../../lib/util/log';
import { t } from '../../lib/i18n';
import { place } from './PageUi';
import type { Box } from './types';

/** What the page UI asks of the frame (a fake in jsdom tests, where no extension page loads). */
export interface FrameLink {
  /** Sends `order` to the frame; shows it next to `box` when it has drawn. `interactive`: the editor (takes focus). */
  post(order: FrameOrder, box: Box, interactive: boolean): void;
  hide(serial: number): void;
  /** Loads the frame ahead of its first use (a page with saved notes: the first hover shows one at once). */
  warm(): void;
  destroy(): void;
}

/** Makes the link for a mounted UI; `onEvent` hears the frame's events (saved, closed). */
export type FrameFactory = (root: ShadowRoot, doc: Document, onEvent: (event: FrameEvent) => void) => FrameLink;

const WIDTH = 360;

function randomNonce(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A fresh random id (a new annotation's: it says nothing about the page or the reader). */
export function randomId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : randomNonce().slice(0, 32);
}

/** The frame's element style (inside the shadow root: no page CSS applies to it). */
function frameStyle(f: HTMLIFrameElement, s: { top: number; left: number; width: number; height: number; visible: boolean; interactive: boolean }): void {
  f.setAttribute(
    'style',
    [
      'position:fixed',
      `top:${s.top}px`,
      `left:${s.left}px`,
      `width:${s.width}px`,
      `height:${s.height}px`,
      'border:0',
      'margin:0',
      'padding:0',
      'background:transparent',
      'color-scheme:normal',
      'z-index:2147483647',
      `visibility:${s.visible ? 'visible' : 'hidden'}`,
      `pointer-events:${s.visible && s.interactive ? 'auto' : 'none'}`,
      `box-shadow:${s.visible ? (s.interactive ? '0 6px 24px rgba(0,0,0,.3)' : '0 3px 12px rgba(0,0,0,.25)') : 'none'}`,
      'border-radius:8px',
    ].join(';'),
  );
}

/** The real link: annotator.html (at `pageUrl`, the extension's URL of it) in an iframe in `root`. */
export function iframeLink(pageUrl: string): FrameFactory {
  return (root, doc, onEvent) => {
    const origin = new URL(pageUrl).origin;
    const nonce = randomNonce();
    let frame: HTMLIFrameElement | null = null;
    /** Our end of the channel, once the frame has taken the other (lib/messages/frame.ts). */
    let channel: MessagePort | null = null;
    let ready = false;
    let queued: FrameOrder | null = null;
    let current: { serial: number; box: Box; interactive: boolean; focused: boolean } | null = null;

    const send = (order: FrameOrder) => channel?.postMessage({ ...order, nonce });
    const onMessage = (e: MessageEvent) => {
      const parsed = FrameEventSchema.safeParse(e.data);
      if (!parsed.success || !frame) return;
      const ev = parsed.data;
      if (ev.type === 'pm:ready') {
        ready = true;
        if (queued) send(queued);
        queued = null;
      } else if (ev.type === 'pm:size' && current && ev.serial === current.serial) {
        const w = Math.max(1, Math.min(ev.width || WIDTH, WIDTH + 40));
        const h = Math.max(1, ev.height);
        const pos = place(current.box, w, h);
        frameStyle(frame, { ...pos, width: w, height: h, visible: true, interactive: current.interactive });
        if (current.interactive && !current.focused) {
          current.focused = true;
          frame.focus();
        }
      } else if (ev.type === 'pm:saved' || ev.type === 'pm:closed') {
        if (current && ev.serial === current.serial) hide();
      }
      try {
        onEvent(ev);
      } catch (err) {
        log('frame event failed:', err);
      }
    };
    /** Each time the frame has loaded: a new channel, its far end posted to the extension's origin only. */
    const connect = () => {
      channel?.close();
      ready = false;
      const mc = new MessageChannel();
      channel = mc.port1;
      channel.onmessage = onMessage;
      frame?.contentWindow?.postMessage({ type: 'pm:connect', nonce }, origin, [mc.port2]);
    };
    const ensure = (): HTMLIFrameElement => {
      if (frame && frame.isConnected) return frame;
      frame = doc.createElement('iframe');
      frame.setAttribute('title', t('pmNoteDialog'));
      frame.setAttribute('src', `${pageUrl}#${nonce}`);
      frame.addEventListener('load', connect);
      frameStyle(frame, { top: 0, left: 0, width: WIDTH, height: 10, visible: false, interactive: false });
      root.appendChild(frame);
      return frame;
    };
    const hide = () => {
      current = null;
      if (frame) frameStyle(frame, { top: 0, left: 0, width: WIDTH, height: 10, visible: false, interactive: false });
    };

    return {
      post(order, box, interactive) {
        const f = ensure();
        current = { serial: order.serial, box, interactive, focused: false };
        if (interactive) f.focus();
        if (ready) send(order);
        else queued = order;
      },
      hide(serial) {
        if (!current) return;
        hide();
        if (ready) send({ type: 'pm:hide', serial });
      },
      warm() {
        ensure();
      },
      destroy() {
        channel?.close();
        channel = null;
        frame?.remove();
        frame = null;
      },
    };
  };
}

/** No frame (a test that does not need one): nothing opens. */
export const noFrame: FrameFactory = () => ({
  post: () => log('no annotator frame here'),
  hide: () => {},
  warm: () => {},
  destroy: () => {},
});
