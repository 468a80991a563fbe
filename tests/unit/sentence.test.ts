import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { sentenceAround } from '../../lib/anchor/sentence';
import { extract } from '../../lib/extract';

const ROOT = join(__dirname, '..', '..');
const TEXT = readFileSync(join(ROOT, 'tests/fixtures/gov-report-sample.txt'), 'utf8');

describe('sentenceAround (a free selection\'s context)', () => {
  it('is the extractor\'s own sentence: an item\'s span gives its sentence', () => {
    const items = extract(TEXT);
    expect(items.length).toBeGreaterThan(10);
    for (const it of items) expect(sentenceAround(TEXT, it.start, it.end)).toBe(it.sentence.text.trim());
  });

  it('a selection over several sentences keeps them all, and never loses the selected text', () => {
    expect(sentenceAround('甲。乙丙丁。戊己。', 3, 7)).toBe('乙丙丁。戊己。');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: TEXT.length - 2 }), fc.integer({ min: 1, max: 60 }), (start, len) => {
        const end = Math.min(TEXT.length, start + len);
        const selected = TEXT.slice(start, end).trim();
        expect(sentenceAround(TEXT, start, end)).toContain(selected);
      }),
    );
  });
});
