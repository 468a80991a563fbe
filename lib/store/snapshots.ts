import Dexie from 'dexie';
import { makeSnapshot } from '../evidence/snapshot';
import { SnapshotSchema, type Snapshot } from '../schema/snapshot';
import type { Item } from '../schema/item';
import type { PledgemarkDB } from './db';
import { StoreError, toStoreError } from './errors';
import { formatZodError } from '../schema/errors';
import { normaliseUrl } from '../util/url';
import { DEFAULT_SETTINGS } from '../schema/settings';

/** What a page sends to be snapshotted: its article text and the extraction on it. */
export interface PageText {
  url: string;
  title: string;
  text: string;
  items: readonly Item[];
}

/** The answer to snapshot/save (lib/messages/protocol.ts). */
export interface SnapshotSaveResult {
  /** The page's latest version after the call (the new one when stored); null when none is stored. */
  version: number | null;
  stored: boolean;
  /** The latest version before the call; null when the page had none. */
  previousVersion: number | null;
}

/** One stored version of a page, from the index keys alone (no text loaded). */
export interface VersionInfo {
  version: number;
  capturedAt: string;
}

/** A snapshot made (hashed, compressed, validated) outside a transaction, to be written inside one. */
export interface PreparedSnapshot {
  url: string;
  /** null: the text is the same as the latest stored version's. */
  snapshot: Snapshot | null;
  previousVersion: number | null;
}

/**
 * What an extraction found, without where: the items' kinds, texts, sentences and fields, not their offsets. A
 * visitor counter or a date above the article moves every offset and changes nothing a reader compares.
 */
export function extractionKey(items: readonly Item[]): string {
  return JSON.stringify(
    items.map((it) => {
      const { start: _s, end: _e, sentence, section, ...rest } = it as Item & { sentence?: { text?: string }; section?: { title?: string; orientation?: string; year?: unknown } | null };
      return { ...rest, sentence: sentence?.text ?? null, section: section ? [section.title, section.orientation, section.year] : null };
    }),
  );
}

function parseRow(row: unknown): Snapshot {
  const r = SnapshotSchema.safeParse(row);
  if (!r.success) throw new StoreError('invalid', `Invalid stored snapshot: ${formatZodError(r.error)}`);
  return r.data;
}

