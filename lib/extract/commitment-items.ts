import type { Item, Strength } from '../schema/item';
import { COMMITMENT_TRIGGER, clausesOf, isCommitmentClause } from './commitments';
import { headingAt, headingCursor, orientationUnder, sectionOf, type ReportDocument } from './document';
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
const YEAR_IN_CLAUSE = /((?:19|20)\d\d)\s*年/u;

/** Commitments of the document, in text order. `numbers` (in text order) are the number items: a clause holding one is no commitment. */
export function commitmentItems(doc: ReportDocument, numbers: readonly Item[]): Item[] {
  const out = proseCommitments(doc, numbers);
  for (const c of tableRowCommitments(doc)) out.push(c);
  // Prose commitments come in order; the few table rows are sorted in (a stable sort keeps ties in order).
  return out.sort((a, b) => a.start - b.start);
}

/** Forward clauses that pledge something checkable and hold no number item. */
function proseCommitments(doc: ReportDocument, numbers: readonly Item[]): Item[] {
  const { text, sentences } = doc;
  const out: Item[] = [];
  const headingIndexAt = headingCursor(doc);
  let k = 0;
  for (let si = 0; si < sentences.length; si++) {
    const s = sentences.get(si);
    const heading = headingAt(doc, headingIndexAt(s.start));
    if (orientationUnder(doc, heading) !== 'forward' || s.end - s.start > COMMITMENT_SENTENCE_MAX_LENGTH) continue;
    if (!COMMITMENT_TRIGGER.test(text.slice(s.start, s.end))) continue;
    for (const c of clausesOf(text, s)) {
      while (k < numbers.length && numbers[k].end <= c.start) k++;
      if (k < numbers.length && numbers[k].start < c.end) continue;
      const clause = text.slice(c.start, c.end);
      if (!COMMITMENT_TRIGGER.test(clause) || !isCommitmentClause(clause)) continue;
      out.push(commitmentItem(doc, c, s, heading, commitmentDeadline(clause, heading, doc.frame.planEnd), commitmentStrength(clause)));
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
    out.push(commitmentItem(doc, r, r, heading, heading?.year ?? doc.frame.planEnd, 'plain'));
  }
  return out;
}

/** The one place a commitment item is built: its text is the clause, cut to COMMITMENT_MAX_LENGTH. */
function commitmentItem(doc: ReportDocument, clause: Span, sentence: Span, heading: HeadingInfo | null, deadline: number | string | null, strength: Strength): Item {
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
    deadline,
    metric: null,
    strength,
    approximate: false,
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
export function commitmentDeadline(clause: string, heading: HeadingInfo | null, planEnd: number | null): number | string | null {
  const m = YEAR_IN_CLAUSE.exec(clause);
  if (m) return Number(m[1]);
  if (heading?.year && heading.explicitYear) return heading.year;
  for (const w of PERIOD_WORDS.calendar) if (clause.includes(w)) return w;
  return heading?.year ?? planEnd;
}
