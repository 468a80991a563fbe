import type { Quantity } from './quantities';
import { CAPACITY_PROJECT, CLASS_SUFFIX, CLASS_UNITS, DOCUMENT_ARTICLE_VERBS, ENUMERATION_MEASURES, ENUMERATION_NOUNS, IDENTIFIER_BEFORE, POLICY_PACKAGE_AFTER, POOL_AFTER, QUALIFIER_AFTER, RANK_GOAL_BEFORE, RANK_UNITS, RANK_UNITS_CHINESE, RANKING_POOL_AFTER, RECORD_SPAN_BEFORE, OWN_LIST_AFTER, OWN_LIST_UNITS, MEASURED_AGE_BEFORE, SECTOR_AFTER, SESSION_AFTER, TECH_NAMES, TECH_NAME_BEFORE, THRESHOLD_UNITS, TIME_NAME } from './tables/filters';
import { enclosing, isCjk, WordIndex } from './text-search';
import type { QuantityContext } from './quantity-context';

/**
 * Rules that make a number "other": dates, list markers, slogans, ordinals, identifiers, durations,
 * ranking pools, group thresholds. Each returns a short reason, or null when it does not apply.
 * `cell` is true when the number stands alone on a line of an indicator table.
 */
export interface OtherContext {
  text: string;
  q: Quantity;
  cell: boolean;
  lineStart: number;
  sentenceStart: number;
  /** The quote or title bracket around the number, found once for all rules (undefined: not looked yet). */
  enclosing?: ReturnType<typeof enclosing>;
}

const enclosingOf = (c: OtherContext) => (c.enclosing === undefined ? (c.enclosing = enclosing(c.text, c.q.numStart, Math.max(0, c.sentenceStart - 40))) : c.enclosing);

const ENUMERATION_NOUN_INDEX = new WordIndex(ENUMERATION_NOUNS);

type Rule = (c: OtherContext) => string | null;

