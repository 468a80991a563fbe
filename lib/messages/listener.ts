/**
 * A runtime.onMessage listener that answers both ways a browser (or test double) may expect:
 * when the caller passes `sendResponse` (Chromium, Firefox, wxt 0.21's fake browser) it is
 * called with the answer and the listener returns `true` to keep the channel open; when it
 * does not (wxt 0.20's fake browser) the listener returns the Promise of the answer.
 * `accept` filters out messages meant for someone else (the listener then returns undefined,
 * so another listener may answer).
 */
export type OnMessageListener = (message: unknown, sender: unknown, sendResponse?: (response: unknown) => void) => true | Promise<unknown> | undefined;

export function createMessageListener(
  handle: (message: unknown, sender: unknown) => Promise<unknown>,
  accept: (message: unknown) => boolean = () => true,
): OnMessageListener {
  return (message, sender, sendResponse) => {
    if (!accept(message)) return undefined;
    let answer: Promise<unknown>;
    try {
      answer = Promise.resolve(handle(message, sender));
    } catch (e) {
      answer = Promise.resolve({ ok: false, error: e instanceof Error ? e.message : String(e) });
    }
    // The handler is meant never to reject; if it does, the error still crosses as data.
    const safe = answer.catch((e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : String(e) }));
    if (typeof sendResponse === 'function') {
      void safe.then((r) => {
        try {
          sendResponse(r);
        } catch {
          // The sender went away (popup closed, tab navigated): nothing to answer.
        }
      });
      return true;
    }
    return safe;
  };
}

/** True for a message with a string `type` that starts with one of `prefixes`. */
export function hasTypePrefix(prefixes: readonly string[]) {
  return (message: unknown): boolean => {
    const t = (message as { type?: unknown } | null)?.type;
    return typeof t === 'string' && prefixes.some((p) => t.startsWith(p));
  };
}
