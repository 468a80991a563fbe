/**
 * Splitting a report into lines and sentences, in one pass each, with UTF-16 offsets.
 * A sentence ends at 。！？；!? (and ; between CJK text), or a line break.
 */

import { firstIndexWhere } from '../util/search';

export interface Span {
  start: number;
  end: number;
}

/** Many spans in two typed arrays (no object per line or sentence: long reports have tens of thousands). */
export class SpanList {
  starts: Int32Array;
  ends: Int32Array;
  length = 0;
  constructor(capacity = 64) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }
  push(start: number, end: number) {
    if (this.length === this.starts.length) {
      const s = new Int32Array(this.length * 2);
      s.set(this.starts);
      this.starts = s;
      const e = new Int32Array(this.length * 2);
      e.set(this.ends);
      this.ends = e;
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }
  get(i: number): Span {
    return { start: this.starts[i], end: this.ends[i] };
  }
  /** Index of the span containing `pos`, or of the last one starting before it; -1 if none. */
  indexAt(pos: number): number {
    return firstIndexWhere(this.length, (i) => this.starts[i] > pos) - 1;
  }
}

const SENTENCE_END = /[。！？；!?\n;]/g;
const END_CODES = new Uint8Array(65536);
for (const ch of '。！？；!?\n') END_CODES[ch.charCodeAt(0)] = 1;

/** Sentence spans covering the whole text, in order (empty ones dropped); one pass over char codes. */
export function sentenceSpans(text: string): SpanList {
  const spans = new SpanList(Math.max(64, text.length >> 5));
  let start = 0;
  const n = text.length;
  SENTENCE_END.lastIndex = 0;
  // test() with lastIndex finds each break without allocating a match array (exec() made one per sentence).
  while (SENTENCE_END.test(text)) {
    const i = SENTENCE_END.lastIndex - 1;
    const c = text.charCodeAt(i);
    let isEnd = END_CODES[c] === 1;
    if (!isEnd && c === 59) {
      // An ASCII ; ends a sentence between CJK text (「达98%;改扩建」), not inside ASCII text.
      let j = i + 1;
      while (j < n && text.charCodeAt(j) === 32) j++;
      isEnd = j < n && text.charCodeAt(j) > 0x7f;
    }
    if (!isEnd) continue;
    pushTrimmed(text, spans, start, c === 10 ? i : i + 1);
    start = i + 1;
  }
  pushTrimmed(text, spans, start, n);
  return spans;
}

function pushTrimmed(text: string, spans: SpanList, start: number, end: number) {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (end > start) spans.push(start, end);
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0x3000 || c === 0xa0;
}

/** Line spans (without the line break), in order. */
export function lineSpans(text: string): SpanList {
  const spans = new SpanList(Math.max(64, text.length >> 6));
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    spans.push(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    if (nl === -1) break;
    start = nl + 1;
  }
  return spans;
}


/** BREAKS flag: the character ends a clause (a comma-delimited part of a sentence). */
export const CLAUSE_END = 1;
/** BREAKS flag: the character is the enumeration comma 、, which separates list members inside a clause. */
export const ENUMERATION_COMMA = 2;
/** BREAKS flag: the character ends a sentence. */
export const SENTENCE_STOP = 4;
/** Per char code, which of the break flags above the character carries (a table: the scans are hot). */
export const BREAKS = new Uint8Array(65536);
for (const ch of '，,；;。：:！？!?\n') BREAKS[ch.charCodeAt(0)] |= CLAUSE_END;
BREAKS['、'.charCodeAt(0)] |= ENUMERATION_COMMA;
for (const ch of '。！？\n') BREAKS[ch.charCodeAt(0)] |= SENTENCE_STOP;

/** The clause around [start,end): scanning at most `limit` characters each way. */
export function clauseAround(text: string, start: number, end: number, limit = 80, enumComma = false): Span {
  const mask = enumComma ? CLAUSE_END | ENUMERATION_COMMA : CLAUSE_END;
  let s = start;
  const minS = Math.max(0, start - limit);
  while (s > minS && (BREAKS[text.charCodeAt(s - 1)] & mask) === 0) s--;
  let e = end;
  const maxE = Math.min(text.length, end + limit);
  while (e < maxE && (BREAKS[text.charCodeAt(e)] & mask) === 0) e++;
  return { start: s, end: e };
}
