import type { Snapshot } from '../../lib/schema/snapshot';
import type { Annotation } from '../../lib/schema/annotation';
import { sendMessage, type Transport } from '../../lib/messages/client';

/** Where the snapshot page gets its data (tests pass a fake; the extension page, messages). */
export interface SnapshotSource {
  /** The given version of the snapshot of `url`, or the latest; null if none is stored. */
  get(url: string, version?: number): Promise<Snapshot | null>;
  /** The stored versions of `url`, ascending. */
  versions(url: string): Promise<number[]>;
  /** The reader's notes on `url` (shown under the text; the one opened at is marked in it). */
  notes?(url: string): Promise<Annotation[]>;
}

/**
 * A SnapshotSource over the background's `snapshot/get` message. Versions are numbered 1..latest
 * per URL (lib/evidence/snapshot.ts), so the list is read off the latest snapshot.
 */
export function messageSnapshotSource(transport?: Transport): SnapshotSource {
  const get = async (url: string, version?: number): Promise<Snapshot | null> => {
    const env = await sendMessage({ type: 'snapshot/get', url, ...(version !== undefined ? { version } : {}) }, transport);
    if (!env.ok) throw new Error(env.error);
    return env.data;
  };
  return {
    get,
    async versions(url) {
      const latest = await get(url);
      return latest ? Array.from({ length: latest.version }, (_, i) => i + 1) : [];
    },
    async notes(url) {
      const env = await sendMessage({ type: 'annotation/forPage', url }, transport);
      if (!env.ok) throw new Error(env.error);
      return env.data;
    },
  };
}
