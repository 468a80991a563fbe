import { BACKUP_FORMAT, BACKUP_VERSION, makeBackup, readBackup } from '../evidence/backup';
import { TEXT_CAPS, type TextCaps } from '../evidence/limits';
import { SettingsSchema, type Settings } from '../schema/settings';
import { AnnotationSchema } from '../schema/annotation';
import { SnapshotSchema } from '../schema/snapshot';
import { LinkDecisionSchema, TrackedReportSchema } from '../schema/track';
import { BackupTrackerSchema } from '../schema/backup';
import { toStored, type PledgemarkDB, type SettingRow } from './db';
import { StoreError, isQuotaError, QUOTA_MESSAGE } from './errors';
import { formatZodError } from '../schema/errors';

/**
 * The full backup of the database: every annotation, snapshot and setting in one JSON
 * file (lib/evidence/backup), and the restore that replaces everything with a backup's content in
 * ONE Dexie transaction — all or nothing: a rejected file or a failed write (quota) leaves the
 * database exactly as it was.
 */

export interface BackupFile {
  filename: string;
  mime: string;
  content: string;
  /** Stored rows that do not read and were left out of the file (they stay in the database, for repair). */
  unreadable?: number;
}

export interface RestoreResult {
  annotations: number;
  snapshots: number;
  settings: number;
  /** When the automatic backup of what the restore replaced was taken (backup/previous); absent: nothing was stored. */
  backupBefore?: string;
}

const WRITE_CHUNK = 500;

export const RESTORE_REJECTED = 'Backup rejected, nothing was changed:';

function invalid(what: string): StoreError {
  return new StoreError('invalid', `${RESTORE_REJECTED} ${what}`);
}

/** The rows of `rows` that `schema` reads, and how many it does not. */
function readable<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, rows: readonly unknown[]): { good: T[]; bad: number } {
  const good: T[] = [];
  for (const row of rows) {
    const r = schema.safeParse(row);
    if (r.success) good.push(r.data);
  }
  return { good, bad: rows.length - good.length };
}

function backupName(now: Date, prefix = 'pledgemark-backup'): string {
  return `${prefix}-${now.toISOString().slice(0, 10)}.json`;
}

/**
 * The whole database as one backup file (rows are read and validated; the derived fields are dropped). A row that
 * does not read is left out and counted in `unreadable` (one corrupt row must not stop the backup of the rest).
 */
export async function exportBackup(db: PledgemarkDB, now: Date = new Date()): Promise<BackupFile> {
  const { annotations, snapshots, settings, reports, untracked, decisions } = await db.transaction(
    'r',
    [db.annotations, db.snapshots, db.settings, db.trackedReports, db.untracked, db.linkDecisions],
    async () => ({
      annotations: await db.annotations.toArray(),
      snapshots: await db.snapshots.toArray(),
      settings: await db.settings.toArray(),
      reports: await db.trackedReports.toArray(),
      untracked: await db.untracked.toArray(),
      decisions: await db.linkDecisions.toArray(),
    }),
  );
  const annos = readable(AnnotationSchema, annotations);
  const snaps = readable(SnapshotSchema, snapshots);
  const tracked = readable(TrackedReportSchema, reports);
  const out = readable(BackupTrackerSchema.shape.untracked.element, untracked);
  const decided = readable(LinkDecisionSchema, decisions);
  // fromEntries defines each key as the record's own (an assignment of `__proto__` would set its prototype).
  const record: Record<string, unknown> = Object.fromEntries(settings.map((s) => [s.key, s.value]));
  const backup = makeBackup(annos.good, snaps.good, record, now, { reports: tracked.good, untracked: out.good, decisions: decided.good });
  const unreadable = annos.bad + snaps.bad + tracked.bad + out.bad + decided.bad;
  return {
    filename: backupName(now),
    mime: 'application/json',
    content: `${JSON.stringify(backup, null, 1)}\n`,
    ...(unreadable ? { unreadable } : {}),
  };
}

/**
 * What the database holds now, as backup-file text, row for row (not validated: a corrupt row is kept as it is,
 * so nothing is lost by the restore that follows). Call inside a transaction over the three tables.
 */
