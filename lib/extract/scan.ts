/**
 * The numeric tokens of a text, found by one pass over its char codes: ASCII or full-width digit runs
 * (with 1,200 thousands groups and decimals), 百分之… percentages, and Chinese-numeral quantities directly
 * before a measure word. Same tokens as the scorer's candidates.mjs, without a regex engine on the hot path.
 */
export interface NumberToken {
  start: number;
  end: number;
  kind: 'arabic' | 'percent-words' | 'chinese';
}

const CN_CHARS = '零〇一二两三四五六七八九十百千万亿';
const PERCENT_CHARS = '零〇一二两三四五六七八九十百点';
const MEASURE_CHARS = '所个名人项场次家间条篇套座支位台';
// One byte of flags per UTF-16 code unit: a table lookup is far cheaper than a Set on this hot loop.
const DIGIT = 1;
const CN = 2;
const MEASURE = 4;
const PCT = 8;
export const CHAR_CLASS = new Uint8Array(65536);
for (let c = 48; c <= 57; c++) CHAR_CLASS[c] |= DIGIT;
for (let c = 0xff10; c <= 0xff19; c++) CHAR_CLASS[c] |= DIGIT;
for (const ch of CN_CHARS) CHAR_CLASS[ch.charCodeAt(0)] |= CN;
for (const ch of MEASURE_CHARS) CHAR_CLASS[ch.charCodeAt(0)] |= MEASURE;
for (const ch of PERCENT_CHARS) CHAR_CLASS[ch.charCodeAt(0)] |= PCT;
const cn = { has: (c: number) => (CHAR_CLASS[c] & CN) !== 0 };
const pct = { has: (c: number) => (CHAR_CLASS[c] & PCT) !== 0 };
const measure = { has: (c: number) => (CHAR_CLASS[c] & MEASURE) !== 0 };
const BAI = '百'.charCodeAt(0);
const FEN = '分'.charCodeAt(0);
const ZHI = '之'.charCodeAt(0);
const YU = '余'.charCodeAt(0);
const DUO = '多'.charCodeAt(0);
const FW_DOT = 0xff0e;

export const isDigitCode = (c: number) => (CHAR_CLASS[c] & DIGIT) !== 0;
const isAscii = (c: number) => c >= 48 && c <= 57;
export const isChineseNumeralCode = (c: number) => cn.has(c);

/** Token starts, ends and kinds (0 arabic, 1 percent-words, 2 chinese) in parallel typed arrays. */
export interface TokenArrays {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  kinds: Uint8Array;
}
const KIND_NAMES = ['arabic', 'percent-words', 'chinese'] as const;

export function scanNumbers(text: string, maxLength = 40): NumberToken[] {
  const t = scanTokens(text, maxLength);
  const out: NumberToken[] = [];
  for (let i = 0; i < t.count; i++) out.push({ start: t.starts[i], end: t.ends[i], kind: KIND_NAMES[t.kinds[i]] });
  return out;
}

// Candidates are found by simple patterns the regex engine scans natively (much faster than stepping through
// every character in JavaScript); the exact token rules are then applied around each hit.
const DIGIT_RUN = /[0-9０-９]+/g;
const CN_BEFORE_MEASURE = new RegExp(`[${CN_CHARS}][余多]?[${MEASURE_CHARS}]`, 'g');

export function scanTokens(text: string, maxLength = 40): TokenArrays {
  const n = text.length;
  // Three lists, each found in order: digits, 百分之…, Chinese numerals.
  const lists: number[][] = [[], [], []];
  // test() and lastIndex rather than exec(): no match array per number (the run's start is found by stepping back).
  DIGIT_RUN.lastIndex = 0;
  for (let from = 0; DIGIT_RUN.test(text); from = DIGIT_RUN.lastIndex) {
    let j = DIGIT_RUN.lastIndex;
    let i = j - 1;
    while (i > from && isDigitCode(text.charCodeAt(i - 1))) i--;
    // 1,200 / 12,345,678: one to three digits, then groups of a comma and three ASCII digits.
    if (j - i <= 3 && text.charCodeAt(j) === 44 && isAscii(text.charCodeAt(j + 1)) && isAscii(text.charCodeAt(j + 2)) && isAscii(text.charCodeAt(j + 3))) {
      while (text.charCodeAt(j) === 44 && isAscii(text.charCodeAt(j + 1)) && isAscii(text.charCodeAt(j + 2)) && isAscii(text.charCodeAt(j + 3))) j += 4;
    }
    const d = text.charCodeAt(j);
    if ((d === 46 || d === FW_DOT) && isDigitCode(text.charCodeAt(j + 1))) {
      j += 1;
      while (j < n && isDigitCode(text.charCodeAt(j))) j++;
    }
    if (j - i <= maxLength) { lists[0].push(i); lists[0].push(j); }
    DIGIT_RUN.lastIndex = j;
  }
  for (let p = text.indexOf('百分之'); p !== -1; p = text.indexOf('百分之', p + 3)) {
    let j = p + 3;
    while (j < n && pct.has(text.charCodeAt(j))) j++;
    if (j > p + 3) { lists[1].push(p); lists[1].push(j); }
  }
  CN_BEFORE_MEASURE.lastIndex = 0;
  while (CN_BEFORE_MEASURE.test(text)) {
    const end = CN_BEFORE_MEASURE.lastIndex - 1; // the measure word is not part of the token
    const mid = text.charCodeAt(end - 1);
    const last = mid === YU || mid === DUO ? end - 2 : end - 1; // the run's last numeral (余/多 are not numerals)
    let start = last;
    while (start > 0 && cn.has(text.charCodeAt(start - 1)) && last - start < maxLength) start--;
    const p = start > 0 ? text.charCodeAt(start - 1) : 0;
    if (!cn.has(p) && !isDigitCode(p) && p !== 46 && p !== FW_DOT) { lists[2].push(start); lists[2].push(end); }
    CN_BEFORE_MEASURE.lastIndex = end;
  }
  return mergeTokenLists(lists);
}

/** The three token lists merged by start (a linear three-way merge); a token overlapping an earlier one is dropped. */
function mergeTokenLists(lists: number[][]): TokenArrays {
  const total = (lists[0].length + lists[1].length + lists[2].length) >> 1;
  const starts = new Int32Array(total);
  const ends = new Int32Array(total);
  const kinds = new Uint8Array(total);
  const at = [0, 0, 0];
  let count = 0;
  let lastEnd = -1;
  for (;;) {
    let best = -1;
    for (let k = 0; k < 3; k++) if (at[k] < lists[k].length && (best === -1 || lists[k][at[k]] < lists[best][at[best]])) best = k;
    if (best === -1) break;
    const st = lists[best][at[best]];
    const en = lists[best][at[best] + 1];
    at[best] += 2;
    if (st < lastEnd) continue;
    starts[count] = st;
    ends[count] = en;
    kinds[count] = best;
    lastEnd = en;
    count++;
  }
  return { count, starts, ends, kinds };
}
