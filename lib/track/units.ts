/**
 * Units: the extractor already scales multipliers into the value (4.5万人次 → 45000 人次, 3.14亿元 → 元), so
 * units compare as words; a few are one measure under two names (人 = 名 = 位).
 */
import { foldWidth } from './normalize';

const SAME: Record<string, string> = { 名: '人', 位: '人', 百分点: '个百分点', '％': '%', 间: '间', 家: '家', 万元: '元', 亿元: '元' };

/** The unit's comparison form, or null when the item has none. */
export function unitKey(unit: string | null): string | null {
  if (!unit) return null;
  const u = foldWidth(unit).trim();
  if (!u) return null;
  return SAME[u] ?? u;
}

/** Whether two units can measure the same metric: the same unit, or one of them unknown (a table cell). */
export function unitsAgree(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}
