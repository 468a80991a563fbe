/**
 * The annotator frame's side of the channel (lib/messages/frame.ts). The port is taken from a `pm:connect` that
 * comes from the parent window with the nonce of this frame's URL; commands then arrive on it (checked against
 * the channel's shapes) and events leave on it. Until the port and the app are there, both wait.
 */
import { FrameCommandSchema, FrameConnectSchema, type FrameCommand, type FrameEvent } from '../../lib/messages/frame';
import type { AnnotatorPort } from './AnnotatorApp';

export function windowPort(win: Window, nonce: string): AnnotatorPort {
  let port: MessagePort | null = null;
  let onCommand: ((cmd: FrameCommand) => void) | null = null;
  const commands: FrameCommand[] = [];
  const events: FrameEvent[] = [];
  const take = (e: MessageEvent) => {
    const cmd = FrameCommandSchema.safeParse(e.data);
    if (!cmd.success || cmd.data.nonce !== nonce) return;
    if (onCommand) onCommand(cmd.data);
    else commands.push(cmd.data);
  };
  win.addEventListener('message', (e: MessageEvent) => {
    if (!nonce || e.source !== win.parent || win.parent === win || !e.ports[0]) return;
    const hello = FrameConnectSchema.safeParse(e.data);
    if (!hello.success || hello.data.nonce !== nonce) return;
    port?.close();
    port = e.ports[0];
    port.onmessage = take;
    for (const ev of events.splice(0)) port.postMessage(ev);
  });
  return {
    listen(cb: (cmd: FrameCommand) => void) {
      onCommand = cb;
      for (const cmd of commands.splice(0)) cb(cmd);
      return () => {
        onCommand = null;
      };
    },
    emit(event: FrameEvent) {
      if (port) port.postMessage(event);
      else events.push(event);
    },
  };
}

/** The nonce in the frame's URL (#…), which only the content script that made the frame knows. */
export function nonceOf(loc: Location): string {
  const n = loc.hash.replace(/^#/, '');
  return /^[\w-]{16,128}$/.test(n) ? n : '';
}
