/**
 * Units: the extractor already scales multipliers into the value (4.5万人次 → 45000 人次, 3.14亿元 → 元), so
 * units compare as words; a few are one measure under two names (人 = 名 = 位).
 */
import { foldWidth } from './normalize';

const SAME: Record<string, string> = { 名: '人', 位: '人', 百分点: '个百分点', '％': '%', 间: '间', 家: '家', 万元: '元', 亿元: '元' };

/** The unit's comparison form, or null when the item has none. */
/** Units are few distinct words: each is normalised once. */
const cache = new Map<string, string | null>();

export function unitKey(unit: string | null): string | null {
  if (!unit) return null;
  let k = cache.get(unit);
  if (k === undefined) {
    const u = foldWidth(unit).trim();
    k = u ? SAME[u] ?? u : null;
    if (cache.size < 10_000) cache.set(unit, k);
  }
  return k;
}

/** Whether two units can measure the same metric: the same unit, or one of them unknown (a table cell). */
export function unitsAgree(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}
