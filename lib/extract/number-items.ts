import type { Comparator, Item, Reason, Strength } from '../schema/item';
import { sectionOf } from './document';
import { comparatorOf, deadlineOf, strengthMarkers } from './fields';
import { metricOf, tidyLabel, type PreviousMetric } from './metric';
import type { QuantityContext } from './quantity-context';
import type { RoleDecision } from './role';
import { BREAKS, SENTENCE_STOP, clauseAround } from './text';

type Span = Item['sentence'];

/**
 * The fields stage: turns a quantity with its role into an item — comparator, deadline, metric, strength.
 * Some fields depend on the items before in the same sentence (an enumeration shares its lead's comparator;
 * strength is the nearest marker before), so a builder keeps that per-sentence state for one pass.
 */

/** How far either side of the number the clause naming its metric may reach (characters). */
const METRIC_CLAUSE_REACH = 60;
/** How far before its sentence a list's lead-in (…目标是：) may set its targets' strength. */
const STRENGTH_SCOPE_REACH = 240;
/** How far back from a sentence the colon of a lead-in is looked for. */
const LEAD_IN_COLON_REACH = 300;
/** The longest lead-in read before that colon. */
const LEAD_IN_MAX_LENGTH = 200;
/** What may stand between two numbers of one enumeration (90%、99%和45%). */
const ENUMERATION_GAP = /^\s*(?:、|和|及|与|，|,)\s*$/u;

export type NumberRole = 'target' | 'reported';
export type NumberItemBuilder = (c: QuantityContext, decision: RoleDecision, prevEnd: number) => Item;

export function numberItemBuilder(): NumberItemBuilder {
  const strength = strengthScope();
  const comparator = enumerationComparator();
  const sentence = sharedSentence();
  // The item built last, whose metric a range's second number shares (增长4.5%—5%).
  let last: PreviousMetric | null = null;
  return (c, decision, prevEnd) => {
    const { doc, q, cell } = c;
    const role = decision.role;
    const isTarget = role === 'target';
    const deadline = isTarget ? deadlineAt(c) : null;
    const clause = clauseAround(doc.text, q.numStart, q.end, METRIC_CLAUSE_REACH);
    const metric = cell?.metric != null ? tidyLabel(cell.metric) : metricOf(doc.text, q, clause.start, clause.end, prevEnd, last && last.end === prevEnd ? last : null);
    last = { end: q.end, metric };
    return {
      kind: role,
      start: q.start,
      end: q.end,
      text: doc.text.slice(q.start, q.end),
      sentence: sentence(c),
      section: sectionOf(c.heading),
      value: q.value,
      valueMax: q.valueMax,
      unit: cell ? (q.unit ?? cell.unit) : q.unit,
      comparator: comparator(c, role),
      deadline,
      metric,
      strength: !isTarget ? null : cell ? cell.strength : strength(c),
      approximate: q.approximate,
      reason: { rule: decision.rule, marker: decision.marker, deadlineFrom: deadline === null ? null : deadlineSourceAt(c, deadline) },
    };
  };
}

/** One sentence object per sentence, shared by its items (a huge unpunctuated "sentence" is sliced once). */
function sharedSentence(): (c: QuantityContext) => Span {
  let index = -2;
  let span: Span = { start: 0, end: 0, text: '' };
  return (c) => {
    if (c.sentenceIndex !== index) {
      index = c.sentenceIndex;
      span = { start: c.sentenceStart, end: c.sentenceEnd, text: c.doc.text.slice(c.sentenceStart, c.sentenceEnd) };
    }
    return span;
  };
}

/**
 * A target's deadline: its table column's year; else what deadlineOf reads from the clause, section and plan;
 * else, on a page with no summary or plan heading (2022年学位建设情况: 全年将新增…), the page's year.
 */
export function deadlineAt(c: QuantityContext): number | string | null {
  const { doc, q, cell, heading } = c;
  const frame = doc.frame;
  return (
    cell?.deadline ??
    deadlineOf(doc.text, q, cell ? q.numStart : c.sentenceStart, {
      sectionYear: heading?.year ?? frame.planYear ?? null,
      sectionYearExplicit: heading ? heading.explicitYear : frame.planYear !== null,
      planEnd: frame.planEnd,
    }) ??
    (c.orientation === 'neutral' ? frame.titleYear : null)
  );
}

