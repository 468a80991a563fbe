import approxSearch from 'approx-string-match';
import type { TextPositionSelector, TextQuoteSelector } from '../schema/annotation';
import { firstIndexWhere } from '../util/search';

/**
 * Re-anchoring a saved annotation on the current article text. Pure: no DOM, no I/O.
 *
 * Order of attempts:
 *  (a) position — `text.slice(start, end) === exact` with the saved prefix/suffix exactly around it
 *      (and the same whole number where the quote starts or ends in digits) → anchored at once;
 *  (b) quote — every exact occurrence of the quote (the old position included), scored on how well
 *      the text around it matches the saved prefix/suffix (edit distance), nearest to the old
 *      position on a tie; taken if the context is ≥ 0.8 similar (≥ 0.5 for a quote of ≥ 32
 *      characters). An occurrence inside a different whole number (the 0 of 4411… for the 0 of
 *      4401…) is never taken. The method is 'position' when the winner is at the old offsets;
 *  (c) fuzzy — approximate search (approx-string-match, Myers) over NFKC-normalised, whitespace-free
 *      text (with a map back to original offsets), both for the quote alone (errors ≤ ¼ of its
 *      length) and for prefix+quote+suffix (errors ≤ 30 %, which finds the place even when the
 *      quote itself was rewritten); each candidate is scored on context similarity (weight 0.8),
 *      number-masked quote similarity (0.15), distance from the old position and having as many
 *      numbers as the quote — in the manner of Hypothesis' match-quote, but with the context
 *      weighted most: the context says where the note was, the quote only what is there now.
 *      'anchored' needs every number of the quote unchanged (read whole on the original text:
 *      digit runs incl. full-width, decimals, 百分之…, Chinese numerals before measure words),
 *      quote similarity ≥ 0.75 and context ≥ 0.5; the same place (context ≥ 0.75) with a number
 *      changed — or its wording replaced beyond that — is 'changed', with the new text and offsets
 *      (widened to whole numbers);
 *  (d) nothing → 'orphaned'.
 * Returned offsets are always UTF-16 offsets into the ORIGINAL current text.
 */

export type ReanchorStatus = 'anchored' | 'changed' | 'orphaned';
export type ReanchorMethod = 'position' | 'quote' | 'fuzzy' | null;

export interface ReanchorResult {
  status: ReanchorStatus;
  start?: number;
  end?: number;
  method: ReanchorMethod;
  /** The quote as saved. */
  oldText: string;
  /** What the current text has at [start, end) (absent when orphaned). */
  newText?: string;
}

/** What re-anchoring needs from an annotation (lib/schema/annotation.ts Annotation fits). */
export interface Anchorable {
  quote: Pick<TextQuoteSelector, 'exact' | 'prefix' | 'suffix'>;
  position: Pick<TextPositionSelector, 'start' | 'end'>;
}

/** Minimum context similarity to take an occurrence without looking further. */
const CONTEXT_SURE = 0.8;
/** Minimum context similarity for an anchored (same text, numbers unchanged) fuzzy match. */
const CONTEXT_ANCHOR = 0.5;
/** Minimum context similarity to call a place "the same place, but changed". */
const CONTEXT_CHANGED = 0.75;
/** Minimum quote similarity (1 - edits/length) for a fuzzy 'anchored'. */
const QUOTE_ANCHOR = 0.75;
/** A quote at least this long (normalised) is distinctive enough to anchor without its context. */
const LONG_QUOTE = 32;
const MAX_CANDIDATES = 200;

// ---------------------------------------------------------------------------------------------
// Normalisation with an offset map

/** NFKC, whitespace removed, with maps from each normalised UTF-16 unit back to the original. */
export interface NormalizedText {
  norm: string;
  /** starts[i]: original offset where the character that produced norm[i] begins. */
  starts: Int32Array;
  /** ends[i]: original offset where that character ends. */
  ends: Int32Array;
}

