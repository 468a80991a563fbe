// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { articleText } from '../../lib/article/text';
import { detectReport } from '../../lib/article/detect';
import {
  offsetsToRange,
  offsetsToPieces,
  rangeToOffsets,
  selectionToOffsets,
  quoteSelector,
  selectorsFor,
  pointToOffset,
  QUOTE_CONTEXT,
} from '../../lib/anchor/dom';
import { locateAnnotation } from '../../lib/anchor/locate';
import { TextQuoteSelector, TextPositionSelector } from '../../lib/schema/annotation';
import { SEED_PAGES, seedPage } from '../fixtures/pages/build';

function doc(html: string): Document {
  return new DOMParser().parseFromString(`<!DOCTYPE html><html><body>${html}</body></html>`, 'text/html');
}

const SAMPLE =
  '<div id="c"><h2>一、发展目标</h2><p>到2025年，全区新增<b>公办</b>学位<span>5370</span>个，  学前教育毛入园率\n   达到95%以上。</p>' +
  '<table><tr><td>1.*九年义务教育巩固率(%)</td><td>约束性</td><td>98.68</td></tr></table><p>完成<i>3所</i>学校建设。</p></div>';

describe('offsets ↔ Range', () => {
  const d = doc(SAMPLE);
  const art = articleText(d.getElementById('c')!);

  it('round-trips every non-blank offset range (property)', () => {
    const n = art.text.length;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: 40 }), (s, len) => {
        let start = s;
        let end = Math.min(n, s + len);
        while (start < end && /\s/.test(art.text[start])) start++;
        while (end > start && /\s/.test(art.text[end - 1])) end--;
        if (end <= start) return;
        const r = offsetsToRange(art, start, end);
        expect(r).not.toBeNull();
        expect(rangeToOffsets(art, r!)).toEqual({ start, end });
      }),
      { numRuns: 300 },
    );
  });

  it('a range across a <b> and a <span> has the item text', () => {
    const s = art.text.indexOf('新增');
    const e = art.text.indexOf('个') + 1;
    const r = offsetsToRange(art, s, e)!;
    expect(r.toString()).toBe('新增公办学位5370个');
    const pieces = offsetsToPieces(art, s, e);
    expect(pieces.map((p) => p.node.data.slice(p.start, p.end)).join('')).toBe('新增公办学位5370个');
    expect(pieces.length).toBe(5);
  });

  it('maps a collapsed whitespace run to one space', () => {
    const s = art.text.indexOf('个，') + 2;
    expect(art.text.slice(s, s + 4)).toBe(' 学前教');
    const r = offsetsToRange(art, s, s + 4)!;
    expect(r.toString().replace(/\s+/g, ' ')).toBe(' 学前教');
  });

  it('refuses empty or out-of-bounds ranges', () => {
    expect(offsetsToRange(art, 5, 5)).toBeNull();
    expect(offsetsToRange(art, -1, 3)).toBeNull();
    expect(offsetsToRange(art, 0, art.text.length + 1)).toBeNull();
  });
});

describe('selection → offsets', () => {
  it('a user selection across nodes maps to the article offsets', () => {
    // The global document has a browsing context (a DOMParser document has no Selection).
    const d = document;
    d.body.innerHTML = SAMPLE; // trusted test markup
    const art = articleText(d.getElementById('c')!);
    const b = d.querySelector('b')!;
    const span = d.querySelector('span')!;
    const range = d.createRange();
    range.setStart(b.firstChild!, 0);
    range.setEnd(span.firstChild!, 4);
    const sel = d.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
    const offs = selectionToOffsets(art, sel)!;
    expect(art.text.slice(offs.start, offs.end)).toBe('公办学位5370');
  });

  it('element boundary points (a whole paragraph selected) map to its text, trimmed', () => {
    const d = doc(SAMPLE);
    const art = articleText(d.getElementById('c')!);
    const p = d.querySelectorAll('p')[1];
    const range = d.createRange();
    range.selectNodeContents(p);
    const offs = rangeToOffsets(art, range)!;
    expect(art.text.slice(offs.start, offs.end)).toBe('完成3所学校建设。');
    // boundary before/after a table cell element
    const td = d.querySelectorAll('td')[2];
    expect(pointToOffset(art, td, 0, 'start')).toBe(art.text.indexOf('98.68'));
  });

  it('a selection outside the article maps to nothing', () => {
    const d = doc(`<p id="out">页面导航文字</p>${SAMPLE}`);
    const art = articleText(d.getElementById('c')!);
    const range = d.createRange();
    range.selectNodeContents(d.getElementById('out')!);
    const offs = rangeToOffsets(art, range);
    // Before the article: collapses to its start → nothing selected.
    expect(offs).toBeNull();
    expect(selectionToOffsets(art, null)).toBeNull();
  });
});

describe('selectors', () => {
  it('quote selector keeps 32 characters of prefix and suffix, schema-valid', () => {
    const text = 'x'.repeat(50) + '新增学位5370个' + 'y'.repeat(50);
    const s = 50;
    const e = s + '新增学位5370个'.length;
    const { quote, position } = selectorsFor(text, s, e);
    expect(quote.exact).toBe('新增学位5370个');
    expect(quote.prefix).toBe('x'.repeat(QUOTE_CONTEXT));
    expect(quote.suffix).toBe('y'.repeat(QUOTE_CONTEXT));
    expect(TextQuoteSelector.parse(quote)).toEqual(quote);
    expect(TextPositionSelector.parse(position)).toEqual({ type: 'TextPositionSelector', start: s, end: e });
    expect(quoteSelector('ab', 0, 2)).toEqual({ type: 'TextQuoteSelector', exact: 'ab', prefix: '', suffix: '' });
  });
});

describe('locateAnnotation (re-highlighting saved annotations)', () => {
  const text = '全区新增学位5370个。另：全区新增学位5370个，其中公办。';
  const second = text.lastIndexOf('全区新增学位5370个');

  it('uses the position when the quote is still there', () => {
    const sel = selectorsFor(text, second, second + 11);
    expect(locateAnnotation(text, sel)).toEqual({ start: second, end: second + 11, how: 'position' });
  });

  it('falls back to the quote with the best prefix/suffix when the text moved', () => {
    const sel = selectorsFor(text, second, second + 11);
    const moved = '前言。' + text;
    expect(locateAnnotation(moved, sel)).toEqual({ start: second + 3, end: second + 14, how: 'quote' });
  });

  it('returns null when the quote is gone', () => {
    const sel = selectorsFor(text, second, second + 11);
    expect(locateAnnotation('全区新增学位6000个。', sel)).toBeNull();
  });

  it('finds every seed item again from its selectors alone (position wrong)', () => {
    const spec = SEED_PAGES[0];
    const d = new DOMParser().parseFromString(seedPage(spec), 'text/html');
    const art = articleText(detectReport(d).container!);
    const t = art.text;
    // A few spans with repeated text: every occurrence of 学位 / 个.
    let n = 0;
    for (let i = t.indexOf('学位'); i >= 0 && n < 30; i = t.indexOf('学位', i + 1), n++) {
      const sel = selectorsFor(t, i, i + 2);
      const off = { ...sel, position: { ...sel.position, start: 0, end: 2 } };
      expect(locateAnnotation(t, off)).toMatchObject({ start: i, end: i + 2 });
    }
    expect(n).toBeGreaterThan(3);
  });
});
