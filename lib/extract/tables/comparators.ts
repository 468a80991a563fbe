import type { Comparator } from '../../schema/item';

/** Symbols written directly before a number: ≥95, >100, <0.50. */
export const COMPARATOR_SYMBOLS: Record<string, Comparator> = {
  '≥': '>=', '>=': '>=', '＞': '>', '>': '>', '≤': '<=', '<=': '<=', '＜': '<', '<': '<', '≧': '>=', '≦': '<=',
};

/** Words written directly before a number (longest first), and the comparator they make. */
export const COMPARATOR_PREFIXES: [string, Comparator][] = [
  ['不低于', '>='], ['不少于', '>='], ['不小于', '>='], ['至少', '>='], ['达到', '>='], ['达', '>='], ['不下于', '>='],
  ['超过', '>'], ['突破', '>'], ['高于', '>'], ['多于', '>'], ['大于', '>'], ['超', '>'],
  ['不超过', '<='], ['不高于', '<='], ['不多于', '<='], ['不大于', '<='], ['控制在', '<='], ['最多', '<='], ['至多', '<='],
  ['低于', '<'], ['少于', '<'], ['小于', '<'], ['前', '<='],
];

/** Words written after the number and unit: 95%以上, 12班以下, 30天以内. */
export const COMPARATOR_SUFFIXES: [string, Comparator][] = [
  ['及以上', '>='], ['或以上', '>='], ['以上', '>='],
  ['及以下', '<='], ['或以下', '<='], ['以下', '<='], ['以内', '<='], ['之内', '<='],
];

/** Words after a number that make a 达/达到 level approximate, not a floor: 城镇化率达到78%左右 (=). */
export const APPROXIMATE_LEVEL = ['左右', '上下'];
