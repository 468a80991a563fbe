import { describe, expect, it, vi } from 'vitest';
import { bulkReply, channelTransport, roughSize, BULK_MIN_CHARS, REPLY_KEY, type OpenChannel } from '../../lib/messages/bulk';

/** A channel pair in memory: what one end posts, the other ends receive (as BroadcastChannel does). */
function hub() {
  const ends = new Set<{ onmessage: ((e: { data: unknown }) => void) | null }>();
  const posted: unknown[] = [];
  const open: OpenChannel = () => {
    const end = {
      onmessage: null as ((e: { data: unknown }) => void) | null,
      postMessage(data: unknown) {
        posted.push(data);
        for (const other of ends) if (other !== end) queueMicrotask(() => other.onmessage?.({ data: structuredClone(data) }));
      },
      close: vi.fn(() => void ends.delete(end)),
    };
    ends.add(end);
    return end;
  };
  return { open, posted, ends };
}

const big = { ok: true, data: { filename: 'x.csv', mime: 'text/csv', content: '学'.repeat(BULK_MIN_CHARS) } };

describe('roughSize', () => {
  it('counts the characters of strings in nested values, and stops at the limit', () => {
    expect(roughSize('abc')).toBe(3);
    expect(roughSize({ a: 'xy', b: ['z'] })).toBeGreaterThanOrEqual(3);
    expect(roughSize(Array.from({ length: 5000 }, () => 'x'.repeat(100)), 1000)).toBeLessThan(10_000); // not the whole 500,000
    expect(roughSize(null)).toBe(4);
  });
});

describe('bulkReply (background side)', () => {
  it('posts a big successful answer to an extension page that offered an id, and replies where it went', () => {
    const h = hub();
    const reply = bulkReply({ type: 'export', [REPLY_KEY]: 'id-1' }, big, true, h.open);
    expect(reply).toEqual({ ok: true, bulk: 'id-1' });
    expect(h.posted).toEqual([{ id: 'id-1', answer: big }]);
    expect(h.ends.size).toBe(0); // closed after posting
  });

  it('answers inline: small answers, errors, no id, a content script, no channel, an uncloneable answer', () => {
    const h = hub();
    const small = { ok: true, data: { n: 1 } };
    const err = { ok: false, error: 'x'.repeat(BULK_MIN_CHARS) };
    expect(bulkReply({ [REPLY_KEY]: 'a' }, small, true, h.open)).toBe(small);
    expect(bulkReply({ [REPLY_KEY]: 'a' }, err, true, h.open)).toBe(err);
    expect(bulkReply({ type: 'export' }, big, true, h.open)).toBe(big);
    expect(bulkReply({ [REPLY_KEY]: 'a' }, big, false, h.open)).toBe(big);
    expect(bulkReply({ [REPLY_KEY]: 'a' }, big, true, () => null)).toBe(big);
    const throwing: OpenChannel = () => ({
      onmessage: null,
      postMessage: () => {
        throw new DOMException('could not be cloned', 'DataCloneError');
      },
      close: () => {},
    });
    expect(bulkReply({ [REPLY_KEY]: 'a' }, big, true, throwing)).toBe(big);
    expect(h.posted).toEqual([]);
  });
});

describe('channelTransport (extension page side)', () => {
  it('offers a fresh id per request and takes the answer from the channel', async () => {
    const h = hub();
    const ids: string[] = [];
    const background = async (message: unknown) => {
      const id = (message as Record<string, string>)[REPLY_KEY];
      ids.push(id);
      const end = h.open()!;
      end.postMessage({ id: 'someone-else', answer: { ok: true, data: 'not mine' } });
      end.postMessage({ id, answer: big });
      end.close();
      return { ok: true, bulk: id };
    };
    const send = channelTransport(background, h.open);
    expect(await send({ type: 'export' })).toEqual(big);
    expect(await send({ type: 'export' })).toEqual(big);
    expect(new Set(ids).size).toBe(2);
    expect(h.ends.size).toBe(0); // every channel closed
  });

  it('passes an inline reply through; without BroadcastChannel it sends the message unchanged', async () => {
    const h = hub();
    const inline = { ok: true, data: 1 };
    expect(await channelTransport(async () => inline, h.open)({ type: 'settings/get' })).toBe(inline);
    const seen: unknown[] = [];
    await channelTransport(async (m) => (seen.push(m), inline), () => null)({ type: 'settings/get' });
    expect(seen).toEqual([{ type: 'settings/get' }]);
  });

  it('works with the real BroadcastChannel (Node has one)', async () => {
    const background = async (message: unknown) => bulkReply(message, big, true);
    expect(await channelTransport(background)({ type: 'export' })).toEqual(big);
  });
});
