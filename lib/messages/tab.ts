import { z } from 'zod';
import { ItemKind, ItemObject, PageItemSchema } from '../schema/item';
import { AnchorReportSchema } from '../schema/changes';

/** Messages the popup sends to the content script of the active tab (the page side). */
export const TabRequestSchema = z.discriminatedUnion('type', [
  /** Counts by kind and the items in page order, as the content script found them. */
  z.object({ type: z.literal('page/summary') }),
  /** Scroll to the n-th extracted item (index into page/summary's items) and flash it. */
  z.object({ type: z.literal('page/scrollTo'), index: z.number().int().nonnegative() }),
  /** Run Pledgemark on this page now (non-gov.cn page, or auto-highlight off). */
  z.object({ type: z.literal('page/run') }),
  /** Save the reader's current text selection as an annotation (context menu / keyboard shortcut). */
  z.object({ type: z.literal('page/saveSelection') }),
  /** Every item found on the page with the clause it stands in, for the table view. */
  z.object({ type: z.literal('page/table') }),
  /** Add this page to the promise tracker: the content script sends its text and extraction (tracker/add). */
  z.object({ type: z.literal('page/track') }),
]);
export type TabRequest = z.infer<typeof TabRequestSchema>;

/** What the content script reports about its page (answer to page/summary and page/run). */
export const PageSummarySchema = z.object({
  url: z.string(),
  title: z.string(),
  /** The page was recognised as a report (or the reader ran Pledgemark on it) and items were looked for. */
  detected: z.boolean(),
  counts: z.record(ItemKind, z.number().int().nonnegative()),
  /** In page order; page/scrollTo takes an index into this list. */
  items: z.array(PageItemSchema),
  /** Each saved annotation of this page as re-anchored now (anchored, changed, orphaned). */
  anchors: z.array(AnchorReportSchema).optional(),
  /** The article text differs from the last stored snapshot (a new version was stored). */
  pageChanged: z.boolean().optional(),
});
export type PageSummary = z.infer<typeof PageSummarySchema>;

/** A page's items in page order, each with its clause (answer to page/table). */
export const PageTableSchema = z.object({
  url: z.string(),
  title: z.string(),
  items: z.array(ItemObject.extend({ clause: z.string() })),
});
export type PageTable = z.infer<typeof PageTableSchema>;

/** The content script answers with Envelope<TabResponseFor<type>> (lib/messages/protocol.ts), like the background. */
export const TabResponseSchemas = {
  'page/summary': PageSummarySchema,
  'page/scrollTo': z.object({ found: z.boolean() }),
  'page/run': PageSummarySchema,
  /** saved=false with a reason when there is no selection (or it could not be anchored). */
  'page/saveSelection': z.object({ saved: z.boolean(), reason: z.string().optional() }),
  'page/table': PageTableSchema,
  'page/track': z.object({ tracked: z.boolean(), reason: z.string().optional() }),
} satisfies Record<TabRequest['type'], z.ZodType>;
export type TabResponseFor<T extends TabRequest['type']> = z.infer<(typeof TabResponseSchemas)[T]>;
