import { PART_YEAR_PERIOD } from './tables/markers';
import type { Orientation, Section } from '../schema/item';
import { DATE_LINE_YEAR, FIVE_YEAR_PLANS, HEADING_MAX_LENGTH, HEADING_PHRASES, HEADING_RANKS, PARAGRAPH_LEAD, RELATIVE_YEAR_HEADING, WORK_REPORT_TITLE } from './tables/sections';
import type { SpanList } from './text';
import { WordIndex } from './text-search';

/**
 * Finds the headings that open a backward (summary), forward (plan) or neutral part of a report.
 * A heading is a short line without sentence punctuation that ENDS with one of the heading phrases
 * (ignoring a trailing page number of a table of contents).
 */
export interface HeadingInfo extends Section {
  /** Whether `year` was written in the heading (2020年工作计划) rather than derived from a plan period (十四五). */
  explicitYear: boolean;
}

/** What may follow a heading's text: spaces and a table-of-contents page number. */
export const TRAILER = /[\s\d：:）)”"]*$/u;
const YEAR_IN_HEADING = /((?:19|20)\d\d)\s*年/gu;
const PHRASES: [string, Orientation][] = (Object.entries(HEADING_PHRASES) as [Orientation, string[]][])
  .flatMap(([o, list]) => list.map((p) => [p, o] as [string, Orientation]))
  .sort((a, b) => b[0].length - a[0].length);

const PHRASE_INDEX = new WordIndex(PHRASES.map(([p]) => p));
const PHRASE_ORIENTATION = new Map(PHRASES);
/** The characters TRAILER strips, as a table: JavaScript's whitespace (\s), ASCII digits and ：:）)”". */
export const IS_TRAILER = new Uint8Array(65536);
for (const ch of '\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff0123456789：:）)”"') IS_TRAILER[ch.charCodeAt(0)] = 1;
for (let c = 0x2000; c <= 0x200a; c++) IS_TRAILER[c] = 1;
const SENTENCE_PUNCTUATION = /[。；;！？!?]/;

export function classifyHeading(line: string): Orientation | null {
  // The body: the line without leading whitespace and without a trailing page number (TRAILER).
  let e = line.length;
  while (e > 0 && IS_TRAILER[line.charCodeAt(e - 1)] === 1) e--;
  // Cheap test first, without allocating: the body's last character must end some phrase.
  if (e === 0 || !PHRASE_INDEX.endsWith(line.charCodeAt(e - 1))) return null;
  const t = line.trim();
  if (t.length > HEADING_MAX_LENGTH) return null;
  const body = line.slice(line.length - line.trimStart().length, e);
  const ending = PHRASE_INDEX.suffixOf(body);
  if (ending === null || SENTENCE_PUNCTUATION.test(body)) return null;
  const dirs = new Set<Orientation>();
  for (const [p, o] of PHRASES) if (body.includes(p)) dirs.add(o);
  if (dirs.has('backward') && dirs.has('forward')) return 'neutral';
  return PHRASE_ORIENTATION.get(ending)!;
}

/** The plan period a text names (十四五, 2021-2025年), as its last year. */
export function planPeriodEnd(s: string): number | null {
  for (const [name, [, end]] of Object.entries(FIVE_YEAR_PLANS)) if (s.includes(name)) return end;
  const m = /((?:19|20)\d\d)\s*[-—–~～至到]\s*((?:19|20)\d\d)\s*年/u.exec(s);
  if (m && Number(m[2]) - Number(m[1]) >= 2 && Number(m[2]) - Number(m[1]) <= 15) return Number(m[2]);
  return null;
}

export interface DocumentFrame {
  headings: HeadingInfo[];
  /** Orientation before the first heading, from the document's title lines. */
  initial: Orientation;
  /** The last year of the plan period the document's title names, if any. */
  planEnd: number | null;
  /** The year of the document's plan (2020年工作要点 → 2020), if its title names one plan year. */
  planYear: number | null;
  /** The title names part of a year (上半年工作总结): its summary looks back on months, not a whole year. */
  partYear: boolean;
  /** The one year the title names (2022年学位建设情况 → 2022), if it names exactly one. */
  titleYear: number | null;
}

