import type { Item } from '../schema/item';

/**
 * The last stage: number items and commitments in one list, in text order, nothing overlapping. A number
 * wins over a commitment it overlaps (the number is the checkable part); otherwise the earlier item stays.
 * Both lists are sorted, so one linear merge does.
 */
export function mergeItems(numbers: readonly Item[], commitments: readonly Item[]): Item[] {
  if (!commitments.length) return numbers as Item[];
  const kept: Item[] = [];
  let ni = 0;
  let ci = 0;
  while (ni < numbers.length || ci < commitments.length) {
    const takeNumber = ci >= commitments.length || (ni < numbers.length && numbers[ni].start <= commitments[ci].start);
    const it = takeNumber ? numbers[ni++] : commitments[ci++];
    const prev = kept[kept.length - 1];
    if (prev && it.start < prev.end) {
      if (prev.kind === 'commitment' && it.kind !== 'commitment') kept[kept.length - 1] = it;
      continue;
    }
    kept.push(it);
  }
  return kept;
}
