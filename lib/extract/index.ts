import type { Item } from '../schema/item';
export { ItemSchema, ItemsSchema } from '../schema/item';
export type { Item } from '../schema/item';

/** Finds every target, reported figure and commitment in a report's text, in text order. (stub) */
export function extract(text: string): Item[] {
  void text;
  return [];
}
