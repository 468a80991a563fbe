/**
 * Units and measure words that may follow a number, longest first where one is a prefix of another.
 * A newcomer adds a measure word here; `tests/unit/extract-tables.test.ts` checks each entry parses.
 *
 * `kind` says what the quantity is:
 * - `count`    — a measured or pledged quantity (所, 个, 名, %, 元…): an item;
 * - `duration` — a span of time or an age that defines a rule (满6年, 三个月的培训班): not an item;
 * - `calendar` — part of a date (年, 月, 日): not an item.
 */
export type UnitKind = 'count' | 'duration' | 'calendar';
export interface UnitEntry {
  unit: string;
  kind: UnitKind;
  /** The unit an item reports (万元 → 元); defaults to `unit`. */
  as?: string;
  /** Multiply the value by this (万元 → ×10⁴). */
  scale?: number;
}

const counts = (list: string): UnitEntry[] => list.split(/\s+/).filter(Boolean).map((unit) => ({ unit, kind: 'count' as const }));

export const UNITS: UnitEntry[] = [
  { unit: '个百分点', kind: 'count' },
  { unit: '百分点', kind: 'count', as: '个百分点' },
  { unit: '万元', kind: 'count', as: '元', scale: 1e4 },
  { unit: '亿元', kind: 'count', as: '元', scale: 1e8 },
  { unit: '千元', kind: 'count', as: '元', scale: 1e3 },
  { unit: '万人次', kind: 'count', as: '人次', scale: 1e4 },
  { unit: '万平方米', kind: 'count', as: '平方米', scale: 1e4 },
  { unit: '平方米', kind: 'count' },
  { unit: '平方公里', kind: 'count' },
  { unit: '㎡', kind: 'count', as: '平方米' },
  ...counts('人次 场次 批次 件次 户次 课时 学时 学分 小时 分钟 千瓦时 千瓦 立方米 公顷 千克 标箱'),
  // A Chinese SI prefix is part of its unit, not a multiplier: 500千伏, 200兆瓦, 3吉瓦时 (万千瓦 is 万 × 千瓦).
  ...counts('千伏 兆瓦时 兆瓦 吉瓦时 吉瓦 微克 毫克 千米'),
  { unit: '周年', kind: 'duration' },
  { unit: '个月', kind: 'duration' },
  { unit: '周岁', kind: 'duration' },
  { unit: '学年', kind: 'calendar' },
  { unit: '年度', kind: 'calendar' },
  { unit: '年', kind: 'duration' },
  { unit: '岁', kind: 'duration' },
  { unit: '天', kind: 'duration' },
  { unit: '月', kind: 'calendar' },
  { unit: '日', kind: 'calendar' },
  { unit: '号', kind: 'calendar' },
  { unit: '时', kind: 'calendar' },
  ...counts('% ％ ‰ 元 个 所 名 人 项 场 次 家 间 条 篇 套 座 支 位 台 对 宗 件 期 批 块 门 节 轮 分 本 册 部 种 类 班 张 份 处 户 床 辆 吨 亩 公里 米 倍 园 校 G M GB TB Mbps 兆 区 万 亿'),
  // Counts of goods, livestock, trains, cases and tenths (占全国9成).
  ...counts('款 栋 列 起 例 头 只 斤 艘 架 成'),
];

/** A unit's denominator written after it: 58万元/人, 27微克/立方米, 0.6人/百亿元, 1459万吨/年. */
export const UNIT_DENOMINATOR = /^[/／](?:百亿元|亿元|万元|平方公里|平方米|立方米|千人|万人|[人户年日天月时吨辆台床次个])/u;

/** Multipliers written between a number and its unit (4.5万人次, 200多万元, 3千余人). */
export const MULTIPLIERS: Record<string, number> = { 万: 1e4, 亿: 1e8, 千: 1e3, 百万: 1e6, 千万: 1e7 };

/** Words that mark a number as approximate; `before` stand in front of it, `after` behind it. */
export const APPROXIMATE = { before: ['约', '近', '大约', '接近', '将近', '逾'], after: ['余', '多', '左右', '上下'] };

/** Words that join two numbers into a range (200-220元, 3至5年, 2—3个). */
export const RANGE_JOINERS = ['-', '－', '—', '——', '–', '~', '～', '至', '到'];

/** Units written after a row label in an indicator table: 「学前教育毛入园率(%)」. */
export const TABLE_UNIT = /[（(]\s*([%％‰]|(?:万|亿)?[人所个项名次元座间条台套家本门平方米小时]{1,3})\s*[)）]\s*$/u;
