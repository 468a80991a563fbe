import Dexie, { type DBCore, type DexieOptions, type Table } from 'dexie';
import type { Annotation } from '../schema/annotation';
import type { Snapshot } from '../schema/snapshot';
import type { LinkDecision, TrackedReport } from '../schema/track';

/**
 * The extension's database, owned by the background (content scripts reach it by messages).
 *
 * `year` is a derived, indexed field so "filter by year" is one index lookup: the year of the
 * item's deadline when the deadline is a year number (到2025年 → 2025), else the year of
 * `createdAt` (the UTC year of the ISO time stamp the record was saved with). Period-word
 * deadlines (年底, 上半年) carry no year and fall back to createdAt too.
 *
 * `search` is a derived lower-case haystack (quote, note, title, tags) for the text filter.
 * Neither derived field is ever returned: reads go through AnnotationSchema, which strips them.
 */
export interface StoredAnnotation extends Annotation {
  year: number;
  search: string;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

/** A deleted annotation, kept as it was stored for UNDO_WINDOW_MS so the delete can be undone (then purged). */
export interface TrashRow {
  id: string;
  deletedAt: string;
  row: StoredAnnotation;
}

/** What the database held before a restore replaced it, as backup-file text (the latest only). */
export interface AutoBackupRow {
  takenAt: string;
  reason: 'before-restore';
  content: string;
}

/**
 * Sync bookkeeping of one annotation in one notebook (lib/sync): the CouchDB revision the local row rests on, and
 * whether the local row changed since (then it goes out at the next sync). Written in the same transaction as the
 * annotation change, so a service worker stopped right after a save still sends it when it wakes.
 */
export interface SyncDocRow {
  notebook: string;
  /** The annotation id. */
  id: string;
  /** The local replica's revision this row was last in step with; null: never sent nor received. */
  rev: string | null;
  /** 1: to send (IndexedDB cannot index booleans). */
  dirty: 0 | 1;
  /** Bumped on every local change: a send that read an older value leaves the row dirty. */
  change: number;
  /** A settled conflict's other revisions, deleted in the notebook when the reader's choice goes out. */
  drop?: string[];
}

/** A page with notes that the reader removed from the tracker. */
export interface UntrackedRow {
  url: string;
  removedAt: string;
}

export const DB_NAME = 'pledgemark';

export class PledgemarkDB extends Dexie {
  annotations!: Table<StoredAnnotation, string>;
  settings!: Table<SettingRow, string>;
  /** Article snapshots (lib/evidence), one row per [url+version]. */
  snapshots!: Table<Snapshot, [string, number]>;
  /** Deleted annotations for a short while (undo). */
  trash!: Table<TrashRow, string>;
  /** The automatic backup a restore takes of what it replaces. */
  autoBackups!: Table<AutoBackupRow, string>;
  /** Sync bookkeeping per [notebook+id] (SyncDocRow). */
  syncDocs!: Table<SyncDocRow, [string, string]>;
  /** Reports added to the promise tracker by hand (pages with notes are tracked without a row here). */
  trackedReports!: Table<TrackedReport, string>;
  /** Pages with notes the reader took out of the tracker (their notes stay). */
  untracked!: Table<UntrackedRow, string>;
  /** The reader's decisions on tracker links (confirmed, rejected, made by hand). */
  linkDecisions!: Table<LinkDecision, string>;
  /**
   * Counts writes to the annotations table through this connection, by any path (the repository, a backup
   * restore, a schema upgrade, clear()): bumped when a write starts and again when it ends. An in-memory copy of
   * the rows read while it stayed the same is still what the table holds (the repository's row cache, below).
   * Only the background opens the database, so no other connection writes behind its back.
   */
  annotationWrites = 0;
  /** The same count for writes to any table (the tracker's computed view is kept while it stays the same). */
  writes = 0;

  constructor(name: string = DB_NAME, options?: DexieOptions) {
    super(name, options);
    this.use({
      stack: 'dbcore',
      name: 'pledgemark-annotation-writes',
      create: (down: DBCore): DBCore => ({
        ...down,
        table: (tableName) => {
          const table = down.table(tableName);
          const annotations = tableName === 'annotations';
          return {
            ...table,
            mutate: (req) => {
              this.writes++;
              if (annotations) this.annotationWrites++;
              return table.mutate(req).finally(() => {
                this.writes++;
                if (annotations) this.annotationWrites++;
              });
            },
          };
        },
      }),
    });
    // Version 1. Add new versions below; never edit a released one.
    this.version(1).stores({
      annotations: 'id, url, site, kind, *tags, createdAt, year',
      settings: 'key',
      snapshots: '[url+version], url, capturedAt',
    });
    // Version 2: [url+capturedAt] lets the popup read which versions of a page exist, and
    // when each was captured, from the index keys alone (no snapshot text loaded). The upgrade
    // rebuilds the derived annotation fields (year, search) so a record from v1 is indexed exactly
    // as a fresh one; every stored field is kept (tests/unit/migration.test.ts, fixture v1.json).
    this.version(2)
      .stores({
        annotations: 'id, url, site, kind, *tags, createdAt, year',
        settings: 'key',
        snapshots: '[url+version], url, capturedAt, [url+capturedAt]',
      })
      .upgrade(async (tx) => {
        await tx
          .table<StoredAnnotation, string>('annotations')
          .toCollection()
          .modify((row) => {
            // A malformed row is left exactly as it was (reads report it); it never aborts the upgrade.
            try {
              const year = yearOf(row);
              const search = searchTextOf(row);
              if (Number.isInteger(year)) row.year = year;
              row.search = search;
            } catch {
              /* kept as is */
            }
          });
      });
    // Version 3: two new tables, nothing else changes (no upgrade function: every stored row stays as it is).
    this.version(3).stores({
      annotations: 'id, url, site, kind, *tags, createdAt, year',
      settings: 'key',
      snapshots: '[url+version], url, capturedAt, [url+capturedAt]',
      trash: 'id, deletedAt',
      autoBackups: 'takenAt',
    });
    // Version 4: the promise tracker's tables, nothing else changes (a version lists only what it adds).
    this.version(4).stores({
      trackedReports: 'url, addedAt',
      untracked: 'url',
      linkDecisions: 'id, verdict, createdAt',
    });
    // Version 4 is the promise tracker's. Version 5: sync bookkeeping (one new table; every other table and row stays
    // as it is — the sharing fields of an annotation are optional, so older rows read unchanged).
    this.version(5).stores({
      syncDocs: '[notebook+id], [notebook+dirty], id',
    });
  }
}

/** The year used by the year filter (see the class comment). */
export function yearOf(a: Pick<Annotation, 'fields' | 'createdAt'>): number {
  const d = a.fields.deadline;
  if (typeof d === 'number' && Number.isInteger(d) && d >= 1000 && d <= 9999) return d;
  return Number(a.createdAt.slice(0, 4));
}

export function searchTextOf(a: Pick<Annotation, 'quote' | 'note' | 'title' | 'tags'>): string {
  return [a.quote.exact, a.note, a.title, ...a.tags].join('\u0000').toLowerCase();
}

export function toStored(a: Annotation): StoredAnnotation {
  return { ...a, year: yearOf(a), search: searchTextOf(a) };
}