const YEAR = /^(?:19|20)\d\d$/;
const LINE_LEAD = /^(?:\s|\[bookmark:[^\]\n]*\])*[（(]?$/u;

/** What names a span of years as a measured quantity, not a rule (满6年). */
const MEASURED_SPAN = /年限|受教育年/u;

const calendar: Rule = ({ text, q, lineStart }) => {
  if (q.unitKind === 'calendar') return 'date';
  if (q.unitKind !== 'duration') return null;
  // A measured span is a quantity (人均受教育年限达到13.5年): its paragraph names it just before, or it is a fraction
  // of a year (a list of indicators may name it one clause earlier: …年限分别达到…13.5年；2020年分别达到…15年以上).
  if (q.unitRaw === '年' && (!Number.isInteger(q.value) || MEASURED_SPAN.test(text.slice(Math.max(lineStart, q.numStart - 160), q.numStart)))) return null;
  // An age that is a measure (人均预期寿命从82.4岁提升至83.9岁), not an age limit.
  if (q.unitRaw === '岁' && MEASURED_AGE_BEFORE.test(text.slice(Math.max(lineStart, q.numStart - 24), q.numStart))) return null;
  // A record counts the years a result held (连续9年居全国首位, 历时12年成功申遗): it measures, it is no rule.
  if (q.unitRaw === '年' && RECORD_SPAN_BEFORE.test(text.slice(Math.max(0, q.numStart - 4), q.numStart))) return null;
  return 'duration';
};

const noUnit: Rule = ({ text, q, cell }) => {
  if (cell || q.unit || q.unitKind) return null;
  if (YEAR.test(q.numText)) return 'year';
  return inRatio(text, q) || isUnitlessLevel(text, q) ? null : 'no unit';
};

const RATIO_SIGN = /[∶:：\/／]/u;
const isDigitAt = (text: string, i: number) => /[0-9０-９]/.test(text[i] ?? '');
/**
 * A term of a ratio or fraction (三次产业比重为4.0∶37.7∶58.3, 收入比从2.50:1, 约占全国1/10): each term is a
 * measured number without a unit. A colon between whole numbers is a clock time (17:53), unless one side is 1.
 */
function inRatio(text: string, q: { numStart: number; numEnd: number; numText: string }): boolean {
  const after = text[q.numEnd];
  const before = text[q.numStart - 1];
  const sign = after && RATIO_SIGN.test(after) && isDigitAt(text, q.numEnd + 1) ? after : before && RATIO_SIGN.test(before) && isDigitAt(text, q.numStart - 2) ? before : null;
  if (!sign) return false;
  if (sign === '∶' || sign === '/' || sign === '／') return true;
  const other = sign === after ? /^[0-9.]+/.exec(text.slice(q.numEnd + 1, q.numEnd + 12))?.[0] : /[0-9.]+$/.exec(text.slice(Math.max(0, q.numStart - 12), q.numStart - 1))?.[0];
  return q.numText.includes('.') || other === '1' || q.numText === '1' || (other ?? '').includes('.');
}

/** A decimal without a unit that a level verb sets (收入倍差从1.96缩小至1.81, 满意度从84.7提升至89.6): an index or ratio. */
const LEVEL_BEFORE = /(?:从|至|到|为|达|降至|升至)\s*$/u;
function isUnitlessLevel(text: string, q: { numStart: number; numText: string }): boolean {
  return q.numText.includes('.') && LEVEL_BEFORE.test(text.slice(Math.max(0, q.numStart - 4), q.numStart));
}

const MARKER_AFTER = new Set([...'.．、)）'].map((c) => c.charCodeAt(0)));
const listMarker: Rule = ({ text, q, lineStart }) => {
  // Cheapest test first: a list marker is followed by . 、 or ) and not by another digit.
  if (!MARKER_AFTER.has(text.charCodeAt(q.numEnd)) || q.numStart - lineStart > 60) return null;
  const next = text.charCodeAt(q.numEnd + 1);
  if ((next >= 48 && next <= 57) || (next >= 0xff10 && next <= 0xff19)) return null;
  return LINE_LEAD.test(text.slice(lineStart, q.numStart)) ? 'list marker' : null;
};

const inTitle: Rule = (c) => {
  const r = enclosingOf(c);
  return r && r.open === '《' ? 'document title' : null;
};

const IDENTIFIER_INDEX = new WordIndex(IDENTIFIER_BEFORE);
const identifier: Rule = ({ text, q }) => (IDENTIFIER_INDEX.endingAt(text, q.numStart) ? 'identifier' : null);

const isLatin = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const techName: Rule = ({ text, q }) => {
  // Only a Latin letter right before (IPv6) or right after (5G) can make a technology name.
  if (isLatin(text.charCodeAt(q.numStart - 1)) && TECH_NAME_BEFORE.test(text.slice(Math.max(0, q.numStart - 4), q.numStart))) return 'technology name';
  if (!isLatin(text.charCodeAt(q.numEnd))) return null;
  return TECH_NAMES.test(text.slice(q.numStart, q.numStart + 6)) ? 'technology name' : null;
};

const formula: Rule = ({ text, q }) => {
  const before = text[q.numStart - 1];
  const after = text[q.numEnd];
  return before === '+' || before === '＋' || after === '+' || after === '＋' ? 'slogan formula' : null;
};

const quoted: Rule = (c) => {
  const { text, q } = c;
  const r = enclosingOf(c);
  if (!r || r.open === '《' || r.start < c.sentenceStart || q.numStart - r.start > 40) return null;
  const inner = text.slice(r.start + 1, r.end - 1);
  if (q.chinese) return 'slogan';
  // The quote is the number itself (“5080”, “12351”), or a slogan counting items (“五个100%”).
  if (inner.replace(/[0-9０-９.．%％]/g, '').length === 0) return 'slogan';
  if (/^[一二两三四五六七八九十0-9]+[个项条大]/.test(inner)) return 'slogan';
  // A quoted policy name that ends with its article count (“民营经济32条”).
  if (inner.length <= 16 && q.unitRaw === '条' && r.end - 1 === q.end) return 'slogan';
  return null;
};

const ordinal: Rule = ({ text, q }) => {
  let b = q.numStart;
  while (b > 0 && (text[b - 1] === ' ' || text[b - 1] === '\u3000')) b--;
  if (text[b - 1] !== '第') return null;
  // 成为全省第4个…的机场: the count of members of a class reached, a measured status.
  if (!q.chinese && q.unitRaw === '个' && /(?:成为|为|是)[\u4e00-\u9fa5]{0,3}$/u.test(text.slice(Math.max(0, b - 6), b - 1))) return null;
  const ranks = q.chinese ? RANK_UNITS_CHINESE : RANK_UNITS;
  return q.unitRaw && ranks.includes(q.unitRaw) ? null : 'ordinal';
};

const documentArticles: Rule = ({ text, q }) => {
  if (q.unitRaw !== '条' || isCjk(text[q.end])) return null;
  const before = text.slice(Math.max(0, q.numStart - 8), q.numStart);
  return DOCUMENT_ARTICLE_VERBS.some((v) => before.includes(v)) ? 'document name' : null;
};

const enumeration: Rule = ({ text, q }) => {
  // 「七个100%」「四个层面」「六个重点」「八项规定」
  if (!q.unitRaw || !ENUMERATION_MEASURES.includes(q.unitRaw)) return null;
  // The text's own enumerations are short (四个意识, 3个100%): 210项关键核心技术 counts.
  if (!q.chinese && q.value >= 10) return null;
  // 「N个“…”」 counts what the quote names (三个“1小时交通圈”基本建成), unless a word or two (五个“度”).
  const first = text[q.end];
  if (q.chinese && (first === '“' || first === '"') && /^.[^”"]{1,3}[”"]/u.test(text.slice(q.end, q.end + 6))) return 'enumeration';
  return ENUMERATION_NOUN_INDEX.startingAt(text, q.end) ? 'enumeration' : null;
};

const chineseIdiom: Rule = ({ text, q }) => {
  if (!q.chinese) return null;
  const n = q.numText.replace(/[余多]$/, '');
  // 一 is mostly the article "a" (一支队伍, 同一所, 一次性); it counts after a noun and before a stop (教材一套。).
  if (n === '一' && text[q.numStart - 1] !== '第' && !/^[，,。、；;）)]/.test(text[q.end] ?? '')) return 'the word 一';
  if (n === '千' || n === '百' || n === '万' || n === '亿') return 'idiom';
  const before = text[q.numStart - 1];
  if (before && '每同这那唯某任各逐'.includes(before)) return 'idiom';
  return null;
};

