import { z } from 'zod';
import { ItemKind, Comparator, Strength } from './item';

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

/** The parsed fields of the item the annotation was made on (all null for a free selection). */
export const ItemFields = z.object({
  value: z.number().nullable(),
  valueMax: z.number().nullable(),
  unit: z.string().nullable(),
  comparator: Comparator.nullable(),
  deadline: z.union([z.number().int(), z.string()]).nullable(),
  metric: z.string().nullable(),
  strength: Strength.nullable(),
});
export type ItemFields = z.infer<typeof ItemFields>;

export const AnnotationKind = z.union([ItemKind, z.literal('selection')]);
export type AnnotationKind = z.infer<typeof AnnotationKind>;

/** Where a saved annotation stands after re-anchoring on the current page (issue 4 fills in changed/orphaned). */
export const AnchorStatus = z.enum(['anchored', 'changed', 'orphaned']);

const IsoDate = z.string().datetime({ offset: true });

/** A reader's saved annotation: the one record stored, sent in messages, exported and imported. */
export const AnnotationSchema = z.object({
  id: z.string().min(1),
  url: z.string().url(),
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

/** What a content script sends to save: the background assigns id and times. */
export const NewAnnotationSchema = AnnotationSchema.omit({ id: true, createdAt: true, updatedAt: true });
export type NewAnnotation = z.infer<typeof NewAnnotationSchema>;
