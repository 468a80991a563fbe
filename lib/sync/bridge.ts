import Dexie from 'dexie';
import type { Annotation, AnnotationConflict, ConflictVersion } from '../schema/annotation';
import type { Snapshot } from '../schema/snapshot';
import { verifySnapshot } from '../evidence/snapshot';
import { AnnotationSchema } from '../schema/annotation';
import { toStored, type PledgemarkDB, type StoredAnnotation, type SyncDocRow } from '../store/db';
import {
  SNAPSHOT_PREFIX,
  annotationIdOf,
  conflictVersionOf,
  docIdOf,
  fromDoc,
  fromSnapshotDoc,
  sameAnnotation,
  sameContent,
  snapshotDocIdOf,
  toDoc,
  toSnapshotDoc,
  type AnnotationDoc,
} from './mapping';

/**
 * The bridge between Dexie (the store everything reads) and one notebook's local PouchDB replica. PouchDB's
 * replicator moves documents between that replica and the server (revisions, checkpoints, tombstones, retries);
 * this moves them between the replica and Dexie:
 *
 * - push: every annotation the repository marked in syncDocs (a change to a shared note, a share or unshare, a
 *   delete, a settled conflict) is written to the replica as its document, on top of the revision the local row
 *   rests on. When the replica moved on meanwhile (a colleague's edit arrived before ours went out), ours is added
 *   as a second branch of that revision, as CouchDB does with two servers' edits, so the conflict is kept and shown,
 *   never settled silently. A row gone or no longer shared there becomes a tombstone.
 * - pull: the replica's changes feed since the bridge's own checkpoint (a _local document of the replica, so a
 *   restart does not read everything again) is written to Dexie: new and changed notes, deletions, and every
 *   conflict with all its competing revisions. A document that does not validate is reported and skipped; the
 *   rest still arrives. A note with a local change not yet sent is left for the push (which then conflicts or not).
 */

/** The part of a PouchDB database the bridge uses (PouchDB.Database fits; tests may pass the same). */
export type Replica = PouchDB.Database<Record<string, unknown>>;

const CHECKPOINT_ID = '_local/pledgemark-bridge';
const BATCH = 500;

export interface PushResult {
  sent: number;
  errors: Array<{ id: string; error: string }>;
}

export interface PullResult {
  /** Notes written to Dexie (new, changed or deleted). */
  applied: number;
  /** Documents that are not valid annotations: left out, each with why. */
  rejected: Array<{ docId: string; error: string }>;
  /** The replica's sequence the pull read up to (its checkpoint). */
  seq: number | string;
  /** The page URLs whose notes changed (their open tabs re-read them). */
  urls: string[];
}

interface Checkpoint {
  _id: string;
  _rev?: string;
  seq: number | string;
}

function isNotFound(e: unknown): boolean {
  return (e as { status?: number } | null)?.status === 404;
}

function message(e: unknown): string {
  if (e instanceof Error) return e.message;
  const m = (e as { message?: unknown; reason?: unknown } | null)?.message ?? (e as { reason?: unknown } | null)?.reason;
  return typeof m === 'string' ? m : String(e);
}

