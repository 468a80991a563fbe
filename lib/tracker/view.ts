import type { LinkedFigure } from '../schema/track';
import type { TrackerDoc, TrackerFilter, TrackerRow, TrackerSummary } from '../schema/tracker';
import { hostOf } from '../util/url';

/**
 * The tracker's rows as the page and the exports read them: filters, the popup's summary, the filter choices and
 * the figure a row's status rests on. Pure: the page and the background's export use the same ones.
 */

/** The deadline year of a target (a period word such as 年底 has none). */
export function deadlineYear(row: Pick<TrackerRow, 'target'>): number | null {
  const d = row.target.deadline;
  if (typeof d === 'number') return d;
  const m = typeof d === 'string' ? /(\d{4})/.exec(d) : null;
  return m ? Number(m[1]) : null;
}

/** The site of a row's report (its host name). */
export function siteOf(row: Pick<TrackerRow, 'target'>): string {
  return hostOf(row.target.doc);
}

export function matchesFilter(row: TrackerRow, f: TrackerFilter): boolean {
  if (f.site !== undefined && siteOf(row) !== f.site) return false;
  if (f.status !== undefined && row.status !== f.status) return false;
  if (f.year !== undefined && deadlineYear(row) !== f.year) return false;
  if (f.strength !== undefined && (row.target.strength ?? '') !== f.strength) return false;
  if (f.saved && !row.saved) return false;
  return true;
}

export function filterRows(rows: readonly TrackerRow[], f: TrackerFilter): TrackerRow[] {
  return rows.filter((r) => matchesFilter(r, f));
}

/** The figure the status rests on; else the latest linked one; else none. */
export function basisFigure(row: TrackerRow): LinkedFigure | null {
  if (row.basis !== null && row.figures[row.basis]) return row.figures[row.basis];
  return row.figures.length ? row.figures[row.figures.length - 1] : null;
}

/** "3 due this year · 1 overdue · 5 met": due means this year's deadline and not yet met or exceeded. */
export function summarise(rows: readonly TrackerRow[], today: string): TrackerSummary {
  const year = Number(today.slice(0, 4));
  let dueThisYear = 0;
  let overdue = 0;
  let met = 0;
  for (const r of rows) {
    const done = r.status === 'met' || r.status === 'exceeded';
    if (done) met++;
    if (r.status === 'overdue') overdue++;
    else if (!done && deadlineYear(r) === year) dueThisYear++;
  }
  return { dueThisYear, overdue, met, total: rows.length };
}

/** The choices the filters offer: sites, deadline years, strengths present in the rows (sorted). */
export function facets(rows: readonly TrackerRow[]): { sites: string[]; years: number[]; strengths: string[] } {
  const sites = new Set<string>();
  const years = new Set<number>();
  const strengths = new Set<string>();
  for (const r of rows) {
    const s = siteOf(r);
    if (s) sites.add(s);
    const y = deadlineYear(r);
    if (y !== null) years.add(y);
    if (r.target.strength) strengths.add(r.target.strength);
  }
  return { sites: [...sites].sort(), years: [...years].sort((a, b) => a - b), strengths: [...strengths].sort() };
}

/** The tracked report a doc key names. */
export function docIndex(docs: readonly TrackerDoc[]): Map<string, TrackerDoc> {
  return new Map(docs.map((d) => [d.doc, d]));
}

/** A stable key for a row (its target's place). */
export function rowKey(row: Pick<TrackerRow, 'target'>): string {
  return `${row.target.doc}\u0000${row.target.start}\u0000${row.target.end}`;
}
