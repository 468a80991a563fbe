import { ComparedField, type Item, type ItemKind } from '../schema/item';
import type { Snapshot } from '../schema/snapshot';

/**
 * What changed between two extractions of the same page: targets and reported figures
 * added, removed, or altered (value, valueMax, unit, deadline or comparator). Pure.
 *
 * Items are paired in two passes:
 *  1. items whose kind, text and sentence are all unchanged are paired by a longest common
 *     subsequence (so order is respected and repeated items pair in order);
 *  2. in each gap between two such pairs, the remaining items are aligned in order by a weighted
 *     alignment on a similarity of kind, sentence (numbers masked), item text (numbers masked),
 *     metric and unit; pairs below a threshold are not paired (→ removed + added).
 */

export type DiffField = ComparedField;
export const DIFF_FIELDS: readonly DiffField[] = ComparedField.options;

/** An item as quoted in a diff: its text and its sentence, in its own version's text. */
export interface ItemQuote {
  text: string;
  sentence: string;
  start: number;
  end: number;
}

export interface FieldChange {
  field: DiffField;
  old: Item[DiffField];
  new: Item[DiffField];
}

export interface AddedOrRemoved {
  kind: ItemKind;
  metric: string | null;
  item: Item;
  quote: ItemQuote;
}

export interface AlteredItem {
  kind: ItemKind;
  metric: string | null;
  changes: FieldChange[];
  old: Item;
  new: Item;
  oldQuote: ItemQuote;
  newQuote: ItemQuote;
}

export interface ItemsDiff {
  added: AddedOrRemoved[];
  removed: AddedOrRemoved[];
  altered: AlteredItem[];
  /** Pairs found in both versions with none of the compared fields changed. */
  unchanged: number;
}

export interface DiffOptions {
  /** Which kinds to compare (default: targets and reported figures). */
  kinds?: readonly ItemKind[];
  /** Minimum similarity (0..1) to pair two items that are not identical (default 0.55). */
  threshold?: number;
}

const quoteOf = (it: Item): ItemQuote => ({ text: it.text, sentence: it.sentence.text, start: it.start, end: it.end });

/** Digits (ASCII and full-width, with decimals) and Chinese numerals masked, whitespace dropped. */
function mask(s: string): string {
  return s
    .replace(/[0-9０-９]+(?:[.．][0-9０-９]+)?/g, '#')
    .replace(/[零〇一二三四五六七八九十百千万亿两]+(?=[个所名间项家座条批类次人位件台套场支门期届倍成年月日天周岁元班园户处篇本种份辆米亩%％])/g, '#')
    .replace(/\s+/g, '');
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  if (s.length === 1) m.set(s, 1);
  for (let i = 0; i + 1 < s.length; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Dice coefficient on character bigrams (0..1). */
export function dice(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.length || !b.length) return 0;
  const A = bigrams(a);
  const B = bigrams(b);
  let inter = 0;
  let na = 0;
  let nb = 0;
  for (const v of A.values()) na += v;
  for (const v of B.values()) nb += v;
  for (const [g, v] of A) inter += Math.min(v, B.get(g) ?? 0);
  return (2 * inter) / (na + nb);
}

interface Prepared {
  item: Item;
  sig: string;
  sentence: string;
  text: string;
}

function prepare(it: Item): Prepared {
  return { item: it, sig: `${it.kind}\u0000${it.text}\u0000${it.sentence.text}`, sentence: mask(it.sentence.text), text: mask(it.text) };
}

/** How alike two items are (0..1), numbers masked so that a changed value still pairs. */
export function similarity(a: Item, b: Item): number {
  return sim(prepare(a), prepare(b));
}

function sim(a: Prepared, b: Prepared): number {
  if (a.item.kind !== b.item.kind) return 0;
  const sentence = dice(a.sentence, b.sentence);
  const text = dice(a.text, b.text);
  const ma = a.item.metric;
  const mb = b.item.metric;
  const metric = ma && mb ? (ma === mb ? 1 : dice(ma, mb)) : ma || mb ? 0.3 : 0.5;
  const unit = a.item.unit === b.item.unit ? 1 : 0;
  return 0.45 * sentence + 0.25 * text + 0.2 * metric + 0.1 * unit;
}

function sameValue(x: unknown, y: unknown): boolean {
  return x === y || (typeof x === 'number' && typeof y === 'number' && Math.abs(x - y) < 1e-9 * Math.max(1, Math.abs(x)));
}

function changesOf(a: Item, b: Item): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of DIFF_FIELDS) if (!sameValue(a[f], b[f])) out.push({ field: f, old: a[f], new: b[f] });
  return out;
}

