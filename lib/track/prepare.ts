/**
 * One item made ready for linking: its metric key and grams, measure kind, unit, period and the document facts
 * the linker needs, computed once per item.
 */
import type { Item } from '../schema/item';
import type { TrackDoc } from '../schema/track';
import { describeKind, kindKey, measureKind, multiYear, type MeasureKind } from './kind';
import { bigrams, foldWidth, normalizeMetric } from './normalize';
import { figurePeriod, periodSpan, spanIn, targetPeriod } from './period';
import { unitKey } from './units';

export interface Prepared {
  doc: TrackDoc;
  item: Item;
  /** The normalised metric ('' when the item names none). */
  key: string;
  /** The key's distinct character codes, sorted, 数 left out: what the index files it under. */
  codes: readonly number[];
  grams: string[];
  /** The key's distinct characters, sorted. */
  chars: string;
  kind: MeasureKind;
  kindKey: string;
  kindWords: string;
  unit: string | null;
  period: string | null;
}

export interface DocFacts {
  doc: TrackDoc;
  issuer: string | null;
  /** The year the document reports on or plans from (its latest looking-back section, else its date). */
  year: number | null;
  /** The last month (counted from year 0) any figure of the document itself is for: what it already knew. */
  readonly knownUntil: number | null;
}

/** How far into a paragraph its opening sentence is looked for. */
const PARAGRAPH_HEAD_MAX = 200;

const CLAUSE_BREAK = /[，,；;：:。！？!?]/u;

/** The sentence before the item, without the names of documents (《…行动计划(2017—2020年)》 dates nothing here). */
function sentenceBefore(it: Item): string {
  const before = it.sentence.text.slice(0, Math.max(0, it.start - it.sentence.start));
  return before.includes('《') ? before.replace(/《[^》]*》/gu, '《》') : before;
}

function leadOf(before: string): string {
  let i = before.length;
  while (i > 0 && !CLAUSE_BREAK.test(before[i - 1])) i--;
  return before.slice(i);
}

/** Characters that only say "a number of" (基层党组织数 = 基层党组织). */
const NOISE_CHARS = /数/gu;
const NOISE_CODE = '数'.charCodeAt(0);

export function charKey(key: string): string {
  return [...new Set(Array.from(key.replace(NOISE_CHARS, '')))].sort().join('');
}

const scratch = new Uint16Array(1024);

/** The distinct UTF-16 code units of a key, sorted (metric words are BMP characters), 数 left out. */
export function charCodes(key: string): number[] {
  // An insertion sort into a scratch buffer: keys are short, and this allocates only the result.
  let n = 0;
  const len = Math.min(key.length, scratch.length);
  for (let i = 0; i < len; i++) {
    const c = key.charCodeAt(i);
    if (c === NOISE_CODE) continue;
    let j = n;
    while (j > 0 && scratch[j - 1] > c) j--;
    if (j > 0 && scratch[j - 1] === c) continue;
    scratch.copyWithin(j + 1, j, n);
    scratch[j] = c;
    n++;
  }
  // A plain small array: far cheaper to allocate than a typed one.
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = scratch[i];
  return out;
}

/** How many codes each sorted set has that the other lacks (no allocation). */
export function codeResidue(a: ArrayLike<number>, b: ArrayLike<number>): [number, number] {
  let i = 0;
  let j = 0;
  let onlyA = 0;
  let onlyB = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) (i++, j++);
    else if (a[i] < b[j]) (onlyA++, i++);
    else (onlyB++, j++);
  }
  return [onlyA + a.length - i, onlyB + b.length - j];
}

const SHARE_UNIT = new Set(['%', '％', '‰', '个百分点', '百分点']);
const SHARE_WORD = /率|比例|占比|比重|覆盖面/u;
/** Whether a metric's share words (比例, 占比) are dropped from its key: the unit already says it is a share. */
function keyAsShare(it: Item): boolean {
  return (it.unit !== null && SHARE_UNIT.has(it.unit)) || it.text.includes('%') || it.text.includes('％') || (!it.unit && !!it.metric && SHARE_WORD.test(it.metric));
}

