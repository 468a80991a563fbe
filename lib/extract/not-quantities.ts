import type { Quantity } from './quantities';
import { DOCUMENT_ARTICLE_VERBS, ENUMERATION_MEASURES, ENUMERATION_NOUNS, IDENTIFIER_BEFORE, RANK_GOAL_BEFORE, RANK_UNITS, RANK_UNITS_CHINESE, RANKING_POOL_AFTER, TECH_NAMES, TECH_NAME_BEFORE, THRESHOLD_UNITS } from './tables/filters';
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
  return 'duration';
};

const noUnit: Rule = ({ q, cell }) => {
  if (cell || q.unit || q.unitKind) return null;
  return YEAR.test(q.numText) ? 'year' : 'no unit';
};

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
  return null;
};

const ordinal: Rule = ({ text, q }) => {
  let b = q.numStart;
  while (b > 0 && (text[b - 1] === ' ' || text[b - 1] === '\u3000')) b--;
  if (text[b - 1] !== '第') return null;
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
  const first = text[q.end];
  if (first === '“' || first === '"') return 'enumeration';
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
