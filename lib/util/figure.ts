import type { ItemFields } from '../schema/item';

/**
 * One way to show a parsed figure everywhere (popup rows, snapshot tooltips, exports): the comparator as a
 * symbol, ≈ when the report hedged the number (约, 近, 左右…), and the number as the report wrote it where the
 * caller has that text — a reporter checks 9807万元 against the page, not 98,070,000元.
 */
export const COMPARATOR_SYMBOL: Record<NonNullable<ItemFields['comparator']>, string> = {
  '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=',
};

const num = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });

/** 5370个, 95%, 14,872,000,000元, 200–220元, ≈4.5 km (no space before % or a CJK unit). */
export function formatValue(f: Pick<ItemFields, 'value' | 'valueMax' | 'unit'>, approximate?: boolean): string | null {
  if (f.value === null) return null;
  const range = f.valueMax !== null && f.valueMax !== f.value ? `${num(f.value)}–${num(f.valueMax)}` : num(f.value);
  const unit = f.unit ? (/^[%‰\u3400-\u9fff]/.test(f.unit) ? f.unit : ` ${f.unit}`) : '';
  return `${approximate ? '≈' : ''}${range}${unit}`;
}

/** Words in the written figure that already say it is approximate, or already state its comparator. */
const HEDGED = /[约近余多左右]/;
const COMPARED = /(以上|以下|以内|之内|之上|之下)$|^[<>≤≥＜＞]/;

/**
 * "≥ ≈5%" or "≥ 9807万元": comparator (none for =, or when the written text states one: 以上 after it, > before it), ≈ unless the
 * written text already hedges, then the figure as written when `written` is given, else the normalised value.
 * Null when there is no number.
 */
export function formatFigure(f: Pick<ItemFields, 'value' | 'valueMax' | 'unit' | 'comparator' | 'approximate'>, written?: string): string | null {
  if (f.value === null) return null;
  const cmp = f.comparator && f.comparator !== '=' ? `${COMPARATOR_SYMBOL[f.comparator]} ` : '';
  if (written === undefined || written.trim() === '') return cmp + formatValue(f, f.approximate);
  return `${COMPARED.test(written.trim()) ? '' : cmp}${f.approximate && !HEDGED.test(written) ? '≈' : ''}${written.trim()}`;
}
