import { describe, expect, it } from 'vitest';
import { ItemSchema } from '../../lib/schema/item';

describe('ItemSchema', () => {
  it('rejects an item whose end is not after its start', () => {
    const bad = { kind: 'target', start: 5, end: 5, text: '', sentence: { start: 0, end: 5, text: 'x' }, section: null,
      value: 1, valueMax: null, unit: null, comparator: null, deadline: null, metric: null, strength: null, approximate: false };
    expect(ItemSchema.safeParse(bad).success).toBe(false);
    expect(ItemSchema.safeParse({ ...bad, end: 6, text: 'x' }).success).toBe(true);
  });
});