/**
 * Where a target's deadline came from, read after the fact in the order deadlineAt tries (column, clause, section,
 * title): a period word is the clause's; a year the clause writes is the clause's; else its heading's or the title's.
 */
export function deadlineSourceAt(c: QuantityContext, deadline: number | string): Reason['deadlineFrom'] {
  const { doc, q, cell, heading } = c;
  if (cell?.deadline === deadline) return { source: 'table column', text: cell.header };
  if (typeof deadline === 'string') return { source: 'clause', text: deadline };
  const written = clauseYear(doc.text.slice(Math.max(c.sentenceStart, q.numStart - 120), q.numStart), deadline);
  if (written) return { source: 'clause', text: written };
  if (heading?.year === deadline) return { source: 'section', text: heading.title };
  return { source: 'title', text: `${deadline}年` };
}

/** The words of `seg` that write `year` as a year (到2025年, 2025年底前), the last if several; null if none. */
function clauseYear(seg: string, year: number): string | null {
  const y = String(year);
  for (let i = seg.lastIndexOf(y); i !== -1; i = i > 0 ? seg.lastIndexOf(y, i - 1) : -1) {
    const tail = /^\s*年(?:底前|底|前|内)?/u.exec(seg.slice(i + y.length, i + y.length + 6));
    if (tail) return (i > 0 && '到至于'.includes(seg[i - 1]) ? seg[i - 1] : '') + y + tail[0];
  }
  return null;
}

/**
 * The comparator, with an enumeration sharing its lead's: 分别达到90%、99%和13.5年 — each is >= (a suffix,
 * 60%以上, is its own). Remembers the last item whose comparator came before its number while the
 * enumeration may continue it.
 */
function enumerationComparator(): (c: QuantityContext, role: NumberRole) => Comparator {
  let lead: { end: number; comparator: Comparator; sentence: number; role: NumberRole } | null = null;
  return (c, role) => {
    const { q, sentenceIndex: si } = c;
    const text = c.doc.text;
    let comparator = comparatorOf(text, q);
    if (comparator === '=' && lead && lead.sentence === si && lead.role === role && ENUMERATION_GAP.test(text.slice(lead.end, q.numStart))) comparator = lead.comparator;
    if (!q.comparatorSuffix && !q.comparatorSymbol && comparator !== '=') lead = { end: q.end, comparator, sentence: si, role };
    else lead = lead && lead.sentence === si && comparator === lead.comparator ? { ...lead, end: q.end } : null;
    return comparator;
  };
}

/**
 * A prose target's strength: the nearest strength marker before it in its scope (its sentence, or the
 * list's lead-in). The markers are found once per sentence, when its first target needs them, and read
 * in order as its targets come (linear even in a huge sentence).
 */
function strengthScope(): (c: QuantityContext) => Strength {
  let scopeIndex = -2;
  let markers: ReturnType<typeof strengthMarkers> = [];
  let next = 0;
  let strength: Strength = 'plain';
  return (c) => {
    if (c.sentenceIndex !== scopeIndex) {
      scopeIndex = c.sentenceIndex;
      const scopeStart = leadInStart(c.doc.text, c.sentenceStart, c.lineStart);
      markers = strengthMarkers(c.doc.text, Math.max(scopeStart, c.sentenceStart - STRENGTH_SCOPE_REACH), c.sentenceEnd);
      next = 0;
      strength = 'plain';
    }
    while (next < markers.length && markers[next].pos < c.q.numStart) strength = markers[next++].strength;
    return strength;
  };
}

/** A list item's lead-in: when the sentence follows 「…目标是：」 in the same line, strength reads from there. */
export function leadInStart(text: string, sentenceStart: number, lineStart: number): number {
  const from = Math.max(lineStart, sentenceStart - LEAD_IN_COLON_REACH);
  const seg = text.slice(from, sentenceStart);
  const colon = Math.max(seg.lastIndexOf('：'), seg.lastIndexOf(':'));
  if (colon === -1 || seg.indexOf('。', colon) !== -1) return sentenceStart;
  let p = from + colon;
  const min = Math.max(lineStart, p - LEAD_IN_MAX_LENGTH);
  while (p > min && (BREAKS[text.charCodeAt(p - 1)] & SENTENCE_STOP) === 0) p--;
  return p;
}