function isStableCodePoint(cp: number): boolean {
  // ASCII (except whitespace handled separately) and CJK Unified Ideographs are NFKC-stable.
  return (cp > 0x20 && cp < 0x7f) || (cp >= 0x4e00 && cp <= 0x9fff);
}

const WS = /^[\s\u200b\u200c\u200d\u2060\ufeff]+$/;

const nfkcCache = new Map<string, string>();

/** NFKC of one code point, '' for whitespace and zero-width characters (cached). */
function normalizeChar(ch: string): string {
  let n = nfkcCache.get(ch);
  if (n === undefined) {
    n = ch.normalize('NFKC');
    if (WS.test(n)) n = '';
    if (nfkcCache.size < 4096) nfkcCache.set(ch, n);
  }
  return n;
}

export function normalizeWithMap(text: string): NormalizedText {
  let cap = text.length + 16;
  let starts = new Int32Array(cap);
  let ends = new Int32Array(cap);
  const chunks: string[] = [];
  let run = 0; // start of the current run of stable characters, copied as one slice
  let k = 0;
  const grow = (need: number) => {
    if (need <= cap) return;
    cap = Math.max(need, cap * 2);
    const s2 = new Int32Array(cap);
    s2.set(starts);
    starts = s2;
    const e2 = new Int32Array(cap);
    e2.set(ends);
    ends = e2;
  };
  for (let i = 0; i < text.length; ) {
    const cp = text.charCodeAt(i);
    if (isStableCodePoint(cp)) {
      starts[k] = i;
      ends[k] = i + 1;
      k++;
      i++;
      continue;
    }
    if (run < i) chunks.push(text.slice(run, i));
    const full = text.codePointAt(i)!;
    const len = full > 0xffff ? 2 : 1;
    const n = normalizeChar(text.slice(i, i + len));
    grow(k + n.length + (text.length - i));
    for (let j = 0; j < n.length; j++) {
      starts[k] = i;
      ends[k] = i + len;
      k++;
    }
    if (n) chunks.push(n);
    i += len;
    run = i;
  }
  if (run < text.length) chunks.push(text.slice(run));
  return { norm: chunks.join(''), starts: starts.slice(0, k), ends: ends.slice(0, k) };
}

export function normalize(s: string): string {
  return normalizeWithMap(s).norm;
}

// ---------------------------------------------------------------------------------------------
// Numbers

const CN_NUM = '零〇一二三四五六七八九十百千万亿两';
const MEASURE = '个所名间项家座条批类次人位件台套场支门期届倍成年月日天周岁元班园户处篇本种份辆米亩%';
const NUMBER_RE = new RegExp(
  `\\d+(?:[.,]\\d+)*|百分之[${CN_NUM}点]+|[${CN_NUM}]+(?=[${MEASURE}])`,
  'g',
);

/** The numbers in a (normalised) string, in order, as written: digit runs, decimals, 百分之…, 三所. */
export function numbersIn(normalised: string): string[] {
  return normalised.match(NUMBER_RE) ?? [];
}

const DIGIT = /[0-9０-９]/;

/** Extends [s, e) over digits when it starts or ends in the middle of a number (537 in 15370, 3.19). */
function expandNumeric(str: string, s: number, e: number): [number, number] {
  const isDigit = (i: number) => DIGIT.test(str[i] ?? '');
  const isPoint = (i: number) => str[i] === '.' || str[i] === '．';
  if (isDigit(s)) {
    for (;;) {
      if (isDigit(s - 1)) s--;
      else if (isPoint(s - 1) && isDigit(s - 2)) s -= 2;
      else break;
    }
  }
  if (e > 0 && isDigit(e - 1)) {
    for (;;) {
      if (isDigit(e)) e++;
      else if (isPoint(e) && isDigit(e + 1)) e += 2;
      else break;
    }
  }
  return [s, e];
}

/** The numbers of [s, e) of `str`, each read whole even where the span cuts it (whitespace separates numbers). */
function numbersAround(str: string, s: number, e: number): string[] {
  const [xs, xe] = expandNumeric(str, s, e);
  return numbersIn(str.slice(xs, xe).normalize('NFKC'));
}

