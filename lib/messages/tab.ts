import { z } from 'zod';

/** Messages the popup sends to the content script of the active tab (the page side). */
export const TabRequestSchema = z.discriminatedUnion('type', [
  /** Counts by kind and the items in page order, as the content script found them. */
  z.object({ type: z.literal('page/summary') }),
  /** Scroll to the n-th extracted item (index into page/summary's items) and flash it. */
  z.object({ type: z.literal('page/scrollTo'), index: z.number().int().nonnegative() }),
  /** Run Pledgemark on this page now (non-gov.cn page, or auto-highlight off). */
  z.object({ type: z.literal('page/run') }),
]);
export type TabRequest = z.infer<typeof TabRequestSchema>;
