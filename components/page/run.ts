/**
 * The run: detect, extract and mark the items of the article, first those in view, then the rest a short
 * batch a frame (in a long article: around the reader, as they scroll). The run owns the item marks and the article text: `article` is always the text and offset map of
 * the DOM as it is now — read once after each change Pledgemark makes (the marks split text nodes), and
 * handed to whoever needs offsets (saved annotations, the selection, the editor).
 */
import { detectReportSteps, type Detection } from '../../lib/article/detect';
import { articleText, articleTextSteps, type ArticleText } from '../../lib/article/text';
import type { Item, ItemKind } from '../../lib/schema/item';
import { log } from '../../lib/util/log';
import { MARK_CHUNK, MARK_SLICE_MS, PAGE_TEXT_OPTIONS, afterPaint, extractInSlices, inSlices, perfMark, prepare, textOffsetBelow, type Prepared } from './firstPaint';
import { MARK_CLASS, SAVED_CLASS, chunkSpecs, mapIsFresh, markSpans, unmarkAll, unwrapMarks, type MarkSpec } from './highlight';
import { hiddenKindsCss, pageCss } from './styles';

const STYLE_ID = 'pledgemark-style';
const HIDDEN_STYLE_ID = 'pledgemark-hidden';
/** Set on the article container while it holds Pledgemark's marks. */
export const CONTAINER_ATTR = 'data-pm-article';

/**
 * Above this many characters an article is long: its items are marked where the reader is, not all at once.
 * Each frame that puts marks in an article lays all of it out again, and in a 5 MB article (16 000 blocks)
 * that alone takes 40-60 ms, so marking its 9 000 items up front stalls the page again and again for many
 * seconds; marking around the viewport as the reader scrolls costs one such frame now and then.
 */
export const LAZY_TEXT_LENGTH = 300_000;
/** In a long article the marks reach this many viewport heights above and below the viewport. */
export const LAZY_VIEWPORTS = 2;

/** What a run settles on: marked, nothing to mark, or (a provisional container was wrong) prepare again. */
type Outcome = 'marked' | 'nothing' | { again: Prepared | null };

export class PageRun {
  detection: Detection | null = null;
  container: Element | null = null;
  /** The article text and offset map of the DOM as it is now (null before a run, or after clear()). */
  article: ArticleText | null = null;
  /** Every item extract() found (before the kinds setting filters them): what a snapshot stores. */
  allItems: Item[] = [];
  /** The items shown (of the kinds the reader chose), in page order; data-pm-index is an index into this. */
  items: Item[] = [];
  /** A long article (LAZY_TEXT_LENGTH): its items are marked around the viewport, more as the reader scrolls. */
  lazy = false;
  /** Chunks of item marks not put in yet (sorted by start): in a long article, those away from the reader. */
  private pending: MarkSpec[][] = [];
  private stopFollowing: (() => void) | null = null;

  constructor(private readonly doc: Document) {}

  /**
   * Marks the article `prep` found (the items in view at once, then the rest); true once every item is marked.
   * `onFirstMarks` is called as soon as the items in view are in the DOM.
   */
  async mark(prep: Prepared | null, force: boolean, kinds: ReadonlySet<ItemKind>, onFirstMarks: () => void): Promise<boolean> {
    for (let p = prep; p; ) {
      const outcome = await this.markOnce(p, force, kinds, onFirstMarks);
      if (outcome === 'marked') return true;
      if (outcome === 'nothing') return false;
      p = outcome.again;
    }
    return false;
  }