export function scanSections(text: string, lines: SpanList): DocumentFrame {
  const title = titleLines(text, lines);
  const planEnd = planPeriodEnd(title);
  const headings = findHeadings(text, lines);
  const t = title;
  const fw = HEADING_PHRASES.forward.some((p) => t.includes(p)) || /要点|计划|规划|目标/.test(t);
  const bw = HEADING_PHRASES.backward.some((p) => t.includes(p));
  orientMixedHeadings(headings);
  let initial: Orientation = fw && !bw ? 'forward' : bw && !fw ? 'backward' : 'neutral';
  // A title naming both (「2020年工作总结和2021年工作计划」) puts the summary first: if the first heading found
  // opens the plan, what stands before it is the summary.
  if (initial === 'neutral' && fw && bw && headings[0]?.orientation === 'forward') initial = 'backward';
  const planYears = [...t.matchAll(/((?:19|20)\d\d)\s*年(?:度)?[^\n]{0,12}(?:要点|计划|目标|安排|思路)/gu)].map((m) => Number(m[1]));
  const titleYear = onlyYear(title);
  const planYear = planYears.length ? planYears[planYears.length - 1] : workReportYear(title, titleYear);
  const all = splitMixedSections(text, lines, headings);
  inheritYears(all, planYear);
  return { headings: all, initial, planEnd, planYear, partYear: PART_YEAR_PERIOD.test(title), titleYear };
}

/** The title: the first few short non-empty lines (a long first paragraph is body text, and scanning it costs every call). */
function titleLines(text: string, lines: SpanList): string {
  let title = '';
  let seen = 0;
  for (let li = 0; li < lines.length; li++) {
    const start = lines.starts[li];
    const end = lines.ends[li];
    if (seen >= 6 || start > 1200) break;
    if (end - start > 120) continue;
    const s = text.slice(start, end).trim();
    if (s) {
      title += s + '\n';
      seen++;
    }
  }
  return title;
}

/** Every heading line, in text order, with the year it names (written, or the end of the plan period it names). */
function findHeadings(text: string, lines: SpanList): HeadingInfo[] {
  const headings: HeadingInfo[] = [];
  for (let li = 0; li < lines.length; li++) {
    const ls = lines.starts[li];
    const le = lines.ends[li];
    // A heading is short; allow room for indentation and a table-of-contents page number.
    if (le - ls > HEADING_MAX_LENGTH + 16 || le === ls) continue;
    let e = le;
    while (e > ls && IS_TRAILER[text.charCodeAt(e - 1)] === 1) e--;
    if (e === ls || !PHRASE_INDEX.endsWith(text.charCodeAt(e - 1))) continue;
    const raw = text.slice(ls, le);
    const orientation = classifyHeading(raw);
    if (!orientation) continue;
    const years = [...raw.matchAll(YEAR_IN_HEADING)].map((m) => Number(m[1]));
    let year: number | null = years.length ? years[years.length - 1] : null;
    const explicitYear = year !== null;
    if (year === null) year = planPeriodEnd(raw);
    headings.push({ title: raw.trim(), start: ls + raw.search(/\S/), orientation, year, explicitYear });
  }
  return headings;
}

/**
 * A heading naming both directions (a title line) followed by a plan heading: the summary stands between.
 * (One backward pass: the orientation of the next heading that is not neutral.)
 */
function orientMixedHeadings(headings: HeadingInfo[]): void {
  let nextDirection: Orientation | null = null;
  for (let i = headings.length - 1; i >= 0; i--) {
    const h = headings[i];
    if (h.orientation !== 'neutral') {
      nextDirection = h.orientation;
      continue;
    }
    if (nextDirection !== 'forward') continue;
    if (isMixed(h.title)) h.orientation = 'backward';
  }
}

const isMixed = (title: string) => HEADING_PHRASES.forward.some((p) => title.includes(p)) && HEADING_PHRASES.backward.some((p) => title.includes(p));

/**
 * The year a government work report plans for: the year it is delivered in (its date line:
 * 「——2026年1月26日在…会议上」, 「时间：2026-01-22」), else the one year its title names. A work report looks
 * back on the year before (过去一年) and plans the year it is delivered in (今年).
 */
