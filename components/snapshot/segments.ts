import type { Item, ItemKind } from '../../lib/schema/item';

/** A run of the snapshot's text: plain, or one extracted item. */
export type Segment = { text: string; item: null } | { text: string; item: Item; index: number };

/**
 * Cuts `text` into plain runs and item runs, in text order. Items whose offsets do not fit the text
 * (or whose text does not match it) are left out, and so is any item overlapping an earlier one,
 * so the result always concatenates back to `text`. Pure.
 */
export function segmentText(text: string, items: readonly Item[], kinds?: ReadonlySet<ItemKind>): Segment[] {
  const usable = items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => (!kinds || kinds.has(item.kind)) && item.start >= 0 && item.end <= text.length && item.end > item.start)
    .filter(({ item }) => text.slice(item.start, item.end) === item.text)
    .sort((a, b) => a.item.start - b.item.start || b.item.end - a.item.end);
  const out: Segment[] = [];
  let at = 0;
  for (const { item, index } of usable) {
    if (item.start < at) continue; // overlaps the previous item
    if (item.start > at) out.push({ text: text.slice(at, item.start), item: null });
    out.push({ text: text.slice(item.start, item.end), item, index });
    at = item.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), item: null });
  return out;
}
