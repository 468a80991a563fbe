import { describe, expect, it } from 'vitest';
import { extract, type Item } from '../../lib/extract';

const at = (t: string, s: string): Item | undefined => {
  const pos = t.indexOf(s);
  return extract(t).find((i) => i.start <= pos && pos < i.end);
};
const H1 = '2021年上半年工作总结\n';
const YEAR = '2020年工作总结\n';

describe('a summary of part of a year', () => {
  it('a sentence that looks ahead to the rest of the year pledges each of its numbers', () => {
    const t = `${H1}加快7所学校建设进度，确保今年9月投入使用，新增公办义务教育学位1.47万个；加快回收学位0.84万个，全年新增2.31万个。开工建设15所学校。`;
    expect(['7所', '1.47', '0.84', '2.31'].map((s) => at(t, s)?.kind)).toEqual(['target', 'target', 'target', 'target']);
    expect(at(t, '15所')?.kind).toBe('reported');
  });
  it('a clause that reports stays reported in such a sentence; 完成全年目标 is a yardstick, not a pledge', () => {
    const t = `${H1}全年新增学位2万个，已完成1.2万个。1—6月新增就业3万人，完成全年目标的60%。`;
    expect(at(t, '2万')?.kind).toBe('target');
    expect(at(t, '1.2万')?.kind).toBe('reported');
    expect(at(t, '60%')?.kind).toBe('reported');
  });
  it('in a summary of the whole year, 全年 reports the year', () => {
    expect(at(`${YEAR}全年新增学位2万个。`, '2万')?.kind).toBe('reported');
  });
  it('拟 inside a word (模拟联合国) pledges nothing', () => {
    expect(at(`${H1}参加模拟联合国活动学生600人次。`, '600')?.kind).toBe('reported');
  });
});

describe('a plan figure with a breakdown in brackets', () => {
  it('计划招生 pledges in a summary, and each part in its brackets takes the whole’s unit and role', () => {
    const t = `${YEAR}2021年全区小一计划招生41785人（公办22225，民办19560）。`;
    expect(['41785', '22225', '19560'].map((s) => at(t, s))).toEqual([
      expect.objectContaining({ kind: 'target', value: 41785, unit: '人' }),
      expect.objectContaining({ kind: 'target', value: 22225, unit: '人' }),
      expect.objectContaining({ kind: 'target', value: 19560, unit: '人' }),
    ]);
  });
  it('a reported whole’s parts are reported', () => {
    const t = `${YEAR}招生4000人（公办2500，民办1500）。`;
    expect(['4000', '2500', '1500'].map((s) => at(t, s)?.kind)).toEqual(['reported', 'reported', 'reported']);
  });
});