function maskDigits(s: string): string {
  return s.replace(/\d+(?:\.\d+)*/g, '#');
}

function sameNumbers(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// ---------------------------------------------------------------------------------------------
// Edit distances

/** Levenshtein distance (small strings). */
function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** Edit distance; for long strings, Myers' bit-parallel search (best substring) bounded by the length gap. */
function distance(a: string, b: string): number {
  if (a.length * b.length <= 250_000) return levenshtein(a, b);
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  const m = approxSearch(longer, shorter, shorter.length)[0];
  return Math.max(m ? m.errors : shorter.length, longer.length - shorter.length);
}

/**
 * Aligns `pat` with a prefix of `txt` (the alignment must start at txt[0], may end anywhere):
 * the smallest edit distance and where in `txt` it ends (ties: the end closest to pat.length).
 */
function anchoredDistance(pat: string, txt: string): { dist: number; end: number } {
  const m = pat.length;
  const n = txt.length;
  if (m === 0) return { dist: 0, end: 0 };
  let prev = new Int32Array(n + 1);
  let cur = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    const c = pat.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1] + (c === txt.charCodeAt(j - 1) ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  let best = { dist: Infinity, end: 0 };
  for (let j = 0; j <= n; j++) {
    const d = prev[j];
    if (d < best.dist || (d === best.dist && Math.abs(j - m) < Math.abs(best.end - m))) best = { dist: d, end: j };
  }
  return best;
}

function reverse(s: string): string {
  let r = '';
  for (let i = s.length - 1; i >= 0; i--) r += s[i];
  return r;
}

/** Similarity (0..1) of `prefix` with the text just before `at` in `str`. */
function prefixSimilarity(str: string, at: number, prefix: string): number {
  if (!prefix.length) return 1;
  if (str.slice(Math.max(0, at - prefix.length), at) === prefix) return 1;
  const slack = Math.ceil(prefix.length / 2) + 2;
  const before = str.slice(Math.max(0, at - prefix.length - slack), at);
  const { dist } = anchoredDistance(reverse(prefix), reverse(before));
  return Math.max(0, 1 - dist / prefix.length);
}

/** Similarity (0..1) of `suffix` with the text just after `at` in `str`. */
function suffixSimilarity(str: string, at: number, suffix: string): number {
  if (!suffix.length) return 1;
  if (str.startsWith(suffix, at)) return 1;
  const slack = Math.ceil(suffix.length / 2) + 2;
  const after = str.slice(at, at + suffix.length + slack);
  const { dist } = anchoredDistance(suffix, after);
  return Math.max(0, 1 - dist / suffix.length);
}

function contextScore(p: number, s: number, pLen: number, sLen: number): number {
  return pLen + sLen === 0 ? 1 : (p * pLen + s * sLen) / (pLen + sLen);
}

// ---------------------------------------------------------------------------------------------
// Prepared text (normalise once for many annotations)

export class PreparedText {
  private normalized: NormalizedText | null = null;
  constructor(readonly text: string) {}
  get normal(): NormalizedText {
    return (this.normalized ??= normalizeWithMap(this.text));
  }
  /** Index in the normalised text of the first character at or after original offset `orig`. */
  toNormal(orig: number): number {
    const { starts } = this.normal;
    return firstIndexWhere(starts.length, (i) => starts[i] >= orig);
  }
}

export function prepareText(text: string): PreparedText {
  return new PreparedText(text);
}

// ---------------------------------------------------------------------------------------------

function checkAnchorable(a: Anchorable): void {
  const q = a?.quote;
  if (!q || typeof q.exact !== 'string' || q.exact.length === 0) {
    throw new TypeError('reanchor: annotation.quote.exact must be a non-empty string');
  }
  if (typeof q.prefix !== 'string' || typeof q.suffix !== 'string') {
    throw new TypeError('reanchor: annotation.quote.prefix and .suffix must be strings');
  }
  const p = a.position;
  if (!p || !Number.isInteger(p.start) || !Number.isInteger(p.end)) {
    throw new TypeError('reanchor: annotation.position.start and .end must be integers');
  }
}

/** The numbers of the saved quote, each read whole with the help of the saved context. */
function savedNumbers(q: Anchorable['quote']): string[] {
  return numbersAround(q.prefix + q.exact + q.suffix, q.prefix.length, q.prefix.length + q.exact.length);
}

/** Does an exact copy of the quote at [s, e) sit in a different number than the saved one did (0 of 440… vs 441…)? */
function numbersDifferAt(text: string, s: number, e: number, q: Anchorable['quote'], saved: () => string[]): boolean {
  if (!DIGIT.test(q.exact[0]) && !DIGIT.test(q.exact[q.exact.length - 1])) return false; // nothing to cut
  return !sameNumbers(saved(), numbersAround(text, s, e));
}

interface Candidate {
  /** Offsets into the normalised text. */
  ns: number;
  ne: number;
  /** The same span in the original text. */
  os: number;
  oe: number;
  q: number;
  /** Quote similarity with every digit run masked. */
  mq: number;
  /** How many numbers the span holds (read whole). */
  numberCount: number;
  ctx: number;
  numbersEqual: boolean;
  exactText: boolean;
}

/** Re-anchors one annotation on the current text. Throws a TypeError for a malformed annotation. */
export function reanchor(annotation: Anchorable, current: string | PreparedText): ReanchorResult {
  checkAnchorable(annotation);
  const prepared = typeof current === 'string' ? new PreparedText(current) : current;
  const text = prepared.text;
  const { exact, prefix, suffix } = annotation.quote;
  const { start: oldStart, end: oldEnd } = annotation.position;
  const oldText = exact;
  let saved: string[] | null = null;
  const savedOnce = () => (saved ??= savedNumbers(annotation.quote));
  const ctxAt = (s: number, e: number) =>
    contextScore(prefixSimilarity(text, s, prefix), suffixSimilarity(text, e, suffix), prefix.length, suffix.length);

  const perfectAt = (s: number) =>
    text.slice(Math.max(0, s - prefix.length), s) === prefix && text.startsWith(suffix, s + exact.length);

  // (a) position: the quote is still at its offsets, with its context unchanged. (A slightly edited
  // context is weighed against the other occurrences in (b), where the old position wins ties.)
  if (oldEnd - oldStart === exact.length && text.slice(oldStart, oldEnd) === exact && perfectAt(oldStart)) {
    if (!numbersDifferAt(text, oldStart, oldEnd, annotation.quote, savedOnce)) {
      return { status: 'anchored', start: oldStart, end: oldEnd, method: 'position', oldText, newText: exact };
    }
  }

  // (b) exact quote, best context, nearest to the old position
  const occurrences: number[] = [];
  for (let i = text.indexOf(exact); i >= 0; i = text.indexOf(exact, i + 1)) occurrences.push(i);
  if (occurrences.length) {
    let best = -1;
    let bestCtx = -1;
    let pool = occurrences.filter((s) => !numbersDifferAt(text, s, s + exact.length, annotation.quote, savedOnce));
    if (pool.length > MAX_CANDIDATES) {
      pool = pool.sort((x, y) => Math.abs(x - oldStart) - Math.abs(y - oldStart)).slice(0, MAX_CANDIDATES);
    }
    // Cheap pass first: occurrences whose context is exactly the saved one (text moved, not edited).
    const perfect = pool.filter(perfectAt);
    if (perfect.length) pool = perfect;
    for (const s of pool) {
      const c = perfect.length ? 1 : ctxAt(s, s + exact.length);
      if (c > bestCtx + 1e-9 || (Math.abs(c - bestCtx) <= 1e-9 && Math.abs(s - oldStart) < Math.abs(best - oldStart))) {
        best = s;
        bestCtx = c;
      }
    }
    const longEnough = normalize(exact).length >= LONG_QUOTE;
    if (best >= 0 && (bestCtx >= CONTEXT_SURE || (longEnough && bestCtx >= CONTEXT_ANCHOR))) {
      const method = best === oldStart ? 'position' : 'quote';
      return { status: 'anchored', start: best, end: best + exact.length, method, oldText, newText: exact };
    }
  }

  // (c) fuzzy, on normalised text
  return fuzzy(annotation, prepared) ?? { status: 'orphaned', method: null, oldText };
}

function fuzzy(annotation: Anchorable, prepared: PreparedText): ReanchorResult | null {
  const { norm, starts, ends } = prepared.normal;
  // A quote that cuts a number (the 0 of 1500) is searched as the whole number, with the context
  // around the whole number, so that places are compared like with like; an anchored result is cut
  // back to the saved extent at the end.
  const sq = annotation.quote;
  const saved = sq.prefix + sq.exact + sq.suffix;
  const [wxs, wxe] = expandNumeric(saved, sq.prefix.length, sq.prefix.length + sq.exact.length);
  const lead = sq.prefix.length - wxs;
  const trail = wxe - sq.prefix.length - sq.exact.length;
  const exactN = normalize(saved.slice(wxs, wxe));
  const prefixN = normalize(saved.slice(0, wxs));
  const suffixN = normalize(saved.slice(wxe));
  if (!exactN.length || !norm.length) return null;
  const hint = prepared.toNormal(annotation.position.start);
  const hasContext = prefixN.length + suffixN.length > 0;

  // The numbers of the saved quote, read with its own context so that a quote cut inside a number counts whole.
  const oldNumbers = savedNumbers(annotation.quote);

  const maskedExact = maskDigits(exactN);
  const endsInDigit = DIGIT.test(exactN[exactN.length - 1]);
  const startsInDigit = DIGIT.test(exactN[0]);
  const candidates = new Map<string, Candidate>();
  const text = prepared.text;
  const consider = (ns: number, ne: number, ctx: number | null): void => {
    if (ne <= ns || ns < 0 || ne > norm.length) return;
    // Numbers are read on the ORIGINAL text, where whitespace still separates them (08⏎15 is two numbers).
    let os = starts[ns];
    let oe = ends[ne - 1];
    const [s0, e0] = [os, oe];
    // The saved quote ends (starts) with a digit, the found span stops just short of one: take the number in.
    if (endsInDigit && !DIGIT.test(text[oe - 1]) && DIGIT.test(text[oe] ?? '')) oe = expandNumeric(text, oe, oe + 1)[1];
    if (startsInDigit && !DIGIT.test(text[os]) && DIGIT.test(text[os - 1] ?? '')) os = expandNumeric(text, os - 1, os)[0];
    let numbersEqual = sameNumbers(oldNumbers, numbersAround(text, os, oe));
    if (!numbersEqual) {
      // The match cuts a number: report the whole number (40.19%, not 0.19%).
      [os, oe] = expandNumeric(text, os, oe);
    }
    if (os !== s0 || oe !== e0) {
      ns = prepared.toNormal(os);
      ne = prepared.toNormal(oe);
      ctx = null;
      if (ne <= ns) return;
    }
    const key = `${os}:${oe}`;
    if (candidates.has(key)) return;
    const found = norm.slice(ns, ne);
    if (found.length > exactN.length * 3 + 10) return;
    const q = Math.max(0, 1 - distance(exactN, found) / Math.max(exactN.length, found.length));
    // For ranking places, the wording matters, not the numbers (which may be what changed).
    const mf = maskDigits(found);
    const mq = maskedExact === mf ? 1 : Math.max(0, 1 - distance(maskedExact, mf) / Math.max(maskedExact.length, mf.length, 1));
    const c =
      ctx ??
      contextScore(prefixSimilarity(norm, ns, prefixN), suffixSimilarity(norm, ne, suffixN), prefixN.length, suffixN.length);
    const numbers = numbersAround(text, os, oe);
    numbersEqual = sameNumbers(oldNumbers, numbers);
    candidates.set(key, { ns, ne, os, oe, q, mq, ctx: c, numbersEqual, numberCount: numbers.length, exactText: found === exactN });
  };

  // Quote alone.
  const maxQ = Math.floor(exactN.length / 4);
  let quoteMatches = approxSearch(norm, exactN, maxQ);
  if (quoteMatches.length > MAX_CANDIDATES) {
    quoteMatches = quoteMatches.sort((x, y) => Math.abs(x.start - hint) - Math.abs(y.start - hint)).slice(0, MAX_CANDIDATES);
  }
  for (const m of quoteMatches) consider(m.start, m.end, null);

  // Prefix + quote + suffix: finds the place even when the quote itself changed.
  if (hasContext) {
    const window = prefixN + exactN + suffixN;
    const maxW = Math.floor(window.length * 0.3);
    const windowMatches = approxSearch(norm, window, maxW).slice(0, 20);
    for (const m of windowMatches) {
      const region = norm.slice(m.start, m.end);
      const p = anchoredDistance(prefixN, region);
      const s = anchoredDistance(reverse(suffixN), reverse(region));
      const ns = m.start + p.end;
      const ne = m.end - s.end;
      const pSim = prefixN.length ? Math.max(0, 1 - p.dist / prefixN.length) : 1;
      const sSim = suffixN.length ? Math.max(0, 1 - s.dist / suffixN.length) : 1;
      consider(ns, ne, contextScore(pSim, sSim, prefixN.length, suffixN.length));
    }
  }

  const long = exactN.length >= LONG_QUOTE;
  let best: { c: Candidate; status: 'anchored' | 'changed'; score: number } | null = null;
  for (const c of candidates.values()) {
    let status: 'anchored' | 'changed' | null = null;
    if (c.numbersEqual && c.q >= QUOTE_ANCHOR && (!hasContext || c.ctx >= CONTEXT_ANCHOR || (long && c.q >= 0.9))) {
      status = 'anchored';
    } else if (hasContext && c.ctx >= CONTEXT_CHANGED) {
      status = 'changed';
    }
    if (!status) continue;
    const pos = 1 - Math.abs(c.ns - hint) / norm.length;
    // The place is identified by its context; the quote only decides between equally good places.
    // (An exact copy of the quote in a worse context must not beat the right place with a changed number.)
    // A changed number should still be a number in the same slot: prefer spans with as many numbers.
    const slots = c.numberCount === oldNumbers.length ? 1 : 0;
    const score = 0.8 * c.ctx + 0.15 * c.mq + 0.05 * pos + 0.05 * slots;
    if (!best || score > best.score) best = { c, status, score };
  }
  if (!best) return null;
  let start = best.c.os;
  let end = best.c.oe;
  if (best.status === 'anchored' && (lead || trail) && end - start > lead + trail) {
    start += lead;
    end -= trail;
  }
  // The normalised text has no whitespace: give back the leading/trailing whitespace the quote had.
  const exact = annotation.quote.exact;
  const isWs = (c: string | undefined) => c !== undefined && WS.test(c);
  for (let k = 0; k < exact.length && isWs(exact[k]) && isWs(text[start - 1]); k++) start--;
  for (let k = exact.length - 1; k >= 0 && isWs(exact[k]) && isWs(text[end]); k--) end++;
  const newText = text.slice(start, end);
  return {
    status: best.status,
    start,
    end,
    method: best.c.exactText && best.status === 'anchored' ? 'quote' : 'fuzzy',
    oldText: annotation.quote.exact,
    newText,
  };
}

/** Re-anchors many annotations on one text (normalises the text at most once). */
export function reanchorAll(annotations: readonly Anchorable[], text: string): ReanchorResult[] {
  const prepared = new PreparedText(text);
  return annotations.map((a) => reanchor(a, prepared));
}
