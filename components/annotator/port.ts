/**
 * The annotator frame's side of the channel (lib/messages/frame.ts): commands are taken only from the parent
 * window, in the channel's shape, with the nonce this frame was created with; events go to the parent and say
 * only what happened.
 */
import { FrameCommandSchema, type FrameCommand, type FrameEvent } from '../../lib/messages/frame';
import type { AnnotatorPort } from './AnnotatorApp';

export function windowPort(win: Window, nonce: string): AnnotatorPort {
  return {
    listen(onCommand: (cmd: FrameCommand) => void) {
      const handler = (e: MessageEvent) => {
        if (!nonce || e.source !== win.parent || win.parent === win) return;
        const cmd = FrameCommandSchema.safeParse(e.data);
        if (!cmd.success || cmd.data.nonce !== nonce) return;
        onCommand(cmd.data);
      };
      win.addEventListener('message', handler);
      return () => win.removeEventListener('message', handler);
    },
    emit(event: FrameEvent) {
      // The parent's origin is the web page's; the event carries nothing the page may not see.
      if (win.parent !== win) win.parent.postMessage(event, '*');
    },
  };
}

/** The nonce in the frame's URL (#…), which only the content script that made the frame knows. */
export function nonceOf(loc: Location): string {
  const n = loc.hash.replace(/^#/, '');
  return /^[\w-]{16,128}$/.test(n) ? n : '';
}
