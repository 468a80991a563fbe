import { z } from 'zod';
import { IsoDate } from './common';
import { ItemsSchema } from './item';

/**
 * The promise tracker's records: which reports are tracked, how a target stands against what later reports
 * say, and the reader's own decisions about links. The linking itself is pure (lib/track); the tracked
 * reports and decisions are stored by the background (Dexie); the statuses are computed, never stored.
 */

/**
 * Where a target stands:
 * - `met` / `exceeded` / `missed`: a figure for the same metric, for the target's period (its deadline year, or
 *   a later one), compared with value, valueMax and comparator;
 * - `partly`: progress is reported, but for a part of the metric or an earlier period than the deadline;
 * - `no-figure`: a later report says it was done but gives no number (a commitment-like mention);
 * - `pending`: no deciding evidence and the deadline has not passed;
 * - `overdue`: the deadline has passed and there is no evidence.
 */
export const LinkStatus = z.enum(['met', 'exceeded', 'missed', 'partly', 'no-figure', 'pending', 'overdue']);
export type LinkStatus = z.infer<typeof LinkStatus>;

/** One report given to the linker: its extraction and what dates it. `doc` is a key unique in the input (a URL or a path). */
export const TrackDocSchema = z.object({
  doc: z.string().min(1),
  title: z.string(),
  /** The page's address, for deep links; null for a file. */
  url: z.string().nullable(),
  /** When the report was published or captured (YYYY-MM-DD), if known: it dates figures that name no year. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  items: ItemsSchema,
  /**
   * Whose report it is (番禺区, 广州市), when the caller knows better than the title: figures of one place never
   * measure another's targets. Absent: read from the title, else the URL's host.
   */
  issuer: z.string().min(1).nullable().optional(),
  /**
   * The report's text, when at hand: a sentence of a later report that says a target's thing was done without
   * giving a number makes the status no-figure. Item offsets refer to it.
   */
  text: z.string().optional(),
});
export type TrackDoc = z.infer<typeof TrackDocSchema>;

/** A place in a report: the document key and the item's UTF-16 offsets into that report's text. */
export const ItemRef = z.object({
  doc: z.string().min(1),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type ItemRef = z.infer<typeof ItemRef>;

/** A figure linked to a target: where it is, what it says, the period it covers, and why it was linked. */
export const LinkedFigureSchema = ItemRef.extend({
  text: z.string(),
  sentence: z.string(),
  metric: z.string().nullable(),
  value: z.number().nullable(),
  unit: z.string().nullable(),
  /** The period the figure is for ("2019", "2019-H1", "2016-2020"), or null when it cannot be told. */
  period: z.string().nullable(),
  /** 0..1: how sure the linker is that this is the same metric. */
  score: z.number().min(0).max(1),
  /** Why it was linked (same metric words, same measure kind, unit family, later period, …), in words. */
  reasons: z.array(z.string()),
  /** `suggested` by the linker, `confirmed` or `manual` by the reader (a rejected link is not listed). */
  source: z.enum(['suggested', 'confirmed', 'manual']),
});
export type LinkedFigure = z.infer<typeof LinkedFigureSchema>;

/** One tracked target with the figures linked to it and the status they give. */
export const TargetLinkSchema = z.object({
  target: ItemRef.extend({
    text: z.string(),
    sentence: z.string(),
    metric: z.string().nullable(),
    value: z.number().nullable(),
    valueMax: z.number().nullable(),
    unit: z.string().nullable(),
    comparator: z.string().nullable(),
    deadline: z.union([z.number().int(), z.string()]).nullable(),
    strength: z.string().nullable(),
  }),
  /** Oldest period first. Empty when nothing links. */
  figures: z.array(LinkedFigureSchema),
  status: LinkStatus,
  /** The figure the status rests on (an index into `figures`), or null (pending, overdue). */
  basis: z.number().int().nonnegative().nullable(),
  /** The status in a sentence ("2020 figure 5400 个 ≥ target 5370 个"). */
  why: z.string(),
});
export type TargetLink = z.infer<typeof TargetLinkSchema>;

/** A reader's decision on a link: confirmed or rejected suggestions, and links made by hand. Decisions win over suggestions. */
export const LinkDecisionSchema = z.object({
  id: z.string().min(1),
  /** The target and the figure, by page URL and the quote (offsets move when a page changes; the quote anchors again). */
  target: z.object({ url: z.string(), start: z.number().int().nonnegative(), end: z.number().int().nonnegative(), exact: z.string().min(1) }),
  figure: z.object({ url: z.string(), start: z.number().int().nonnegative(), end: z.number().int().nonnegative(), exact: z.string().min(1) }),
  verdict: z.enum(['confirmed', 'rejected', 'manual']),
  createdAt: IsoDate,
});
export type LinkDecision = z.infer<typeof LinkDecisionSchema>;

/** A report the reader tracks: a page with saved notes (always) or one added with "Add this report to the tracker". */
export const TrackedReportSchema = z.object({
  url: z.string().url(),
  title: z.string(),
  addedAt: IsoDate,
  /** Publication date read from the page, if any (YYYY-MM-DD). */
  date: z.string().nullable(),
});
export type TrackedReport = z.infer<typeof TrackedReportSchema>;
