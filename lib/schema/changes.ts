import { z } from 'zod';
import { ComparedField, ItemKind } from './item';
import { AnchorStatus } from './annotation';

/**
 * The records of a page's history that cross the message boundary: what changed on a page between two snapshots
 * (the silent-edit log), and where each saved annotation stands after re-anchoring on the current page.
 */
const FieldValue = z.union([z.number(), z.string(), z.null()]);

export const ChangeQuoteSchema = z.object({ text: z.string(), sentence: z.string() });

export const ChangeEntrySchema = z.object({
  change: z.enum(['added', 'removed', 'altered']),
  kind: ItemKind,
  metric: z.string().nullable(),
  /** For `altered`: each compared field that differs (value, valueMax, unit, deadline, comparator). */
  fields: z.array(z.object({ field: ComparedField, old: FieldValue, new: FieldValue })),
  /** The item in the earlier version (removed, altered) and in the later one (added, altered). */
  old: ChangeQuoteSchema.nullable(),
  new: ChangeQuoteSchema.nullable(),
});
export type ChangeEntry = z.infer<typeof ChangeEntrySchema>;

/** A page's change log between two stored versions of its article text. */
export const PageChangesSchema = z.object({
  url: z.string(),
  /** null when the page has fewer than two versions (nothing to compare). */
  fromVersion: z.number().int().positive().nullable(),
  toVersion: z.number().int().positive().nullable(),
  capturedFrom: z.string().nullable(),
  capturedTo: z.string().nullable(),
  entries: z.array(ChangeEntrySchema),
  /** The two versions hold the same text (the site restored what it had): nothing changed for the reader. */
  sameText: z.boolean().optional(),
});
export type PageChanges = z.infer<typeof PageChangesSchema>;

/** One saved annotation as re-anchored on the page now (reported by the content script in page/summary). */
export const AnchorReportSchema = z.object({
  id: z.string(),
  status: AnchorStatus,
  method: z.enum(['position', 'quote', 'fuzzy']).nullable(),
  /** The saved quote, and (changed) what stands in its place now. */
  oldText: z.string(),
  newText: z.string().nullable(),
});
export type AnchorReport = z.infer<typeof AnchorReportSchema>;
