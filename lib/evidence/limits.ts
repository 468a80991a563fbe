/**
 * The sizes a file from outside may have. A backup or an import is text the reader picked from disk: a tampered
 * or damaged one must be refused before it costs the background its memory. Each limit is generous for real use
 * (a government report's article text is rarely over 1 MB) and stated to the reader when a file is refused.
 */

const MB = 1024 * 1024;

/**
 * The largest backup or import file, in characters of its text. Chrome refuses a runtime message over 64 MiB,
 * and the file travels from the options page or popup to the background as one message.
 */
export const MAX_FILE_CHARS = 48 * MB;

/** The largest article text one snapshot may unpack to (UTF-8 bytes): several times the longest real report. */
export const MAX_SNAPSHOT_TEXT_BYTES = 32 * MB;

/** The largest total all of a backup's snapshots may unpack to (UTF-8 bytes). */
export const MAX_BACKUP_TEXT_BYTES = 512 * MB;

/** The two unpacking caps together (tests pass smaller ones). */
export interface TextCaps {
  snapshotBytes: number;
  backupBytes: number;
}
export const TEXT_CAPS: TextCaps = { snapshotBytes: MAX_SNAPSHOT_TEXT_BYTES, backupBytes: MAX_BACKUP_TEXT_BYTES };

/** "48 MB": a size as the reader reads it. */
export function formatSize(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** null when `text` (a file's content) is within MAX_FILE_CHARS, else the message that refuses it. */
export function fileTooLarge(text: string, what: 'backup' | 'import'): string | null {
  if (text.length <= MAX_FILE_CHARS) return null;
  return `The ${what} file is over the ${formatSize(MAX_FILE_CHARS)} limit (${(text.length / MB).toFixed(1)} MB). Nothing was changed.`;
}

/**
 * A file's text as the reader picked it, or null when it is over MAX_FILE_CHARS (the background refuses it too).
 * A file of more than three bytes per character allowed is refused unread (UTF-8 spends at most three bytes on
 * a UTF-16 code unit).
 */
export async function readLimited(file: Pick<Blob, 'size' | 'text'>): Promise<string | null> {
  if (file.size > 3 * MAX_FILE_CHARS) return null;
  const text = await file.text();
  return text.length > MAX_FILE_CHARS ? null : text;
}
