import type { Orientation, ReasonRule } from '../schema/item';
import type { Quantity } from './quantities';
import { FORECAST_MARKERS, FUTURE_MARKERS, NEUTRAL_FUTURE_MARKERS, FUTURE_MARKER_EXCEPTIONS, NEUTRAL_STATUS_MARKERS, PART_YEAR_AHEAD_MARKERS, PART_YEAR_DONE_MARKERS, PART_YEAR_ONLY_MARKERS, QUOTED_GOAL_VERBS, STATUS_MARKERS, BASELINE, FUNDS_OBTAINED } from './tables/markers';
import { enclosing, WordIndex } from './text-search';
import { BREAKS, CLAUSE_END, ENUMERATION_COMMA } from './text';
import { isPartYear, sectionYearOf, type QuantityContext } from './quantity-context';

/** The text of the clause before the number; a clause of only a marker (「目前，」) joins the next one. */
export function clauseBefore(text: string, q: Quantity, floor: number): string {
  let s = q.numStart;
  const min = Math.max(floor, q.numStart - 80);
  while (s > min && (BREAKS[text.charCodeAt(s - 1)] & CLAUSE_END) === 0) s--;
  if (s > min + 1) {
    let p = s - 1;
    while (p > min && (BREAKS[text.charCodeAt(p - 1)] & (CLAUSE_END | ENUMERATION_COMMA)) === 0) p--;
    if (s - 1 - p <= 4) s = p;
  }
  return text.slice(s, q.numStart);
}

const MARKER_INDEXES = new Map<readonly string[], WordIndex>();

/** The first of `words` that `seg` holds (not ruled out by its exceptions), or null: one pass over `seg`'s characters. */
function markerIn(seg: string, words: readonly string[]): string | null {
  let index = MARKER_INDEXES.get(words);
  if (!index) MARKER_INDEXES.set(words, (index = new WordIndex(words)));
  for (let i = 0; i < seg.length; i++) {
    const list = index.startingWith(seg.charCodeAt(i));
    if (list === undefined) continue;
    for (const w of list) {
      if (!seg.startsWith(w, i)) continue;
      const ex = FUTURE_MARKER_EXCEPTIONS[w];
      const bad = ex && ((ex.before && i > 0 && ex.before.includes(seg[i - 1])) || (ex.after && ex.after.includes(seg[i + w.length] ?? '')));
      if (!bad) return w;
    }
  }
  return null;
}

const hasMarker = (seg: string, words: readonly string[]) => markerIn(seg, words) !== null;

/** A role with the rule that gave it and the word that fired the rule (null when the section alone decided). */
export interface RoleDecision {
  role: 'target' | 'reported';
  rule: ReasonRule;
  marker: string | null;
}
const decide = (role: RoleDecision['role'], rule: ReasonRule, marker: string | null = null): RoleDecision => ({ role, rule, marker });
// The section alone decides most numbers: one shared object each.
const BY_PLAN: RoleDecision = Object.freeze(decide('target', 'plan section'));
const BY_SUMMARY: RoleDecision = Object.freeze(decide('reported', 'summary section'));
const BREAKDOWN = { target: Object.freeze(decide('target', 'breakdown')), reported: Object.freeze(decide('reported', 'breakdown')) };

/** A breakdown in brackets (公办3000，民办2000) takes the role of the number it breaks down. */
export const breakdownOf = (prev: RoleDecision): RoleDecision => BREAKDOWN[prev.role];

/** A deadline bound in a clause: 到2025年, 力争2030年. */
const LATER_YEAR = /(?:到|至|力争|争取)\s*((?:19|20)\d\d)\s*年/u;
/** Words in a clause that report what is done, whatever year bounds it. */
const DONE_IN_CLAUSE = /已|完成|累计|实现了|达到了/u;

/** The future markers of a summary of the whole year: those that look ahead only from part of a year left out. */
const WHOLE_YEAR_FUTURE_MARKERS = FUTURE_MARKERS.filter((w) => !PART_YEAR_ONLY_MARKERS.includes(w));

/**
 * target | reported | null (not an item), for a number in prose. `partYear`: the backward section summarises
 * part of a year (上半年), so 年内 and 下半年 still lie ahead.
 */
