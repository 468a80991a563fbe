import { z } from 'zod';
import { IsoDate, WebUrl } from './common';
import { ItemsSchema } from './item';

/**
 * A stored copy of a report's article text as Pledgemark saw it, with what was extracted from it.
 * The text is kept gzip-compressed and base64-encoded so that the same
 * record survives IndexedDB (structured clone) and a JSON backup unchanged.
 */
export const SnapshotSchema = z.object({
  url: WebUrl,
  title: z.string(),
  capturedAt: IsoDate,
  /** SHA-256 (lowercase hex) of the article text (UTF-8). */
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hex digest'),
  /** 1 for the first snapshot of a URL, +1 for each later one whose text differs. */
  version: z.number().int().positive(),
  /** The article text, UTF-8, gzip-compressed (fflate), base64 (RFC 4648, with padding). */
  textGz: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64'),
  /** The full extraction result on that text (offsets are into the decompressed text). */
  items: ItemsSchema,
});
export type Snapshot = z.infer<typeof SnapshotSchema>;
