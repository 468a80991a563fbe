import type { Item, ItemKind } from '../../lib/schema/item';

/** A run of the snapshot's text: plain, or one extracted item. */
export type Segment = ({ text: string; item: null } | { text: string; item: Item; index: number }) & {
  /** The run lies inside the passage of the note the page was opened at. */
  note?: boolean;
};

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

/**
 * The same runs with those inside [start, end) flagged as the note's passage, a run crossing an edge cut in two
 * (an item cut so keeps its item on both parts). Concatenates back to the same text. Pure.
 */
export function withNote(segments: readonly Segment[], start: number, end: number): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const s of segments) {
    const from = at;
    const to = at + s.text.length;
    at = to;
    const cuts = [from, ...[start, end].filter((c) => c > from && c < to), to];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const piece = { ...s, text: s.text.slice(cuts[i] - from, cuts[i + 1] - from) };
      out.push(cuts[i] >= start && cuts[i + 1] <= end ? { ...piece, note: true } : piece);
    }
  }
  return out;
}
