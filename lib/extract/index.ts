import type { Item, Section } from '../schema/item';
import { forEachQuantity, type Quantity } from './quantities';
import { lineSpans, sentenceSpans, type SpanList } from './text';
import { scanSections, type HeadingInfo } from './sections';
import { readTables, isCellLine } from './table';
import { otherReasonAt } from './others';
import { roleOf } from './classify';

/** What may stand between two numbers of one enumeration (90%、99%和45%). */
const ENUMERATION_GAP = /^\s*(?:、|和|及|与|，|,)\s*$/u;
import { PART_YEAR_PERIOD } from './tables/markers';
import { comparatorOf, deadlineOf, metricOf, strengthMarkers } from './fields';
import { COMMITMENT_TRIGGER, clausesOf, isCommitmentClause } from './commitments';
import { BREAKS, clauseAround } from './text';

export { ItemSchema, ItemsSchema } from '../schema/item';
export type { Item } from '../schema/item';

/**
 * Finds every numeric target, reported figure and commitment in a report's text, in text order.
 * Pure: no DOM, no I/O. Offsets are UTF-16 code units into `text`; `item.text === text.slice(start, end)`.
 * Never throws: input that is not a report gives no items.
 */
export function extract(text: string): Item[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  try {
    return run(text);
  } catch {
    return [];
  }
}

const sectionCache = new WeakMap<HeadingInfo, Section>();
/** One Section object per heading, shared by its items. */
function toSection(h: HeadingInfo | null): Section | null {
  if (!h) return null;
  let s = sectionCache.get(h);
  if (!s) sectionCache.set(h, (s = { title: h.title, start: h.start, orientation: h.orientation, year: h.year }));
  return s;
}

/** Moves a cursor forward through sorted spans: the span containing `pos`, or the last one before it. */
function cursor(spans: { start: number }[]) {
  let i = 0;
  return (pos: number): number => {
    while (i + 1 < spans.length && spans[i + 1].start <= pos) i++;
    return spans.length && spans[i].start <= pos ? i : -1;
  };
}
function listCursor(spans: SpanList) {
  let i = 0;
  return (pos: number): number => {
    while (i + 1 < spans.length && spans.starts[i + 1] <= pos) i++;
    return spans.length && spans.starts[i] <= pos ? i : -1;
  };
}

