/**
 * One item made ready for linking: its metric key and grams, measure kind, unit, period and the document facts
 * the linker needs, computed once per item.
 */
import type { Item } from '../schema/item';
import type { TrackDoc } from '../schema/track';
import { describeKind, kindKey, measureKind, type MeasureKind } from './kind';
import { bigrams, normalizeMetric } from './normalize';
import { figurePeriod, periodSpan, targetPeriod } from './period';
import { unitKey } from './units';

export interface Prepared {
  doc: TrackDoc;
  item: Item;
  /** The normalised metric ('' when the item names none). */
  key: string;
  grams: string[];
  /** The key's distinct characters, sorted: the index's key. */
  chars: string;
  kind: MeasureKind;
  kindKey: string;
  kindWords: string;
  unit: string | null;
  period: string | null;
}

export interface DocFacts {
  doc: TrackDoc;
  issuer: string | null;
  /** The year the document reports on or plans from (its latest looking-back section, else its date). */
  year: number | null;
  /** The last month (counted from year 0) any figure of the document itself is for: what it already knew. */
  knownUntil: number | null;
}

const CLAUSE_BREAK = /[，,；;：:。！？!?]/u;

/** The sentence before the item, without the names of documents (《…行动计划(2017—2020年)》 dates nothing here). */
function sentenceBefore(it: Item): string {
  return it.sentence.text.slice(0, Math.max(0, it.start - it.sentence.start)).replace(/《[^》]*》/gu, '《》');
}

function leadOf(before: string): string {
  let i = before.length;
  while (i > 0 && !CLAUSE_BREAK.test(before[i - 1])) i--;
  return before.slice(i);
}

/** Characters that only say "a number of" (基层党组织数 = 基层党组织). */
const NOISE_CHARS = /数/gu;

export function charKey(key: string): string {
  return [...new Set(Array.from(key.replace(NOISE_CHARS, '')))].sort().join('');
}

export function docYear(doc: TrackDoc): number | null {
  let year: number | null = null;
  for (const it of doc.items) {
    if (it.section?.orientation === 'backward' && it.section.year !== null) year = Math.max(year ?? 0, it.section.year);
  }
  if (year !== null) return year;
  const d = doc.date ? +doc.date.slice(0, 4) : null;
  if (d !== null) return d;
  for (const it of doc.items) if (it.section?.year != null) year = year === null ? it.section.year : Math.min(year, it.section.year);
  if (year !== null) return year;
  // A report with no dated section (a short summary page): the first year its title names (2020年工作总结).
  const t = /((?:19|20)\d{2})\s*年/u.exec(doc.title);
  return t ? +t[1] : null;
}

export function prepareItem(doc: TrackDoc, it: Item, year: number | null): Prepared {
  const before = sentenceBefore(it);
  const kind = measureKind({ metric: it.metric, unit: it.unit, lead: leadOf(before), scope: before, text: it.text, rule: it.reason?.rule });
  const key = it.metric ? normalizeMetric(it.metric, kind.share) : '';
  const input = { text: it.text, before, section: it.section, reason: it.reason, deadline: it.deadline };
  return {
    doc,
    item: it,
    key,
    grams: bigrams(key),
    chars: charKey(key),
    kind,
    kindKey: kindKey(kind),
    kindWords: describeKind(kind),
    unit: unitKey(it.unit),
    period: it.kind === 'target' ? targetPeriod(input, year) : figurePeriod(input, year),
  };
}

/**
 * The last month a report's own figures are for, up to the end of the year it reports on (a figure dated later
 * than that is a misread year or a plan's figure, not something the report knew).
 */
export function knownUntil(figures: readonly Prepared[], year: number | null): number | null {
  const cap = year === null ? Infinity : year * 12 + 11;
  let known: number | null = null;
  for (const f of figures) {
    const span = f.period ? periodSpan(f.period) : null;
    if (span && span[1] <= cap) known = Math.max(known ?? span[1], span[1]);
  }
  return known;
}
