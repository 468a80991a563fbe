import { sentenceSpans } from '../extract/text';
import { firstIndexWhere } from '../util/search';

/**
 * The sentence (or sentences) around [start, end) of `text`, for the context of a free selection. Split by the
 * extractor's own sentence rule (lib/extract/text.ts), so a saved selection's context reads like an item's
 * `sentence`; a selection reaching over several sentences keeps them all.
 */
export function sentenceAround(text: string, start: number, end: number): string {
  const spans = sentenceSpans(text);
  const first = firstIndexWhere(spans.length, (i) => spans.ends[i] > start);
  const last = firstIndexWhere(spans.length, (i) => spans.starts[i] >= end) - 1;
  if (first >= spans.length || last < first) return text.slice(start, end).trim();
  return text.slice(Math.min(spans.starts[first], start), Math.max(spans.ends[last], end)).trim();
}