const afterCount: Rule = ({ text, q }) => {
  // The 100 of 「7个100%」: a number right after 「N个」.
  if (q.unit !== '%' || text[q.numStart - 1] !== '个') return null;
  const before = text.slice(Math.max(0, q.numStart - 4), q.numStart);
  return /[0-9一二两三四五六七八九十]个$/.test(before) && q.unit === '%' ? 'enumeration' : null;
};

const rankingPool: Rule = ({ text, q }) => {
  // 连续4年在国家综合测评中位列第一: the years of a record, not a pool.
  if (q.unitRaw === '年') return null;
  if (text[q.numStart - 1] === '前') {
    const before = text.slice(Math.max(0, q.numStart - 12), q.numStart - 1);
    if (q.unitRaw && RANK_UNITS.includes(q.unitRaw) && RANK_GOAL_BEFORE.test(before)) return null;
    return 'ranking pool';
  }
  const after = text.slice(q.end, q.end + 18);
  if (after.indexOf('排') === -1 && after.indexOf('列') === -1 && after.indexOf('居') === -1) return null;
  return RANKING_POOL_AFTER.test(after) ? 'ranking pool' : null;
};

const threshold: Rule = ({ text, q }) => {
  if (!q.comparatorSuffix || !q.unitRaw || !THRESHOLD_UNITS.includes(q.unitRaw)) return null;
  return isCjk(text[q.end]) ? 'group threshold' : null;
};

const isCjkAt = (text: string, i: number) => isCjk(text[i]);

/** The count of the text's own list (设置了29项主要指标, 重点做好以下10个方面工作): structure, not a measure. */
const ownList: Rule = ({ text, q }) => (q.unitRaw && OWN_LIST_UNITS.includes(q.unitRaw) && OWN_LIST_AFTER.test(text.slice(q.end, q.end + 8)) ? 'own list' : null);

/** A number that names a kind of thing rather than counts it: 500千伏变电站, 30万吨级航道, 30万吨乙烯项目, 144小时过境免签. */
const className: Rule = ({ text, q }) => {
  if (!q.unitRaw) return null;
  if (text[q.end] === CLASS_SUFFIX) return 'class name';
  if (CLASS_UNITS.includes(q.unitRaw) && isCjkAt(text, q.end)) return 'class name';
  const after = text.slice(q.end, q.end + 12);
  if (CAPACITY_PROJECT.units.includes(q.unitRaw) && CAPACITY_PROJECT.after.test(after)) return 'class name';
  if (TIME_NAME.units.includes(q.unitRaw) && (TIME_NAME.after.test(after) || TIME_NAME.before.test(text.slice(Math.max(0, q.numStart - 3), q.numStart)))) return 'class name';
  return null;
};

