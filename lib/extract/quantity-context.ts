import type { Orientation } from '../schema/item';
import { forwardCursor } from './cursor';
import { headingAt, headingCursor, orientationUnder, type ReportDocument } from './document';
import { cellAt, type TableCell } from './indicator-table';
import type { Quantity } from './quantities';
import type { HeadingInfo } from './sections';

/**
 * Where one quantity stands, read once and handed to every later stage: its line, its sentence, the heading
 * above it and which way that section looks, and the indicator-table cell it fills, if any.
 */
export interface QuantityContext {
  doc: ReportDocument;
  q: Quantity;
  lineStart: number;
  lineEnd: number;
  /** Index of the sentence in `doc.sentences` (-1 before the first one). */
  sentenceIndex: number;
  sentenceStart: number;
  sentenceEnd: number;
  headingIndex: number;
  heading: HeadingInfo | null;
  orientation: Orientation;
  /** The indicator-table cell the number fills alone on its line, or null in prose. */
  cell: TableCell | null;
}

/**
 * Returns the function that places each quantity of one pass. Quantities must come in text order (as
 * forEachQuantity gives them): the line, sentence and heading cursors only move forward.
 */
export function quantityLocator(doc: ReportDocument): (q: Quantity) => QuantityContext {
  const { text, lines, sentences } = doc;
  const lineAt = forwardCursor(lines.starts, lines.length);
  const sentenceAt = forwardCursor(sentences.starts, sentences.length);
  const headingIndexAt = headingCursor(doc);
  return (q) => {
    const li = lineAt(q.numStart);
    const lineStart = lines.starts[li];
    const lineEnd = lines.ends[li];
    const si = sentenceAt(q.numStart);
    const hi = headingIndexAt(q.numStart);
    const heading = headingAt(doc, hi);
    return {
      doc,
      q,
      lineStart,
      lineEnd,
      sentenceIndex: si,
      sentenceStart: si >= 0 ? sentences.starts[si] : 0,
      sentenceEnd: si >= 0 ? sentences.ends[si] : text.length,
      headingIndex: hi,
      heading,
      orientation: orientationUnder(doc, heading),
      cell: cellAt(doc.cells, text, lineStart, lineEnd),
    };
  };
}

/** The year the section (or else the document's plan) is about, for telling a later year's target from a report. */
export function sectionYearOf(c: QuantityContext): number | null {
  return c.heading?.year ?? c.doc.frame.planYear ?? c.doc.frame.planEnd;
}

/** The section or document summarises part of a year (上半年): 年内 and 下半年 still lie ahead there. */
export function isPartYear(c: QuantityContext): boolean {
  return c.doc.frame.partYear || (c.headingIndex >= 0 && c.doc.partYearHeading[c.headingIndex]);
}