function workReportYear(title: string, titleYear: number | null): number | null {
  if (!WORK_REPORT_TITLE.test(title)) return null;
  const date = DATE_LINE_YEAR.exec(title);
  return date ? Number(date[1] ?? date[2]) : titleYear;
}

/** The rank of a heading by its list marker: 第一章 above 一、 above （一） above 1. above （1） above a bare line. */
export function headingRank(title: string): number {
  for (let i = 0; i < HEADING_RANKS.length; i++) if (HEADING_RANKS[i].test(title)) return i;
  return HEADING_RANKS.length;
}

/**
 * Years for headings that write none: 今年/过去一年 against the document's plan year, else the year of the
 * nearest heading above it in rank (「三、2026年工作安排」 → its 「主要预期目标」; 「二、“十五五”…」 → its 「主要目标」).
 */
function inheritYears(headings: HeadingInfo[], planYear: number | null): void {
  // The headings above the current one, one per rank, highest rank first (linear over any number of headings).
  const above: { rank: number; h: HeadingInfo }[] = [];
  for (const h of headings) {
    const rank = headingRank(h.title);
    while (above.length && above[above.length - 1].rank >= rank) above.pop();
    const parent = above.length ? above[above.length - 1].h : null;
    above.push({ rank, h });
    if (h.year !== null) continue;
    const relative = planYear === null ? null : RELATIVE_YEAR_HEADING.find(([re]) => re.test(h.title));
    if (relative) {
      h.year = planYear! + relative[1];
      h.explicitYear = true;
    } else if (parent && parent.year !== null) {
      h.year = parent.year;
      h.explicitYear = parent.explicitYear;
    }
  }
}

/** The plan periods (十四五) and years (2025年) a heading names, earliest first, with the name as written. */
function periodsIn(title: string): { name: string; year: number; written: boolean }[] {
  const out: { name: string; year: number; written: boolean }[] = [];
  for (const [name, [, end]] of Object.entries(FIVE_YEAR_PLANS)) if (title.includes(name)) out.push({ name, year: end, written: false });
  for (const m of title.matchAll(YEAR_IN_HEADING)) out.push({ name: `${m[1]}年`, year: Number(m[1]), written: true });
  return out.sort((a, b) => a.year - b.year);
}

/**
 * A heading that names a summary and a plan of two periods (「“十四五”时期发展成就和“十五五”时期主要目标任务」)
 * opens both: the summary runs until the first paragraph that opens with the later period (「“十五五”时期是…」),
 * and the plan from there. Returns the headings with one forward heading added at each such paragraph.
 */
function splitMixedSections(text: string, lines: SpanList, headings: HeadingInfo[]): HeadingInfo[] {
  const out: HeadingInfo[] = [];
  let li = 0;
  for (let i = 0; i < headings.length; i++) {
    const h = headings[i];
    out.push(h);
    if (h.orientation === 'forward' || !isMixed(h.title)) continue;
    const periods = periodsIn(h.title);
    if (periods.length < 2 || periods[0].year === periods[periods.length - 1].year) continue;
    const later = periods[periods.length - 1];
    const end = i + 1 < headings.length ? headings[i + 1].start : text.length;
    while (li < lines.length && lines.starts[li] <= h.start) li++;
    for (; li < lines.length && lines.starts[li] < end; li++) {
      const line = text.slice(lines.starts[li], Math.min(lines.ends[li], lines.starts[li] + 16)).replace(PARAGRAPH_LEAD, '');
      if (!line.startsWith(later.name)) continue;
      h.orientation = 'backward';
      h.year = periods[0].year;
      h.explicitYear = periods[0].written;
      out.push({ title: h.title, start: lines.starts[li], orientation: 'forward', year: later.year, explicitYear: later.written });
      break;
    }
  }
  return out;
}

/** The year `s` names, when it names exactly one (2020—2022 names two). */
function onlyYear(s: string): number | null {
  const years = new Set([...s.matchAll(/(?<![0-9])((?:19|20)\d\d)(?![0-9])/gu)].map((m) => Number(m[1])));
  return years.size === 1 ? [...years][0] : null;
}
