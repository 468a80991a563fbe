/**
 * The kind of measure an item is. Two items of different kinds never measure the same metric, however alike
 * their words: a growth rate is not a level, a share is not a count, per capita is not a total, a five-year
 * cumulative figure is not an annual one, a part (其中…) is not its whole, an addition (新增) is not the stock.
 */
import { foldWidth } from './normalize';

export interface MeasureKind {
  /** A change (增长5%, 同比减少61.4%, 每年降低0.5个百分点) rather than a level (1.2万亿元, 达到98%). */
  growth: boolean;
  /** A share or rate (%, 比例, 占比, 率) rather than a count or amount. */
  share: boolean;
  /** Per head or per unit (人均, 生均, 每生, 每千人). */
  perCapita: boolean;
  /** Over several years (累计, 十四五期间, 近五年, 2016年至今). */
  cumulative: boolean;
  /** A part of a whole stated just before (其中…, 含…, a bracketed split). */
  part: boolean;
  /** An addition over a period (新增, 新建, 增加…个) rather than the stock. */
  added: boolean;
}

export interface KindInput {
  metric: string | null;
  unit: string | null;
  /** The text of the item's clause before the number (its lead-in), the metric's context. */
  lead: string;
  /** The sentence before the item: a period phrase at its start (2016年至今, 十三五期间) scopes every figure in it. */
  scope?: string;
  /** The number as written (100%), its unit words. */
  text: string;
  /** The rule that decided the item's kind (breakdown marks a bracketed part). */
  rule?: string | null;
}

const SHARE_UNITS = new Set(['%', '‰', '个百分点', '百分点']);
const GROWTH_WORDS = /增长|增幅|增速|增加|减少|下降|降低|提高|提升|压减|压缩|同比|比上年|年均|年平均|翻番|翻一番/u;
/** 提高到 / 上升至 / 增加至 name the level reached, not the change. */
const LEVEL_AFTER_CHANGE = /(?:增长|增加|减少|下降|降低|提高|提升|上升|压减|压缩)(?:到|至|为)/u;
const SHARE_WORDS = /率|比例|占比|比重|覆盖面/u;
const PER_CAPITA = /人均|生均|户均|每生|每人|每名|每位|每户|每千人|每万人|每百人|每十万人|每平方公里|每班/u;
const CUMULATIVE = /累计|累增|以来累计/u;
/** Period phrases of several years: they make every figure of their sentence cumulative. */
export const MULTI_YEAR = /五年来|近五年|近三年|十[三四五]五期间|十[三四五]五时期|“十[三四五]五”(?:期间|时期|以来)|\d{4}年?(?:至|到|—|–|-|~)\d{4}年|\d{4}年以来|\d{4}年至今|\d{4}年?(?:至|到)今/u;
const ADDED = /新增|新建|新开办|新开设|新创建|新录用|新审批|新培育|新招|新引进|新组建|增设|增加(?!至|到|为)|增至?(?=\d)|扩增|净增/u;
const PART = /其中|^含|[（(]含/u;

/** Every multi-year phrase has 五, 三年 or a year's digits: tested first, as the full pattern is costly. */
const MAY_BE_MULTI_YEAR = /五|三年|\d{4}/u;
export const multiYear = (s: string) => MAY_BE_MULTI_YEAR.test(s) && MULTI_YEAR.test(s);

/** The measure kind of an item from its metric, unit, lead-in and rule. */
export function measureKind(it: KindInput): MeasureKind {
  const metric = foldWidth(it.metric ?? '');
  const lead = foldWidth(it.lead);
  const unit = it.unit ? foldWidth(it.unit) : '';
  const words = `${lead}${metric}`;
  const shareUnit = SHARE_UNITS.has(unit) || /%|个百分点/u.test(it.text);
  const change = GROWTH_WORDS.test(words) && !LEVEL_AFTER_CHANGE.test(words);
  // A change in a count (增加…5.88万个) is an addition, not a growth rate: growth is a rate or 个百分点.
  const growth = change && (shareUnit || /倍/u.test(unit) || /增长率|增速|增幅/u.test(metric));
  const share = !growth && (shareUnit || (!unit && SHARE_WORDS.test(metric)));
  return {
    growth,
    share,
    perCapita: PER_CAPITA.test(words),
    cumulative: CUMULATIVE.test(words) || multiYear(words) || multiYear(foldWidth(it.scope ?? '')),
    part: it.rule === 'breakdown' || PART.test(lead) || /^其中/u.test(metric),
    added: !growth && !share && ADDED.test(words),
  };
}

/** One string per kind: items link only when their keys are equal. */
export function kindKey(k: MeasureKind): string {
  return `${+k.growth}${+k.share}${+k.perCapita}${+k.cumulative}${+k.part}${+k.added}`;
}

/** The kind in words, for a link's reasons. */
export function describeKind(k: MeasureKind): string {
  const words = [k.growth ? 'growth rate' : k.share ? 'share' : 'level'];
  if (k.perCapita) words.push('per capita');
  if (k.cumulative) words.push('cumulative');
  if (k.part) words.push('part');
  if (k.added) words.push('added');
  return words.join(', ');
}
