import { z } from 'zod';
import { ItemFields, ItemKind } from './item';
import { IsoDate, WebUrl } from './common';

/** W3C Web Annotation selectors (https://www.w3.org/TR/annotation-model/#selectors). */
export const TextQuoteSelector = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string().min(1),
  prefix: z.string(),
  suffix: z.string(),
});
export type TextQuoteSelector = z.infer<typeof TextQuoteSelector>;

/** Offsets into the article text the extractor saw (not the whole page's text). */
export const TextPositionSelector = z.object({
  type: z.literal('TextPositionSelector'),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type TextPositionSelector = z.infer<typeof TextPositionSelector>;

/** What was saved: an extracted item of one of the kinds, or a free selection of the reader's. */
export const AnnotationKind = z.enum([...ItemKind.options, 'selection']);
export type AnnotationKind = z.infer<typeof AnnotationKind>;

/** Where a saved annotation stands after re-anchoring on the current page. */
export const AnchorStatus = z.enum(['anchored', 'changed', 'orphaned']);

/** A reader's saved annotation: the one record stored, sent in messages, exported and imported. */
export const AnnotationSchema = z.object({
  id: z.string().min(1),
  url: WebUrl,
  title: z.string(),
  site: z.string(),
  kind: AnnotationKind,
  quote: TextQuoteSelector,
  position: TextPositionSelector,
  fields: ItemFields,
  /** The sentence around the quote, for context in exports. */
  context: z.string(),
  note: z.string(),
  tags: z.array(z.string().min(1)),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});
export type Annotation = z.infer<typeof AnnotationSchema>;

/**
 * What a content script sends to save: the background assigns the times, and the id when none is given. The
 * content script gives one, made once per save, so that a save sent again (the reply was lost when the service
 * worker stopped) finds its first copy instead of adding a second.
 */
export const NewAnnotationSchema = AnnotationSchema.omit({ id: true, createdAt: true, updatedAt: true }).extend({
  id: z.string().min(1).max(128).optional(),
});
export type NewAnnotation = z.infer<typeof NewAnnotationSchema>;

/** A search of the saved annotations (the popup's "All saved" filters); every key narrows the list. */
export const AnnotationQuery = z.object({
  text: z.string().optional(),
  kind: AnnotationKind.optional(),
  tag: z.string().optional(),
  year: z.number().int().optional(),
  site: z.string().optional(),
  limit: z.number().int().positive().optional(),
});
export type AnnotationQuery = z.infer<typeof AnnotationQuery>;
