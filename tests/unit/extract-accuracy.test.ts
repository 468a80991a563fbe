import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { extract } from '../../lib/extract';
import { f1, scoreGold } from '../helpers/score';

// The accuracy floors the extractor must keep, measured the way ../shared/eval/score.mjs measures them, on the gold copied into fixtures.
const GOLD = fileURLToPath(new URL('../fixtures/gold', import.meta.url));
const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));

describe('accuracy on the seed gold labels', () => {
  const s = scoreGold(GOLD, SEEDS, extract);
  it('finds targets and reported figures with F1 ≥ 0.96', () => {
    expect(f1(s.target), s.misses.join('\n')).toBeGreaterThanOrEqual(0.96);
    expect(f1(s.reported), s.misses.join('\n')).toBeGreaterThanOrEqual(0.96);
  });
  it('parses each target field right at least 95% of the time', () => {
    for (const [field, n] of Object.entries(s.fields)) expect(n / s.fieldsSeen, field).toBeGreaterThanOrEqual(0.95);
  });
  it('finds commitments with F1 ≥ 0.70', () => {
    expect(f1(s.commitment)).toBeGreaterThanOrEqual(0.7);
  });
  it('scores every labelled document (the fixtures are all there)', () => {
    expect(s.target.tp + s.target.fn).toBeGreaterThan(100);
    expect(s.fieldsSeen).toBeGreaterThan(100);
  });
});
