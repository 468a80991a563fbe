/**
 * A target's status from the figures linked to it. A figure for the target's period (or a later one) decides
 * met, exceeded or missed by value, valueMax and comparator; a figure for an earlier period that the target's own
 * report did not know yet is progress (partly); a later report saying it was done without a number is no-figure;
 * otherwise the deadline against today gives pending or overdue. Figures the target's report itself gives (the
 * baseline it plans from) are context, never evidence.
 */
import type { LinkStatus } from '../schema/track';
import { periodEndDate, periodSpan, relatePeriods } from './period';

export interface StatusTarget {
  value: number | null;
  valueMax: number | null;
  comparator: string | null;
  unit: string | null;
  approximate: boolean;
  /** The period the target is due in ("2020"), or null when it has no deadline. */
  period: string | null;
  doc: string;
}

export interface StatusFigure {
  doc: string;
  value: number | null;
  unit: string | null;
  period: string | null;
  /** A done-without-number mention rather than a figure. */
  mention?: boolean;
}

export interface Status {
  status: LinkStatus;
  basis: number | null;
  why: string;
}

/** Relative tolerance of "the same value": reports round, approximate targets (左右, 约) more so. */
const EXACT_TOLERANCE = 0.005;
const APPROXIMATE_TOLERANCE = 0.05;

const fmt = (v: number, unit: string | null) => `${Number.isInteger(v) ? v : +v.toFixed(4)}${unit ? ` ${unit}` : ''}`;

/** met / exceeded / missed of a figure's value against a target. */
export function compare(t: Pick<StatusTarget, 'value' | 'valueMax' | 'comparator' | 'approximate'>, v: number): 'met' | 'exceeded' | 'missed' | null {
  if (t.value === null) return null;
  const lo = t.value;
  const tol = Math.max(Math.abs(lo) * (t.approximate ? APPROXIMATE_TOLERANCE : EXACT_TOLERANCE), 1e-9);
  if (t.valueMax !== null) {
    if (v < lo - tol) return 'missed';
    if (v > t.valueMax + tol) return 'exceeded';
    return 'met';
  }
  switch (t.comparator) {
    case '<=':
    case '<':
      // A ceiling (近视率<45%): at or under it is met; there is no "exceeding" a ceiling.
      return v <= lo + tol ? 'met' : 'missed';
    case '>=':
    case '>':
    case '=':
    case null:
    default:
      if (v < lo - tol) return 'missed';
      return v > lo + tol ? 'exceeded' : 'met';
  }
}

function targetWords(t: StatusTarget): string {
  const c = t.comparator && t.comparator !== '=' ? `${t.comparator.replace('>=', '≥').replace('<=', '≤')} ` : '';
  if (t.value === null) return 'target';
  return `target ${c}${fmt(t.value, null)}${t.valueMax !== null ? `–${fmt(t.valueMax, t.unit)}` : t.unit ? ` ${t.unit}` : ''}`;
}

/**
 * The status of a target given its linked figures (any order) and today (YYYY-MM-DD). `knownUntil` is the last
 * month the target's own report has figures for: figures up to then are its baseline.
 */
export function statusOf(t: StatusTarget, figures: readonly StatusFigure[], today: string, knownUntil: number | null | (() => number | null)): Status {
  const known = typeof knownUntil === 'function' ? (f: StatusFigure) => (f.doc === t.doc ? null : knownUntil()) : () => knownUntil;
  let decide: number | null = null;
  let progress: number | null = null;
  let mention: number | null = null;
  const endOf = (p: string | null) => (p ? periodSpan(p)?.[1] ?? -1 : -1);
  figures.forEach((f, i) => {
    if (f.period === null) return;
    const rel = t.period ? relatePeriods(f.period, t.period) : null;
    const fEnd = endOf(f.period);
    // A report's own figures are what it plans from (从77%提高到80%, the 2019 summary under a 2020 plan), never
    // evidence that it was met; another report's figure is evidence only for a period the target's report did not know.
    const k = f.doc === t.doc ? null : known(f);
    const isBaseline = f.doc === t.doc || (k !== null && fEnd <= k);
    if (isBaseline) return;
    if (f.mention) {
      if (mention === null || fEnd > endOf(figures[mention].period)) mention = i;
      return;
    }
    if (f.value === null) return;
    if (rel === 'covers' || rel === 'after') {
      // The figure closest to the deadline decides: covers over after, then the earlier end.
      if (decide === null) decide = i;
      else {
        const d = figures[decide];
        const dRel = relatePeriods(d.period!, t.period!);
        if ((rel === 'covers' && dRel !== 'covers') || (rel === dRel && fEnd < endOf(d.period))) decide = i;
      }
    } else if (rel === 'before' || rel === 'within' || rel === null) {
      if (progress === null || fEnd > endOf(figures[progress].period)) progress = i;
    }
  });
  if (decide !== null) {
    const f = figures[decide];
    const r = compare(t, f.value!);
    if (r) {
      const sign = r === 'missed' ? (t.comparator === '<' || t.comparator === '<=' ? '>' : '<') : r === 'exceeded' ? '>' : t.comparator === '<' || t.comparator === '<=' ? '≤' : '≥';
      return { status: r, basis: decide, why: `${f.period} figure ${fmt(f.value!, f.unit ?? t.unit)} ${r === 'met' && (t.comparator === '=' || t.comparator === null) ? '=' : sign} ${targetWords(t)}` };
    }
  }
  if (progress !== null) {
    const f = figures[progress];
    return { status: 'partly', basis: progress, why: `${f.period} figure ${fmt(f.value!, f.unit ?? t.unit)} is for an earlier period than the deadline ${t.period ?? ''}; ${targetWords(t)}`.trim() };
  }
  if (mention !== null) {
    const f = figures[mention];
    return { status: 'no-figure', basis: mention, why: `${f.period} report says it was done, without a figure` };
  }
  const end = t.period ? periodEndDate(t.period) : null;
  if (end && today > end) return { status: 'overdue', basis: null, why: `deadline ${t.period} passed (${end}) with no figure for it` };
  return { status: 'pending', basis: null, why: end ? `deadline ${t.period} not passed yet (${end})` : 'no deadline and no figure yet' };
}