  private async markOnce(prep: Prepared, force: boolean, kinds: ReadonlySet<ItemKind>, onFirstMarks: () => void): Promise<Outcome> {
    this.detection = prep.det;
    const container = prep.container;
    let article = prep.article;
    if (!container || !article) return 'nothing';
    this.container = container;
    container.setAttribute(CONTAINER_ATTR, '');
    this.ensureStyle();
    const view = this.doc.defaultView;

    // 1. The items in view, marked at once.
    const firstItems = prep.first.filter((it) => kinds.has(it.kind));
    const firstMarks: HTMLElement[][] = firstItems.map(() => []);
    const specs = new Map(firstItems.map((it, j) => [itemSpec(it, j), j] as const));
    markSpans(container, article, [...specs.keys()], (el, spec, first) => {
      firstMarks[specs.get(spec)!].push(el);
      if (first) el.tabIndex = 0;
    });
    perfMark('pm-marked-first');
    try {
      onFirstMarks();
    } catch (e) {
      log('onHighlighted failed:', e);
    }
    let painted = false;
    if (prep.provisional) {
      // The container was a guess: after the paint, the full detection decides. Another container or no report
      // at all: the first marks are taken back and the run starts over on what the detection found.
      await afterPaint(view);
      painted = true;
      let det: Detection | null = null;
      try {
        det = await inSlices(detectReportSteps(this.doc), view);
      } catch (e) {
        log('detection failed:', e);
      }
      if (!det || !det.isReport || det.container !== container) {
        this.clear();
        if (!det || (!det.isReport && !force)) return 'nothing';
        return { again: prepare(this.doc, force, det) };
      }
      this.detection = det;
    }

    // 2. After that frame: the whole article's items (the prefix's marks are kept where the whole text agrees),
    //    the rest marked a short batch a frame (markSpans keeps the map of `article` fitting the DOM).
    let all = prep.first;
    if (!prep.complete) {
      if (!painted) await afterPaint(view);
      // One read of the whole article, after the first marks (they only wrap text: the text is the same).
      if (article.stale || article.partial) article = await this.read(container);
      all = [];
      try {
        all = await extractInSlices(article.text, view);
      } catch (e) {
        log('extract failed:', e);
      }
    }
    perfMark('pm-extracted');
    const extractedText = article.text;
    this.allItems = all;
    this.items = all.filter((it) => kinds.has(it.kind));
    const rest = this.keepFirstMarks(firstItems, firstMarks, article);
    if (article.stale) article = await this.read(container);
    this.article = article;
    this.lazy = article.text.length > LAZY_TEXT_LENGTH;
    this.pending = chunkSpecs(article, rest, MARK_CHUNK);
    await this.markPending();
    if (!container.isConnected || this.container !== container || !this.article) return 'nothing';
    if (this.pending.length) this.follow();
    perfMark('pm-marked');
    if (this.article.text !== extractedText) log('article text changed after marking');
    return 'marked';
  }

  /**
   * Puts pending marks in, one short batch (MARK_SLICE_MS) a frame so the page's own tasks and its layout run
   * between, the chunks nearest the reader first (they may scroll meanwhile): all of them, or in a long article
   * those within LAZY_VIEWPORTS of the viewport.
   */
  private async markPending(): Promise<void> {
    const container = this.container;
    const view = this.doc.defaultView;
    while (this.pending.length) {
      await afterPaint(view);
      if (!container?.isConnected || this.container !== container || !this.article) return;
      // Positions are read before this frame's marks go in (the layout is still clean: no forced layout).
      const vh = view?.innerHeight ?? 0;
      const pos = textOffsetBelow(this.article, 0);
      const lo = this.lazy ? textOffsetBelow(this.article, -LAZY_VIEWPORTS * vh) : -Infinity;
      const hi = this.lazy ? textOffsetBelow(this.article, (LAZY_VIEWPORTS + 1) * vh) : Infinity;
      for (const until = performance.now() + MARK_SLICE_MS; ; ) {
        const at = nearChunk(this.pending, pos, lo, hi);
        if (at < 0) return;
        if (!(await this.markChunk(at))) return;
        if (!this.pending.length || performance.now() >= until) break;
      }
    }
  }

  /** Marks pending chunk `at` (reading the article again first if the page changed it); false when the run ended. */
  private async markChunk(at: number): Promise<boolean> {
    const container = this.container;
    const [chunk] = this.pending.splice(at, 1);
    if (!container || !this.article) return false;
    if (this.article.stale || !mapIsFresh(container, this.article, chunk)) {
      const article = await this.read(container);
      if (this.container !== container) return false;
      this.article = article;
    }
    markSpans(container, this.article, chunk, focusFirst);
    return true;
  }

  /** In a long article: marks the items around the viewport whenever the reader scrolls (or resizes). */
  private follow(): void {
    const view = this.doc.defaultView;
    if (!view) return;
    let busy = false;
    const onMove = () => {
      if (busy || !this.pending.length) return;
      busy = true;
      void this.markPending()
        .catch((e) => log('marking failed:', e))
        .finally(() => {
          busy = false;
        });
    };
    view.addEventListener('scroll', onMove, { passive: true });
    view.addEventListener('resize', onMove, { passive: true });
    this.stopFollowing = () => {
      view.removeEventListener('scroll', onMove);
      view.removeEventListener('resize', onMove);
    };
  }

