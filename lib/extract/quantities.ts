import { APPROXIMATE, MULTIPLIERS, RANGE_JOINERS, UNIT_DENOMINATOR, UNITS, type UnitEntry } from './tables/units';
import { COMPARATOR_SUFFIXES, COMPARATOR_SYMBOLS } from './tables/comparators';
import type { Comparator } from '../schema/item';
import { parseArabic, parseChinese, parsePercentWords, scale } from './numerals';
import { scanTokens, type TokenArrays } from './scan';
import { WordIndex } from './text-search';

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
  /** A part of the number before it, in brackets after it: 招生41785人（公办22225，民办19560） — 22225 and 19560. */
  breakdown?: boolean;
}

const UNITS_BY_FIRST = new Map<string, UnitEntry[]>();
for (const u of [...UNITS].sort((a, b) => b.unit.length - a.unit.length)) {
  const k = u.unit[0];
  if (!UNITS_BY_FIRST.has(k)) UNITS_BY_FIRST.set(k, []);
  UNITS_BY_FIRST.get(k)!.push(u);
}
const JOINERS = [...RANGE_JOINERS].sort((a, b) => b.length - a.length);
const MULTS = Object.keys(MULTIPLIERS).sort((a, b) => b.length - a.length);
// Each phrase table indexed by first or last character: most positions hold none of their words.
const JOINER_INDEX = new WordIndex(JOINERS);
const MULT_INDEX = new WordIndex(MULTS);
const APPROX_BEFORE = new WordIndex(APPROXIMATE.before);
const APPROX_AFTER = new WordIndex(APPROXIMATE.after);
const SUFFIXES = new WordIndex(COMPARATOR_SUFFIXES.map(([w]) => w));
const SUFFIX_COMPARATOR = new Map(COMPARATOR_SUFFIXES);
const SYMBOLS = new WordIndex(Object.keys(COMPARATOR_SYMBOLS).sort((a, b) => b.length - a.length));

function matchUnit(text: string, pos: number): UnitEntry | null {
  const list = UNITS_BY_FIRST.get(text[pos]);
  if (!list) return null;
  for (const u of list) if (text.startsWith(u.unit, pos)) return u;
  return null;
}

/** Four ASCII or full-width digits (2020, ２０２０): a year before 年, not 13.5 or 15. */
function isYearToken(text: string, start: number, end: number): boolean {
  if (end - start !== 4) return false;
  for (let k = start; k < end; k++) {
    const d = text.charCodeAt(k);
    if (!((d >= 48 && d <= 57) || (d >= 0xff10 && d <= 0xff19))) return false;
  }
  return true;
}

function tokenValue(text: string, s: string, kind: number): number | null {
  const value = kind === 0 ? parseArabic(s) : kind === 1 ? parsePercentWords(s) : parseChinese(s.replace(/[余多]$/, ''));
  return value === null || !Number.isFinite(value) ? null : value;
}


/**
 * Calls `emit` with each quantity in text order. Quantities are built one at a time and handed on, so none
 * outlives its classification (a long report has tens of thousands; keeping them all costs the GC dearly).
 */
export function forEachQuantity(text: string, emit: (q: Quantity) => void): void {
  for (const q of quantities(text)) emit(q);
}

/** The quantities of `text` in text order, one at a time (forEachQuantity as an iterator). */
export function* quantities(text: string): Generator<Quantity, void, void> {
  const t = scanTokens(text);
  const keep = tokensWorthReading(text, t);
  const kept = keep.length;
  let pending: Quantity | null = null;
  for (let i = 0; i < kept; i++) {
    const ti = keep[i];
    const q = quantityAt(text, t, ti);
    if (q === null) continue;
    let pos = q.numEnd;
    if (i + 1 < kept && readRange(text, t, keep[i + 1], q)) {
      pos = t.ends[keep[i + 1]];
      i++;
    }
    pos = readUnit(text, q, pos);
    readSurroundings(text, q, pos);
    // Never overlap the previous quantity.
    const prev = pending;
    if (prev && q.start < prev.end) q.start = Math.max(prev.end, q.numStart);
    if (prev && q.numStart < prev.end) continue;
    if (pending) {
      shareUnit(text, pending, q);
      readBreakdown(text, pending, q);
      yield pending;
    }
    pending = q;
  }
  if (pending) yield pending;
}

