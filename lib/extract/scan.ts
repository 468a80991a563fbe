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
const FIRST = new RegExp(`[0-9０-９${CN_CHARS}]`, 'g');
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

export function scanTokens(text: string, maxLength = 40): TokenArrays {
  let cap = 1024;
  let starts = new Int32Array(cap);
  let ends = new Int32Array(cap);
  let kinds = new Uint8Array(cap);
  let count = 0;
  const out = {
    push(tok: { start: number; end: number; kind: NumberToken['kind'] }) {
      if (count === cap) {
        cap *= 2;
        const s2 = new Int32Array(cap); s2.set(starts); starts = s2;
        const e2 = new Int32Array(cap); e2.set(ends); ends = e2;
        const k2 = new Uint8Array(cap); k2.set(kinds); kinds = k2;
      }
      starts[count] = tok.start;
      ends[count] = tok.end;
      kinds[count] = tok.kind === 'arabic' ? 0 : tok.kind === 'percent-words' ? 1 : 2;
      count++;
    },
  };
  const n = text.length;
  let i = 0;
  // Jump from candidate to candidate with a plain character class (compiled by the regex engine, far faster
  // than stepping through every character in JavaScript); the token logic below runs only there.
  FIRST.lastIndex = 0;
  while (i < n) {
    FIRST.lastIndex = i;
    const m = FIRST.exec(text);
    if (!m) break;
    i = m.index;
    const c = text.charCodeAt(i);
    const cls = CHAR_CLASS[c];
    if (cls & DIGIT) {
      let j = i;
      while (j < n && isDigitCode(text.charCodeAt(j))) j++;
      // 1,200 / 12,345,678: one to three digits, then groups of a comma and three ASCII digits.
      if (j - i <= 3 && text.charCodeAt(j) === 44 && isAscii(text.charCodeAt(j + 1)) && isAscii(text.charCodeAt(j + 2)) && isAscii(text.charCodeAt(j + 3))) {
        while (text.charCodeAt(j) === 44 && isAscii(text.charCodeAt(j + 1)) && isAscii(text.charCodeAt(j + 2)) && isAscii(text.charCodeAt(j + 3))) j += 4;
      }
      const d = text.charCodeAt(j);
      if ((d === 46 || d === FW_DOT) && isDigitCode(text.charCodeAt(j + 1))) {
        j += 1;
        while (j < n && isDigitCode(text.charCodeAt(j))) j++;
      }
      if (j - i <= maxLength) out.push({ start: i, end: j, kind: 'arabic' });
      i = j;
      continue;
    }
    if (c === BAI && text.charCodeAt(i + 1) === FEN && text.charCodeAt(i + 2) === ZHI && pct.has(text.charCodeAt(i + 3))) {
      let j = i + 3;
      while (j < n && pct.has(text.charCodeAt(j))) j++;
      out.push({ start: i, end: j, kind: 'percent-words' });
      i = j;
      continue;
    }
    if (cn.has(c)) {
      const p = i > 0 ? text.charCodeAt(i - 1) : 0;
      let j = i;
      while (j < n && cn.has(text.charCodeAt(j))) j++;
      if (!(isDigitCode(p) || p === 46 || p === FW_DOT)) {
        let k = j;
        const e = text.charCodeAt(k);
        if (e === YU || e === DUO) k++;
        if (measure.has(text.charCodeAt(k)) && k - i <= maxLength) out.push({ start: i, end: k, kind: 'chinese' });
      }
      i = j;
      continue;
    }
    i++;
  }
  return { count, starts, ends, kinds };
}
