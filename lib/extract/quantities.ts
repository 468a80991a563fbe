import { APPROXIMATE, MULTIPLIERS, RANGE_JOINERS, UNITS, type UnitEntry } from './tables/units';
import { COMPARATOR_SUFFIXES, COMPARATOR_SYMBOLS } from './tables/comparators';
import type { Comparator } from '../schema/item';
import { parseArabic, parseChinese, parsePercentWords, scale } from './numerals';

/**
 * A number as written, with what stands directly around it: a range partner, multiplier, unit,
 * approximation words, and a comparator symbol or suffix. One regex pass finds the numbers;
 * everything else is read from a few characters on either side.
 */
export interface Quantity {
  /** The item span: comparator symbol … unit … suffix. */
  start: number;
  end: number;
  /** The first number token. */
  numStart: number;
  numEnd: number;
  numText: string;
  chinese: boolean;
  value: number;
  valueMax: number | null;
  /** The unit as reported (万元 → 元), or null. */
  unit: string | null;
  /** The unit as written. */
  unitRaw: string | null;
  unitKind: UnitEntry['kind'] | null;
  comparatorSymbol: Comparator | null;
  comparatorSuffix: Comparator | null;
  /** Where the unit (and suffix) ends, before any suffix comparator: the text after the number phrase. */
  approximate: boolean;
}

const CN = '零〇一二两三四五六七八九十百千万亿';
const MEASURE = '所个名人项场次家间条篇套座支位台';
// The same numeric tokens the scorer's candidates.mjs lists, in one alternation.
const NUMBER = new RegExp(
  `(百分之[零〇一二两三四五六七八九十百点]+)` +
    `|([0-9０-９]{1,3}(?:,[0-9]{3})+(?:[.．][0-9０-９]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?)` +
    `|((?<![0-9０-９.．${CN}])[${CN}]+(?:余|多)?(?=[${MEASURE}]))`,
  'gu',
);

const UNITS_BY_FIRST = new Map<string, UnitEntry[]>();
for (const u of [...UNITS].sort((a, b) => b.unit.length - a.unit.length)) {
  const k = u.unit[0];
  if (!UNITS_BY_FIRST.has(k)) UNITS_BY_FIRST.set(k, []);
  UNITS_BY_FIRST.get(k)!.push(u);
}
const JOINERS = [...RANGE_JOINERS].sort((a, b) => b.length - a.length);
const MULTS = Object.keys(MULTIPLIERS).sort((a, b) => b.length - a.length);
const SYMBOLS = Object.keys(COMPARATOR_SYMBOLS).sort((a, b) => b.length - a.length);

function matchUnit(text: string, pos: number): UnitEntry | null {
  const list = UNITS_BY_FIRST.get(text[pos]);
  if (!list) return null;
  for (const u of list) if (text.startsWith(u.unit, pos)) return u;
  return null;
}

function startsWithAny(text: string, pos: number, list: readonly string[]): string | null {
  for (const w of list) if (text.startsWith(w, pos)) return w;
  return null;
}

interface RawToken {
  start: number;
  end: number;
  text: string;
  value: number;
  chinese: boolean;
}

function tokenValue(m: RegExpExecArray): RawToken | null {
  const text = m[0];
  let value: number | null;
  let chinese = false;
  if (m[1]) value = parsePercentWords(text);
  else if (m[2]) value = parseArabic(text);
  else {
    chinese = true;
    value = parseChinese(text.replace(/[余多]$/, ''));
  }
  if (value === null || !Number.isFinite(value)) return null;
  return { start: m.index, end: m.index + text.length, text, value, chinese };
}

