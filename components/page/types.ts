import type { ItemKind } from '../../lib/schema/item';
import type { AnnotationKind } from '../../lib/schema/annotation';
import type { ItemFields } from '../../lib/schema/item';

export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** What the tooltip shows: an item's parsed fields; in the annotator frame also a saved annotation's note/tags. */
export interface TooltipInfo {
  kind: AnnotationKind;
  text: string;
  fields: ItemFields;
  approximate?: boolean;
  /** Why the extractor found it, as one line (reasonLine); absent for a saved selection. */
  reason?: string | null;
  /** `author`: a colleague's (or the reader's) name on a shared annotation; `conflict`: two versions wait for the reader. */
  saved?: { note: string; tags: string[]; author?: string; conflict?: boolean } | null;
  /** A saved annotation whose text changed on the page: the saved quote and what stands there now. */
  changed?: { saved: string; now: string } | null;
  box: Box;
}

/** What the annotator frame's editor shows of its target (the note and tags come from the background). */
export interface EditorInfo {
  kind: AnnotationKind;
  quote: string;
  /** What is counted and the sentence around the quote (shown under it when they add something). */
  metric: string | null;
  context: string;
  existingId: string | null;
}

export interface LegendInfo {
  counts: Record<ItemKind, number>;
  saved: number;
  /** Saved annotations found at their place with their text (a number) changed. */
  changed?: number;
  /** Saved annotations of this page whose text was not found again (the page changed). */
  missing: number;
  /** The page's text differs from the last snapshot of it. */
  pageChanged?: boolean;
  collapsed: boolean;
  /** The kinds whose marks the reader hid (their marks stay in the DOM, out of view). */
  hidden?: ItemKind[];
  /** The page edge the legend is docked at: the side with room beside the article, or the reader's choice. */
  side?: 'left' | 'right';
  /** A long article: its items are marked around where the reader is, not all at once (run.ts). */
  lazy?: boolean;
}

/** What the shadow root shows: the legend and an item's tooltip (never a note). */
export interface PageUiState {
  legend: LegendInfo | null;
  tooltip: TooltipInfo | null;
  /** A line for the reader (the note editor could not open). */
  notice: string | null;
}

export interface PageUiActions {
  toggleLegend(): void;
  closeLegend(): void;
  /** Hides or shows the marks of one kind. */
  toggleKind(kind: ItemKind): void;
  /** Moves the legend to the other page edge. */
  moveLegend(): void;
}

/** The editor's status line: saving / an error. */
export type EditorStatus = { kind: 'ok' | 'error' | 'busy'; text: string } | null;
