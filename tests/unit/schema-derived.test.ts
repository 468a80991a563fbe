import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ComparedField, ItemFields, ItemKind, ItemSchema, ITEM_FIELD_NAMES, NULL_FIELDS, PageItemSchema, countByKind, fieldsOf } from '../../lib/schema/item';
import { AnnotationKind, AnnotationQuery } from '../../lib/schema/annotation';
import { DEFAULT_SETTINGS } from '../../lib/schema/settings';
import { formatPath } from '../../lib/schema/errors';
import { hostOf, normaliseUrl, safeHref } from '../../lib/util/url';
import { firstIndexWhere } from '../../lib/util/search';

const item = {
  kind: 'target', start: 0, end: 3, text: '95%', sentence: { start: 0, end: 3, text: '95%' }, section: null,
  value: 95, valueMax: null, unit: '%', comparator: '>=', deadline: 2025, metric: '入园率', strength: 'binding', approximate: false,
} as const;

describe('derived schemas', () => {
  it('the item fields are the item schema\'s own, picked once', () => {
    const itemKeys = Object.keys(ItemSchema.parse(item));
    for (const k of ITEM_FIELD_NAMES) expect(itemKeys).toContain(k);
    expect(Object.keys(ItemFields.shape)).toEqual(ITEM_FIELD_NAMES);
    expect(ItemFields.parse(NULL_FIELDS)).toEqual(NULL_FIELDS);
    const { approximate, ...rest } = NULL_FIELDS;
    expect(approximate).toBe(false);
    expect(Object.values(rest).every((v) => v === null)).toBe(true);
    expect(fieldsOf(ItemSchema.parse(item))).toEqual({ value: 95, valueMax: null, unit: '%', comparator: '>=', deadline: 2025, metric: '入园率', strength: 'binding', approximate: false });
    for (const f of ComparedField.options) expect(ITEM_FIELD_NAMES).toContain(f);
  });

  it('the kinds: an annotation is an item kind or a selection; settings default to every kind', () => {
    expect(AnnotationKind.options).toEqual([...ItemKind.options, 'selection']);
    expect(DEFAULT_SETTINGS.kinds).toEqual(ItemKind.options);
    expect(AnnotationQuery.safeParse({ kind: 'selection' }).success).toBe(true);
    expect(AnnotationQuery.safeParse({ kind: 'other' }).success).toBe(false);
    expect(countByKind([{ kind: 'target' }, { kind: 'target' }, { kind: 'commitment' }])).toEqual({ target: 2, reported: 0, commitment: 1 });
  });

  it('a page item is an item (kind and text required, the rest optional)', () => {
    expect(PageItemSchema.safeParse(ItemSchema.parse(item)).success).toBe(true);
    expect(PageItemSchema.safeParse({ kind: 'reported', text: '完成投资3.2亿元' }).success).toBe(true);
    expect(PageItemSchema.safeParse({ kind: 'other', text: 'x' }).success).toBe(false);
    expect(PageItemSchema.safeParse({ kind: 'target' }).success).toBe(false);
  });

  it('formatPath names a field by its path', () => {
    expect(formatPath(['annotations', 3, 'quote', 'exact'])).toBe('annotations[3].quote.exact');
    expect(formatPath(['settings', 'a b'])).toBe('settings["a b"]');
    expect(formatPath([])).toBe('');
  });
});

describe('normaliseUrl (the one URL key, store and content script alike)', () => {
  it('a page address as the browser reports it loses only its fragment', () => {
    for (const href of [
      'http://www.example.gov.cn/jyj/2024/report.html',
      'http://www.example.gov.cn/jyj/report.html?id=3&p=2',
      'https://www.example.gov.cn/',
    ]) {
      expect(normaliseUrl(href)).toBe(href);
      expect(normaliseUrl(`${href}#sec2`)).toBe(href);
      expect(normaliseUrl(`${href}#:~:text=95%25`)).toBe(href);
      expect(normaliseUrl(`${href}#`)).toBe(href);
    }
  });

  it('is idempotent and never keeps a fragment', () => {
    fc.assert(
      fc.property(fc.webUrl({ withFragments: true, withQueryParameters: true }), (u) => {
        const once = normaliseUrl(u);
        expect(normaliseUrl(once)).toBe(once);
        expect(once.includes('#')).toBe(false);
      }),
    );
  });

  it('hostOf and safeHref', () => {
    expect(hostOf('http://Www.Example.gov.cn/x')).toBe('www.example.gov.cn');
    expect(hostOf('not a url')).toBe('');
    expect(safeHref('https://a.gov.cn/x')).toBe('https://a.gov.cn/x');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('nonsense')).toBeUndefined();
  });
});

describe('firstIndexWhere', () => {
  it('finds the first index past a value in a sorted list', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (xs, v) => {
        const sorted = [...xs].sort((a, b) => a - b);
        const expected = sorted.findIndex((x) => x > v);
        expect(firstIndexWhere(sorted.length, (i) => sorted[i] > v)).toBe(expected < 0 ? sorted.length : expected);
      }),
    );
  });
});
