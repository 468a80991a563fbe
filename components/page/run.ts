/**
 * The run: detect, extract and mark the items of the article, first those in view, then the rest in idle
 * time. The run owns the item marks and the article text: `article` is always the text and offset map of
 * the DOM as it is now — read once after each change Pledgemark makes (the marks split text nodes), and
 * handed to whoever needs offsets (saved annotations, the selection, the editor).
 */
import { detectReport, type Detection } from '../../lib/article/detect';
import { articleText, type ArticleText } from '../../lib/article/text';
import type { Item, ItemKind } from '../../lib/schema/item';
import { log } from '../../lib/util/log';
import { MARK_CHUNK, PAGE_TEXT_OPTIONS, afterPaint, extractInSlices, idle, perfMark, prepare, type Prepared } from './firstPaint';
import { MARK_CLASS, SAVED_CLASS, chunkSpecs, mapIsFresh, markSpans, unmarkAll, unwrapMarks, type MarkSpec } from './highlight';
import { hiddenKindsCss, pageCss } from './styles';

const STYLE_ID = 'pledgemark-style';
const HIDDEN_STYLE_ID = 'pledgemark-hidden';
/** Set on the article container while it holds Pledgemark's marks. */
export const CONTAINER_ATTR = 'data-pm-article';

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
    markSpans(container, article, [...specs.keys()], (el, spec) => firstMarks[specs.get(spec)!].push(el));
    /** The marks split text nodes: the map of `article` no longer fits the DOM. */
    let stale = firstItems.length > 0;
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
        det = detectReport(this.doc);
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
    //    the rest marked in idle chunks.
    let all = prep.first;
    if (!prep.complete) {
      if (!painted) await afterPaint(view);
      // One read of the whole article, after the first marks (they only wrap text: the text is the same).
      if (stale || article.partial) article = articleText(container, PAGE_TEXT_OPTIONS);
      stale = false;
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
    const rest = this.keepFirstMarks(firstItems, firstMarks);
    if (rest.length) {
      if (stale) article = articleText(container, PAGE_TEXT_OPTIONS);
      // As many chunks per idle period as fit (the page's own work comes first).
      let left: () => number = () => 0;
      for (const chunk of chunkSpecs(article, rest, MARK_CHUNK)) {
        if (left() < 4) left = await idle(view);
        if (!container.isConnected) return 'nothing';
        if (!mapIsFresh(container, article, chunk)) article = articleText(container, PAGE_TEXT_OPTIONS);
        markSpans(container, article, chunk);
      }
      stale = true;
    }
    perfMark('pm-marked');
    this.article = stale ? articleText(container, PAGE_TEXT_OPTIONS) : article;
    if (this.article.text !== extractedText) log('article text changed after marking');
    makeFocusable(container);
    return 'marked';
  }

  /**
   * The first marks of the items the whole text finds too get their index in `items`; those it reads
   * differently (an item cut by the prefix) are taken back. Returns the specs of the items still to mark.
   */
  private keepFirstMarks(firstItems: Item[], firstMarks: HTMLElement[][]): MarkSpec[] {
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
    if (dropped.length) unwrapMarks(dropped);
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
      return pick ?? null;
    }
    const mid = (this.doc.defaultView?.innerHeight ?? 0) / 2;
    const top = (m: HTMLElement) => m.getBoundingClientRect().top;
    return (dir > 0 ? firsts.find((m) => top(m) > mid + 1) : [...firsts].reverse().find((m) => top(m) < mid - 1)) ?? null;
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

/** The first piece of each item is keyboard-focusable, so focus shows the tooltip (saved.ts does the saved marks). */
export function makeFocusable(container: Element): void {
  const seen = new Set<string>();
  container.querySelectorAll<HTMLElement>(`mark.${MARK_CLASS}[data-pm-index]`).forEach((m) => {
    const key = m.getAttribute('data-pm-index')!;
    if (seen.has(key)) return;
    seen.add(key);
    m.tabIndex = 0;
  });
}