  /** Marks item `index` now if it is still pending (a long article, away from the reader). */
  private ensureMarked(index: number): void {
    const container = this.container;
    if (!this.pending.length || !container || !this.article) return;
    const key = String(index);
    const at = this.pending.findIndex((c) => c.some((spec) => spec.attrs['data-pm-index'] === key));
    if (at < 0) return;
    const [chunk] = this.pending.splice(at, 1);
    if (this.article.stale || !mapIsFresh(container, this.article, chunk)) this.article = articleText(container, PAGE_TEXT_OPTIONS);
    markSpans(container, this.article, chunk, focusFirst);
  }

  /** The article text of `container` read a slice at a time (a long article's walk is a long task otherwise). */
  private read(container: Element): Promise<ArticleText> {
    return inSlices(articleTextSteps(container, PAGE_TEXT_OPTIONS), this.doc.defaultView);
  }

  /**
   * The first marks of the items the whole text finds too get their index in `items`; those it reads
   * differently (an item cut by the prefix) are taken back. Returns the specs of the items still to mark.
   */
  private keepFirstMarks(firstItems: Item[], firstMarks: HTMLElement[][], article: ArticleText): MarkSpec[] {
    const byStart = new Map<number, number[]>();
    firstItems.forEach((it, j) => byStart.set(it.start, [...(byStart.get(it.start) ?? []), j]));
    const kept = new Set<number>();
    const rest: MarkSpec[] = [];
    this.items.forEach((it, i) => {
      const j = byStart.get(it.start)?.find((k) => !kept.has(k) && firstItems[k].end === it.end && firstItems[k].kind === it.kind);
      if (j === undefined) return void rest.push(itemSpec(it, i));
      kept.add(j);
      for (const el of firstMarks[j]) el.setAttribute('data-pm-index', String(i));
    });
    const dropped = firstMarks.filter((_, j) => !kept.has(j)).flat();
    if (dropped.length) {
      unwrapMarks(dropped); // merges text nodes back: the map no longer fits
      article.stale = true;
    }
    return rest;
  }

  /** Reads the article again after a change to the DOM (saved marks put on or taken off). */
  reread(): ArticleText | null {
    if (!this.container) return null;
    this.article = articleText(this.container, PAGE_TEXT_OPTIONS);
    return this.article;
  }

  /** Removes every mark (idempotent). */
  clear(): void {
    this.stopFollowing?.();
    this.stopFollowing = null;
    this.pending = [];
    this.lazy = false;
    if (this.container) {
      unmarkAll(this.container);
      this.container.removeAttribute(CONTAINER_ATTR);
    }
    this.doc.querySelectorAll(`[${CONTAINER_ATTR}]`).forEach((el) => {
      unmarkAll(el);
      el.removeAttribute(CONTAINER_ATTR);
    });
    this.items = [];
    this.allItems = [];
    this.article = null;
    this.container = null;
  }

  /** The Pledgemark mark (item or saved annotation) at or around an event target, inside the article. */
  markOf(t: EventTarget | null): HTMLElement | null {
    if (!t || !(t as Element).closest || !this.container) return null;
    const m = (t as Element).closest<HTMLElement>(`mark.${MARK_CLASS}, mark.${SAVED_CLASS}`);
    return m && this.container.contains(m) ? m : null;
  }

  /** The item a mark belongs to (through data-pm-index), if any. */
  itemOf(mark: HTMLElement): Item | null {
    const el = mark.closest('mark[data-pm-index]');
    const idx = el ? Number(el.getAttribute('data-pm-index')) : NaN;
    return Number.isInteger(idx) ? this.items[idx] ?? null : null;
  }

  /** Scrolls to the n-th item and flashes its marks; false when there is no such item on the page. */
  scrollTo(index: number): boolean {
    if (!this.container) return false;
    this.ensureMarked(index);
    const all = this.container.querySelectorAll<HTMLElement>(`mark[data-pm-index="${index}"]`);
    const mark = all[0];
    if (!mark) return false;
    mark.scrollIntoView({ block: 'center', behavior: 'smooth' });
    all.forEach((m) => m.classList.add('pm-flash'));
    setTimeout(() => all.forEach((m) => m.classList.remove('pm-flash')), 1600);
    try {
      mark.focus({ preventScroll: true });
    } catch {
      // ignore
    }
    return true;
  }

