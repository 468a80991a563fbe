import type { z } from 'zod';
import type { Annotation } from '../schema/annotation';
import type { Snapshot } from '../schema/snapshot';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupSchema, type Backup } from '../schema/backup';
import { formatPath } from '../schema/errors';
import { readSnapshotText } from './snapshot';

/** The record itself is defined in lib/schema/backup.ts; re-exported for the callers that read and write backups. */
export { BACKUP_FORMAT, BACKUP_VERSION, BackupSchema, type Backup };

/**
 * Reading and making the JSON backup of everything a reader has: annotations, snapshots and settings.
 * Pure. parseBackup is all-or-nothing: either every record is valid, or nothing is returned and the
 * error names the first bad field by its path (`annotations[3].quote.exact: Required`).
 */

export type ParseBackupResult =
  | { ok: true; backup: Backup }
  | { ok: false; error: string; issues: string[] };

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function describeIssue(root: unknown, issue: z.core.$ZodIssue): string {
  const path = formatPath(issue.path) || '(root)';
  // A field that is simply not there says so, whatever the field's type (string, union, literal…).
  if (issue.path.length && issue.code !== 'custom' && valueAt(root, issue.path) === undefined) return `${path}: Required`;
  return `${path}: ${issue.message}`;
}

const MAX_REPORTED = 5;

/** Parses and validates a backup file's text. Never throws. */
export function parseBackup(json: string): ParseBackupResult {
  if (typeof json !== 'string') return fail(['(root): expected the text of a backup file']);
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    return fail([`(root): not valid JSON (${e instanceof Error ? e.message : String(e)})`]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail(['(root): expected a JSON object']);
  }
  const head = data as Record<string, unknown>;
  if (head.format !== BACKUP_FORMAT) {
    return fail([`format: not a Pledgemark backup (expected "${BACKUP_FORMAT}", got ${JSON.stringify(head.format) ?? 'nothing'})`]);
  }
  if (head.version !== BACKUP_VERSION) {
    return fail([`version: unsupported backup version ${JSON.stringify(head.version) ?? '(none)'} (this Pledgemark reads version ${BACKUP_VERSION})`]);
  }
  const parsed = BackupSchema.safeParse(data);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => describeIssue(data, i)));

  // Beyond the schema: each snapshot's text must decompress, and ids / (url, version) must be unique.
  const problems: string[] = [];
  parsed.data.snapshots.forEach((s, i) => {
    try {
      readSnapshotText(s);
    } catch (e) {
      problems.push(`snapshots[${i}].textGz: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  const ids = new Map<string, number>();
  parsed.data.annotations.forEach((a, i) => {
    const first = ids.get(a.id);
    if (first !== undefined) problems.push(`annotations[${i}].id: duplicate of annotations[${first}].id (${a.id})`);
    else ids.set(a.id, i);
  });
  const versions = new Map<string, number>();
  parsed.data.snapshots.forEach((s, i) => {
    const key = `${s.version} ${s.url}`;
    const first = versions.get(key);
    if (first !== undefined) problems.push(`snapshots[${i}].version: duplicate of snapshots[${first}] (${s.url} version ${s.version})`);
    else versions.set(key, i);
  });
  if (problems.length) return fail(problems);
  return { ok: true, backup: parsed.data };
}

function fail(issues: string[]): ParseBackupResult {
  const shown = issues.slice(0, MAX_REPORTED);
  const more = issues.length > MAX_REPORTED ? ` (and ${issues.length - MAX_REPORTED} more)` : '';
  return { ok: false, error: shown.join('; ') + more, issues };
}

/** Builds a backup object (validated); serialise with JSON.stringify. */
export function makeBackup(
  annotations: readonly Annotation[],
  snapshots: readonly Snapshot[],
  settings: Record<string, unknown> = {},
  now: Date = new Date(),
): Backup {
  return BackupSchema.parse({
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now.toISOString(),
    annotations: [...annotations],
    snapshots: [...snapshots],
    settings: { ...settings },
  });
}
