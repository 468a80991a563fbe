import type { z } from 'zod';
import type { Annotation } from '../schema/annotation';
import type { Snapshot } from '../schema/snapshot';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupSchema, type Backup, type BackupTracker } from '../schema/backup';
import { formatPath } from '../schema/errors';
import { readSnapshotText, sha256Hex, TooLargeError } from './snapshot';
import { TEXT_CAPS, fileTooLarge, formatSize, type TextCaps } from './limits';

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

type Structure = { ok: true; backup: Backup; problems: string[] } | { ok: false; error: string; issues: string[] };

/** The file's JSON and schema, and the unique ids / (url, version) — everything but the snapshot texts. */
function parseStructure(json: string): Structure {
  if (typeof json !== 'string') return fail(['(root): expected the text of a backup file']);
  const tooLarge = fileTooLarge(json, 'backup');
  if (tooLarge) return fail([`(root): ${tooLarge}`]);
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
  const problems: string[] = [];
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
  return { ok: true, backup: parsed.data, problems };
}

type Unpacked = { text: string; bytes: number } | { problem: string; stop: boolean };

/**
 * The i-th snapshot's text, unpacked within the caps: `caps.snapshotBytes` for it, and what is left of
 * `caps.backupBytes` after the `total` bytes unpacked before it. A text over a cap stops the reading
 * (`stop`): the file is refused without unpacking the rest.
 */
function unpack(s: Snapshot, i: number, total: number, caps: TextCaps): Unpacked {
  const room = Math.min(caps.snapshotBytes, caps.backupBytes - total);
  try {
    const text = readSnapshotText(s, room);
    return { text, bytes: utf8Length(text) };
  } catch (e) {
    const over = e instanceof TooLargeError;
    const why = over && room < caps.snapshotBytes ? `the snapshots unpack to more than ${formatSize(caps.backupBytes)} in all` : e instanceof Error ? e.message : String(e);
    return { problem: `snapshots[${i}].textGz: ${why}`, stop: over };
  }
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}

/**
 * Parses and validates a backup file's text, without hashing (sync). Each snapshot's text must unpack within
 * the caps. Never throws. Restoring goes through readBackup, which also checks each snapshot's hash.
 */
export function parseBackup(json: string, caps: TextCaps = TEXT_CAPS): ParseBackupResult {
  const head = parseStructure(json);
  if (!head.ok) return head;
  const problems = [...head.problems];
  let total = 0;
  const snapshots = head.backup.snapshots;
  for (let i = 0; i < snapshots.length; i++) {
    const u = unpack(snapshots[i], i, total, caps);
    if ('text' in u) total += u.bytes;
    else if ((problems.push(u.problem), u.stop)) break;
  }
  if (problems.length) return fail(problems);
  return { ok: true, backup: head.backup };
}

/**
 * parseBackup plus what needs hashing: every snapshot's text must match its SHA-256 `hash` (a text changed in
 * the file, or a hash made up, would otherwise be restored as the page's evidence). Never throws.
 */
export async function readBackup(json: string, caps: TextCaps = TEXT_CAPS): Promise<ParseBackupResult> {
  const head = parseStructure(json);
  if (!head.ok) return head;
  const problems = [...head.problems];
  let total = 0;
  const snapshots = head.backup.snapshots;
  for (let i = 0; i < snapshots.length; i++) {
    const u = unpack(snapshots[i], i, total, caps);
    if (!('text' in u)) {
      if ((problems.push(u.problem), u.stop)) break;
      continue;
    }
    total += u.bytes;
    if ((await sha256Hex(u.text)) !== snapshots[i].hash) problems.push(`snapshots[${i}].hash: does not match the snapshot's text (the file was changed or damaged)`);
  }
  if (problems.length) return fail(problems);
  return { ok: true, backup: head.backup };
}

function fail(issues: string[]): { ok: false; error: string; issues: string[] } {
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
  tracker?: BackupTracker,
): Backup {
  const anyTracked = !!tracker && (tracker.reports.length > 0 || tracker.untracked.length > 0 || tracker.decisions.length > 0);
  return BackupSchema.parse({
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now.toISOString(),
    annotations: [...annotations],
    snapshots: [...snapshots],
    settings: { ...settings },
    ...(anyTracked ? { tracker } : {}),
  });
}
