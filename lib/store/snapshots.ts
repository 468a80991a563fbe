import Dexie from 'dexie';
import { SnapshotSchema, type Snapshot } from '../evidence/snapshot';
import type { PledgemarkDB } from './db';
import { StoreError, formatZodError, toStoreError } from './errors';
import { normaliseUrl } from './repository';

/** Stored article snapshots (issue 4), keyed by [url+version]. Writes and reads are validated. */
export class SnapshotRepository {
  constructor(readonly db: PledgemarkDB) {}

  /** The given version, or the latest; null when none is stored. */
  async get(url: string, version?: number): Promise<Snapshot | null> {
    const u = normaliseUrl(url);
    const row =
      version !== undefined
        ? await this.db.snapshots.get([u, version])
        : await this.db.snapshots.where('[url+version]').between([u, Dexie.minKey], [u, Dexie.maxKey]).last();
    if (!row) return null;
    const r = SnapshotSchema.safeParse(row);
    if (!r.success) throw new StoreError('invalid', `Invalid stored snapshot: ${formatZodError(r.error)}`);
    return r.data;
  }

  async put(snapshot: Snapshot): Promise<Snapshot> {
    const r = SnapshotSchema.safeParse(snapshot);
    if (!r.success) throw new StoreError('invalid', `Invalid snapshot: ${formatZodError(r.error)}`);
    const s = { ...r.data, url: normaliseUrl(r.data.url) };
    try {
      await this.db.snapshots.put(s);
    } catch (e) {
      throw toStoreError(e);
    }
    return s;
  }
}