export function docYear(doc: TrackDoc): number | null {
  let year: number | null = null;
  for (const it of doc.items) {
    if (it.section?.orientation === 'backward' && it.section.year !== null) year = Math.max(year ?? 0, it.section.year);
  }
  if (year !== null) return year;
  const d = doc.date ? +doc.date.slice(0, 4) : null;
  if (d !== null) return d;
  for (const it of doc.items) if (it.section?.year != null) year = year === null ? it.section.year : Math.min(year, it.section.year);
  if (year !== null) return year;
  // A report with no dated section (a short summary page): the first year its title names (2020年工作总结).
  const t = /((?:19|20)\d{2})\s*年/u.exec(doc.title);
  return t ? +t[1] : null;
}

/**
 * An item made ready for linking. The key and its character codes are computed at once (every figure is filed
 * or looked up by them); the measure kind, period and character pairs only when first asked, which is for the
 * few figures that share a target's words.
 */
class PreparedItem implements Prepared {
  readonly key: string;
  readonly codes: readonly number[];
  readonly unit: string | null;
  private _before?: string;
  private _head?: string;
  private _kind?: MeasureKind;
  private _kindKey?: string;
  private _kindWords?: string;
  private _period?: string | null;
  private _grams?: string[];
  private _chars?: string;

  constructor(readonly doc: TrackDoc, readonly item: Item, private readonly year: number | null) {
    this.key = item.metric ? normalizeMetric(item.metric, keyAsShare(item)) : '';
    this.codes = charCodes(this.key);
    this.unit = unitKey(item.unit);
  }
  private get before(): string {
    return (this._before ??= sentenceBefore(this.item));
  }
  /**
   * The opening sentence of the paragraph a reported figure stands in (when the report's text is at hand and the
   * figure is not in that sentence): 五年来，… at a paragraph's head makes its totals five-year ones, even under a
   * heading that also names the last year (2025年工作回顾和“十四五”发展主要成绩).
   */
  private get paragraphHead(): string {
    if (this._head === undefined) {
      this._head = '';
      const text = this.doc.text;
      const it = this.item;
      if (text && it.kind === 'reported' && it.sentence.start > 0 && it.sentence.start <= text.length) {
        const p = text.lastIndexOf('\n', it.sentence.start - 1) + 1;
        if (p < it.sentence.start) this._head = /^[^。！？；\n]*/u.exec(text.slice(p, Math.min(it.sentence.start, p + PARAGRAPH_HEAD_MAX)))![0];
      }
    }
    return this._head;
  }
  get kind(): MeasureKind {
    const it = this.item;
    if (!this._kind) {
      const k = measureKind({ metric: it.metric, unit: it.unit, lead: leadOf(this.before), scope: this.before, text: it.text, rule: it.reason?.rule });
      // A paragraph's years scope what was added over them (城镇新增就业522万人 in 五年来…); a stock, a share or a
      // rate in it is still the level reached at its end (5个国家先进制造业集群, 城镇化率76%).
      if (!k.cumulative && k.added && this.paragraphHead && multiYear(this.paragraphHead)) k.cumulative = true;
      this._kind = k;
    }
    return this._kind;
  }
  get kindKey(): string {
    return (this._kindKey ??= kindKey(this.kind));
  }
  get kindWords(): string {
    return (this._kindWords ??= describeKind(this.kind));
  }
  get period(): string | null {
    if (this._period === undefined) {
      const it = this.item;
      const input = { text: it.text, before: this.before, section: it.section, reason: it.reason, deadline: it.deadline };
      this._period = it.kind === 'target' ? targetPeriod(input, this.year) : figurePeriod(input, this.year);
      if (it.kind === 'reported' && this._period && /^\d{4}$/u.test(this._period) && this.paragraphHead && multiYear(this.paragraphHead) && this.kind.cumulative) {
        this._period = spanIn(foldWidth(this.paragraphHead), +this._period) ?? this._period;
      }
    }
    return this._period;
  }
  get grams(): string[] {
    return (this._grams ??= bigrams(this.key));
  }
  get chars(): string {
    return (this._chars ??= String.fromCharCode(...this.codes));
  }
}

export function prepareItem(doc: TrackDoc, it: Item, year: number | null): Prepared {
  return new PreparedItem(doc, it, year);
}

/**
 * The last month a report's own figures are for, up to the end of the year it reports on (a figure dated later
 * than that is a misread year or a plan's figure, not something the report knew).
 */
export function knownUntil(figures: readonly Prepared[], year: number | null): number | null {
  const cap = year === null ? Infinity : year * 12 + 11;
  let known: number | null = null;
  for (const f of figures) {
    const span = f.period ? periodSpan(f.period) : null;
    if (span && span[1] <= cap) known = Math.max(known ?? span[1], span[1]);
  }
  return known;
}
