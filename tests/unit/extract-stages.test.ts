import { describe, expect, it } from 'vitest';
import { forwardCursor } from '../../lib/extract/cursor';
import { readDocument, sectionOf } from '../../lib/extract/document';
import { forEachQuantity, type Quantity } from '../../lib/extract/quantities';
import { quantityLocator, type QuantityContext } from '../../lib/extract/quantity-context';
import { whyNotAQuantity } from '../../lib/extract/not-quantities';
import { roleAt } from '../../lib/extract/role';
import { deadlineAt, leadInStart, numberItemBuilder } from '../../lib/extract/number-items';
import { commitmentDeadline, commitmentItems, commitmentStrength } from '../../lib/extract/commitment-items';
import { mergeItems } from '../../lib/extract/merge';
import type { Item } from '../../lib/schema/item';

/** Each quantity of `text` with where it stands, as the pipeline's stages see it. */
function contexts(text: string): QuantityContext[] {
  const doc = readDocument(text);
  const locate = quantityLocator(doc);
  const out: QuantityContext[] = [];
  forEachQuantity(text, (q: Quantity) => out.push(locate(q)));
  return out;
}
const find = (cs: QuantityContext[], numText: string) => cs.find((c) => c.q.numText === numText)!;

const REPORT = '2019年工作总结\n全年新增学位5000个。\n2020年工作要点\n确保新增学位3000个，力争达到95%以上。\n年底前建成学校2所。\n';

describe('forwardCursor', () => {
  it('gives the span containing each position, or the last before it, moving forward only', () => {
    const at = forwardCursor([0, 10, 20]);
    expect([0, 5, 10, 19, 20, 99].map(at)).toEqual([0, 0, 1, 1, 2, 2]);
  });
  it('gives -1 before the first span and on no spans', () => {
    expect(forwardCursor([5, 9])(2)).toBe(-1);
    expect(forwardCursor([])(3)).toBe(-1);
  });
  it('reads only the first `length` starts (a SpanList has spare capacity)', () => {
    expect(forwardCursor(Int32Array.from([0, 10, 0, 0]), 2)(50)).toBe(1);
  });
});

describe('stage 1: readDocument', () => {
  it('finds the summary and plan headings with their years', () => {
    const doc = readDocument(REPORT);
    expect(doc.frame.headings.map((h) => [h.title, h.orientation, h.year])).toEqual([
      ['2019年工作总结', 'backward', 2019],
      ['2020年工作要点', 'forward', 2020],
    ]);
    expect(Array.from(doc.headingStarts)).toEqual(doc.frame.headings.map((h) => h.start));
  });
  it('shares one section object per heading', () => {
    const h = readDocument(REPORT).frame.headings[1];
    expect(sectionOf(h)).toBe(sectionOf(h));
    expect(sectionOf(null)).toBeNull();
  });
});

describe('stage 2: quantity context', () => {
  it('places each quantity under its heading, in its sentence and line', () => {
    const cs = contexts(REPORT);
    const c = find(cs, '3000');
    expect(c.heading?.title).toBe('2020年工作要点');
    expect(c.orientation).toBe('forward');
    expect(REPORT.slice(c.sentenceStart, c.sentenceEnd)).toBe('确保新增学位3000个，力争达到95%以上。');
    expect(REPORT.slice(c.lineStart, c.lineEnd)).toBe('确保新增学位3000个，力争达到95%以上。');
    expect(c.cell).toBeNull();
    expect(find(cs, '5000').orientation).toBe('backward');
  });
  it('marks a number alone on a line of an indicator table as a cell', () => {
    const text = '2025年主要指标\n指标\n基准值\n目标值\n学前教育毛入园率(%)\n95\n98\n';
    const cs = contexts(text);
    expect(find(cs, '95').cell?.role).toBe('reported');
    expect(find(cs, '98').cell?.role).toBe('target');
    expect(find(cs, '98').cell?.metric).toBe('学前教育毛入园率');
  });
});

describe('stage 3: whyNotAQuantity', () => {
  it('names why a number is no item, and passes a real quantity', () => {
    const cs = contexts('2020年工作要点\n一、新增学位3000个。\n1.建成学校2所。\n');
    expect(whyNotAQuantity(find(cs, '1'))).toBe('list marker');
    expect(whyNotAQuantity(find(cs, '3000'))).toBeNull();
  });
});

