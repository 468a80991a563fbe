import type { Comparator, Strength } from '../schema/item';
import type { Quantity } from './quantities';
import { COMPARATOR_PREFIXES } from './tables/comparators';
import { PERIOD_WORDS as PERIODS, STRENGTH_MARKERS } from './tables/markers';
import { escapeRegExp, WordIndex } from './text-search';

const PREFIXES = [...COMPARATOR_PREFIXES].sort((a, b) => b[0].length - a[0].length);
const PREFIX_INDEX = new WordIndex(PREFIXES.map(([w]) => w));
const PREFIX_COMPARATOR = new Map(PREFIXES);

/** Comparator: a suffix (95%以上) or symbol (≥95) first, else a word right before the number (达98%). */
export function comparatorOf(text: string, q: Quantity): Comparator {
  if (q.comparatorSuffix) return q.comparatorSuffix;
  if (q.comparatorSymbol) return q.comparatorSymbol;
  let b = q.numStart;
  // Skip approximation words and spaces: 达约…, 超过近…
  for (let c = text.charCodeAt(b - 1); b > 0 && (c === 32 || c === 0x3000 || c === 0x7ea6 /* 约 */ || c === 0x8fd1 /* 近 */); c = text.charCodeAt(b - 1)) b--;
  const w = PREFIX_INDEX.endingAt(text, b);
  return w ? PREFIX_COMPARATOR.get(w)! : '=';
}

const PERIOD_WORDS = [...PERIODS.calendar, ...PERIODS.schoolYear, ...PERIODS.recurring];
const RECURRING = new Set(PERIODS.recurring);
const YEAR_MENTION = /((?:19|20)\d\d)\s*(?:学)?年/gu;
/** A year that is a baseline, not a deadline: 在2019年的基础上, 比2020年, 较2019年. */
const BASE_YEAR_BEFORE = /(?:比|较|与|同|从|自|截至|截止)\s*$/u;
const BASE_YEAR_AFTER = /^(?:学)?年?(?:的基础上|基础上|相比|同期|以来|至今|的|底的|末的)/u;

export interface DeadlineFrame {
  sectionYear: number | null;
  sectionYearExplicit: boolean;
  planEnd: number | null;
}

/**
 * The year a target is due: the year its clause sets (到2025年), else the year of the plan section it
 * stands in (written in its heading), else a period word (年底, 每学年), else the plan period's last year.
 */
export function deadlineOf(text: string, q: Quantity, sentenceStart: number, f: DeadlineFrame): number | string | null {
  const from = Math.max(sentenceStart, q.numStart - 120);
  const seg = text.slice(from, q.numStart);
  let year: number | null = null;
  YEAR_MENTION.lastIndex = 0;
  for (let m = YEAR_MENTION.exec(seg); m; m = YEAR_MENTION.exec(seg)) {
    const before = seg.slice(Math.max(0, m.index - 8), m.index);
    const after = seg.slice(m.index + 4, m.index + 12);
    if (BASE_YEAR_BEFORE.test(before) || BASE_YEAR_AFTER.test(after.replace(/^\s*/, ''))) continue;
    if (/\d\s*[—\-–~～至到]\s*$/.test(before) || /^\s*[—\-–~～至]\s*(?:19|20)\d\d/.test(after)) continue; // a range of years (2019—2022)
    if (/[《]/.test(seg.slice(Math.max(0, m.index - 20), m.index)) && !/》/.test(seg.slice(m.index))) continue;
    year = Number(m[1]);
  }
  if (year !== null) return year;
  if (f.sectionYear !== null && f.sectionYearExplicit) return f.sectionYear;
  // The clause reaches a little past the number (新增学位500个，年底前…) but never into the next sentence.
  let to = Math.min(text.length, q.end + 20);
  for (let i = q.end; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3002 /* 。 */ || c === 0xff1b /* ； */ || c === 59 || c === 0xff01 || c === 33 || c === 0xff1f || c === 63 || c === 10) {
      to = i;
      break;
    }
  }
  const clause = text.slice(from, to);
  for (const w of PERIOD_WORDS) if (clause.includes(w) && !RECURRING.has(w)) return w;
  if (f.sectionYear !== null) return f.sectionYear;
  if (f.planEnd !== null) return f.planEnd;
  for (const w of PERIOD_WORDS) if (clause.includes(w)) return w;
  return null;
}

const STRENGTH_RE = new RegExp(`(${STRENGTH_MARKERS.binding.map(escapeRegExp).join('|')})|(${STRENGTH_MARKERS.aspirational.map(escapeRegExp).join('|')})`, 'gu');

