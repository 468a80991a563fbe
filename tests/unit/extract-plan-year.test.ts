import { describe, expect, it } from 'vitest';
import { extract, type Item } from '../../lib/extract';
import { headingRank } from '../../lib/extract/sections';

const at = (t: string, s: string): Item | undefined => {
  const pos = t.indexOf(s);
  return extract(t).find((i) => i.start <= pos && pos < i.end);
};

/** A work report whose title names no year: the year is on its date line. */
const REPORT = '政府工作报告\n——2026年1月26日在某省第十四届人民代表大会第五次会议上\n某省省长\n各位代表：\n';

describe('the plan year, read wherever the document states it', () => {
  it('a sub-heading without a year inherits its parent heading’s (三、2026年工作安排 → 主要预期目标)', () => {
    const t = `${REPORT}一、2025年工作回顾\n地区生产总值增长3.9%。\n三、2026年工作安排\n主要预期目标\n地区生产总值增长4.5%。\n`;
    expect(at(t, '4.5')).toMatchObject({ kind: 'target', deadline: 2026 });
    expect(at(t, '3.9')).toMatchObject({ kind: 'reported' });
  });
  it('a sub-heading under a five-year plan heading inherits the plan’s last year', () => {
    const t = `${REPORT}一、2025年工作回顾\n增长3.9%。\n二、“十五五”时期的主要目标和重点任务\n主要目标\n地区生产总值年均增长5%。\n`;
    expect(at(t, '5%')).toMatchObject({ kind: 'target', deadline: 2030 });
  });
  it('今年 in a work report’s heading is the year it is delivered (date line 时间：2026-01-22)', () => {
    const t = '某市政府工作报告\n时间：2026-01-22\n一、过去一年工作回顾\n新增就业5万人。\n二、今年工作安排\n新增就业6万人。\n';
    expect(at(t, '6万')).toMatchObject({ kind: 'target', deadline: 2026 });
    expect(at(t, '5万')).toMatchObject({ kind: 'reported' });
  });
  it('a heading naming a summary and a plan of two periods switches at the paragraph opening with the later one', () => {
    const t = `${REPORT}二、“十四五”时期发展成就和“十五五”时期主要目标任务\n这五年，地区生产总值年均增长5.5%。\n“十五五”时期是关键时期。主要指标包括：地区生产总值年均增速4.5%、研发投入占比6%以上。\n三、2026年重点工作\n`;
    expect(at(t, '5.5')).toMatchObject({ kind: 'reported' });
    expect(at(t, '4.5')).toMatchObject({ kind: 'target', deadline: 2030 });
    expect(at(t, '6%')).toMatchObject({ kind: 'target', deadline: 2030, comparator: '>=' });
  });
  it('ranks headings by their list marker', () => {
    expect(['第一章 回顾', '一、回顾', '（一）回顾', '1.回顾', '（1）回顾', '主要目标'].map(headingRank)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
