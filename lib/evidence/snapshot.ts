import { Gunzip, gzipSync, strFromU8, strToU8 } from 'fflate';
import { MAX_SNAPSHOT_TEXT_BYTES, formatSize } from './limits';
import type { Item } from '../schema/item';
import { SnapshotSchema, type Snapshot } from '../schema/snapshot';
import { formatPath } from '../schema/errors';

/**
 * Making, reading and checking snapshots (the record itself: lib/schema/snapshot.ts). Pure: no DOM, no storage.
 */

/** SHA-256 of the UTF-8 encoding of `text`, as lowercase hex. */
export async function sha256Hex(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('sha256Hex: crypto.subtle is not available in this environment');
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  const bytes = new Uint8Array(digest);
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Base64 without Node's Buffer (extension pages and service workers have btoa/atob). */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    bin += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + CHUNK)));
  }
  return btoa(bin);
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** gzip (level 9) + base64 of the UTF-8 text. */
export function compressText(text: string): string {
  return bytesToBase64(gzipSync(strToU8(text), { level: 9, mem: 8 }));
}

/** Thrown when a snapshot's text would unpack to more than it may. */
export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`snapshot text unpacks to more than ${formatSize(limit)}`);
    this.name = 'TooLargeError';
  }
}

/** Input fed to the inflater at a time: one push can unpack to about 1,000 times its size (deflate's limit). */
const INFLATE_STEP = 4096;

/** gunzip that stops as soon as the output passes `maxBytes` (a small file may unpack to gigabytes). */
export function gunzipCapped(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const inflater = new Gunzip((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) throw new TooLargeError(maxBytes);
    parts.push(chunk);
    if (final) ended = true;
  });
  // The streaming inflater does not check the gzip frame: a cut-off file would pass as a shorter text. So the
  // header's magic and the trailer's length (ISIZE, the unpacked size mod 2^32) are checked here.
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 8) throw new Error('invalid gzip data');
  for (let i = 0; i < bytes.length; i += INFLATE_STEP) inflater.push(bytes.subarray(i, i + INFLATE_STEP), i + INFLATE_STEP >= bytes.length);
  const n = bytes.length;
  const isize = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
  if (!ended || isize !== total % 2 ** 32) throw new Error('unexpected end of data');
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Inverse of compressText; throws an Error with a clear message on corrupt data, and a TooLargeError when the
 * text would unpack to more than `maxBytes` of UTF-8.
 */
export function decompressText(textGz: string, maxBytes: number = MAX_SNAPSHOT_TEXT_BYTES): string {
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(textGz);
  } catch {
    throw new Error('snapshot text is not valid base64');
  }
  try {
    return strFromU8(gunzipCapped(bytes, maxBytes));
  } catch (e) {
    if (e instanceof TooLargeError) throw e;
    throw new Error(`snapshot text is not valid gzip data (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * Makes the snapshot of `text` for `url`. Returns null when `previous` (the latest stored
 * snapshot of the same URL) has the same text hash: nothing changed, nothing to store.
 * Throws an Error naming the bad field when the input does not make a valid snapshot
 * (e.g. an invalid URL, or items that fail ItemsSchema).
 */
export async function makeSnapshot(
  url: string,
  title: string,
  text: string,
  items: readonly Item[],
  previous?: Snapshot | null,
  now: Date = new Date(),
): Promise<Snapshot | null> {
  if (typeof text !== 'string') throw new Error('makeSnapshot: text must be a string');
  const hash = await sha256Hex(text);
  if (previous) {
    if (previous.url !== url) {
      throw new Error(`makeSnapshot: previous snapshot is of ${previous.url}, not ${url}`);
    }
    if (previous.hash === hash) return null;
  }
  const candidate = {
    url,
    title,
    capturedAt: now.toISOString(),
    hash,
    version: previous ? previous.version + 1 : 1,
    textGz: compressText(text),
    items: [...items],
  };
  const parsed = SnapshotSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`makeSnapshot: ${formatPath(issue.path) || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** The article text of a snapshot (decompressed). Throws a clear Error if textGz is corrupt or unpacks too large. */
export function readSnapshotText(s: Pick<Snapshot, 'textGz'>, maxBytes: number = MAX_SNAPSHOT_TEXT_BYTES): string {
  return decompressText(s.textGz, maxBytes);
}

/** True when the snapshot's text decompresses and matches its hash. */
export async function verifySnapshot(s: Snapshot): Promise<boolean> {
  try {
    return (await sha256Hex(readSnapshotText(s))) === s.hash;
  } catch {
    return false;
  }
}