  /** Takes the marks of `kinds` out of view (or back): one rule per kind, not a class on every mark. */
  setHidden(kinds: ReadonlySet<ItemKind>): void {
    let style = this.doc.getElementById(HIDDEN_STYLE_ID);
    if (!style) {
      style = this.doc.createElement('style');
      style.id = HIDDEN_STYLE_ID;
      (this.doc.head ?? this.doc.documentElement).appendChild(style);
    }
    style.textContent = hiddenKindsCss(kinds);
  }

  /**
   * The first mark of the next (dir 1) or previous (dir -1) item of `kind` from `from` (a mark), else from the
   * viewport's middle; null when there is none that way.
   */
  nextOf(kind: ItemKind, dir: 1 | -1, from: HTMLElement | null): HTMLElement | null {
    if (!this.container) return null;
    const firsts: HTMLElement[] = [];
    const seen = new Set<string>();
    this.container.querySelectorAll<HTMLElement>(`mark.${MARK_CLASS}.pm-kind-${kind}[data-pm-index]`).forEach((m) => {
      const i = m.getAttribute('data-pm-index')!;
      if (!seen.has(i)) {
        seen.add(i);
        firsts.push(m);
      }
    });
    const at = from ? this.itemOf(from) : null;
    if (at) {
      const idx = this.items.indexOf(at);
      const pick = dir > 0 ? firsts.find((m) => Number(m.dataset.pmIndex) > idx) : [...firsts].reverse().find((m) => Number(m.dataset.pmIndex) < idx);
      return pick ?? this.nextPending(kind, dir, dir > 0 ? at.end : at.start);
    }
    const mid = (this.doc.defaultView?.innerHeight ?? 0) / 2;
    const top = (m: HTMLElement) => m.getBoundingClientRect().top;
    const pick = dir > 0 ? firsts.find((m) => top(m) > mid + 1) : [...firsts].reverse().find((m) => top(m) < mid - 1);
    return pick ?? (this.article && this.pending.length ? this.nextPending(kind, dir, textOffsetBelow(this.article, mid)) : null);
  }

  /**
   * In a long article, the next item of `kind` past article offset `pos` that is not marked yet (beyond the marks
   * around the reader): marked now; its first mark, or null.
   */
  private nextPending(kind: ItemKind, dir: 1 | -1, pos: number): HTMLElement | null {
    if (!this.pending.length || !this.container) return null;
    const marked = (i: number) => this.container!.querySelector<HTMLElement>(`mark.${MARK_CLASS}[data-pm-index="${i}"]`);
    const n = this.items.length;
    for (let i = dir > 0 ? 0 : n - 1; i >= 0 && i < n; i += dir) {
      const it = this.items[i];
      if (it.kind !== kind || (dir > 0 ? it.start < pos : it.end > pos)) continue;
      this.ensureMarked(i);
      const m = marked(i);
      if (m) return m;
    }
    return null;
  }

  private ensureStyle(): void {
    if (this.doc.getElementById(STYLE_ID)) return;
    const style = this.doc.createElement('style');
    style.id = STYLE_ID;
    style.textContent = pageCss();
    (this.doc.head ?? this.doc.documentElement).appendChild(style);
  }
}

/** How an item is marked: its kind's class, its kind and its index in the run's `items`. */
function itemSpec(it: Item, i: number): MarkSpec {
  return { start: it.start, end: it.end, className: `${MARK_CLASS} pm-kind-${it.kind}`, attrs: { 'data-pm-kind': it.kind, 'data-pm-index': String(i) } };
}

/** Sets the first piece of each item keyboard-focusable, so focus shows the tooltip (saved.ts does the saved marks). */
function focusFirst(el: HTMLElement, _spec: MarkSpec, first: boolean): void {
  if (first) el.tabIndex = 0;
}

/**
 * Of chunks sorted by start, the one to mark next from article offset `pos` (where the reader is): the one
 * holding or following `pos`, else the one before; -1 when neither reaches into [lo, hi).
 */
export function nearChunk(chunks: MarkSpec[][], pos: number, lo: number, hi: number): number {
  let a = 0;
  let b = chunks.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    const c = chunks[mid];
    if (c[c.length - 1].end <= pos) a = mid + 1;
    else b = mid;
  }
  const near = (i: number) => i >= 0 && i < chunks.length && chunks[i][0].start < hi && chunks[i][chunks[i].length - 1].end > lo;
  return near(a) ? a : near(a - 1) ? a - 1 : -1;
}
