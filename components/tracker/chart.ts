import type { TrackerRow } from '../../lib/schema/tracker';
import { deadlineYear } from '../../lib/tracker/view';

/**
 * The points of a row's small chart: each linked figure with a number, placed at its period's year (the end of
 * a range: 2016-2020 → 2020; a half year at its middle), and the target's value (and upper value) at its deadline.
 * Pure, so the geometry is tested without a DOM.
 */
export interface ChartPoint {
  x: number;
  y: number;
  /** Index into row.figures. */
  figure: number;
}

export interface ChartModel {
  points: ChartPoint[];
  target: { x: number | null; y: number; yMax: number | null } | null;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** A period's place on a year axis ("2019" → 2019, "2019-H1" → 2019.25, "2019-H2" → 2019.75, "2016-2020" → 2020). */
export function periodX(period: string | null): number | null {
  if (!period) return null;
  const range = /^(\d{4})\s*-\s*(\d{4})$/.exec(period);
  if (range) return Number(range[2]);
  const half = /^(\d{4})-H([12])$/.exec(period);
  if (half) return Number(half[1]) + (half[2] === '1' ? 0.25 : 0.75);
  const year = /(\d{4})/.exec(period);
  return year ? Number(year[1]) : null;
}

export function chartModel(row: TrackerRow): ChartModel | null {
  const points: ChartPoint[] = [];
  row.figures.forEach((f, i) => {
    const x = periodX(f.period);
    if (x !== null && f.value !== null && Number.isFinite(f.value)) points.push({ x, y: f.value, figure: i });
  });
  const tv = row.target.value;
  const target = tv !== null && Number.isFinite(tv) ? { x: deadlineYear(row), y: tv, yMax: row.target.valueMax } : null;
  if (!points.length && !target) return null;
  const xs = [...points.map((p) => p.x), ...(target?.x != null ? [target.x] : [])];
  const ys = [...points.map((p) => p.y), ...(target ? [target.y, ...(target.yMax !== null ? [target.yMax] : [])] : [])];
  let xMin = xs.length ? Math.min(...xs) : 0;
  let xMax = xs.length ? Math.max(...xs) : 1;
  if (xMin === xMax) [xMin, xMax] = [xMin - 1, xMax + 1];
  let yMin = Math.min(0, ...ys);
  let yMax = Math.max(...ys);
  if (yMin === yMax) yMax = yMin + 1;
  return { points: points.sort((a, b) => a.x - b.x), target, xMin, xMax, yMin, yMax };
}
