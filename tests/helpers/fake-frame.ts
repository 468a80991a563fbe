/**
 * The annotator frame for jsdom tests, where no extension page loads: the frame's app (AnnotatorApp) drawn into
 * the UI's shadow root, wired to the content script's side through the same commands and events the real
 * frame exchanges by postMessage (delivered a task later, as postMessage does), and to the fake background.
 */
import { h, render } from 'preact';
import { AnnotatorApp, type AnnotatorPort, type Send } from '../../components/annotator/AnnotatorApp';
import type { FrameFactory } from '../../components/page/frame';
import type { FrameCommand } from '../../lib/messages/frame';

const NONCE = 'jsdom-test-nonce-0000';

export function fakeFrame(send: Send, requireTrusted = false): FrameFactory {
  return (root, doc, onEvent) => {
    const el = doc.createElement('div');
    el.setAttribute('data-testid', 'pm-frame');
    root.appendChild(el);
    let listener: ((cmd: FrameCommand) => void) | null = null;
    // Commands wait for the app to listen (as the real link waits for the frame's pm:ready).
    const waiting: FrameCommand[] = [];
    const port: AnnotatorPort = {
      listen(cb) {
        listener = cb;
        for (const cmd of waiting.splice(0)) setTimeout(() => cb(cmd), 0);
        return () => {
          listener = null;
        };
      },
      emit(ev) {
        setTimeout(() => onEvent(ev), 0);
      },
    };
    render(h(AnnotatorApp, { port, send, requireTrusted }), el);
    const deliver = (cmd: FrameCommand) => {
      if (!listener) waiting.push(cmd);
      else setTimeout(() => listener?.(cmd), 0);
    };
    return {
      post: (order) => deliver({ ...order, nonce: NONCE } as FrameCommand),
      hide: (serial) => deliver({ type: 'pm:hide', serial, nonce: NONCE }),
      warm: () => {},
      destroy() {
        render(null, el);
        el.remove();
      },
    };
  };
}
