import { z } from 'zod';
import { AnnotationSchema, NewAnnotationSchema, type Annotation, type NewAnnotation } from '../schema/annotation';
import { DEFAULT_SETTINGS, SettingsPatchSchema, SettingsSchema, type Settings, type SettingsPatch } from '../schema/settings';
import type { AnnotationQuery } from '../schema/annotation';
import { PledgemarkDB, searchTextOf, toStored, yearOf, type StoredAnnotation } from './db';
import type { ConflictChoice } from '../schema/notebook';
import { StoreError, toStoreError } from './errors';
import { formatZodError } from '../schema/errors';
import { normaliseUrl } from '../util/url';

export interface Facets {
  sites: string[];
  tags: string[];
  years: number[];
}

export interface ImportResult {
  /** Records written (new, or newer than the saved copy). */
  imported: number;
  /** Records already saved with the same or a newer updatedAt (kept as they were). */
  unchanged: number;
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new StoreError('invalid', `Invalid ${what}: ${formatZodError(r.error)}`);
  return r.data;
}

/** Reads are parsed too: a corrupt row is reported, never handed on half-formed. */
function readRow(row: StoredAnnotation): Annotation {
  return parseOrThrow(AnnotationSchema, row, `stored annotation ${row?.id ?? ''}`);
}

/** A stored row that does not read as an annotation: left in the database as it is, for repair. */
export interface UnreadableRow {
  id: string;
  error: string;
}

/**
 * The rows that read, and the ones that do not: one corrupt row (a bug in an old version, a damaged disk) must not
 * hide every other note from the list or the export.
 */
function readRows(rows: readonly StoredAnnotation[]): { good: Annotation[]; bad: UnreadableRow[] } {
  const good: Annotation[] = [];
  const bad: UnreadableRow[] = [];
  for (const row of rows) {
    const r = AnnotationSchema.safeParse(row);
    if (r.success) good.push(r.data);
    else bad.push({ id: typeof row?.id === 'string' ? row.id : String(row?.id), error: formatZodError(r.error) });
  }
  return { good, bad };
}

/** How long a deleted annotation can be brought back (the popup offers Undo for a shorter time). */
export const UNDO_WINDOW_MS = 60_000;

const WRITE_CHUNK = 1000;

/** The list order: createdAt descending, then id descending (the order of a backwards walk of the createdAt index). */
function newestFirst(x: { createdAt: string; id: string }, y: { createdAt: string; id: string }): number {
  return x.createdAt < y.createdAt ? 1 : x.createdAt > y.createdAt ? -1 : x.id < y.id ? 1 : x.id > y.id ? -1 : 0;
}

/** Every annotation, newest first, parsed, with its search haystack; valid while `writes` is the database's count. */
interface RowCache {
  writes: number;
  rows: ReadonlyArray<{ a: Annotation; search: string }>;
  bad: readonly UnreadableRow[];
}

/** All reads and writes of annotations and settings. Every write is validated before it touches the DB. */
export class AnnotationRepository {
  /**
   * The whole table in memory, for the reads that need every row (export, the text search, an unlimited list):
   * reading 10,000 rows from IndexedDB and parsing them takes about half a second in Chromium, and the popup
   * asks again for each search keystroke and each export. Dropped by any write (PledgemarkDB.annotationWrites);
   * the rows are parsed annotations shared between answers, never changed in place.
   */
  private cache: RowCache | null = null;
  private filling: Promise<RowCache> | null = null;

