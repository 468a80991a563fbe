import { makeBackup, readBackup } from '../evidence/backup';
import { TEXT_CAPS, type TextCaps } from '../evidence/limits';
import { SettingsSchema, type Settings } from '../schema/settings';
import { AnnotationSchema } from '../schema/annotation';
import { SnapshotSchema } from '../schema/snapshot';
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
}

export interface RestoreResult {
  annotations: number;
  snapshots: number;
  settings: number;
}

const WRITE_CHUNK = 500;

export const RESTORE_REJECTED = 'Backup rejected, nothing was changed:';

function invalid(what: string): StoreError {
  return new StoreError('invalid', `${RESTORE_REJECTED} ${what}`);
}

/** The whole database as one backup file (rows are read and validated; the derived fields are dropped). */
export async function exportBackup(db: PledgemarkDB, now: Date = new Date()): Promise<BackupFile> {
  const { annotations, snapshots, settings } = await db.transaction('r', db.annotations, db.snapshots, db.settings, async () => ({
    annotations: await db.annotations.toArray(),
    snapshots: await db.snapshots.toArray(),
    settings: await db.settings.toArray(),
  }));
  const annos = annotations.map((row, i) => {
    const r = AnnotationSchema.safeParse(row);
    if (!r.success) throw new StoreError('invalid', `Stored annotation ${row?.id ?? i} is corrupt, no backup was made: ${formatZodError(r.error)}`);
    return r.data;
  });
  const snaps = snapshots.map((row, i) => {
    const r = SnapshotSchema.safeParse(row);
    if (!r.success) throw new StoreError('invalid', `Stored snapshot ${i} is corrupt, no backup was made: ${formatZodError(r.error)}`);
    return r.data;
  });
  // fromEntries defines each key as the record's own (an assignment of `__proto__` would set its prototype).
  const record: Record<string, unknown> = Object.fromEntries(settings.map((s) => [s.key, s.value]));
  const backup = makeBackup(annos, snaps, record, now);
  return {
    filename: `pledgemark-backup-${now.toISOString().slice(0, 10)}.json`,
    mime: 'application/json',
    content: `${JSON.stringify(backup, null, 1)}\n`,
  };
}

/**
 * Replaces everything in the database with the backup in `json`. Throws StoreError:
 * 'invalid' (the file's first problems by path, e.g. `annotations[3].quote.exact: Required`; a file over
 * MAX_FILE_CHARS; a snapshot that unpacks past the caps or whose text does not match its hash) before
 * anything is touched; 'quota' / 'storage' when a write fails, after the transaction rolled back.
 */
export async function restoreBackup(db: PledgemarkDB, json: string, caps: TextCaps = TEXT_CAPS): Promise<RestoreResult> {
  const parsed = await readBackup(typeof json === 'string' ? json.replace(/^\uFEFF/, '') : json, caps);
  if (!parsed.ok) throw invalid(parsed.error);
  const { annotations, snapshots, settings } = parsed.backup;

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
  try {
    await db.transaction('rw', db.annotations, db.snapshots, db.settings, async () => {
      await Promise.all([db.annotations.clear(), db.snapshots.clear(), db.settings.clear()]);
      for (let i = 0; i < stored.length; i += WRITE_CHUNK) await db.annotations.bulkPut(stored.slice(i, i + WRITE_CHUNK));
      for (let i = 0; i < snapshots.length; i += WRITE_CHUNK) await db.snapshots.bulkPut(snapshots.slice(i, i + WRITE_CHUNK));
      if (rows.length) await db.settings.bulkPut(rows);
    });
  } catch (e) {
    if (isQuotaError(e)) throw new StoreError('quota', `Restore failed, nothing was changed. ${QUOTA_MESSAGE}`);
    throw new StoreError('storage', `Restore failed, nothing was changed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { annotations: stored.length, snapshots: snapshots.length, settings: rows.length };
}
