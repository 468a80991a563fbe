import { describe, expect, it } from 'vitest';
import { extract } from '../../lib/extract';
import { LABELLED_SETS } from '../helpers/labelled-sets';
import { FIELDS, f1, scoreGold } from '../helpers/score';

// The accuracy floors the extractor must keep on every labelled set, measured the way
// ../shared/eval/score.mjs measures them, on the gold copied into fixtures.
describe.each(LABELLED_SETS)('accuracy on the $name gold labels', ({ gold, docs, floors }) => {
  const s = scoreGold(gold, docs, extract);
  it('finds targets and reported figures above the floors', () => {
    expect(f1(s.target), s.misses.join('\n')).toBeGreaterThanOrEqual(floors.target);
    expect(f1(s.reported), s.misses.join('\n')).toBeGreaterThanOrEqual(floors.reported);
  });
  it.each(FIELDS)('parses the %s of found targets above its floor', (field) => {
    expect(s.fields[field] / s.fieldsSeen).toBeGreaterThanOrEqual(floors.fields[field]);
  });
  it('finds commitments above the floor', () => {
    expect(f1(s.commitment)).toBeGreaterThanOrEqual(floors.commitment);
  });
  it('scores every labelled document (the fixtures are all there)', () => {
    expect(s.docs.length).toBeGreaterThanOrEqual(4);
    for (const d of s.docs) expect(d.target.tp + d.target.fn, d.name).toBeGreaterThan(5);
    expect(s.fieldsSeen).toBeGreaterThan(100);
  });
});