export function findQuantities(text: string): Quantity[] {
  const tokens: RawToken[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m; m = NUMBER.exec(text)) {
    if (m[0].length > 40) {
      // A run of digits this long is no quantity (an identifier or garbage); skip it whole.
      continue;
    }
    const t = tokenValue(m);
    if (t) tokens.push(t);
  }
  const out: Quantity[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const q: Quantity = {
      start: t.start, end: t.end, numStart: t.start, numEnd: t.end, numText: t.text, chinese: t.chinese,
      value: t.value, valueMax: null, unit: null, unitRaw: null, unitKind: null,
      comparatorSymbol: null, comparatorSuffix: null, approximate: /[余多]$/.test(t.text),
    };
    if (t.text.startsWith('百分之')) {
      q.unit = q.unitRaw = '%';
      q.unitKind = 'count';
    }
    let pos = t.end;
    // A range: 200-220, 3至5, 2—3 (the joiner directly between two numbers).
    const next = tokens[i + 1];
    if (next) {
      const j = startsWithAny(text, pos, JOINERS);
      if (j && pos + j.length === next.start && next.chinese === t.chinese && !/^百分之/.test(next.text)) {
        q.valueMax = next.value;
        pos = next.end;
        i++;
      }
    }
    let factor = 1;
    if (!q.unit) {
      // 多/余 before a multiplier (200多万元), a multiplier (4.5万), 余/多 after it (49万多人次).
      let p = pos;
      if ((text[p] === '多' || text[p] === '余') && !t.chinese) {
        q.approximate = true;
        p++;
      }
      let u = matchUnit(text, p);
      const mult = startsWithAny(text, p, MULTS);
      if (mult && (!u || u.unit === mult)) {
        let p2 = p + mult.length;
        let approx = false;
        if (text[p2] === '多' || text[p2] === '余') {
          approx = true;
          p2++;
        }
        const u2 = matchUnit(text, p2);
        if (u2 && u2.kind === 'count' && !MULTIPLIERS[u2.unit]) {
          factor = MULTIPLIERS[mult];
          u = u2;
          p = p2;
          q.approximate ||= approx;
        } else {
          // A bare multiplier (近20万, 4.5万): the multiplier is the unit.
          factor = MULTIPLIERS[mult];
          u = null;
          p = p2;
          q.approximate ||= approx;
        }
      } else if (!u) {
        // Spaces between number and unit (「受处分人员 4 人」).
        let p2 = p;
        while (p2 < text.length && p2 - p < 2 && (text[p2] === ' ' || text[p2] === '\u3000')) p2++;
        if (p2 > p) {
          const u2 = matchUnit(text, p2);
          if (u2) {
            u = u2;
            p = p2;
          }
        }
      }
      if (u) {
        q.unitRaw = u.unit;
        q.unit = u.as ?? u.unit;
        q.unitKind = u.kind;
        factor *= u.scale ?? 1;
        p += u.unit.length;
      } else if (factor !== 1) {
        q.unitKind = 'count';
      }
      pos = p;
    } else pos = Math.max(pos, t.end);
    q.value = scale(q.value, factor);
    if (q.valueMax !== null) q.valueMax = scale(q.valueMax, factor);
    // 余 / 多 / 左右 after the unit.
    const after = startsWithAny(text, pos, APPROXIMATE.after);
    if (after && after !== '多' && after !== '余') {
      q.approximate = true;
      pos += after.length;
    } else if (after && q.unit) {
      // 「100余场」 is handled above; 「1000多名」 too. A 多/余 here belongs to the next word.
    }
    const suffix = COMPARATOR_SUFFIXES.find(([w]) => text.startsWith(w, pos));
    if (suffix) {
      q.comparatorSuffix = suffix[1];
      pos += suffix[0].length;
    }
    q.end = pos;
    // A comparator symbol or approximation word directly before (spaces allowed).
    let b = t.start;
    while (b > 0 && (text[b - 1] === ' ' || text[b - 1] === '\u3000')) b--;
    const sym = SYMBOLS.find((s) => text.startsWith(s, b - s.length) && b - s.length >= 0);
    if (sym) {
      q.comparatorSymbol = COMPARATOR_SYMBOLS[sym];
      q.start = b - sym.length;
    }
    for (const w of APPROXIMATE.before) {
      if (text.startsWith(w, t.start - w.length) && t.start - w.length >= 0) {
        q.approximate = true;
        break;
      }
    }
    // Never overlap the previous quantity.
    const prev = out[out.length - 1];
    if (prev && q.start < prev.end) q.start = Math.max(prev.end, q.numStart);
    if (prev && q.numStart < prev.end) continue;
    out.push(q);
  }
  // A unit shared by coordinated numbers: 「位列全国第63和第78位」「1、2名」.
  for (let i = 0; i + 1 < out.length; i++) {
    const a = out[i];
    const b = out[i + 1];
    if (a.unitKind || !b.unitKind) continue;
    const between = text.slice(a.end, b.numStart);
    if (/^[和、及与或]第?$/.test(between)) {
      a.unit = b.unit;
      a.unitRaw = b.unitRaw;
      a.unitKind = b.unitKind;
    }
  }
  return out;
}
