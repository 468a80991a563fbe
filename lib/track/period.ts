/**
 * The period a figure is for, and the period a target is due in, as strings ("2019", "2019-H1", "2016-2020"),
 * and how two periods stand (before, within, covers, after) by their month spans.
 */
import { foldWidth } from './normalize';

export interface PeriodInput {
  text: string;
  /** The sentence before the item (its own words first: a year nearest the number wins). */
  before: string;
  section: { title: string; year: number | null; orientation: string } | null;
  reason?: { rule: string; marker: string | null } | null;
  deadline?: number | string | null;
}

const FIVE_YEAR: Record<string, [number, number]> = { 十二五: [2011, 2015], 十三五: [2016, 2020], 十四五: [2021, 2025], 十五五: [2026, 2030] };
const YEAR_RANGE = /((?:19|20)\d{2})年?(?:至|到|—|–|-|~)((?:19|20)\d{2})年/gu;
const SINCE = /((?:19|20)\d{2})年?(?:以来|至今|到今)/gu;
const YEAR = /((?:19|20)\d{2})(?:年|学年)/gu;
/** Words that may date a figure otherwise than its section: digits, 半年, 期间, 以来, 至今, 五年, 十X五. */
const DATED = /[0-9０-９]|半年|期间|时期|以来|至今|五年|十[二三四五]五/u;
const HALF = /上半年|1-6月|1—6月|一至六月/u;
const SECOND_HALF = /下半年/u;

function lastMatch(re: RegExp, s: string): RegExpExecArray | null {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let last: RegExpExecArray | null = null;
  while ((m = re.exec(s))) last = m;
  return last;
}

/** A multi-year span named in a text (2016至2020年, 2016年以来, 十三五期间), or null. `now` ends an open span. */
export function spanIn(s: string, now: number | null): string | null {
  const r = lastMatch(YEAR_RANGE, s);
  if (r) return `${r[1]}-${r[2]}`;
  const since = lastMatch(SINCE, s);
  if (since && now && now > +since[1]) return `${since[1]}-${now}`;
  for (const [name, [a, b]] of Object.entries(FIVE_YEAR)) if (s.includes(name) && /期间|时期|以来|五年/u.test(s)) return `${a}-${b}`;
  if (/近五年|五年来/u.test(s) && now) return `${now - 4}-${now}`;
  return null;
}

/**
 * The period a reported figure is for: the year of its table column (2020年基准值), a span its sentence opens
 * with (2016年至今), the year nearest before it in its sentence, a half year, its section's year, or the year the
 * document reports on. Null when none can be told.
 */
export function figurePeriod(it: PeriodInput, docYear: number | null): string | null {
  const marker = it.reason?.rule === 'table column' ? it.reason.marker ?? '' : '';
  const col = /((?:19|20)\d{2})/u.exec(marker);
  if (col) return col[1];
  const sectionYear = it.section?.year ?? null;
  // Most figures name no year, span or half: their section's year (the quick way, without the patterns below).
  if (!DATED.test(it.before) && !/半年/u.test(it.section?.title ?? '')) {
    const year = sectionYear ?? docYear;
    return year === null ? null : String(year);
  }
  const before = foldWidth(it.before);
  const span = spanIn(before, sectionYear ?? docYear);
  if (span) return span;
  const y = lastMatch(YEAR, before);
  const year = y ? +y[1] : sectionYear ?? docYear;
  if (year === null) return null;
  const title = it.section?.title ?? '';
  if (HALF.test(before) || (HALF.test(title) && !y)) return `${year}-H1`;
  if (SECOND_HALF.test(before) || (SECOND_HALF.test(title) && !y)) return `${year}-H2`;
  return String(year);
}

/** The period a target is due in: its deadline year, its section's year for 年底, a half year; null for 每年. */
export function targetPeriod(it: PeriodInput, docYear: number | null): string | null {
  const d = it.deadline;
  const sectionYear = it.section?.year ?? docYear;
  const before = foldWidth(it.before);
  if (typeof d === 'number') {
    const span = spanIn(before, null);
    if (span && span.endsWith(String(d))) return span;
    return String(d);
  }
  if (typeof d === 'string') {
    if (/每年|每学年|年均|每月|每季/u.test(d)) return null;
    if (sectionYear === null) return null;
    if (HALF.test(d)) return `${sectionYear}-H1`;
    if (SECOND_HALF.test(d)) return String(sectionYear);
    return String(sectionYear);
  }
  return sectionYear === null ? null : String(sectionYear);
}

/** A period as a span of months [start, end], both inclusive (months counted from year 0). */
export function periodSpan(p: string): [number, number] | null {
  // Periods are few distinct strings (years, halves, spans) met again and again: each is parsed once.
  let span = spans.get(p);
  if (span === undefined) {
    span = parseSpan(p);
    if (spans.size < 10_000) spans.set(p, span);
  }
  return span;
}
const spans = new Map<string, [number, number] | null>();

function parseSpan(p: string): [number, number] | null {
  let m = /^(\d{4})$/u.exec(p);
  if (m) return [+m[1] * 12, +m[1] * 12 + 11];
  m = /^(\d{4})-H([12])$/u.exec(p);
  if (m) return m[2] === '1' ? [+m[1] * 12, +m[1] * 12 + 5] : [+m[1] * 12 + 6, +m[1] * 12 + 11];
  m = /^(\d{4})-(\d{4})$/u.exec(p);
  if (m) return [+m[1] * 12, +m[2] * 12 + 11];
  return null;
}

/** The last day of a period (YYYY-MM-DD), when its deadline falls. */
export function periodEndDate(p: string): string | null {
  const s = periodSpan(p);
  if (!s) return null;
  const year = Math.floor(s[1] / 12);
  const month = (s[1] % 12) + 1;
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * How a figure's period stands to a target's: `before` it ends before the target's period starts, `within` it
 * lies inside the target's period but ends earlier (2021-H1 of 2021, 2023 of 2021-2025), `covers` it ends with
 * the target's period, `after` it ends later.
 */
export function relatePeriods(figure: string, target: string): 'before' | 'within' | 'covers' | 'after' | null {
  const f = periodSpan(figure);
  const t = periodSpan(target);
  if (!f || !t) return null;
  if (f[1] < t[0]) return 'before';
  if (f[1] < t[1]) return 'within';
  if (f[1] === t[1]) return 'covers';
  return 'after';
}