describe('stage 4: roleAt', () => {
  it('reads the section: a summary reports, a plan targets', () => {
    const cs = contexts(REPORT);
    expect(roleAt(find(cs, '5000'))?.role).toBe('reported');
    expect(roleAt(find(cs, '3000'))?.role).toBe('target');
  });
  it('gives a table cell its column role', () => {
    const cs = contexts('2025年主要指标\n指标\n基准值\n目标值\n学前教育毛入园率(%)\n95\n98\n');
    expect([roleAt(find(cs, '95'))?.role, roleAt(find(cs, '98'))?.role]).toEqual(['reported', 'target']);
  });
});

describe('stage 5: fields', () => {
  it('builds a target with comparator, deadline, metric and strength', () => {
    const cs = contexts(REPORT);
    const build = numberItemBuilder();
    const a = build(find(cs, '3000'), roleAt(find(cs, '3000'))!, 0);
    const b = build(find(cs, '95'), roleAt(find(cs, '95'))!, a.end);
    expect([a.value, a.unit, a.comparator, a.deadline, a.metric, a.strength]).toEqual([3000, '个', '=', 2020, '新增学位', 'binding']);
    expect([b.value, b.unit, b.comparator, b.strength]).toEqual([95, '%', '>=', 'aspirational']);
    expect(b.sentence).toBe(a.sentence);
  });
  it('dates a target by its clause before its section', () => {
    const cs = contexts('2020年工作要点\n到2022年新增学位3000个。\n');
    expect(deadlineAt(find(cs, '3000'))).toBe(2022);
  });
  it('reads strength from a list lead-in on the same line', () => {
    const text = '主要目标是：学位3000个。';
    expect(leadInStart(text, text.indexOf('学位'), 0)).toBe(0);
    expect(leadInStart('学位3000个。', 0, 0)).toBe(0);
  });
});

describe('stage 6: commitments', () => {
  it('finds a pledge without a number in a plan section, with strength and deadline', () => {
    const doc = readDocument('2020年工作要点\n确保年底前建成区实验学校。\n');
    const [c] = commitmentItems(doc, []);
    expect([c.kind, c.text, c.strength, c.deadline]).toEqual(['commitment', '确保年底前建成区实验学校', 'binding', 2020]);
  });
  it('takes strength only from the strong modals of the strength table', () => {
    expect(commitmentStrength('务必按时完成')).toBe('binding');
    expect(commitmentStrength('争取建成')).toBe('aspirational');
    expect(commitmentStrength('严格落实并建成')).toBe('plain');
  });
  it('dates by the clause year, the section year, then a period word', () => {
    expect(commitmentDeadline('2021年建成', null, 2025)).toEqual({ deadline: 2021, from: { source: 'clause', text: '2021年' } });
    expect(commitmentDeadline('年底前建成', null, 2025)).toEqual({ deadline: '年底前', from: { source: 'clause', text: '年底前' } });
    expect(commitmentDeadline('建成', null, 2025)).toEqual({ deadline: 2025, from: { source: 'title', text: '2025年' } });
  });
  it('skips a clause that holds a number item', () => {
    const doc = readDocument('2020年工作要点\n确保年底前建成学校2所。\n');
    const number = { start: doc.text.indexOf('2所'), end: doc.text.indexOf('2所') + 2 } as Item;
    expect(commitmentItems(doc, [number])).toEqual([]);
  });
});

describe('stage 7: mergeItems', () => {
  const item = (kind: Item['kind'], start: number, end: number) => ({ kind, start, end }) as Item;
  it('keeps text order and lets a number replace a commitment it overlaps', () => {
    const n = item('target', 5, 8);
    const c1 = item('commitment', 0, 6);
    const c2 = item('commitment', 10, 12);
    expect(mergeItems([n], [c1, c2])).toEqual([n, c2]);
  });
  it('drops a commitment overlapping an earlier number', () => {
    const n = item('target', 0, 8);
    expect(mergeItems([n], [item('commitment', 4, 9)])).toEqual([n]);
  });
});
