import type { ItemKind } from '../../lib/schema/item';
import type { AnnotationKind } from '../../lib/schema/annotation';
import type { ItemFields } from '../../lib/schema/item';

export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** What the tooltip shows (an item's parsed fields, and the note/tags of a saved annotation). */
export interface TooltipInfo {
  kind: AnnotationKind;
  text: string;
  fields: ItemFields;
  approximate?: boolean;
  saved?: { note: string; tags: string[] } | null;
  /** A saved annotation whose text changed on the page: the saved quote and what stands there now. */
  changed?: { saved: string; now: string } | null;
  box: Box;
}

/** What the editor edits: a new annotation (no id) or a saved one. */
export interface EditorInfo {
  kind: AnnotationKind;
  quote: string;
  /** What is counted and the sentence around the quote (shown under it when they add something). */
  metric: string | null;
  context: string;
  note: string;
  tags: string[];
  existingId: string | null;
  box: Box;
  /** Changes every time an editor is opened (the form starts fresh from note/tags). */
  serial: number;
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
}

export interface PageUiState {
  legend: LegendInfo | null;
  tooltip: TooltipInfo | null;
  editor: EditorInfo | null;
  /** Editor status line: saving / saved / an error. */
  status: { kind: 'ok' | 'error' | 'busy'; text: string } | null;
}

export interface PageUiActions {
  toggleLegend(): void;
  closeLegend(): void;
  /** `trusted`: the reader's own input event (isTrusted), not a page script's synthetic one. */
  save(note: string, tags: string[], trusted: boolean): void;
  cancel(): void;
}