/** The strength markers of a scope, in order: found once per sentence and shared by its targets. */
export function strengthMarkers(text: string, from: number, to: number): { pos: number; strength: Strength }[] {
  const out: { pos: number; strength: Strength }[] = [];
  const seg = text.slice(from, to);
  STRENGTH_RE.lastIndex = 0;
  for (let m = STRENGTH_RE.exec(seg); m; m = STRENGTH_RE.exec(seg)) out.push({ pos: from + m.index, strength: m[1] ? 'binding' : 'aspirational' });
  return out;
}



const METRIC_LEAD = /^(?:[\s“”]*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十0-9]+[)）]|[0-9０-９]{1,2}[.．、](?![0-9０-９]))|[\s“”]*(?:到|至|在|于)?(?:20\d\d)?\s*(?:学)?年(?:底|末)?(?:前)?|[\s“”]*(?:力争|争取|确保|保障|努力|计划|拟|全年|每年|秋季|春季|年内|要|将|并|同时|其中|推进|推动|全面|进一步|继续|持续|累计|预计|共|全区|全市|全省|我区|我市|，|,|及|和|与|、))+/;
/** Words that stand between what is counted and its number (…比例达到95%): stripped from the end. */
const METRIC_TRAIL_WORDS = ['达到', '达', '为', '提升至', '提高至', '提高到', '提升到', '增加至', '增加到', '扩展到', '扩大到', '扩大至', '降低至', '降至', '下降至', '控制在', '保持', '保持在', '不低于', '不少于', '至少', '超过', '高于', '超', '不超过', '低于', '占', '实现', '稳定在', '在', '排', '前', '第', '共'].sort((x, y) => y.length - x.length);
/** Verbs that count what follows the number: 新建1所老年大学 → 新建老年大学. */
const COUNTING_VERBS = new Set(['新增', '新建', '新开办', '建设', '建成', '培育', '培养', '创建', '创成', '完成', '开工', '开办', '改造', '改扩建', '扩建', '实施', '招聘', '引进', '举办', '打造', '评选', '选树', '认定', '推广', '投入', '安排', '提供', '增加', '投用', '启动', '组建', '成立', '推荐', '表彰', '遴选', '资助']);
const NOUN_AFTER = /^[\u4e00-\u9fa5“”（）()A-Za-z]{2,24}?(?=的|达到|达|实现|完成|提升|提高|获得|[0-9０-９，,。；;、：:]|等|$)/;

function countingVerbAtEnd(s: string): string {
  for (let n = 3; n >= 2; n--) if (s.length >= n && COUNTING_VERBS.has(s.slice(-n))) return s.slice(-n);
  return '';
}

const TRAIL_INDEX = new WordIndex(METRIC_TRAIL_WORDS);

function stripTrail(s: string): string {
  let end = s.length;
  for (let w = TRAIL_INDEX.endingAt(s, end); w !== null; w = TRAIL_INDEX.endingAt(s, end)) end -= w.length;
  return end === s.length ? s : s.slice(0, end);
}

const isTrimChar = (c: number) => c <= 32 || c === 0x3000 || c === 0xff0c /* ， */ || c === 44 || c === 0xff1a || c === 58 || c === 0xff1b || c === 59;

export function metricOf(text: string, q: Quantity, clauseStart: number, clauseEnd: number, floor = clauseStart): string | null {
  const from = Math.max(clauseStart, floor);
  // Cut comparator symbols, 约/近 and spaces right before the number without a regex.
  let e = q.numStart;
  for (let c = text.charCodeAt(e - 1); e > from && (c <= 32 || c === 0x3000 || c === 0x7ea6 || c === 0x8fd1 || c === 60 || c === 61 || c === 62 || c === 0xff1c || c === 0xff1e || (c >= 0x2264 && c <= 0x2267)); c = text.charCodeAt(e - 1)) e--;
  let before = stripTrail(text.slice(from, e).replace(METRIC_LEAD, ''));
  let k = before.length;
  while (k > 0 && isTrimChar(before.charCodeAt(k - 1))) k--;
  before = before.slice(0, k).trim();
  let afterStart = q.end;
  if (text.charCodeAt(afterStart) === 0x7684 /* 的 */) afterStart++;
  const noun = NOUN_AFTER.exec(text.slice(afterStart, Math.max(afterStart, clauseEnd)))?.[0]?.replace(/[“”]/g, '');
  const verb = countingVerbAtEnd(before);
  if (noun && noun.length >= 2 && (!before || verb || !/[\u4e00-\u9fa5]{3,}/.test(before.slice(-4)) || (before.length <= 5 && /^[\u4e00-\u9fa5]{2,}$/.test(before)))) {
    return `${verb}${noun}`.slice(0, 40);
  }
  if (!before) return noun ?? null;
  return before.slice(-40);
}
