import type { Orientation, Section } from '../schema/item';
import { forwardCursor } from './cursor';
import { readTables, type TableCell } from './indicator-table';
import { scanSections, type DocumentFrame, type HeadingInfo } from './sections';
import { PART_YEAR_PERIOD } from './tables/markers';
import { lineSpans, sentenceSpans, type Span, type SpanList } from './text';

/**
 * The first stage: what a report is made of before any number is read — its lines and sentences, the
 * headings that open its summary and plan sections, and its flattened indicator tables.
 */
export interface ReportDocument {
  text: string;
  lines: SpanList;
  sentences: SpanList;
  frame: DocumentFrame;
  /** The headings' start offsets, for cursors. */
  headingStarts: Int32Array;
  /** Per heading: it names part of a year (上半年工作总结), so 年内 and 下半年 still lie ahead under it. */
  partYearHeading: boolean[];
  /** Value cells of indicator tables, keyed by their line's start offset. */
  cells: Map<number, TableCell>;
  /** Table rows that pledge without a number (their value cells are placeholders). */
  textRows: Span[];
}

export function readDocument(text: string): ReportDocument {
  return drain(readDocumentSteps(text));
}

/**
 * readDocument in steps: each full-text pass is one step (a caller that must stay responsive — the content
 * script on a very long page — gets control back between them, see extractSteps).
 */
export function* readDocumentSteps(text: string): Generator<void, ReportDocument, void> {
  const lines = lineSpans(text);
  yield;
  const frame = scanSections(text, lines);
  yield;
  const { cells, textRows } = readTables(text, lines);
  yield;
  const sentences = sentenceSpans(text);
  yield;
  return {
    text,
    lines,
    sentences,
    frame,
    headingStarts: Int32Array.from(frame.headings, (h) => h.start),
    partYearHeading: frame.headings.map((h) => PART_YEAR_PERIOD.test(h.title)),
    cells,
    textRows,
  };
}

/** Runs a stepped stage to its end in one go. */
export function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** A cursor over the document's headings: the index of the heading a position stands under, or -1. */
export function headingCursor(doc: ReportDocument): (pos: number) => number {
  return forwardCursor(doc.headingStarts);
}

/** The heading at index `hi` (from a heading cursor), or null before the first heading. */
export function headingAt(doc: ReportDocument, hi: number): HeadingInfo | null {
  return hi >= 0 ? doc.frame.headings[hi] : null;
}

/** Which way the text under `heading` looks; before the first heading, the way the title looks. */
export function orientationUnder(doc: ReportDocument, heading: HeadingInfo | null): Orientation {
  return heading?.orientation ?? doc.frame.initial;
}

const sectionCache = new WeakMap<HeadingInfo, Section>();
/** The item's `section`: one object per heading, shared by all its items (a long report has thousands). */
export function sectionOf(h: HeadingInfo | null): Section | null {
  if (!h) return null;
  let s = sectionCache.get(h);
  if (!s) sectionCache.set(h, (s = { title: h.title, start: h.start, orientation: h.orientation, year: h.year }));
  return s;
}
