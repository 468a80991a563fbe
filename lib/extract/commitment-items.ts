import type { Item, Reason, Strength } from '../schema/item';
import { clausesOf, hasCommitmentTrigger, isCommitmentClause, type CommitmentSignal } from './commitments';
import { drain, headingAt, headingCursor, orientationUnder, sectionOf, type ReportDocument } from './document';
import type { HeadingInfo } from './sections';
import { COMMITMENT_MAX_LENGTH, COMMITMENT_STRENGTH_MARKERS } from './tables/commitments';
import { PERIOD_WORDS } from './tables/markers';
import { escapeRegExp } from './text-search';
import type { Span } from './text';

/**
 * The commitments stage: pledges without a number in the forward-looking sections — clauses that promise
 * something checkable (GUIDE "Commitments without a number") and table rows whose values are placeholders.
 */

/**
 * A "sentence" longer than this is no prose sentence but unpunctuated text (a flattened page or table);
 * it is not split into clauses, which keeps long inputs linear.
 */
const COMMITMENT_SENTENCE_MAX_LENGTH = 2000;

const wordsPattern = (words: readonly string[]) => new RegExp(words.map(escapeRegExp).join('|'), 'u');
const BINDING = wordsPattern(COMMITMENT_STRENGTH_MARKERS.binding);
const ASPIRATIONAL = wordsPattern(COMMITMENT_STRENGTH_MARKERS.aspirational);
const YEAR_IN_CLAUSE = /(?:到|至|于)?((?:19|20)\d\d)\s*年(?:底前|底|前|内)?/u;

/** Commitments of the document, in text order. `numbers` (in text order) are the number items: a clause holding one is no commitment. */
export function commitmentItems(doc: ReportDocument, numbers: readonly Item[]): Item[] {
  return drain(commitmentSteps(doc, numbers));
}

/** Sentences read between two steps of commitmentSteps. */
const SENTENCES_PER_STEP = 512;

/** commitmentItems in steps of SENTENCES_PER_STEP sentences (see extractSteps). */
export function* commitmentSteps(doc: ReportDocument, numbers: readonly Item[]): Generator<void, Item[], void> {
  const out = yield* proseCommitments(doc, numbers);
  for (const c of tableRowCommitments(doc)) out.push(c);
  // Prose commitments come in order; the few table rows are sorted in (a stable sort keeps ties in order).
  return out.sort((a, b) => a.start - b.start);
}

/** Forward clauses that pledge something checkable and hold no number item. */
function* proseCommitments(doc: ReportDocument, numbers: readonly Item[]): Generator<void, Item[], void> {
  const { text, sentences } = doc;
  const out: Item[] = [];
  const headingIndexAt = headingCursor(doc);
  let k = 0;
  for (let si = 0; si < sentences.length; si++) {
    if (si % SENTENCES_PER_STEP === SENTENCES_PER_STEP - 1) yield;
    const s = sentences.get(si);
    const heading = headingAt(doc, headingIndexAt(s.start));
    if (orientationUnder(doc, heading) !== 'forward' || s.end - s.start > COMMITMENT_SENTENCE_MAX_LENGTH) continue;
    if (!hasCommitmentTrigger(text, s.start, s.end)) continue;
    for (const c of clausesOf(text, s)) {
      while (k < numbers.length && numbers[k].end <= c.start) k++;
      if (k < numbers.length && numbers[k].start < c.end) continue;
      if (!hasCommitmentTrigger(text, c.start, c.end)) continue;
      const clause = text.slice(c.start, c.end);
      const signal = isCommitmentClause(clause);
      if (!signal) continue;
      out.push(commitmentItem(doc, c, s, heading, signal, commitmentDeadline(clause, heading, doc.frame.planEnd), commitmentStrength(clause)));
    }
  }
  return out;
}

/** Rows of an indicator table in a forward section whose value cells are all placeholders. */
function tableRowCommitments(doc: ReportDocument): Item[] {
  const out: Item[] = [];
  const headingIndexAt = headingCursor(doc);
  for (const r of doc.textRows) {
    const heading = headingAt(doc, headingIndexAt(r.start));
    if (orientationUnder(doc, heading) !== 'forward' || r.end <= r.start) continue;
    const deadline: Dated = heading?.year ? { deadline: heading.year, from: { source: 'section', text: heading.title } } : titleDated(doc.frame.planEnd);
    out.push(commitmentItem(doc, r, r, heading, TABLE_ROW, deadline, 'plain'));
  }
  return out;
}

/** The one place a commitment item is built: its text is the clause, cut to COMMITMENT_MAX_LENGTH. */
function commitmentItem(doc: ReportDocument, clause: Span, sentence: Span, heading: HeadingInfo | null, signal: CommitmentSignal, dated: Dated, strength: Strength): Item {
  const { text } = doc;
  const end = Math.min(clause.end, clause.start + COMMITMENT_MAX_LENGTH);
  return {
    kind: 'commitment',
    start: clause.start,
    end,
    text: text.slice(clause.start, end),
    sentence: { start: sentence.start, end: sentence.end, text: text.slice(sentence.start, sentence.end) },
    section: sectionOf(heading),
    value: null,
    valueMax: null,
    unit: null,
    comparator: null,
    deadline: dated.deadline,
    metric: null,
    strength,
    approximate: false,
    reason: { rule: signal.rule, marker: signal.marker, deadlineFrom: dated.from },
  };
}

/** A strong modal in the clause says how firmly it is promised (确保 binding, 力争 aspirational). */
export function commitmentStrength(clause: string): Strength {
  return BINDING.test(clause) ? 'binding' : ASPIRATIONAL.test(clause) ? 'aspirational' : 'plain';
}

/**
 * A commitment is due in the year its clause names; else in its section's written year; else by a period word
 * of the calendar year (年底前); else in its section's derived year or the plan period's last year.
 */
export function commitmentDeadline(clause: string, heading: HeadingInfo | null, planEnd: number | null): Dated {
  const m = YEAR_IN_CLAUSE.exec(clause);
  if (m) return { deadline: Number(m[1]), from: { source: 'clause', text: m[0] } };
  const bySection = heading?.year ? { deadline: heading.year, from: { source: 'section', text: heading.title } as const } : null;
  if (bySection && heading?.explicitYear) return bySection;
  for (const w of PERIOD_WORDS.calendar) if (clause.includes(w)) return { deadline: w, from: { source: 'clause', text: w } };
  return bySection ?? titleDated(planEnd);
}

/** A deadline with where it was read. */
export interface Dated {
  deadline: number | string | null;
  from: Reason['deadlineFrom'];
}

/** The plan period's last year, which the document's title names (or nothing). */
const titleDated = (year: number | null): Dated => ({ deadline: year, from: year === null ? null : { source: 'title', text: `${year}年` } });

/** Table rows whose value cells are placeholders are commitments by their table. */
const TABLE_ROW: CommitmentSignal = { rule: 'table row', marker: '——' };