/** Stored article snapshots (a page's text as it was when annotated), keyed by [url+version]. Writes and reads are validated. */
export class SnapshotRepository {
  constructor(
    readonly db: PledgemarkDB,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private range(u: string) {
    return this.db.snapshots.where('[url+version]').between([u, Dexie.minKey], [u, Dexie.maxKey]);
  }

  /** The given version, or the latest; null when none is stored. */
  async get(url: string, version?: number): Promise<Snapshot | null> {
    const u = normaliseUrl(url);
    const row = version !== undefined ? await this.db.snapshots.get([u, version]) : await this.range(u).last();
    return row ? parseRow(row) : null;
  }

  /** The latest stored version number of `url` (keys only), or null. */
  async latestVersion(url: string): Promise<number | null> {
    const keys = (await this.range(normaliseUrl(url)).primaryKeys()) as unknown as Array<[string, number]>;
    return keys.length ? keys[keys.length - 1][1] : null;
  }

  /** The latest stored version of every page that has one (one read of the primary keys, no text). */
  async latestVersions(): Promise<Map<string, number>> {
    const keys = (await this.db.snapshots.toCollection().primaryKeys()) as unknown as Array<[string, number]>;
    const out = new Map<string, number>();
    for (const [url, version] of keys) if (version > (out.get(url) ?? 0)) out.set(url, version);
    return out;
  }

  /** The stored versions of `url` with their capture times, ascending by version (index keys only). */
  async versions(url: string): Promise<VersionInfo[]> {
    const u = normaliseUrl(url);
    return this.db.transaction('r', this.db.snapshots, async () => {
      const coll = () => this.db.snapshots.where('[url+capturedAt]').between([u, Dexie.minKey], [u, Dexie.maxKey]);
      const [keys, primaries] = await Promise.all([coll().keys(), coll().primaryKeys()]);
      const out = (primaries as unknown as Array<[string, number]>).map(([, version], i) => ({
        version,
        capturedAt: String((keys[i] as unknown as [string, string])[1]),
      }));
      return out.sort((a, b) => a.version - b.version);
    });
  }

  /** The stored versions of each of `urls` (normalised), for pages that have any. */
  async versionsOf(urls: readonly string[]): Promise<Record<string, VersionInfo[]>> {
    const unique = [...new Set(urls.map(normaliseUrl))];
    const lists = await Promise.all(unique.map((u) => this.versions(u)));
    // fromEntries: a URL key is always the record's own property, whatever its text (`__proto__` included).
    return Object.fromEntries(unique.map((u, i) => [u, lists[i]] as const).filter(([, list]) => list.length));
  }

  /** Every stored snapshot (for the backup), validated. */
  async all(): Promise<Snapshot[]> {
    return (await this.db.snapshots.toArray()).map(parseRow);
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

  /**
   * Hashes, compresses and validates the page's text against its latest stored version
   * (lib/evidence/snapshot makeSnapshot). Async work that is not IndexedDB (crypto.subtle) must
   * happen before a Dexie transaction opens, so saving is split into prepare + commit.
   * Throws StoreError('invalid') naming the bad field.
   */
  async prepare(page: PageText): Promise<PreparedSnapshot> {
    const url = normaliseUrl(page.url);
    const previous = await this.get(url);
    let snapshot: Snapshot | null;
    try {
      snapshot = await makeSnapshot(url, page.title, page.text, page.items, previous, this.now());
    } catch (e) {
      throw new StoreError('invalid', `Invalid snapshot: ${(e instanceof Error ? e.message : String(e)).replace(/^makeSnapshot: /, '')}`);
    }
    return { url, snapshot, previousVersion: previous?.version ?? null };
  }

  /**
   * Writes a prepared snapshot; call inside a transaction that includes `snapshots` (or alone).
   * Never stores the same text as the latest version again, nor a text whose extraction is the latest's (items
   * found, none of them changed: only the text around them did); if another version was stored since `prepare`,
   * the new one is numbered after it. Keeps at most `keep` versions of the page: the first (what the notes were
   * taken on, and what "changes since first saved" compares with) and the latest ones; older ones are deleted.
   */
  async commit(prepared: PreparedSnapshot, keep: number = DEFAULT_SETTINGS.maxVersionsPerPage): Promise<SnapshotSaveResult> {
    const latest = await this.range(prepared.url).last();
    const latestVersion = latest?.version ?? null;
    const previousVersion = latestVersion;
    const s = prepared.snapshot;
    const unchanged = !!latest && !!s && (latest.hash === s.hash || (s.items.length > 0 && extractionKey(latest.items) === extractionKey(s.items)));
    if (!s || unchanged) return { version: latestVersion, stored: false, previousVersion };
    const next: Snapshot = { ...s, version: (latestVersion ?? 0) + 1 };
    // add, not put: a version once stored is never overwritten.
    await this.db.snapshots.add(next);
    await this.prune(prepared.url, keep);
    return { version: next.version, stored: true, previousVersion };
  }

  /** Deletes the oldest versions of `url` but the first, so that at most `keep` (at least 2) remain. */
  private async prune(url: string, keep: number): Promise<void> {
    const keys = (await this.range(url).primaryKeys()) as unknown as Array<[string, number]>;
    const extra = keys.length - Math.max(2, keep);
    if (extra <= 0) return;
    await this.db.snapshots.bulkDelete(keys.slice(1, 1 + extra));
  }

  /**
   * snapshot/save: stores the page's text as a new version when the page has at least one saved
   * annotation (or `force`) and the text differs from the latest stored version.
   */
  async saveFromPage(page: PageText, force = false, keep: number = DEFAULT_SETTINGS.maxVersionsPerPage): Promise<SnapshotSaveResult> {
    const url = normaliseUrl(page.url);
    if (!force) {
      const n = await this.db.annotations.where('url').equals(url).count();
      if (n === 0) {
        const v = await this.latestVersion(url);
        return { version: v, stored: false, previousVersion: v };
      }
    }
    const prepared = await this.prepare(page);
    try {
      return await this.db.transaction('rw', this.db.snapshots, () => this.commit(prepared, keep));
    } catch (e) {
      throw toStoreError(e);
    }
  }
}
