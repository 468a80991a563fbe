/**
 * Offsets in the article text ↔ DOM Ranges, and W3C selectors from offsets or a reader's selection.
 * Standard DOM APIs only; works on any document (browser, jsdom, happy-dom).
 */
import type { TextPositionSelector, TextQuoteSelector } from '../schema/annotation';
import type { ArticleText, TextSegment } from '../article/text';
import { firstIndexWhere } from '../util/search';

/** How many characters of context the quote selector keeps on each side. */
export const QUOTE_CONTEXT = 32;

export interface DomPoint {
  node: Text;
  offset: number;
}

/** First segment whose end is > offset (binary search). */
function segmentAfter(map: TextSegment[], offset: number): number {
  return firstIndexWhere(map.length, (i) => map[i].end > offset);
}

/** Maps a text offset to a DOM point: a start boundary goes forward over inserted breaks, an end boundary back. */
export function offsetToPoint(map: TextSegment[], offset: number, side: 'start' | 'end'): DomPoint | null {
  if (!map.length) return null;
  if (side === 'start') {
    const i = segmentAfter(map, offset);
    const seg = map[i];
    if (!seg) return null;
    if (offset <= seg.start) return { node: seg.node, offset: seg.nodeStart };
    return { node: seg.node, offset: pointInSegment(seg, offset) };
  }
  // end: the last segment whose start is < offset
  const i = segmentAfter(map, offset - 1);
  let seg = map[i];
  if (!seg || seg.start >= offset) {
    seg = map[i - 1];
    if (!seg) return null;
  }
  if (offset >= seg.end) return { node: seg.node, offset: seg.nodeEnd };
  return { node: seg.node, offset: pointInSegment(seg, offset) };
}

function pointInSegment(seg: TextSegment, offset: number): number {
  const linear = seg.nodeEnd - seg.nodeStart === seg.end - seg.start;
  if (linear) return seg.nodeStart + (offset - seg.start);
  // A collapsed whitespace run (one text char for several node chars).
  return offset <= seg.start ? seg.nodeStart : seg.nodeEnd;
}

/** A DOM Range for [start, end) of the article text, or null when out of bounds / empty. */
export function offsetsToRange(article: ArticleText, start: number, end: number): Range | null {
  if (!(end > start) || start < 0 || end > article.text.length) return null;
  const a = offsetToPoint(article.map, start, 'start');
  const b = offsetToPoint(article.map, end, 'end');
  if (!a || !b) return null;
  const doc = a.node.ownerDocument;
  if (!doc) return null;
  const range = doc.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  if (range.collapsed) return null;
  return range;
}

/** The pieces of text nodes that [start, end) covers, in order (used to wrap highlights piece by piece). */
export function offsetsToPieces(article: ArticleText, start: number, end: number): { node: Text; start: number; end: number }[] {
  const out: { node: Text; start: number; end: number }[] = [];
  if (!(end > start)) return out;
  for (let i = segmentAfter(article.map, start); i < article.map.length; i++) {
    const seg = article.map[i];
    if (seg.start >= end) break;
    const s = Math.max(start, seg.start);
    const e = Math.min(end, seg.end);
    if (e <= s) continue;
    const ns = pointInSegment(seg, s);
    const ne = e >= seg.end ? seg.nodeEnd : pointInSegment(seg, e);
    const prev = out[out.length - 1];
    if (prev && prev.node === seg.node && prev.end === ns) prev.end = ne;
    else out.push({ node: seg.node, start: ns, end: ne });
  }
  return out;
}

/** Offset of a DOM boundary point in the article text; null when the point is outside the mapped text. */
export function pointToOffset(article: ArticleText, container: Node, offset: number, side: 'start' | 'end'): number | null {
  const map = article.map;
  if (!map.length) return null;
  // Fast path: a mapped text node.
  if (container.nodeType === 3) {
    let best: number | null = null;
    for (let i = 0; i < map.length; i++) {
      const seg = map[i];
      if (seg.node !== container) continue;
      if (offset < seg.nodeStart) {
        return side === 'start' ? seg.start : best ?? seg.start;
      }
      if (offset <= seg.nodeEnd) {
        const linear = seg.nodeEnd - seg.nodeStart === seg.end - seg.start;
        if (linear) return seg.start + (offset - seg.nodeStart);
        return offset === seg.nodeStart ? seg.start : seg.end;
      }
      best = seg.end;
    }
    if (best !== null) return best;
  }
  // General case: compare the boundary point with each segment's start (binary search in document order).
  const doc = (container.nodeType === 9 ? (container as Document) : container.ownerDocument)!;
  const probe = doc.createRange();
  let lo: number;
  try {
    lo = firstIndexWhere(map.length, (i) => {
      probe.setStart(map[i].node, map[i].nodeStart);
      probe.collapse(true);
      // comparePoint: -1 if the point is before the probe → the segment starts after the point.
      return probe.comparePoint(container, offset) <= 0;
    });
  } catch {
    return null;
  }
  // map[lo] is the first segment starting at/after the point.
  if (side === 'start') {
    if (lo >= map.length) return article.text.length;
    return map[lo].start;
  }
  if (lo === 0) return 0;
  const prev = map[lo - 1];
  // The point may be inside prev's node range when the container is an ancestor; take prev's end.
  return prev.end;
}

/** Offsets of a DOM Range in the article text (clipped to it), or null when it does not touch the article. */
export function rangeToOffsets(article: ArticleText, range: Range): { start: number; end: number } | null {
  const start = pointToOffset(article, range.startContainer, range.startOffset, 'start');
  const end = pointToOffset(article, range.endContainer, range.endOffset, 'end');
  if (start === null || end === null) return null;
  let s = start;
  let e = end;
  // Trim whitespace the reader swept up at the edges.
  while (s < e && /\s/.test(article.text[s])) s++;
  while (e > s && /\s/.test(article.text[e - 1])) e--;
  if (!(e > s)) return null;
  return { start: s, end: e };
}

/** Offsets of the first range of a Selection inside the article, or null. */
export function selectionToOffsets(article: ArticleText, selection: Selection | null): { start: number; end: number } | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  return rangeToOffsets(article, selection.getRangeAt(0));
}

export function positionSelector(start: number, end: number): TextPositionSelector {
  return { type: 'TextPositionSelector', start, end };
}

/** A TextQuoteSelector for [start, end) of `text` with up to QUOTE_CONTEXT characters of prefix and suffix. */
export function quoteSelector(text: string, start: number, end: number, context = QUOTE_CONTEXT): TextQuoteSelector {
  return {
    type: 'TextQuoteSelector',
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - context), start),
    suffix: text.slice(end, end + context),
  };
}

/** Both selectors for an offset range of the article text. */
export function selectorsFor(article: ArticleText | string, start: number, end: number) {
  const text = typeof article === 'string' ? article : article.text;
  return { quote: quoteSelector(text, start, end), position: positionSelector(start, end) };
}