/** Token indices worth reading: a year or date (2020年, 3月, 21日) never becomes an item. */
function tokensWorthReading(text: string, t: TokenArrays): Int32Array {
  const keep = new Int32Array(t.count);
  let kept = 0;
  for (let i = 0; i < t.count; i++) {
    const e = t.ends[i];
    const c = text.charCodeAt(e);
    // A number of years that is not a year (13.5年, 15年以上) is kept: the calendar rule tells a rule's span (满6年)
    // from a measured one (人均受教育年限达到13.5年).
    if (t.kinds[i] === 0 && (c === 0x6708 /* 月 */ || c === 0x65e5 /* 日 */ || (c === 0x5e74 /* 年 */ && isYearToken(text, t.starts[i], t.ends[i])))) {
      const prev = text.charCodeAt(t.starts[i] - 1);
      // Keep the end of a range (2016-2018年, 3至5年) so the range is read whole, and then dropped as a date.
      const joined = prev === 45 || prev === 0x2014 || prev === 0x81f3 || prev === 0xff0d || prev === 0x5230; // - — 至 － 到
      if (!joined) continue;
    }
    keep[kept++] = i;
  }
  return keep.subarray(0, kept);
}

/** The bare quantity of token `ti`: its number (a 百分之 token is a percentage), nothing around it yet. */
function quantityAt(text: string, t: TokenArrays, ti: number): Quantity | null {
  const tStart = t.starts[ti];
  const tEnd = t.ends[ti];
  const tKind = t.kinds[ti];
  const tText = text.slice(tStart, tEnd);
  const tValue = tokenValue(text, tText, tKind);
  if (tValue === null) return null;
  const chinese = tKind === 2;
  const q: Quantity = {
    start: tStart, end: tEnd, numStart: tStart, numEnd: tEnd, numText: tText, chinese,
    value: tValue, valueMax: null, unit: null, unitRaw: null, unitKind: null,
    comparatorSymbol: null, comparatorSuffix: null, approximate: chinese && (tText.endsWith('余') || tText.endsWith('多')),
  };
  if (tKind === 1) {
    q.unit = q.unitRaw = '%';
    q.unitKind = 'count';
  }
  return q;
}

/** A range: 200-220, 3至5, 2—3 (the joiner directly between two numbers). Sets q.valueMax from token `ni`. */
function readRange(text: string, t: TokenArrays, ni: number, q: Quantity): boolean {
  const j = JOINER_INDEX.startingAt(text, q.numEnd);
  if (!j || q.numEnd + j.length !== t.starts[ni] || (t.kinds[ni] === 2) !== q.chinese || t.kinds[ni] === 1) return false;
  const nv = tokenValue(text, text.slice(t.starts[ni], t.ends[ni]), t.kinds[ni]);
  if (nv === null) return false;
  q.valueMax = nv;
  return true;
}

const isNumberSpace = (ch: string | undefined) => ch === ' ' || ch === '\u3000' || ch === '\u00a0';