/** Longest common subsequence of two signature lists: the index pairs, in order. */
function lcsPairs(a: string[], b: string[]): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  const L = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      L[at(i, j)] = a[i] === b[j] ? L[at(i + 1, j + 1)] + 1 : Math.max(L[at(i + 1, j)], L[at(i, j + 1)]);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (L[at(i + 1, j)] >= L[at(i, j + 1)]) i++;
    else j++;
  }
  return pairs;
}

/** Order-preserving alignment of two short lists maximising the summed similarity of pairs ≥ threshold. */
function alignGap(a: Prepared[], b: Prepared[], threshold: number): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  if (!n || !m) return [];
  const S: number[][] = a.map((x) => b.map((y) => sim(x, y)));
  const D = new Float64Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      let best = Math.max(D[at(i + 1, j)], D[at(i, j + 1)]);
      if (S[i][j] >= threshold) best = Math.max(best, D[at(i + 1, j + 1)] + S[i][j]);
      D[at(i, j)] = best;
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (S[i][j] >= threshold && D[at(i, j)] === D[at(i + 1, j + 1)] + S[i][j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (D[at(i + 1, j)] >= D[at(i, j + 1)]) i++;
    else j++;
  }
  return pairs;
}

/** Compares the items of an older and a newer extraction of the same page. */
export function diffItems(oldItems: readonly Item[], newItems: readonly Item[], options: DiffOptions = {}): ItemsDiff {
  const kinds = new Set<ItemKind>(options.kinds ?? ['target', 'reported']);
  const threshold = options.threshold ?? 0.55;
  const byPos = (x: Item, y: Item) => x.start - y.start || x.end - y.end;
  const A = oldItems.filter((it) => kinds.has(it.kind)).sort(byPos).map(prepare);
  const B = newItems.filter((it) => kinds.has(it.kind)).sort(byPos).map(prepare);

  const pairs: Array<[number, number]> = [];
  const anchors = lcsPairs(A.map((p) => p.sig), B.map((p) => p.sig));
  let pi = 0;
  let pj = 0;
  for (const [ai, bj] of [...anchors, [A.length, B.length] as [number, number]]) {
    for (const [x, y] of alignGap(A.slice(pi, ai), B.slice(pj, bj), threshold)) pairs.push([pi + x, pj + y]);
    if (ai < A.length) pairs.push([ai, bj]);
    pi = ai + 1;
    pj = bj + 1;
  }

  const pairedA = new Set(pairs.map(([i]) => i));
  const pairedB = new Set(pairs.map(([, j]) => j));
  const entry = (p: Prepared): AddedOrRemoved => ({ kind: p.item.kind, metric: p.item.metric, item: p.item, quote: quoteOf(p.item) });
  const diff: ItemsDiff = {
    added: B.filter((_, j) => !pairedB.has(j)).map(entry),
    removed: A.filter((_, i) => !pairedA.has(i)).map(entry),
    altered: [],
    unchanged: 0,
  };
  for (const [i, j] of pairs.sort((x, y) => x[1] - y[1])) {
    const a = A[i].item;
    const b = B[j].item;
    const changes = changesOf(a, b);
    if (!changes.length) {
      diff.unchanged++;
      continue;
    }
    diff.altered.push({ kind: b.kind, metric: b.metric ?? a.metric, changes, old: a, new: b, oldQuote: quoteOf(a), newQuote: quoteOf(b) });
  }
  return diff;
}

/** Compares two snapshots of the same page, older first whatever the argument order. */
export function diffSnapshots(a: Snapshot, b: Snapshot, options?: DiffOptions): ItemsDiff {
  if (a.url !== b.url) throw new Error(`diffSnapshots: snapshots are of different pages (${a.url} and ${b.url})`);
  const [older, newer] = a.version <= b.version ? [a, b] : [b, a];
  return diffItems(older.items, newer.items, options);
}
