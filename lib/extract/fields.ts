import type { Comparator, Strength } from '../schema/item';
import type { Quantity } from './quantities';
import { APPROXIMATE_LEVEL, COMPARATOR_PREFIXES } from './tables/comparators';
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
  const c = w ? PREFIX_COMPARATOR.get(w)! : '=';
  // 达到78%左右: an approximate level is no floor (控制在5%左右 stays a ceiling).
  return (w === '达' || w === '达到') && APPROXIMATE_LEVEL.includes(text.slice(q.end - 2, q.end)) ? '=' : c;
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
  // The nearest year mention that sets a deadline wins: mentions are found in order, then judged from the last
  // back, so a clause that repeats years is not judged once per mention.
  let year: number | null = null;
  const mentions: RegExpExecArray[] = [];
  YEAR_MENTION.lastIndex = 0;
  for (let m = YEAR_MENTION.exec(seg); m; m = YEAR_MENTION.exec(seg)) mentions.push(m);
  for (let k = mentions.length - 1; k >= 0 && year === null; k--) {
    const m = mentions[k];
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
