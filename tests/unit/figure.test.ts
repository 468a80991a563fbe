import { describe, expect, it } from 'vitest';
import { extract } from '../../lib/extract';
import { fieldsOf } from '../../lib/schema/item';
import { AnnotationSchema, type Annotation } from '../../lib/schema/annotation';
import { formatFigure } from '../../lib/util/figure';
import { toCsv, CSV_COLUMNS } from '../../lib/export/csv';
import { toMarkdown } from '../../lib/export/markdown';
import { fieldSummary } from '../../components/popup/SavedRow';

const base = { value: 5, valueMax: null, unit: '%', comparator: '=' as const, approximate: true };

describe('one way to show a figure', () => {
  it('keeps the hedge: ≈ unless the written text already says 约/左右', () => {
    expect(formatFigure(base)).toBe('≈5%');
    expect(formatFigure(base, '5%')).toBe('≈5%');
    expect(formatFigure(base, '5%左右')).toBe('5%左右');
    expect(formatFigure({ ...base, approximate: false })).toBe('5%');
  });
  it('shows the figure as written, with the comparator as a symbol unless the text states it', () => {
    const f = { value: 98070000, valueMax: null, unit: '元', comparator: '>=' as const, approximate: false };
    expect(formatFigure(f, '9807万元')).toBe('≥ 9807万元');
    expect(formatFigure(f)).toBe('≥ 98,070,000元');
    expect(formatFigure({ ...f, value: 95, unit: '%' }, '95%以上')).toBe('95%以上');
    expect(formatFigure({ ...f, comparator: '>', value: 100, unit: null }, '>100')).toBe('>100');
    expect(formatFigure({ ...f, value: null })).toBeNull();
  });
});

describe('the approximate flag travels from the item to every export', () => {
  const text = '到2025年，学前教育毛入园率达到95%左右。';
  const item = extract(text).find((it) => it.text.includes('95'))!;
  const a: Annotation = AnnotationSchema.parse({
    id: 'a1', url: 'https://www.example.gov.cn/r.html', title: '规划', site: 'www.example.gov.cn', kind: item.kind,
    quote: { type: 'TextQuoteSelector', exact: item.text, prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start: item.start, end: item.end },
    fields: fieldsOf(item), context: text, note: '', tags: [],
    createdAt: '2026-12-06T00:00:00.000Z', updatedAt: '2026-12-06T00:00:00.000Z',
  });
  it('is read by the extractor and kept by the saved fields', () => {
    expect(item.approximate).toBe(true);
    expect(a.fields.approximate).toBe(true);
  });
  it('shows in the popup row, the CSV column and the Markdown value line', () => {
    expect(fieldSummary(a)).toContain('95%左右');
    const row = toCsv([a]).split('\r\n')[1].split(',');
    expect(row[CSV_COLUMNS.indexOf('approximate')]).toBe('yes');
    // 达到…左右 is an approximate level, not a floor: no ≥.
    expect(toMarkdown([a])).toContain('- value: ≈95%');
  });
  it('reads an annotation saved before the flag existed as exact, not as an error', () => {
    const { approximate: _, ...old } = a.fields;
    expect(AnnotationSchema.parse({ ...a, fields: old }).fields.approximate).toBe(false);
  });
});
