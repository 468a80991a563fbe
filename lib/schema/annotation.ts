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

/** A display name on shared records (NotebookConfig.author). */
export const AuthorName = z.string().min(1).max(80);

/**
 * One revision of a shared annotation that competes with others in a notebook: two readers edited the same note
 * while apart, and CouchDB kept both. `rev` is the CouchDB revision; the text is what that revision holds.
 */
export const ConflictVersionSchema = z.object({
  rev: z.string().min(1),
  author: AuthorName.optional(),
  note: z.string(),
  tags: z.array(z.string().min(1)),
  updatedAt: IsoDate,
});
export type ConflictVersion = z.infer<typeof ConflictVersionSchema>;

/**
 * A conflict the reader has not settled yet: every competing revision in `notebook`, the one the annotation shows
 * among them. Kept until the reader picks one or merges (annotation/resolveConflict): neither is lost before.
 */
export const AnnotationConflictSchema = z.object({
  notebook: z.string().min(1),
  versions: z.array(ConflictVersionSchema).min(2),
});
export type AnnotationConflict = z.infer<typeof AnnotationConflictSchema>;

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
  /**
   * Sharing (all optional, so every record, backup and export written before still reads). The id is the same on
   * every machine (the CouchDB document is `annotation:<id>`).
   * `notebooks`: the ids of the notebooks (NotebookConfig.id) the reader shared it with; absent or empty: kept
   * on this machine only. A colleague's annotation arrives with the notebook it came from.
   * `author`: who wrote it, as shown on shared records (absent: the reader, never shared).
   * `conflict`: competing revisions from a notebook, until the reader picks or merges.
   */
  notebooks: z.array(z.string().min(1)).optional(),
  author: AuthorName.optional(),
  conflict: AnnotationConflictSchema.optional(),
});
export type Annotation = z.infer<typeof AnnotationSchema>;

/**
 * What a content script sends to save: the background assigns the times, and the id when none is given. The
 * content script gives one, made once per save, so that a save sent again (the reply was lost when the service
 * worker stopped) finds its first copy instead of adding a second.
 */
/**
 * Sharing is not the page side's to decide: a save never names notebooks, an author or a conflict (the reader
 * shares from our own pages, annotation/share; a notebook's share-by-default applies in the background).
 */
export const NewAnnotationSchema = AnnotationSchema.omit({ id: true, createdAt: true, updatedAt: true, notebooks: true, author: true, conflict: true }).extend({
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
  /** Shared with this notebook (its id). */
  notebook: z.string().optional(),
  /** Written by this author (a colleague's display name). */
  author: z.string().optional(),
  limit: z.number().int().positive().optional(),
});
export type AnnotationQuery = z.infer<typeof AnnotationQuery>;
