import type { Item } from '../schema/item';
import { commitmentSteps } from './commitment-items';
import { drain, readDocumentSteps } from './document';
import { mergeItems } from './merge';
import { whyNotAQuantity } from './not-quantities';
import { numberItemBuilder } from './number-items';
import { quantities } from './quantities';
import { quantityLocator } from './quantity-context';
import { breakdownOf, roleAt, type RoleDecision } from './role';

export { ItemSchema, ItemsSchema } from '../schema/item';
export type { Item } from '../schema/item';

/**
 * Finds every numeric target, reported figure and commitment in a report's text, in text order.
 * Pure: no DOM, no I/O. Offsets are UTF-16 code units into `text`; `item.text === text.slice(start, end)`.
 *
 * Errors: '' (or any text that is no report) gives []. Input that is not a string throws a TypeError. An
 * internal error is never turned into [] — an empty result must mean "nothing found", not "a rule broke" —
 * so it propagates; the callers that face a reader (the CLI, the content script) catch and report it.
 *
 * The stages, in order (each in its own module):
 *   1. sections        document.ts          lines, sentences, summary/plan headings, indicator tables
 *   2. quantities      quantities.ts        every number with its unit, range, multiplier, comparator words
 *                      quantity-context.ts  where each stands: line, sentence, heading, table cell
 *   3. not a quantity  not-quantities.ts    dates, list markers, slogans, ordinals… are no item
 *   4. role            role.ts              target, reported, or neither
 *   5. fields          number-items.ts      comparator, deadline, metric (metric.ts), strength → the item
 *   6. commitments     commitment-items.ts  forward clauses that pledge without a number
 *   7. merge           merge.ts             one list in text order, nothing overlapping
 */
export function extract(text: string): Item[] {
  return drain(extractSteps(text));
}

/** Quantities read between two steps of extractSteps. */
const QUANTITIES_PER_STEP = 64;

/**
 * extract() in small steps: the same pipeline, giving control back (a bare `yield`) after each full-text pass
 * and every few dozen quantities or few hundred sentences, so a caller on a page's main thread can run it a
 * slice at a time between the page's own tasks. Still pure: when to resume is the caller's choice. Run to its
 * end it returns exactly what extract() returns (extract() is this, run in one go).
 */
export function* extractSteps(text: string): Generator<void, Item[], void> {
  if (typeof text !== 'string') throw new TypeError(`extract() takes the report's text as a string, not ${text === null ? 'null' : typeof text}`);
  if (text.length === 0) return [];
  const doc = yield* readDocumentSteps(text);
  const locate = quantityLocator(doc);
  const numberItem = numberItemBuilder();
  const numbers: Item[] = [];
  let prev: RoleDecision | null = null;
  let n = 0;
  for (const q of quantities(text)) {
    if (++n % QUANTITIES_PER_STEP === 0) yield;
    const at = locate(q);
    const role: RoleDecision | null = whyNotAQuantity(at) ? null : q.breakdown && prev ? breakdownOf(prev) : roleAt(at);
    prev = role;
    if (!role) continue;
    numbers.push(numberItem(at, role, numbers.length ? numbers[numbers.length - 1].end : 0));
  }
  yield;
  const commitments = yield* commitmentSteps(doc, numbers);
  return mergeItems(numbers, commitments);
}
