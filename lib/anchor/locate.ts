/**
 * Finds a saved annotation again in the current article text. Deliberately one small function so it can be
 * swapped for lib/evidence's re-anchoring (fuzzy, with changed/orphaned status) later.
 *
 * 1. TextPositionSelector, if the text there still equals the quote;
 * 2. else the exact quote whose prefix/suffix agree best (longest common context), nearest to the old position.
 */
import type { TextPositionSelector, TextQuoteSelector } from '../schema/annotation';

export interface Located {
  start: number;
  end: number;
  how: 'position' | 'quote';
}

function commonSuffixLen(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefixLen(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

export function locateAnnotation(
  text: string,
  sel: { quote: TextQuoteSelector; position: TextPositionSelector },
): Located | null {
  const { quote, position } = sel;
  if (!quote.exact) return null;
  if (position.end <= text.length && text.slice(position.start, position.end) === quote.exact) {
    return { start: position.start, end: position.end, how: 'position' };
  }
  let best: { start: number; score: number; dist: number } | null = null;
  for (let i = text.indexOf(quote.exact); i >= 0; i = text.indexOf(quote.exact, i + 1)) {
    const before = text.slice(Math.max(0, i - quote.prefix.length), i);
    const after = text.slice(i + quote.exact.length, i + quote.exact.length + quote.suffix.length);
    const score = commonSuffixLen(before, quote.prefix) + commonPrefixLen(after, quote.suffix);
    const dist = Math.abs(i - position.start);
    if (!best || score > best.score || (score === best.score && dist < best.dist)) best = { start: i, score, dist };
  }
  if (!best) return null;
  return { start: best.start, end: best.start + quote.exact.length, how: 'quote' };
}