/** A revision id of the same form as PouchDB's: generation, a dash, 32 hex digits. */
function newRevHash(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const generation = (rev: string): number => Number(rev.slice(0, rev.indexOf('-')));
const hashOf = (rev: string): string => rev.slice(rev.indexOf('-') + 1);

export class NotebookBridge {
  constructor(
    private readonly db: PledgemarkDB,
    readonly local: Replica,
    /** The notebook's id and the author name the reader set for it. */
    readonly notebook: { id: string; author: string },
  ) {}

  /** How many local changes wait to go into the replica. */
  async pending(): Promise<number> {
    return this.db.syncDocs.where('[notebook+dirty]').equals([this.notebook.id, 1]).count();
  }

  /** Writes every local change marked for this notebook into the replica. */
  async push(): Promise<PushResult> {
    const out: PushResult = { sent: 0, errors: [] };
    const dirty = await this.db.syncDocs.where('[notebook+dirty]').equals([this.notebook.id, 1]).toArray();
    for (const mark of dirty) {
      try {
        const rev = await this.pushOne(mark);
        out.sent++;
        await this.db.transaction('rw', this.db.syncDocs, async () => {
          const now = await this.db.syncDocs.get([mark.notebook, mark.id]);
          if (!now) return;
          // Changed again while this was being sent: stays marked, and goes again on its new revision.
          const settled = now.change === mark.change;
          await this.db.syncDocs.put({ ...now, rev, ...(settled ? { dirty: 0 as const, drop: undefined } : {}) });
        });
      } catch (e) {
        out.errors.push({ id: mark.id, error: message(e) });
      }
    }
    return out;
  }

  /** Sends one marked row; answers the replica's revision the local row now rests on. */
  private async pushOne(mark: SyncDocRow): Promise<string | null> {
    const docId = docIdOf(mark.id);
    const row = await this.db.annotations.get(mark.id);
    const parsed = row ? AnnotationSchema.safeParse(row) : null;
    const a = parsed?.success ? parsed.data : null;
    const current = await this.local.get(docId, { conflicts: true }).catch((e: unknown) => {
      if (isNotFound(e)) return null;
      throw e;
    });
    const shared = !!a && !!a.notebooks?.includes(this.notebook.id);
    if (!shared) {
      if (row && !a) throw new Error(`the stored row ${mark.id} does not read; not sent`);
      if (!current) return mark.rev;
      // Gone here, or no longer shared there: a tombstone, and every competing branch too (else one of them would
      // simply become the note again).
      const leaves = [current._rev, ...((current._conflicts as string[] | undefined) ?? [])];
      const res = await this.local.bulkDocs(leaves.map((rev) => ({ _id: docId, _rev: rev, _deleted: true })));
      return revOf(res[0]) ?? current._rev;
    }
    // The page's text as it was (its snapshot versions) goes with a shared note: the evidence it rests on.
    await this.pushSnapshots(a.url);
    // A conflict not yet settled in this notebook: nothing goes out until the reader picks or merges.
    if (a.conflict?.notebook === this.notebook.id) return mark.rev;
    const doc = toDoc(a, this.notebook.author);
    const drop = (mark.drop ?? []).filter((r) => r !== current?._rev && ((current?._conflicts as string[] | undefined) ?? []).includes(r));
    if (current && sameContent(current, doc) && !drop.length) return current._rev;
    if (!current) {
      // New here, or deleted there: a local edit brings it back (the new revision continues the tombstone), so
      // nothing the reader wrote is lost to a colleague's delete.
      const res = await this.local.put({ ...doc } as Record<string, unknown> & { _id: string });
      return res.rev;
    }
    if (mark.rev === null || mark.rev === current._rev) {
      // In step with the replica: an ordinary edit on top of its revision; a settled conflict drops the others.
      const res = await this.local.bulkDocs([{ ...doc, _rev: current._rev }, ...drop.map((rev) => ({ _id: docId, _rev: rev, _deleted: true }))]);
      const rev = revOf(res[0]);
      if (!rev) throw new Error(errorOf(res[0]) ?? `could not write ${docId}`);
      return rev;
    }
    // The replica moved on since the revision our edit rests on: ours becomes a sibling branch (a conflict both
    // sides will see), not an overwrite of theirs.
    const rev = `${generation(mark.rev) + 1}-${newRevHash()}`;
    await this.local.bulkDocs(
      [{ ...doc, _rev: rev, _revisions: { start: generation(mark.rev) + 1, ids: [hashOf(rev), hashOf(mark.rev)] } } as never],
      { new_edits: false },
    );
    return rev;
  }

  /** Writes the stored snapshot versions of `url` that the replica does not have yet (they never change). */
  private async pushSnapshots(url: string): Promise<void> {
    const snaps = await this.db.snapshots.where('[url+version]').between([url, Dexie.minKey], [url, Dexie.maxKey]).toArray();
    if (!snaps.length) return;
    const ids = snaps.map((x) => snapshotDocIdOf(x));
    const have = await this.local.allDocs({ keys: ids });
    const missing = snaps.filter((_, i) => {
      const row = have.rows[i] as { error?: string } | undefined;
      return !row || row.error === 'not_found';
    });
    if (missing.length) await this.local.bulkDocs(missing.map((x) => toSnapshotDoc(x) as unknown as Record<string, unknown>));
  }

  /** Reads the replica's changes since the bridge's checkpoint into Dexie. */
  async pull(): Promise<PullResult> {
    const out: PullResult = { applied: 0, rejected: [], seq: 0, urls: [] };
    const urls = new Set<string>();
    const checkpoint: Checkpoint = await this.local.get(CHECKPOINT_ID).then(
      (d) => d as unknown as Checkpoint,
      (e: unknown) => {
        if (isNotFound(e)) return { _id: CHECKPOINT_ID, seq: 0 };
        throw e;
      },
    );
    let since: number | string = checkpoint.seq;
    for (;;) {
      const feed = await this.local.changes({ since, limit: BATCH, include_docs: true, conflicts: true });
      if (!feed.results.length) break;
      const applied = await this.applyBatch(feed.results as unknown as Change[], out.rejected, urls);
      out.applied += applied;
      since = feed.last_seq;
      // Saved after each batch is in Dexie: a stop in the middle reads that batch again, which changes nothing.
      const put = await this.local.put({ ...checkpoint, seq: since } as never);
      checkpoint._rev = put.rev;
      checkpoint.seq = since;
      if (feed.results.length < BATCH) break;
    }
    out.seq = since;
    out.urls = [...urls];
    return out;
  }

  private async applyBatch(changes: Change[], rejected: PullResult['rejected'], urls: Set<string>): Promise<number> {
    // Read from the replica first (competing revisions), then write Dexie in one transaction: an IndexedDB
    // transaction cannot wait on the replica.
    type Plan = { id: string; rev: string; deleted: true } | { id: string; rev: string; deleted: false; remote: Annotation; conflict?: AnnotationConflict };
    const plans: Plan[] = [];
    const snapshots: Array<Omit<Snapshot, 'version'>> = [];
    for (const change of changes) {
      if (change.id.startsWith(SNAPSHOT_PREFIX)) {
        if (change.deleted || !change.doc) continue;
        const r = fromSnapshotDoc(change.doc);
        const ok = r.ok && (await verifySnapshot({ ...r.snapshot, version: 1 }).catch(() => false));
        if (r.ok && ok) snapshots.push(r.snapshot);
        else rejected.push({ docId: change.id, error: r.ok ? 'the text does not match its hash' : r.error });
        continue;
      }
      const id = annotationIdOf(change.id);
      if (id === null) continue; // _design and other record types: not for this bridge
      const doc = change.doc;
      if (change.deleted || !doc || doc._deleted) {
        plans.push({ id, rev: change.changes[0]?.rev ?? '', deleted: true });
        continue;
      }
      const r = fromDoc(doc, this.notebook.id);
      if (!r.ok) {
        rejected.push({ docId: change.id, error: r.error });
        continue;
      }
      const others = (doc._conflicts as string[] | undefined) ?? [];
      let conflict: AnnotationConflict | undefined;
      if (others.length) {
        const versions: ConflictVersion[] = [];
        const winner = conflictVersionOf(doc, this.notebook.id);
        if (winner) versions.push(winner);
        for (const rev of others) {
          const other = await this.local.get(change.id, { rev }).catch(() => null);
          const v = other ? conflictVersionOf(other, this.notebook.id) : null;
          if (v) versions.push(v);
        }
        if (versions.length >= 2) conflict = { notebook: this.notebook.id, versions };
      }
      plans.push({ id, rev: doc._rev as string, deleted: false, remote: r.annotation, ...(conflict ? { conflict } : {}) });
    }
    if (!plans.length && !snapshots.length) return 0;
    const nb = this.notebook.id;
    return this.db.transaction('rw', this.db.annotations, this.db.syncDocs, this.db.snapshots, async () => {
      // A colleague's snapshot is stored as the next version of that page here, unless this text is stored already.
      for (const snap of snapshots) {
        const mine = await this.db.snapshots.where('[url+version]').between([snap.url, Dexie.minKey], [snap.url, Dexie.maxKey]).toArray();
        if (mine.some((m) => m.hash === snap.hash)) continue;
        const version = mine.reduce((n, m) => Math.max(n, m.version), 0) + 1;
        await this.db.snapshots.add({ ...snap, version });
      }
      const ids = plans.map((p) => p.id);
      const [rows, marks] = await Promise.all([this.db.annotations.bulkGet(ids), this.db.syncDocs.bulkGet(ids.map((id) => [nb, id] as [string, string]))]);
      const puts = new Map<string, StoredAnnotation>();
      const deletes = new Set<string>();
      const bookkeeping: SyncDocRow[] = [];
      let applied = 0;
      plans.forEach((p, i) => {
        const mark = marks[i];
        // A local change not yet sent wins the race here; the push then puts it on the replica (or conflicts).
        if (mark?.dirty === 1) return;
        const row = puts.get(p.id) ?? (deletes.has(p.id) ? undefined : rows[i]);
        const local = row ? AnnotationSchema.safeParse(row) : null;
        const current = local?.success ? local.data : null;
        if (p.deleted) {
          if (current && current.notebooks?.includes(nb)) {
            const rest = current.notebooks.filter((n) => n !== nb);
            if (rest.length) puts.set(p.id, toStored({ ...current, notebooks: rest }));
            else {
              puts.delete(p.id);
              deletes.add(p.id);
            }
            urls.add(current.url);
            applied++;
          }
          bookkeeping.push({ notebook: nb, id: p.id, rev: p.rev, dirty: 0, change: mark?.change ?? 0 });
          return;
        }
        if (row && !current) return; // a local row that does not read is never overwritten: kept for repair
        const notebooks = [...new Set([...(current?.notebooks ?? []), nb])];
        const { conflict: _old, ...remote } = p.remote;
        const keepOther = current?.conflict && current.conflict.notebook !== nb ? { conflict: current.conflict } : {};
        const next: Annotation = { ...remote, notebooks, ...(p.conflict ? { conflict: p.conflict } : keepOther) };
        if (!current || !sameAnnotation(current, next)) {
          puts.set(p.id, toStored(next));
          deletes.delete(p.id);
          urls.add(next.url);
          if (current && current.url !== next.url) urls.add(current.url);
          applied++;
        }
        bookkeeping.push({ notebook: nb, id: p.id, rev: p.rev, dirty: 0, change: mark?.change ?? 0 });
      });
      if (deletes.size) await this.db.annotations.bulkDelete([...deletes]);
      if (puts.size) await this.db.annotations.bulkPut([...puts.values()]);
      if (bookkeeping.length) await this.db.syncDocs.bulkPut(bookkeeping);
      return applied;
    });
  }
}

interface Change {
  id: string;
  seq: number | string;
  deleted?: boolean;
  changes: Array<{ rev: string }>;
  doc?: (AnnotationDoc & Record<string, unknown>) | undefined;
}

function revOf(r: unknown): string | null {
  const rev = (r as { rev?: unknown } | null)?.rev;
  return typeof rev === 'string' && !(r as { error?: unknown }).error ? rev : null;
}

function errorOf(r: unknown): string | null {
  const x = r as { error?: unknown; reason?: unknown; message?: unknown } | null;
  if (!x?.error) return null;
  return String(x.reason ?? x.message ?? x.error);
}