/** The multiplier and unit after the number (4.5万元, 200多万元, 49万多人次), applied to the values; returns where they end. */
function readUnit(text: string, q: Quantity, pos: number): number {
  if (q.unit) return pos;
  let factor = 1;
  // 多/余 before a multiplier (200多万元), a multiplier (4.5万), 余/多 after it (49万多人次).
  let p = pos;
  // Spaces between number and multiplier or unit, as some pages set them (「共 93 所」「超 15 万个」「受处分人员 4 人」).
  if (isNumberSpace(text[p])) {
    let p2 = p;
    while (p2 < text.length && p2 - p < 2 && isNumberSpace(text[p2])) p2++;
    if (MULT_INDEX.startingAt(text, p2) || matchUnit(text, p2)) p = p2;
  }
  if ((text[p] === '多' || text[p] === '余') && !q.chinese) {
    q.approximate = true;
    p++;
  }
  let u = matchUnit(text, p);
  const mult = MULT_INDEX.startingAt(text, p);
  if (mult && (!u || u.unit === mult)) {
    let p2 = p + mult.length;
    if (text[p2] === '多' || text[p2] === '余') {
      q.approximate = true;
      p2++;
    }
    const u2 = matchUnit(text, p2);
    factor = MULTIPLIERS[mult];
    // A multiplier before a counting unit scales it (4.5万人); a bare multiplier (近20万, 4.5万) is the unit.
    u = u2 && u2.kind === 'count' && !MULTIPLIERS[u2.unit] ? u2 : null;
    p = p2;
  }
  if (u) {
    q.unitRaw = u.unit;
    q.unit = u.as ?? u.unit;
    q.unitKind = u.kind;
    factor *= u.scale ?? 1;
    p += u.unit.length;
    const per = UNIT_DENOMINATOR.exec(text.slice(p, p + 5));
    if (per) {
      q.unit += per[0].replace('／', '/');
      q.unitRaw += per[0];
      p += per[0].length;
    }
  } else if (factor !== 1) {
    q.unitKind = 'count';
  }
  q.value = scale(q.value, factor);
  if (q.valueMax !== null) q.valueMax = scale(q.valueMax, factor);
  return p;
}

/** 余 / 多 / 左右 after the unit, a comparator suffix (以上), and a comparator symbol or approximation word before. */
function readSurroundings(text: string, q: Quantity, pos: number): void {
  const after = APPROX_AFTER.startingAt(text, pos);
  // A 多/余 here belongs to the next word: 「100余场」「1000多名」 were read with the unit.
  if (after && after !== '多' && after !== '余') {
    q.approximate = true;
    pos += after.length;
  }
  const suffix = SUFFIXES.startingAt(text, pos);
  if (suffix) {
    q.comparatorSuffix = SUFFIX_COMPARATOR.get(suffix)!;
    pos += suffix.length;
  }
  q.end = pos;
  // A comparator symbol or approximation word directly before (spaces allowed).
  let b = q.numStart;
  while (b > 0 && (text[b - 1] === ' ' || text[b - 1] === '\u3000')) b--;
  const sym = SYMBOLS.endingAt(text, b);
  if (sym) {
    q.comparatorSymbol = COMPARATOR_SYMBOLS[sym];
    q.start = b - sym.length;
  }
  if (APPROX_BEFORE.endingAt(text, q.numStart)) q.approximate = true;
}

/** The first part opens a bracket right after the whole (41785人（公办22225）; the next follows a comma (，民办19560). */
const BREAKDOWN_FIRST = /^[（(][\u4e00-\u9fa5]{1,8}$/u;
const BREAKDOWN_NEXT = /^[，,、；;][\u4e00-\u9fa5]{1,8}$/u;

/**
 * A breakdown in brackets (计划招生5000人（公办3000，民办2000）): each part written without its unit takes the
 * whole's (when the whole has no multiplier), and is marked so that it takes the whole's role.
 */
function readBreakdown(text: string, prev: Quantity, q: Quantity): void {
  if (q.unitKind || prev.unitKind !== 'count' || !prev.unitRaw) return;
  const gap = text.slice(prev.end, q.numStart);
  const first = BREAKDOWN_FIRST.test(gap) && prev.unit === prev.unitRaw && text.startsWith(prev.unitRaw, prev.numEnd);
  if (!first && !(prev.breakdown && BREAKDOWN_NEXT.test(gap))) return;
  q.unit = q.unitRaw = prev.unit;
  q.unitKind = 'count';
  q.breakdown = true;
}

/** A unit shared by coordinated numbers: 「位列全国第63和第78位」「1、2名」: the first borrows the second's. */
function shareUnit(text: string, a: Quantity, b: Quantity): void {
  if (a.unitKind || !b.unitKind) return;
  const gap = b.numStart - a.end;
  const j = text.charCodeAt(a.end);
  const joiner = j === 0x548c || j === 0x3001 || j === 0x53ca || j === 0x4e0e || j === 0x6216; // 和 、 及 与 或
  if (joiner && (gap === 1 || (gap === 2 && text.charCodeAt(a.end + 1) === 0x7b2c /* 第 */))) {
    a.unit = b.unit;
    a.unitRaw = b.unitRaw;
    a.unitKind = b.unitKind;
  }
}