function run(text: string): Item[] {
  const lines = lineSpans(text);
  const sentences = sentenceSpans(text);
  const frame = scanSections(text, lines);
  const { cells, textRows } = readTables(text, lines);
  const lineAt = listCursor(lines);
  const sentenceAt = listCursor(sentences);
  const headingAt = cursor(frame.headings);
  const partYearHeading = frame.headings.map((h) => PART_YEAR_PERIOD.test(h.title));
  const items: Item[] = [];
  // One sentence object per sentence, shared by its items (a huge unpunctuated "sentence" is sliced once).
  let sentenceIndex = -2;
  let sentenceObj = { start: 0, end: 0, text: '' };
  // Per sentence, computed when its first target needs it: the strength scope and its markers.
  let scopeIndex = -2;
  let markers: ReturnType<typeof strengthMarkers> = [];
  let markerAt = 0;
  let strength: 'binding' | 'aspirational' | 'plain' = 'plain';

  // The last item whose comparator came before its number (达到90%), while an enumeration may continue it.
  let prevPrefix: { end: number; comparator: ReturnType<typeof comparatorOf>; sentence: number; role: string } | null = null;

  forEachQuantity(text, (q: Quantity) => {
    const li = lineAt(q.numStart);
    const lineStart = lines.starts[li];
    const lineEnd = lines.ends[li];
    const si = sentenceAt(q.numStart);
    const sentStart = si >= 0 ? sentences.starts[si] : 0;
    const sentEnd = si >= 0 ? sentences.ends[si] : text.length;
    const hi = headingAt(q.numStart);
    const heading = hi >= 0 ? frame.headings[hi] : null;
    const cellInfo = cells.get(lineStart);
    const cell = cellInfo && lineEnd - lineStart < 40 && isCellLine(text.slice(lineStart, lineEnd)) ? cellInfo : null;
    if (otherReasonAt(text, q, cell !== null, lineStart, sentStart)) return;
    const orientation = heading?.orientation ?? frame.initial;
    const sectionYear = heading?.year ?? frame.planYear ?? frame.planEnd;
    const role = cell ? cell.role ?? (orientation === 'backward' ? 'reported' : orientation === 'forward' ? 'target' : null) : roleOf(text, q, orientation, sentStart, sectionYear, frame.partYear || (hi >= 0 && partYearHeading[hi]));
    if (!role) return;
    const clause = clauseAround(text, q.numStart, q.end, 60);
    const prevEnd = items.length ? items[items.length - 1].end : 0;
    const isTarget = role === 'target';
    if (isTarget && !cell && si !== scopeIndex) {
      scopeIndex = si;
      const scopeStart = leadInStart(text, sentStart, lineStart);
      markers = strengthMarkers(text, Math.max(scopeStart, sentStart - 240), sentEnd);
      markerAt = 0;
      strength = 'plain';
    }
    if (isTarget && !cell) {
      // Items of a sentence come in order: advance through its markers once (linear even in a huge sentence).
      while (markerAt < markers.length && markers[markerAt].pos < q.numStart) strength = markers[markerAt++].strength;
    }
    let comparator = comparatorOf(text, q);
    // An enumeration shares its lead's comparator: 分别达到90%、99%和13.5年 — each is >= (a suffix, 60%以上, is its own).
    if (comparator === '=' && prevPrefix && prevPrefix.sentence === si && prevPrefix.role === role && ENUMERATION_GAP.test(text.slice(prevPrefix.end, q.numStart))) comparator = prevPrefix.comparator;
    prevPrefix = !q.comparatorSuffix && !q.comparatorSymbol && comparator !== '=' ? { end: q.end, comparator, sentence: si, role } : prevPrefix && prevPrefix.sentence === si && comparator === prevPrefix.comparator ? { ...prevPrefix, end: q.end } : null;
    items.push({
      kind: role,
      start: q.start,
      end: q.end,
      text: text.slice(q.start, q.end),
      sentence: si === sentenceIndex ? sentenceObj : ((sentenceIndex = si), (sentenceObj = { start: sentStart, end: sentEnd, text: text.slice(sentStart, sentEnd) })),
      section: toSection(heading),
      value: q.value,
      valueMax: q.valueMax,
      unit: cell ? (q.unit ?? cell.unit) : q.unit,
      comparator,
      deadline: !isTarget
        ? null
        : cell?.deadline ??
          deadlineOf(text, q, cell ? q.numStart : sentStart, {
            sectionYear: heading?.year ?? frame.planYear ?? null,
            sectionYearExplicit: heading ? heading.explicitYear : frame.planYear !== null,
            planEnd: frame.planEnd,
          }) ??
          // A pledge on a page with no summary or plan heading (2022年学位建设情况: 全年将新增…) is due in the page's year.
          (orientation === 'neutral' ? frame.titleYear : null),
      metric: cell?.metric ?? metricOf(text, q, clause.start, clause.end, prevEnd),
      strength: !isTarget ? null : cell ? cell.strength : strength,
      approximate: q.approximate,
    });
  });

  // Commitments: clauses of forward-looking sections that pledge something checkable and hold no number item.
  const commitments: Item[] = [];
  let k = 0;
  const headingAt2 = cursor(frame.headings);
  const headingAt3 = cursor(frame.headings);
  for (let sj = 0; sj < sentences.length; sj++) {
    const sStart = sentences.starts[sj];
    const sEnd = sentences.ends[sj];
    const hi = headingAt2(sStart);
    const heading = hi >= 0 ? frame.headings[hi] : null;
    if ((heading?.orientation ?? frame.initial) !== 'forward') continue;
    if (sEnd - sStart > 2000) continue;
    if (!COMMITMENT_TRIGGER.test(text.slice(sStart, sEnd))) continue;
    const s = { start: sStart, end: sEnd };
    for (const c of clausesOf(text, s)) {
      while (k < items.length && items[k].end <= c.start) k++;
      if (k < items.length && items[k].start < c.end) continue;
      const clause = text.slice(c.start, c.end);
      if (!COMMITMENT_TRIGGER.test(clause) || !isCommitmentClause(clause)) continue;
      const end = Math.min(c.end, c.start + 60);
      commitments.push({
        kind: 'commitment',
        start: c.start,
        end,
        text: text.slice(c.start, end),
        sentence: { start: s.start, end: s.end, text: text.slice(s.start, s.end) },
        section: toSection(heading),
        value: null,
        valueMax: null,
        unit: null,
        comparator: null,
        deadline: commitmentDeadline(clause, heading, frame.planEnd),
        metric: null,
        strength: /确保|必须|务必/.test(clause) ? 'binding' : /力争|争取/.test(clause) ? 'aspirational' : 'plain',
        approximate: false,
      });
    }
  }
  for (const r of textRows) {
    const hi = headingAt3(r.start);
    const heading = hi >= 0 ? frame.headings[hi] : null;
    if ((heading?.orientation ?? frame.initial) !== 'forward' || r.end <= r.start) continue;
    const end = Math.min(r.end, r.start + 60);
    commitments.push({
      kind: 'commitment', start: r.start, end, text: text.slice(r.start, end),
      sentence: { start: r.start, end: r.end, text: text.slice(r.start, r.end) },
      section: toSection(heading), value: null, valueMax: null, unit: null, comparator: null,
      deadline: heading?.year ?? frame.planEnd, metric: null, strength: 'plain', approximate: false,
    });
  }
  if (!commitments.length) return items;
  // Numbers first, then commitments in order; nothing may overlap what is already kept. Both lists are
  // sorted (commitments after sorting the few table rows in), so one linear merge does.
  commitments.sort((a, b) => a.start - b.start);
  const kept: Item[] = [];
  let ni = 0;
  let ci = 0;
  while (ni < items.length || ci < commitments.length) {
    const it = ci >= commitments.length || (ni < items.length && items[ni].start <= commitments[ci].start) ? items[ni++] : commitments[ci++];
    const prev = kept[kept.length - 1];
    if (prev && it.start < prev.end) {
      if (prev.kind === 'commitment' && it.kind !== 'commitment') kept[kept.length - 1] = it;
      continue;
    }
    kept.push(it);
  }
  return kept;
}

function commitmentDeadline(clause: string, heading: HeadingInfo | null, planEnd: number | null): number | string | null {
  const m = /((?:19|20)\d\d)\s*年/u.exec(clause);
  if (m) return Number(m[1]);
  if (heading?.year && heading.explicitYear) return heading.year;
  for (const w of ['年底前', '年底', '年内', '上半年', '下半年']) if (clause.includes(w)) return w;
  return heading?.year ?? planEnd;
}

/** A list item's lead-in: when the sentence follows 「…目标是：」 in the same line, strength reads from there. */
function leadInStart(text: string, sentenceStart: number, lineStart: number): number {
  const seg = text.slice(Math.max(lineStart, sentenceStart - 300), sentenceStart);
  const colon = Math.max(seg.lastIndexOf('：'), seg.lastIndexOf(':'));
  if (colon === -1 || seg.indexOf('。', colon) !== -1) return sentenceStart;
  const abs = Math.max(lineStart, sentenceStart - 300) + colon;
  let p = abs;
  const min = Math.max(lineStart, abs - 200);
  while (p > min && (BREAKS[text.charCodeAt(p - 1)] & 4) === 0) p--;
  return p;
}
