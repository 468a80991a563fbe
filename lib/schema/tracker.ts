import { z } from 'zod';
import { LinkStatus, TargetLinkSchema, TrackedReportSchema } from './track';
import { ItemsSchema } from './item';

/**
 * The extension's view of the promise tracker: what the background answers the tracker page and the popup with.
 * The records themselves (tracked reports, decisions, links) are defined in ./track.
 */

/** A tracked report as the tracker page lists it. */
export const TrackedReportInfoSchema = TrackedReportSchema.extend({
  /** Saved notes on the page (a page with notes is tracked without being added). */
  notes: z.number().int().nonnegative(),
  /** Added with "Add this report to the tracker" (else tracked for its notes). */
  byHand: z.boolean(),
  /** The stored snapshot version the tracker reads (the latest), null when none is stored. */
  version: z.number().int().positive().nullable(),
});
export type TrackedReportInfo = z.infer<typeof TrackedReportInfoSchema>;

/** One row of the tracker: a target with its links and status, and whether the reader saved that target. */
export const TrackerRowSchema = TargetLinkSchema.extend({ saved: z.boolean() });
export type TrackerRow = z.infer<typeof TrackerRowSchema>;

/** A tracked report as the rows refer to it (`doc` is the page URL). */
export const TrackerDocSchema = z.object({
  doc: z.string(),
  url: z.string(),
  title: z.string(),
  date: z.string().nullable(),
  version: z.number().int().positive().nullable(),
});
export type TrackerDoc = z.infer<typeof TrackerDocSchema>;

export const YmdDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const TrackerViewSchema = z.object({
  /** The date the statuses were computed for (YYYY-MM-DD). */
  today: YmdDate,
  docs: z.array(TrackerDocSchema),
  rows: z.array(TrackerRowSchema),
});
export type TrackerView = z.infer<typeof TrackerViewSchema>;

/** The tracker page's filters; every key given narrows the rows. */
export const TrackerFilterSchema = z.object({
  site: z.string().optional(),
  status: LinkStatus.optional(),
  year: z.number().int().optional(),
  strength: z.string().optional(),
  /** Only the targets the reader saved. */
  saved: z.boolean().optional(),
});
export type TrackerFilter = z.infer<typeof TrackerFilterSchema>;

/** The popup's one line: targets due this year and not yet met, overdue ones, met or exceeded ones. */
export const TrackerSummarySchema = z.object({
  dueThisYear: z.number().int().nonnegative(),
  overdue: z.number().int().nonnegative(),
  met: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type TrackerSummary = z.infer<typeof TrackerSummarySchema>;

/** A place in a tracked page, as a decision names it: the page URL, the item's offsets and its text. */
export const DecisionEnd = z.object({
  url: z.string().url(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  exact: z.string().min(1),
});

/** What a page sends to be tracked: its article text and extraction (as for a snapshot), and its date if it shows one. */
export const TrackPagePayload = z.object({
  url: z.string().url(),
  title: z.string(),
  text: z.string(),
  items: ItemsSchema.optional(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(),
});

/** A saved target as the "outcome of…" picker lists it, and whether the reader linked it to the figure asked about. */
export const SavedTargetSchema = z.object({
  url: z.string(),
  title: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  exact: z.string(),
  metric: z.string().nullable(),
  deadline: z.union([z.number().int(), z.string()]).nullable(),
  linked: z.boolean(),
});
export type SavedTarget = z.infer<typeof SavedTargetSchema>;
