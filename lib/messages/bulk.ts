import type { Transport } from './client';

/**
 * Big answers (an export of 10,000 notes, a backup) from the background to an extension page (popup, options)
 * over a BroadcastChannel instead of the runtime message reply.
 *
 * Why: runtime messaging serialises through JSON and the browser process; in Chromium a 2.7-million-character
 * CSV took 450–700 ms to cross, a 13 MB JSON export about 1.7 s. A BroadcastChannel structured-clones the same
 * string in about a tenth of that. The channel is the extension origin's own: web pages and content scripts
 * (which run in the page's origin) cannot listen to it.
 *
 * How: the page's transport (channelTransport) adds a fresh id under REPLY_KEY to the request and listens on the
 * channel for it. The background answers as usual; when the requester is an extension page, the id is there
 * and the answer is big (bulkReply), it posts `{ id, answer }` on the channel and replies `{ ok: true, bulk: id }`.
 * The page then takes the answer from the channel, and the client validates it exactly like any other answer.
 */
export const BULK_CHANNEL = 'pledgemark:bulk';
/** The request property carrying the id a big answer may come back under (never part of a request schema). */
export const REPLY_KEY = '$replyOnChannel';
/** Answers smaller than this (characters of strings, roughly) use the runtime reply. */
export const BULK_MIN_CHARS = 100_000;
/** How long the page waits for the channel after the background said the answer is on it. */
export const CHANNEL_WAIT_MS = 15_000;

interface ChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}
export type OpenChannel = () => ChannelLike | null;

export const openBroadcastChannel: OpenChannel = () =>
  typeof BroadcastChannel === 'function' ? (new BroadcastChannel(BULK_CHANNEL) as unknown as ChannelLike) : null;

/** The characters in `value`'s strings (plus a little per value), counted until `limit` is reached. */
export function roughSize(value: unknown, limit = BULK_MIN_CHARS): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length && total < limit) {
    const v = stack.pop();
    if (typeof v === 'string') total += v.length;
    else if (v && typeof v === 'object') {
      const children = Array.isArray(v) ? v : Object.values(v);
      total += 2 + children.length;
      for (const c of children) stack.push(c);
    } else total += 4;
  }
  return total;
}

/**
 * Background side: the reply for `answer` to `message`. A successful, big answer to an extension page that
 * offered a channel id goes on the channel, and the reply says where; anything else is the answer itself.
 */
export function bulkReply(message: unknown, answer: unknown, fromExtensionPage: boolean, open: OpenChannel = openBroadcastChannel): unknown {
  const id = (message as Record<string, unknown> | null)?.[REPLY_KEY];
  if (!fromExtensionPage || typeof id !== 'string' || !id) return answer;
  const env = answer as { ok?: unknown; data?: unknown } | null;
  if (!env || env.ok !== true || roughSize(env.data) < BULK_MIN_CHARS) return answer;
  let channel: ChannelLike | null = null;
  try {
    channel = open();
    if (!channel) return answer;
    channel.postMessage({ id, answer });
    return { ok: true, bulk: id };
  } catch {
    return answer; // cannot post (no channel, an uncloneable value): the runtime reply carries it
  } finally {
    try {
      channel?.close();
    } catch {
      // closed already
    }
  }
}

/**
 * Extension-page side: a Transport that offers the channel for the answer. Resolves with the answer whichever
 * way it came; rejects when the background said "on the channel" and nothing came within CHANNEL_WAIT_MS.
 */
export function channelTransport(base: Transport, open: OpenChannel = openBroadcastChannel, waitMs = CHANNEL_WAIT_MS): Transport {
  return async (message) => {
    let channel: ChannelLike | null = null;
    try {
      channel = open();
    } catch {
      channel = null;
    }
    if (!channel || !message || typeof message !== 'object') return base(message);
    const id = newId();
    const ch = channel;
    let arrived: (answer: unknown) => void = () => {};
    const onChannel = new Promise<unknown>((resolve) => {
      arrived = resolve;
    });
    ch.onmessage = (event) => {
      const d = event.data as { id?: unknown; answer?: unknown } | null;
      if (d && d.id === id) arrived(d.answer);
    };
    try {
      const raw = await base({ ...(message as object), [REPLY_KEY]: id });
      const r = raw as { ok?: unknown; bulk?: unknown } | null;
      if (!r || r.ok !== true || r.bulk !== id) return raw;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the answer did not arrive on the channel')), waitMs);
      });
      try {
        return await Promise.race([onChannel, late]);
      } finally {
        clearTimeout(timer);
      }
    } finally {
      ch.onmessage = null;
      try {
        ch.close();
      } catch {
        // closed already
      }
    }
  };
}

function newId(): string {
  try {
    return crypto.randomUUID();
  } catch {
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  }
}