/** 省委十二届八次全会, 人大三次会议, 三次产业: names, not counts; 30条防汛硬措施: a policy package's name. */
const sessionName: Rule = ({ text, q }) => {
  if (q.unitRaw === '次') {
    const after = text.slice(q.end, q.end + 12);
    return SESSION_AFTER.test(after) || SECTOR_AFTER.test(after) ? 'session name' : null;
  }
  if (q.unitRaw === '条' && POLICY_PACKAGE_AFTER.test(text.slice(q.end, q.end + 12))) return 'policy package';
  return null;
};

/** The size of the pool a measure is taken over (104种工业产品中，…; 203个断面水质优良率达100%). */
const measurePool: Rule = ({ text, q }) => {
  if (q.unitKind !== 'count' || !q.unitRaw || q.unit === '%' || !isCjkAt(text, q.end)) return null;
  const after = text.slice(q.end, q.end + 24);
  if (POOL_AFTER.rate.test(after)) return 'measure pool';
  // …104种工业产品中，我省…的有44种: the next clause counts the pool's members in the same unit.
  const inside = POOL_AFTER.inside.exec(after);
  if (!inside) return null;
  const next = text.slice(q.end + inside[0].length, q.end + inside[0].length + 30);
  return new RegExp(`[0-9０-９]\\s*${q.unitRaw}`, 'u').test(next) ? 'measure pool' : null;
};

/** A bound that qualifies a group measured by the next number: 占比超过10%的有44种, 50万元以上的行政村占比达68%. */
const QUALIFIER_WORD_BEFORE = /(?:超过|超|高于|不低于|不少于|低于|不超过)\s*$/u;
const qualifier: Rule = ({ text, q }) => {
  if (text[q.end] !== '的') return null;
  const bound = q.comparatorSuffix !== null || q.comparatorSymbol !== null || QUALIFIER_WORD_BEFORE.test(text.slice(Math.max(0, q.numStart - 4), q.numStart));
  return bound && QUALIFIER_AFTER.test(text.slice(q.end, q.end + 18)) ? 'group qualifier' : null;
};

/** The rules in the order they are tried; the first that applies names the reason. */
export const OTHER_RULES: [string, Rule][] = [
  ['calendar', calendar],
  ['list marker', listMarker],
  ['no unit', noUnit],
  ['document title', inTitle],
  ['identifier', identifier],
  ['technology name', techName],
  ['formula', formula],
  ['quoted', quoted],
  ['ordinal', ordinal],
  ['enumeration', enumeration],
  ['after count', afterCount],
  ['chinese idiom', chineseIdiom],
  ['ranking pool', rankingPool],
  ['document articles', documentArticles],
  ['threshold', threshold],
  ['class name', className],
  ['own list', ownList],
  ['session name', sessionName],
  ['measure pool', measurePool],
  ['qualifier', qualifier],
];

export function otherReason(c: OtherContext): string | null {
  for (const [, rule] of OTHER_RULES) {
    const r = rule(c);
    if (r) return r;
  }
  return null;
}

// One context reused for every number: extract() runs synchronously, and the rules keep nothing.
const scratch: OtherContext = { text: '', q: null as unknown as Quantity, cell: false, lineStart: 0, sentenceStart: 0, enclosing: undefined };

/** otherReason without allocating a context per number (the hot path of extract()). */
export function otherReasonAt(text: string, q: Quantity, cell: boolean, lineStart: number, sentenceStart: number): string | null {
  scratch.text = text;
  scratch.q = q;
  scratch.cell = cell;
  scratch.lineStart = lineStart;
  scratch.sentenceStart = sentenceStart;
  scratch.enclosing = undefined;
  const r = otherReason(scratch);
  scratch.q = null as unknown as Quantity;
  scratch.text = '';
  return r;
}

/** The stage "what is not a quantity": why the number at `c` is no item (a date, a list marker…), or null. */
export function whyNotAQuantity(c: QuantityContext): string | null {
  return otherReasonAt(c.doc.text, c.q, c.cell !== null, c.lineStart, c.sentenceStart);
}