async function rawBackup(db: PledgemarkDB, now: Date): Promise<string | null> {
  const [annotations, snapshots, settings, reports, untracked, decisions] = await Promise.all([
    db.annotations.toArray(),
    db.snapshots.toArray(),
    db.settings.toArray(),
    db.trackedReports.toArray(),
    db.untracked.toArray(),
    db.linkDecisions.toArray(),
  ]);
  const tracked = reports.length > 0 || untracked.length > 0 || decisions.length > 0;
  if (!annotations.length && !snapshots.length && !settings.length && !tracked) return null;
  const plain = annotations.map(({ year: _y, search: _s, ...a }) => a);
  return `${JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: now.toISOString(), annotations: plain, snapshots, settings: Object.fromEntries(settings.map((s) => [s.key, s.value])), ...(tracked ? { tracker: { reports, untracked, decisions } } : {}) }, null, 1)}\n`;
}

/** The automatic backup the last restore took of what it replaced, as a file to download; null when there is none. */
export async function previousBackup(db: PledgemarkDB): Promise<BackupFile | null> {
  const row = await db.autoBackups.orderBy('takenAt').last();
  if (!row) return null;
  return { filename: backupName(new Date(row.takenAt), 'pledgemark-before-restore'), mime: 'application/json', content: row.content };
}

/**
 * Replaces everything in the database with the backup in `json`. Throws StoreError:
 * 'invalid' (the file's first problems by path, e.g. `annotations[3].quote.exact: Required`; a file over
 * MAX_FILE_CHARS; a snapshot that unpacks past the caps or whose text does not match its hash) before
 * anything is touched; 'quota' / 'storage' when a write fails, after the transaction rolled back.
 */
export async function restoreBackup(db: PledgemarkDB, json: string, caps: TextCaps = TEXT_CAPS, now: Date = new Date()): Promise<RestoreResult> {
  const parsed = await readBackup(typeof json === 'string' ? json.replace(/^\uFEFF/, '') : json, caps);
  if (!parsed.ok) throw invalid(parsed.error);
  const { annotations, snapshots, settings, tracker } = parsed.backup;

  // Known settings keys must hold valid values; unknown keys (a newer Pledgemark's) are kept as they are.
  const problems: string[] = [];
  const rows: SettingRow[] = [];
  for (const [key, value] of Object.entries(settings)) {
    // Own keys only: `constructor` or `toString` would otherwise find Object.prototype's functions as a "schema".
    const shape = Object.hasOwn(SettingsSchema.shape, key) ? SettingsSchema.shape[key as keyof Settings] : undefined;
    if (shape) {
      const r = shape.safeParse(value);
      if (!r.success) problems.push(formatZodError(r.error, 1, ['settings', key]));
    }
    rows.push({ key, value });
  }
  if (problems.length) throw invalid(problems.slice(0, 5).join('; '));

  const stored = annotations.map(toStored);
  let backupBefore: string | undefined;
  try {
    await db.transaction('rw', [db.annotations, db.snapshots, db.settings, db.trash, db.autoBackups, db.trackedReports, db.untracked, db.linkDecisions], async () => {
      // First what is replaced, kept in the same transaction: the restore and its backup are both written or neither.
      const takenAt = now.toISOString();
      const before = await rawBackup(db, now);
      if (before !== null) {
        await db.autoBackups.clear();
        await db.autoBackups.put({ takenAt, reason: 'before-restore', content: before });
        backupBefore = takenAt;
      }
      await Promise.all([db.annotations.clear(), db.snapshots.clear(), db.settings.clear(), db.trash.clear()]);
      for (let i = 0; i < stored.length; i += WRITE_CHUNK) await db.annotations.bulkPut(stored.slice(i, i + WRITE_CHUNK));
      for (let i = 0; i < snapshots.length; i += WRITE_CHUNK) await db.snapshots.bulkPut(snapshots.slice(i, i + WRITE_CHUNK));
      if (rows.length) await db.settings.bulkPut(rows);
      // A file from before the tracker carries none of its records: the tracker's tables stay as they are.
      if (tracker) {
        await Promise.all([db.trackedReports.clear(), db.untracked.clear(), db.linkDecisions.clear()]);
        await db.trackedReports.bulkPut(tracker.reports);
        await db.untracked.bulkPut(tracker.untracked);
        await db.linkDecisions.bulkPut(tracker.decisions);
      }
    });
  } catch (e) {
    if (isQuotaError(e)) throw new StoreError('quota', `Restore failed, nothing was changed. ${QUOTA_MESSAGE}`);
    throw new StoreError('storage', `Restore failed, nothing was changed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { annotations: stored.length, snapshots: snapshots.length, settings: rows.length, ...(backupBefore ? { backupBefore } : {}) };
}
