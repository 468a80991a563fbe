import type { Item } from '../../lib/schema/item';

/** Two versions of a report's article text and hand-made extractions (independent of lib/extract). */

/** An Item for the first occurrence of `text` in `full` (fields given; the rest null). */
export function item(full: string, text: string, kind: Item['kind'], f: Partial<Item> = {}): Item {
  const start = full.indexOf(text);
  if (start < 0) throw new Error(`no ${text}`);
  const s0 = Math.max(full.lastIndexOf('\n', start), full.lastIndexOf('。', start - 1)) + 1;
  const e = full.slice(start).search(/[。\n]/);
  const end = e < 0 ? full.length : start + e;
  return {
    kind, start, end: start + text.length, text,
    sentence: { start: s0, end, text: full.slice(s0, end) },
    section: null, value: null, valueMax: null, unit: null, comparator: null, deadline: null, metric: null, strength: null, approximate: false, reason: null,
    ...f,
  };
}

export const V1 = '一、主要目标\n到2020年底，新增公办学位5370个。学前教育毛入园率达到95%以上。\n2019年完成投资3.2亿元。\n建成义务教育学校12所。';
export const V2 = '一、主要目标\n到2021年底，新增公办学位5000个。学前教育毛入园率达到95%以上。\n2019年完成投资3.2亿元。\n新建普惠性幼儿园8所。';
export function items1(): Item[] {
  return [
    item(V1, '新增公办学位5370个', 'target', { value: 5370, unit: '个', deadline: 2020, metric: '公办学位' }),
    item(V1, '学前教育毛入园率达到95%以上', 'target', { value: 95, unit: '%', comparator: '>=', metric: '学前教育毛入园率' }),
    item(V1, '完成投资3.2亿元', 'reported', { value: 320000000, unit: '元', metric: '投资' }),
    item(V1, '建成义务教育学校12所', 'reported', { value: 12, unit: '所', metric: '义务教育学校' }),
  ];
}
export function items2(): Item[] {
  return [
    item(V2, '新增公办学位5000个', 'target', { value: 5000, unit: '个', deadline: 2021, metric: '公办学位' }),
    item(V2, '学前教育毛入园率达到95%以上', 'target', { value: 95, unit: '%', comparator: '>=', metric: '学前教育毛入园率' }),
    item(V2, '完成投资3.2亿元', 'reported', { value: 320000000, unit: '元', metric: '投资' }),
    item(V2, '新建普惠性幼儿园8所', 'target', { value: 8, unit: '所', metric: '普惠性幼儿园' }),
  ];
}