export function roleOf(
  text: string,
  q: Quantity,
  orientation: Orientation,
  sentenceStart: number,
  sectionYear: number | null,
  partYear = true,
  sentenceEnd = q.end,
): RoleDecision | null {
  const clause = clauseBefore(text, q, sentenceStart);
  if (orientation === 'backward') {
    const ahead = partYear ? looksAheadInPartYear(text, q, clause, sentenceStart, sentenceEnd) : null;
    if (ahead) return decide('target', 'pledge marker', ahead);
    const quote = enclosing(text, q.numStart, sentenceStart, 40);
    if (quote && quote.open !== '《' && quote.end - quote.start > 8) {
      const after = text.slice(quote.end, quote.end + 30);
      if (QUOTED_GOAL_VERBS.some((v) => after.includes(v)) || /“[^”]*”[“”]*$/.test(text.slice(Math.max(sentenceStart, quote.start - 40), quote.end))) return null;
    }
    const pledge = markerIn(clause.replace(FUNDS_OBTAINED, ''), partYear ? FUTURE_MARKERS : WHOLE_YEAR_FUTURE_MARKERS);
    if (pledge) return decide('target', 'pledge marker', pledge);
    const y = LATER_YEAR.exec(clause);
    if (y && sectionYear !== null && Number(y[1]) > sectionYear) return decide('target', 'later year', y[0]);
    return BY_SUMMARY;
  }
  if (orientation === 'forward') {
    const status = markerIn(clause, STATUS_MARKERS) ?? baselineFrom(text, q, sentenceStart);
    return status ? decide('reported', 'status marker', status) : BY_PLAN;
  }
  const sentence = text.slice(Math.max(sentenceStart, q.numStart - 160), q.numStart);
  if (hasMarker(sentence, FORECAST_MARKERS)) return null;
  // A page with no summary or plan heading: a sentence bound to a later year (到2025年，…达到95%) pledges, unless
  // the number's own clause says it is done (已, 完成, 累计) — 达到 alone reads either way.
  const bound = LATER_YEAR.exec(sentence);
  if (bound && (sectionYear === null || Number(bound[1]) > sectionYear) && !DONE_IN_CLAUSE.test(clause)) return decide('target', 'later year', bound[0]);
  const status = markerIn(clause, NEUTRAL_STATUS_MARKERS);
  if (status) return decide('reported', 'status marker', status);
  // A page with no summary or plan heading (a bureau's progress note): a pledge says so itself (全年将新增…).
  const pledge = markerIn(sentence, NEUTRAL_FUTURE_MARKERS);
  if (pledge) return decide('target', 'pledge marker', pledge);
  return null;
}

/** The number a change starts from: 从77%提高到80%以上 (77 is where things stand, 80 the pledge). Returns 从/由. */
function baselineFrom(text: string, q: Quantity, sentenceStart: number): string | null {
  const before = BASELINE.before.exec(text.slice(Math.max(sentenceStart, q.numStart - 14), q.numStart));
  return before && BASELINE.after.test(text.slice(q.end, q.end + 20)) ? before[0][0] : null;
}

/**
 * In a summary of part of a year: the number's sentence looks ahead to the rest of the year (确保今年9月投入使用,
 * 全年新增…) and its own clause does not report. Reads the whole sentence, as the pledge may follow the number.
 */
function looksAheadInPartYear(text: string, q: Quantity, clause: string, sentenceStart: number, sentenceEnd: number): string | null {
  if (hasMarker(clause, PART_YEAR_DONE_MARKERS)) return null;
  const from = Math.max(sentenceStart, q.numStart - 120);
  return markerIn(text.slice(from, Math.min(sentenceEnd, q.end + 60)), PART_YEAR_AHEAD_MARKERS);
}

/**
 * The role stage: target | reported | null for a quantity where it stands. A table cell takes its column's
 * role (基准值 → reported, 目标值 → target), or else its section's; a number in prose is read by roleOf.
 */
export function roleAt(c: QuantityContext): RoleDecision | null {
  if (c.cell) {
    if (c.cell.role) return decide(c.cell.role, 'table column', c.cell.header);
    return c.orientation === 'backward' ? BY_SUMMARY : c.orientation === 'forward' ? BY_PLAN : null;
  }
  return roleOf(c.doc.text, c.q, c.orientation, c.sentenceStart, sectionYearOf(c), isPartYear(c), c.sentenceEnd);
}