  constructor(
    readonly db: PledgemarkDB = new PledgemarkDB(),
    private readonly now: () => Date = () => new Date(),
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /** Every row that reads, newest first: from memory when nothing was written since the last full read. */
  private async everyRow(): Promise<RowCache['rows']> {
    return (await this.readEveryRow()).rows;
  }

  private async readEveryRow(): Promise<RowCache> {
    const cached = this.cache;
    if (cached && this.isWarm()) return cached;
    this.cache = null;
    if (this.filling) return this.filling;
    const writes = this.db.annotationWrites;
    const filling = (async () => {
      const stored = await this.db.annotations.orderBy('createdAt').reverse().toArray();
      const rows: Array<{ a: Annotation; search: string }> = [];
      const bad: UnreadableRow[] = [];
      for (const r of stored) {
        const one = readRows([r]);
        if (one.good.length) rows.push({ a: one.good[0], search: typeof r.search === 'string' ? r.search : searchTextOf(one.good[0]) });
        else bad.push(...one.bad);
      }
      const cache = { writes, rows, bad };
      // Kept only when no write started or ended while reading (else the next read goes to the database).
      if (writes === this.db.annotationWrites) this.cache = cache;
      return cache;
    })();
    this.filling = filling;
    try {
      return await filling;
    } finally {
      if (this.filling === filling) this.filling = null;
    }
  }

  /** Reads every row into memory ahead of an export or a search (the background calls it when the list opens). */
  async warm(): Promise<void> {
    try {
      await this.everyRow();
    } catch {
      // a corrupt row: the read that needs it reports it
    }
  }

  private async write<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toStoreError(e);
    }
  }

  /**
   * Saves a new annotation. With the id the content script made: when that id is saved already on the same page,
   * this is the same save sent again (its reply was lost) and the saved copy is the answer — one record, not two.
   * The id saved on another page is refused.
   */
  async save(input: NewAnnotation, share?: { notebooks: string[]; author: string }): Promise<Annotation> {
    const fresh = parseOrThrow(NewAnnotationSchema, input, 'annotation');
    const at = this.now().toISOString();
    const shared = share && share.notebooks.length ? { notebooks: [...new Set(share.notebooks)], author: share.author } : {};
    const annotation = parseOrThrow(
      AnnotationSchema,
      { ...fresh, url: normaliseUrl(fresh.url), id: fresh.id ?? this.newId(), createdAt: at, updatedAt: at, ...shared },
      'annotation',
    );
    return this.write(() =>
      this.db.transaction('rw', this.db.annotations, this.db.syncDocs, async () => {
        const existing = fresh.id !== undefined ? await this.db.annotations.get(annotation.id) : undefined;
        if (existing) {
          if (existing.url !== annotation.url) throw new StoreError('invalid', `Invalid annotation: the id ${annotation.id} is taken`);
          return readRow(existing);
        }
        await this.db.annotations.add(toStored(annotation));
        await this.markToSend(annotation.id, annotation.notebooks);
        return annotation;
      }),
    );
  }

  /**
   * Marks an annotation's sync rows in `notebooks` as changed locally (lib/sync sends them at its next run: the
   * row as it then is, or a deletion when it is gone or no longer shared there). Inside the caller's transaction.
   */
  private async markToSend(id: string, notebooks: readonly string[] | undefined): Promise<void> {
    if (!notebooks?.length) return;
    const keys = [...new Set(notebooks)].map((n) => [n, id] as [string, string]);
    const rows = await this.db.syncDocs.bulkGet(keys);
    await this.db.syncDocs.bulkPut(
      keys.map(([notebook], i) => ({ ...rows[i], notebook, id, rev: rows[i]?.rev ?? null, dirty: 1 as const, change: (rows[i]?.change ?? 0) + 1 })),
    );
  }

  /** Marks every shared annotation to be sent to its notebooks again (after a restore replaced the store). */
  async requeueShared(): Promise<number> {
    return this.write(() =>
      this.db.transaction('rw', this.db.annotations, this.db.syncDocs, async () => {
        const shared: Array<{ id: string; notebooks: string[] }> = [];
        await this.db.annotations.each((row) => {
          if (Array.isArray(row.notebooks) && row.notebooks.length) shared.push({ id: row.id, notebooks: row.notebooks });
        });
        for (const s of shared) await this.markToSend(s.id, s.notebooks);
        return shared.length;
      }),
    );
  }

  /**
   * Shares an annotation with exactly `notebooks` (ids of connected notebooks): a notebook added gets it at the next
   * sync, a notebook taken away gets a deletion. The author is set once, when it is first shared.
   */
  async share(id: string, notebooks: readonly string[], author: string | undefined): Promise<Annotation> {
    return this.write(() =>
      this.db.transaction('rw', this.db.annotations, this.db.syncDocs, async () => {
        const row = await this.db.annotations.get(id);
        if (!row) throw new StoreError('not-found', `No saved annotation with id ${id}`);
        const current = readRow(row);
        const wanted = [...new Set(notebooks)];
        const before = current.notebooks ?? [];
        const { notebooks: _n, ...rest } = current;
        const next = parseOrThrow(
          AnnotationSchema,
          { ...rest, ...(wanted.length ? { notebooks: wanted } : {}), ...(current.author === undefined && author && wanted.length ? { author } : {}) },
          'annotation',
        );
        await this.db.annotations.put(toStored(next));
        const changed = [...wanted.filter((n) => !before.includes(n)), ...before.filter((n) => !wanted.includes(n))];
        await this.markToSend(id, changed);
        return next;
      }),
    );
  }

  /**
   * Settles a conflict: the chosen revision's note and tags (or the reader's merge) become the annotation, the
   * conflict goes, and the sync replaces every competing revision in that notebook by this one.
   */
  async resolveConflict(id: string, choice: ConflictChoice): Promise<Annotation> {
    return this.write(() =>
      this.db.transaction('rw', this.db.annotations, this.db.syncDocs, async () => {
        const row = await this.db.annotations.get(id);
        if (!row) throw new StoreError('not-found', `No saved annotation with id ${id}`);
        const current = readRow(row);
        const conflict = current.conflict;
        if (!conflict) throw new StoreError('invalid', `The annotation ${id} is not in conflict`);
        let text: { note: string; tags: string[]; author?: string };
        if ('rev' in choice) {
          const v = conflict.versions.find((x) => x.rev === choice.rev);
          if (!v) throw new StoreError('invalid', `The annotation ${id} has no competing revision ${choice.rev}`);
          text = { note: v.note, tags: v.tags, ...(v.author !== undefined ? { author: v.author } : {}) };
        } else {
          text = { note: choice.merged.note, tags: [...new Set(choice.merged.tags.map((t) => t.trim()).filter(Boolean))] };
        }
        const { conflict: _c, ...rest } = current;
        const next = parseOrThrow(AnnotationSchema, { ...rest, ...text, updatedAt: this.now().toISOString() }, 'annotation');
        await this.db.annotations.put(toStored(next));
        await this.markToSend(id, [conflict.notebook, ...(current.notebooks ?? [])]);
        await this.db.syncDocs.update([conflict.notebook, id], { drop: conflict.versions.map((v) => v.rev) });
        return next;
      }),
    );
  }

  async update(id: string, change: { note?: string; tags?: string[] }): Promise<Annotation> {
    return this.write(() =>
      this.db.transaction('rw', this.db.annotations, this.db.syncDocs, async () => {
        const row = await this.db.annotations.get(id);
        if (!row) throw new StoreError('not-found', `No saved annotation with id ${id}`);
        const next = parseOrThrow(
          AnnotationSchema,
          {
            ...readRow(row),
            ...(change.note !== undefined ? { note: change.note } : {}),
            ...(change.tags !== undefined ? { tags: [...new Set(change.tags.map((t) => t.trim()).filter(Boolean))] } : {}),
            updatedAt: this.now().toISOString(),
          },
          'annotation',
        );
        await this.db.annotations.put(toStored(next));
        await this.markToSend(id, next.notebooks);
        return next;
      }),
    );
  }

  /**
   * Deletes an annotation; the stored row is kept in the trash for UNDO_WINDOW_MS so undoDelete can put it back
   * exactly as it was. Older trash is purged on the way.
   */
  async delete(id: string): Promise<boolean> {
    return this.write(() =>
      this.db.transaction('rw', this.db.annotations, this.db.trash, this.db.syncDocs, async () => {
        const row = await this.db.annotations.get(id);
        await this.purgeTrashIn();
        if (!row) return false;
        await this.db.annotations.delete(id);
        // A shared annotation's deletion goes to its notebooks as a tombstone.
        await this.markToSend(id, Array.isArray(row.notebooks) ? row.notebooks : undefined);
        await this.db.trash.put({ id, deletedAt: this.now().toISOString(), row });
        return true;
      }),
    );
  }

  /** Puts a deleted annotation back as it was stored. Throws StoreError('not-found') once the undo time is over. */
  async undoDelete(id: string): Promise<Annotation> {
    return this.write(() =>
      this.db.transaction('rw', this.db.annotations, this.db.trash, this.db.syncDocs, async () => {
        await this.purgeTrashIn();
        const trashed = await this.db.trash.get(id);
        if (!trashed) throw new StoreError('not-found', `The annotation ${id} can no longer be brought back`);
        if (await this.db.annotations.get(id)) throw new StoreError('invalid', `An annotation with id ${id} is saved again already`);
        await this.db.annotations.add(trashed.row);
        await this.markToSend(id, Array.isArray(trashed.row.notebooks) ? trashed.row.notebooks : undefined);
        await this.db.trash.delete(id);
        return readRow(trashed.row);
      }),
    );
  }

  /** Drops trash older than UNDO_WINDOW_MS: a deleted note does not stay on disk longer than its undo. */
  async purgeTrash(): Promise<number> {
    return this.write(() => this.db.transaction('rw', this.db.trash, () => this.purgeTrashIn()));
  }

  private purgeTrashIn(): Promise<number> {
    const before = new Date(this.now().getTime() - UNDO_WINDOW_MS).toISOString();
    return this.db.trash.where('deletedAt').below(before).delete();
  }

  async get(id: string): Promise<Annotation | undefined> {
    const row = await this.db.annotations.get(id);
    return row ? readRow(row) : undefined;
  }

  /** The page URL a saved annotation is on (no parse: the sender check needs only this), or undefined. */
  async urlOf(id: string): Promise<string | undefined> {
    const row = await this.db.annotations.get(id);
    return typeof row?.url === 'string' ? row.url : undefined;
  }

  /** The page's annotations in text order. */
  async forPage(url: string): Promise<Annotation[]> {
    return (await this.forPageReport(url)).annotations;
  }

  /** forPage, with the page's rows that do not read (left out of the list, kept in the database). */
  async forPageReport(url: string): Promise<{ annotations: Annotation[]; unreadable: UnreadableRow[] }> {
    const rows = await this.db.annotations.where('url').equals(normaliseUrl(url)).toArray();
    const { good, bad } = readRows(rows);
    return { annotations: good.sort((a, b) => a.position.start - b.position.start || a.createdAt.localeCompare(b.createdAt)), unreadable: bad };
  }

  /** Every annotation that reads, newest first, and every stored row that does not (kept as it is, for repair). */
  async allReport(): Promise<{ annotations: Annotation[]; unreadable: UnreadableRow[] }> {
    const { rows, bad } = await this.readEveryRow();
    return { annotations: rows.map((r) => r.a), unreadable: [...bad] };
  }

  async count(): Promise<number> {
    return this.db.annotations.count();
  }

  /**
   * Newest first (createdAt, then id, both descending). With every row in memory (everyRow: warm, or needed for a
   * text search or an unlimited list) all filters are checked there. Otherwise one index answers the most
   * selective equality filter (tag, site, year, kind) and the others are checked on its rows; with no filter the
   * createdAt index is walked from the newest and the limit stops the walk.
   */
  async list(query: AnnotationQuery = {}): Promise<Annotation[]> {
    const { text, kind, tag, year, site, limit, notebook, author } = query;
    const needle = text?.trim().toLowerCase() ?? '';
    const t = this.db.annotations;
    const cut = <T>(xs: T[]) => (limit !== undefined ? xs.slice(0, limit) : xs);
    if (needle || limit === undefined || this.isWarm() || notebook !== undefined || author !== undefined) {
      const checks: Array<(r: { a: Annotation; search: string }) => boolean> = [];
      if (notebook !== undefined) checks.push((r) => !!r.a.notebooks?.includes(notebook));
      if (author !== undefined) checks.push((r) => r.a.author === author);
      if (tag !== undefined) checks.push((r) => r.a.tags.includes(tag));
      if (site !== undefined) checks.push((r) => r.a.site === site);
      if (year !== undefined) checks.push((r) => yearOf(r.a) === year);
      if (kind !== undefined) checks.push((r) => r.a.kind === kind);
      if (needle) checks.push((r) => r.search.includes(needle));
      const all = await this.everyRow();
      return cut(checks.length ? all.filter((r) => checks.every((f) => f(r))) : all.slice()).map((r) => r.a);
    }
    let used: 'tag' | 'site' | 'year' | 'kind' | null = null;
    let rows: StoredAnnotation[];
    // Rows come out in bulk (getAll) and are checked in memory: a cursor per row is far slower.
    if (tag !== undefined) [rows, used] = [await t.where('tags').equals(tag).toArray(), 'tag'];
    else if (site !== undefined) [rows, used] = [await t.where('site').equals(site).toArray(), 'site'];
    else if (year !== undefined) [rows, used] = [await t.where('year').equals(year).toArray(), 'year'];
    else if (kind !== undefined) [rows, used] = [await t.where('kind').equals(kind).toArray(), 'kind'];
    else return readRows(await t.orderBy('createdAt').reverse().limit(limit).toArray()).good;
    const rest: Array<(r: StoredAnnotation) => boolean> = [];
    if (site !== undefined && used !== 'site') rest.push((r) => r.site === site);
    if (year !== undefined && used !== 'year') rest.push((r) => r.year === year);
    if (kind !== undefined && used !== 'kind') rest.push((r) => r.kind === kind);
    if (rest.length) rows = rows.filter((r) => rest.every((f) => f(r)));
    rows.sort(newestFirst);
    // Only what is returned is parsed.
    return readRows(cut(rows)).good;
  }

  /** True when every row is in memory and nothing was written since it was read. */
  private isWarm(): boolean {
    return !!this.cache && this.cache.writes === this.db.annotationWrites;
  }

  /** Everything, newest first (for export). */
  async all(): Promise<Annotation[]> {
    return this.list({});
  }

  /** The distinct values the popup's filters offer (read from the indexes' keys). */
  async facets(): Promise<Facets> {
    const t = this.db.annotations;
    const [sites, tags, years] = await Promise.all([
      t.orderBy('site').uniqueKeys(),
      t.orderBy('tags').uniqueKeys(),
      t.orderBy('year').uniqueKeys(),
    ]);
    return {
      sites: sites.map(String),
      tags: tags.map(String),
      years: years.map(Number).sort((a, b) => b - a),
    };
  }

  /**
   * All or nothing: every record is validated first (a bad one rejects the whole batch with its
   * index), then all are written in one transaction. Ids are kept, so importing the same export
   * twice adds nothing; a saved copy with a newer updatedAt is kept.
   */
  async importMany(records: readonly unknown[]): Promise<ImportResult> {
    const parsed = parseOrThrow(z.array(AnnotationSchema), records, 'import');
    const incoming = new Map<string, Annotation>();
    for (const a of parsed) incoming.set(a.id, { ...a, url: normaliseUrl(a.url) });
    return this.write(() =>
      this.db.transaction('rw', this.db.annotations, this.db.syncDocs, async () => {
        const ids = [...incoming.keys()];
        const existing = await this.db.annotations.bulkGet(ids);
        const toWrite: StoredAnnotation[] = [];
        ids.forEach((id, i) => {
          const a = incoming.get(id)!;
          const old = existing[i];
          if (old && old.updatedAt >= a.updatedAt) return;
          toWrite.push(toStored(a));
        });
        for (let i = 0; i < toWrite.length; i += WRITE_CHUNK) {
          await this.db.annotations.bulkPut(toWrite.slice(i, i + WRITE_CHUNK));
        }
        for (const a of toWrite) await this.markToSend(a.id, a.notebooks);
        return { imported: toWrite.length, unchanged: parsed.length - toWrite.length };
      }),
    );
  }

  async getSettings(): Promise<Settings> {
    const keys = Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>;
    const rows = await this.db.settings.bulkGet(keys);
    const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    keys.forEach((k, i) => {
      const row = rows[i];
      if (!row) return;
      // A corrupt value falls back to the default for that key only.
      const ok = SettingsSchema.shape[k].safeParse(row.value);
      if (ok.success) out[k] = ok.data;
    });
    return SettingsSchema.parse(out);
  }

  async setSettings(patch: SettingsPatch): Promise<Settings> {
    const change = parseOrThrow(SettingsPatchSchema, patch, 'settings');
    return this.write(() =>
      this.db.transaction('rw', this.db.settings, async () => {
        const next = parseOrThrow(SettingsSchema, { ...(await this.getSettings()), ...change }, 'settings');
        const rows = (Object.keys(change) as Array<keyof Settings>).map((key) => ({ key, value: next[key] }));
        await this.db.settings.bulkPut(rows);
        return next;
      }),
    );
  }
}
