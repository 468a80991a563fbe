/**
 * The page side of Pledgemark: detect the report, extract, highlight, tooltip/legend/editor, saved annotations,
 * and the answers to the popup's tab messages. Every entry point catches and logs: nothing is thrown into the page.
 */
import { detectReport, likelyContainer, type Detection } from '../../lib/article/detect';
import { articleText, type ArticleText, type ArticleTextOptions } from '../../lib/article/text';
import { offsetsToRange, selectionToOffsets, selectorsFor } from '../../lib/anchor/dom';
import { reanchor, prepareText, type ReanchorResult } from '../../lib/evidence/reanchor';
import { extract } from '../../lib/extract';
import { ItemKind, NULL_FIELDS, countByKind, fieldsOf, type Item } from '../../lib/schema/item';
import { normaliseUrl } from '../../lib/util/url';
import { log } from '../../lib/util/log';
import { firstIndexWhere } from '../../lib/util/search';
import type { Annotation, AnnotationKind, NewAnnotation } from '../../lib/schema/annotation';
import type { ItemFields } from '../../lib/schema/item';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/schema/settings';
import type { TabRequest, PageSummary } from '../../lib/messages/tab';
import type { AnchorReport } from '../../lib/schema/changes';
import type { Envelope, Request, ResponseFor } from '../../lib/messages/protocol';
import { mountPageUi, HOST_TAG, type MountedUi } from '../../components/page/mount';
import { pageCss } from '../../components/page/styles';
import type { Box, PageUiActions, PageUiState } from '../../components/page/types';
import { CHANGED_CLASS, MARK_CLASS, SAVED_CLASS, chunkSpecs, mapIsFresh, markSpans, refreshArticle, unmarkAll, unwrapMarks, type MarkSpec } from './highlight';

export type Send = <T extends Request>(req: T) => Promise<Envelope<ResponseFor<T['type']>>>;

const KINDS = ItemKind.options;
const STYLE_ID = 'pledgemark-style';
/** How long a page that is not (yet) a report is watched for content filled in by script. */
export const LATE_CONTENT_MS = 8000;
export const CONTAINER_ATTR = 'data-pm-article';

/** A User Timing mark for the page benchmark (bench/page.ts reads 'pm-*' entries); never throws. */
export function perfMark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    // no performance API
  }
}

export { log };

/** The sentence around [start, end) (split on 。！？； and line breaks), for a free selection's context. */
export function sentenceAround(text: string, start: number, end: number): string {
  const stop = /[。！？；!?;\n]/;
  let s = start;
  while (s > 0 && !stop.test(text[s - 1])) s--;
  let e = end;
  while (e < text.length && !stop.test(text[e])) e++;
  if (e < text.length && text[e] !== '\n') e++;
  return text.slice(s, e).trim();
}

/** The page URL an annotation belongs to (without the #fragment), normalised as the store keys it. */
export function pageUrl(loc: Location = location): string {
  return normaliseUrl(loc.href);
}

function boxOf(el: Element): Box {
  const r = el.getBoundingClientRect();
  return { top: r.top, left: r.left, bottom: r.bottom, right: r.right };
}

function computedHidden(el: Element): boolean {
  const view = el.ownerDocument.defaultView;
  if (!view) return false;
  const cs = view.getComputedStyle(el);
  return cs.display === 'none' || cs.visibility === 'hidden';
}

/** Characters extracted past the viewport's last visible text before the first paint. */
export const PREFIX_MARGIN = 200;
/** How far down the first paint reaches, in viewport heights (the rest is marked right after, in idle time). */
export const FIRST_PAINT_VIEWPORTS = 1.05;
/**
 * Article text read before the first paint: a screenful of a report is a few thousand characters, so the
 * rest of a long article is read after the first highlights are on screen (the whole text when the viewport
 * reaches past this).
 */
export const FIRST_TEXT_LENGTH = 8000;
/** Items per idle-time marking chunk. */
export const MARK_CHUNK = 40;

/** What start() makes ready while the settings are in flight (nothing in the page is changed). */
export interface Prepared {
  det: Detection;
  container: Element | null;
  article: ArticleText | null;
  /** Article-text offset of the end of the text in (or just below) the viewport. */
  visibleEnd: number;
  /** Items of the text up to visibleEnd (all items when `complete`). */
  first: Item[];
  /** `first` is the extraction of the whole article text. */
  complete: boolean;
  /** The container is a guess (a CMS container, likelyContainer): detectReport confirms it after the first paint. */
  provisional?: boolean;
}

/**
 * The article-text offset where the text below the viewport (FIRST_PAINT_VIEWPORTS viewport heights down) begins: a binary search
 * over the text segments by their element's top (one layout, no writes in between). No layout (jsdom): the end.
 */
export function viewportTextEnd(article: ArticleText, view: (Window & typeof globalThis) | null): number {
  const map = article.map;
  const vh = view?.innerHeight ?? 0;
  if (!map.length || !vh) return article.text.length;
  const limit = vh * FIRST_PAINT_VIEWPORTS;
  const topOf = (i: number): number => {
    const el = map[i].node.parentElement;
    if (!el) return 0;
    const r = el.getBoundingClientRect();
    return r.height === 0 && r.width === 0 ? -Infinity : r.top;
  };
  const lo = firstIndexWhere(map.length, (i) => topOf(i) > limit);
  return lo >= map.length ? article.text.length : map[lo].start;
}

/** Every node of the map is still in the document (the page did not replace the article meanwhile). */
function mapIsLive(article: ArticleText): boolean {
  const n = article.map.length;
  if (!n) return true;
  for (const i of [0, n >> 1, n - 1]) if (!article.map[i].node.isConnected) return false;
  return true;
}

/** Resolves after the next frame was painted (or soon, when frames do not run: a hidden tab, jsdom). */
export function afterPaint(view: (Window & typeof globalThis) | null): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve();
    };
    setTimeout(finish, 100);
    try {
      if (view && typeof view.requestAnimationFrame === 'function') view.requestAnimationFrame(() => setTimeout(finish, 0));
      else setTimeout(finish, 0);
    } catch {
      setTimeout(finish, 0);
    }
  });
}

/** Resolves in idle time (requestIdleCallback with a short timeout, or a macrotask) with the ms left in it. */
export function idle(view: (Window & typeof globalThis) | null): Promise<() => number> {
  return new Promise((resolve) => {
    try {
      type Deadline = { timeRemaining(): number };
      const ric = (view as unknown as { requestIdleCallback?: (cb: (d: Deadline) => void, o?: { timeout: number }) => number })?.requestIdleCallback;
      if (typeof ric === 'function') {
        ric.call(view, (d) => resolve(() => d.timeRemaining()), { timeout: 50 });
        return;
      }
    } catch {
      // fall through
    }
    const until = Date.now() + 8;
    setTimeout(() => resolve(() => until - Date.now()), 0);
  });
}

export interface PageOptions {
  /** Save only on the reader's own (isTrusted) input events. Default true; jsdom tests turn it off. */
  requireTrustedInput?: boolean;
}

interface Target {
  kind: AnnotationKind;
  start: number;
  end: number;
  fields: ItemFields;
  context: string;
  existing: Annotation | null;
}

export class PageController {
  detection: Detection | null = null;
  container: Element | null = null;
  article: ArticleText | null = null;
  items: Item[] = [];
  /** Every item extract() found (before the kinds setting filters them): what a snapshot stores. */
  allItems: Item[] = [];
  saved: Annotation[] = [];
  /** Where each saved annotation was found (same order as `saved`; null when not found). */
  savedSpans: ({ start: number; end: number } | null)[] = [];
  /** How each saved annotation re-anchored on the page now (same order as `saved`). */
  anchorResults: ReanchorResult[] = [];
  /** snapshot/save stored a new version of this page's text after an earlier one (the page changed). */
  pageChanged = false;
  settings: Settings = DEFAULT_SETTINGS;
  /** Where the settings came from (the content script's entry sets it; read by the e2e test). */
  settingsFrom: 'prefetch' | 'storage' | 'background' | 'defaults' = 'defaults';
  ran = false;
  /** Called once the item highlights are in the DOM (the content script marks 'pm-painted' after a frame). */
  onHighlighted: (() => void) | null = null;
  private ui: MountedUi | null = null;
  private state: PageUiState = { legend: null, tooltip: null, editor: null, status: null };
  private target: Target | null = null;
  private pendingEditor: ((saved: boolean) => void) | null = null;
  private textOpts: ArticleTextOptions = { isHidden: computedHidden };
  private listening = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly doc: Document,
    private readonly send: Send,
    private readonly options: PageOptions = {},
  ) {}

  /** The UI's (closed) shadow root, for tests. */
  get uiRoot(): ShadowRoot | null {
    return this.ui?.root ?? null;
  }

  /**
   * Auto start. The settings message is sent first; while it is in flight everything is made ready without
   * touching the page (detection, article text, the extraction of the part of the article in or near the
   * viewport). Nothing is marked until the settings say auto-highlight is on; then the viewport's items are
   * marked at once (first paint), and the rest of the work (the full extraction, the other marks, the UI)
   * follows in idle time.
   */
  async start(): Promise<void> {
    const asked = this.send({ type: 'settings/get' });
    perfMark('pm-asked');
    let prep: Prepared | null = null;
    try {
      prep = this.prepareProvisional() ?? this.prepare(false);
    } catch (e) {
      log('preparation failed:', e);
    }
    perfMark('pm-prepared');
    try {
      const env = await asked;
      if (env.ok) this.settings = env.data;
      else log('settings/get failed, using defaults:', env.error);
    } catch (e) {
      log('settings/get failed, using defaults:', e);
    }
    perfMark('pm-settings');
    const host = this.doc.location?.hostname ?? '';
    if (this.settings.disabledSites.includes(host)) return;
    if (!this.settings.autoHighlight) return;
    await this.run(false, prep ?? undefined);
    if (!this.ran) this.watchForLateContent();
  }

  /**
   * Detection, article text, and the items of the text up to a little past the viewport (extracted on that
   * prefix: the cold first extract() of a whole report is the slowest step, and the reader sees only the
   * top). Reads layout once (a binary search of text positions); changes nothing in the page.
   */
  prepare(force: boolean, detection?: Detection): Prepared | null {
    const det = detection && (!detection.container || detection.container.isConnected) ? detection : detectReport(this.doc);
    perfMark('pm-detected');
    if (!det.isReport && !force) return { det, container: null, article: null, visibleEnd: 0, first: [], complete: false };
    const container = det.container ?? this.doc.body;
    if (!container) return { det, container: null, article: null, visibleEnd: 0, first: [], complete: false };
    let article = articleText(container, { ...this.textOpts, maxLength: FIRST_TEXT_LENGTH });
    perfMark('pm-text');
    let visibleEnd = viewportTextEnd(article, this.doc.defaultView);
    if (article.partial && visibleEnd + PREFIX_MARGIN >= article.text.length) {
      // The viewport reaches past what was read (a tall window, a short article): read it all.
      article = articleText(container, this.textOpts);
      visibleEnd = viewportTextEnd(article, this.doc.defaultView);
    }
    const text = article.text;
    // A margin past the viewport, to the end of a line, so the items in view are extracted with their sentences.
    let cut = Math.min(text.length, visibleEnd + PREFIX_MARGIN);
    const nl = text.indexOf('\n', cut);
    cut = nl < 0 ? text.length : nl;
    const complete = !article.partial && cut >= text.length * 0.8;
    let first: Item[] = [];
    try {
      first = extract(complete ? text : text.slice(0, cut));
    } catch (e) {
      log('extract failed:', e);
    }
    if (!complete) first = first.filter((it) => it.end <= visibleEnd);
    perfMark('pm-extracted-first');
    return { det, container, article, visibleEnd, first, complete };
  }

  /**
   * The preparation on a likely CMS container (likelyContainer), without the full detection: the first
   * highlights come sooner, and runNow checks the container against detectReport right after they are painted.
   */
  prepareProvisional(): Prepared | null {
    const el = likelyContainer(this.doc);
    if (!el) return null;
    const prep = this.prepare(false, { isReport: true, container: el, title: '', reason: 'provisional: a CMS article container' });
    return prep && prep.container ? { ...prep, provisional: true } : null;
  }

  /**
   * Some bureau sites fill the article in by script after load: watch the DOM for a while and detect again
   * (debounced) — once it is a report, run and stop watching. Our own marks/UI never trigger it.
   */
  watchForLateContent(windowMs = LATE_CONTENT_MS, debounceMs = 400): void {
    const view = this.doc.defaultView;
    if (!view || typeof view.MutationObserver !== 'function' || !this.doc.body) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const observer = new view.MutationObserver((records) => {
      const foreign = records.some((r) => !(r.target instanceof view.Element && r.target.closest(HOST_TAG)));
      if (!foreign || this.ran) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        try {
          if (this.ran) return stop();
          if (detectReport(this.doc).isReport) {
            stop();
            void this.run(false);
          }
        } catch (e) {
          log('late detection failed:', e);
        }
      }, debounceMs);
    });
    const stop = () => {
      observer.disconnect();
      if (timer) clearTimeout(timer);
      clearTimeout(deadline);
    };
    const deadline = setTimeout(stop, windowMs);
    observer.observe(this.doc.body, { childList: true, subtree: true, characterData: true });
    this.stopWatching = stop;
  }
  stopWatching: (() => void) | null = null;

  /** Detects, extracts and highlights. `force` runs on the best container (or <body>) even when not a report. */
  run(force: boolean, prepared?: Prepared): Promise<void> {
    const job = (this.running ?? Promise.resolve()).then(() => this.runNow(force, prepared)).catch((e) => log('run failed:', e));
    this.running = job;
    return job;
  }

  private async runNow(force: boolean, prepared?: Prepared): Promise<void> {
    this.stopWatching?.();
    this.clear();
    // A preparation made before this run is only reused while its container (and text) are still in the page.
    let prep = prepared && (!prepared.container || prepared.container.isConnected) && (prepared.det.isReport || force) === !!prepared.container ? prepared : null;
    if (prep && prep.container && prep.article && !mapIsLive(prep.article)) prep = null;
    prep ??= this.prepare(force);
    if (!prep) return;
    this.detection = prep.det;
    const container = prep.container;
    let before = prep.article;
    if (!container || !before) return;
    this.container = container;
    container.setAttribute(CONTAINER_ATTR, '');
    this.ensureStyle();
    const kinds = new Set(this.settings.kinds);
    const specOf = (it: Item, i: number): MarkSpec => ({
      start: it.start,
      end: it.end,
      className: `${MARK_CLASS} pm-kind-${it.kind}`,
      attrs: { 'data-pm-kind': it.kind, 'data-pm-index': String(i) },
    });

    // 1. The items in view, marked at once.
    const firstItems = prep.first.filter((it) => kinds.has(it.kind));
    const firstMarks = new Map<string, HTMLElement[]>();
    markSpans(
      container,
      before,
      firstItems.map(specOf),
      (el, spec) => {
        const k = `${spec.start}:${spec.end}:${spec.attrs['data-pm-kind']}`;
        const list = firstMarks.get(k);
        if (list) list.push(el);
        else firstMarks.set(k, [el]);
      },
    );
    perfMark('pm-marked-first');
    try {
      this.onHighlighted?.();
    } catch (e) {
      log('onHighlighted failed:', e);
    }
    let painted = false;
    if (prep.provisional) {
      // The container was a guess: after the paint, the full detection decides. Another container or no report
      // at all: the first marks are taken back and the run starts over on what the detection found.
      await afterPaint(this.doc.defaultView);
      painted = true;
      let det: Detection | null = null;
      try {
        det = detectReport(this.doc);
      } catch (e) {
        log('detection failed:', e);
      }
      if (!det || !det.isReport || det.container !== container) {
        this.clear();
        if (!det || (!det.isReport && !force)) return;
        return this.runNow(force, this.prepare(force, det) ?? undefined);
      }
      this.detection = det;
    }

    // 2. After that frame: the whole article's items (the prefix's are checked against them), the rest marked
    //    in idle chunks, then the UI.
    let all: Item[];
    if (prep.complete) {
      all = prep.first;
    } else {
      if (!painted) await afterPaint(this.doc.defaultView);
      // Read the rest of a long article now (same text with the first marks in: they only wrap text).
      if (before.partial) before = articleText(container, this.textOpts);
      all = [];
      try {
        all = extract(before.text);
      } catch (e) {
        log('extract failed:', e);
      }
    }
    perfMark('pm-extracted');
    this.allItems = all;
    this.items = all.filter((it) => kinds.has(it.kind));
    const rest: MarkSpec[] = [];
    this.items.forEach((it, i) => {
      const k = `${it.start}:${it.end}:${it.kind}`;
      const els = firstMarks.get(k);
      if (els) {
        for (const el of els) el.setAttribute('data-pm-index', String(i));
        firstMarks.delete(k);
      } else rest.push(specOf(it, i));
    });
    // Whatever the prefix got wrong (an item the whole text reads differently) is taken back.
    if (firstMarks.size) unwrapMarks([...firstMarks.values()].flat());
    if (rest.length) {
      let map = firstItems.length ? articleText(container, this.textOpts) : before;
      // As many chunks per idle period as fit (the page's own work comes first).
      let left: () => number = () => 0;
      for (const chunk of chunkSpecs(map, rest, MARK_CHUNK)) {
        if (left() < 4) left = await idle(this.doc.defaultView);
        if (!container.isConnected) return;
        if (!mapIsFresh(container, map, chunk)) map = articleText(container, this.textOpts);
        markSpans(container, map, chunk);
      }
    }
    perfMark('pm-marked');
    this.article = refreshArticle(container, before, this.textOpts);
    this.makeFocusable();
    this.listen();
    this.ran = true;
    this.mountUi();
    this.render();
    const view = this.doc.defaultView;
    void afterPaint(view).then(() => perfMark('pm-done'));
    await this.loadSaved();
  }

  /** Removes every mark and the UI state (idempotent). */
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
    this.saved = [];
    this.savedSpans = [];
    this.anchorResults = [];
    this.pageChanged = false;
    this.article = null;
    this.container = null;
    this.state = { legend: null, tooltip: null, editor: null, status: null };
    this.render();
  }

  private ensureStyle(): void {
    if (this.doc.getElementById(STYLE_ID)) return;
    const style = this.doc.createElement('style');
    style.id = STYLE_ID;
    style.textContent = pageCss();
    (this.doc.head ?? this.doc.documentElement).appendChild(style);
  }

  /** The first piece of each item (and saved annotation) is keyboard-focusable, so focus shows the tooltip. */
  private makeFocusable(): void {
    if (!this.container) return;
    const seen = new Set<string>();
    this.container.querySelectorAll<HTMLElement>(`mark.${MARK_CLASS}, mark.${SAVED_CLASS}`).forEach((m) => {
      const key = m.getAttribute('data-pm-saved') ? `s${m.getAttribute('data-pm-saved')}` : `i${m.getAttribute('data-pm-index')}`;
      if (seen.has(key)) return;
      seen.add(key);
      m.tabIndex = 0;
    });
  }

  async loadSaved(): Promise<void> {
    if (!this.container || !this.article) return;
    let list: Annotation[] = [];
    try {
      const env = await this.send({ type: 'annotation/forPage', url: pageUrl(this.doc.location) });
      if (!env.ok) {
        log('annotation/forPage failed:', env.error);
        return;
      }
      list = env.data;
    } catch (e) {
      log('annotation/forPage failed:', e);
      return;
    }
    this.showSaved(list);
    if (list.length) await this.saveSnapshot(false);
  }

  /** What a snapshot of this page stores: the article text and every item extracted from it. */
  snapshotPayload(): { title: string; text: string; items: Item[] } | null {
    if (!this.article) return null;
    return { title: this.detection?.title || this.doc.title || (this.doc.location?.hostname ?? ''), text: this.article.text, items: this.allItems };
  }

  /**
   * Sends the page's text to be kept as a snapshot version (the background stores it only when it differs from
   * the latest one, and — unless `force` — only for a page with annotations). A new version after an earlier
   * one means the page changed since it was last seen.
   */
  async saveSnapshot(force: boolean): Promise<void> {
    const payload = this.snapshotPayload();
    if (!payload) return;
    try {
      const env = await this.send({ type: 'snapshot/save', url: pageUrl(this.doc.location), ...payload, ...(force ? { force: true } : {}) });
      if (!env.ok) {
        log('snapshot/save failed:', env.error);
        return;
      }
      if (env.data.stored && env.data.previousVersion !== null) this.pageChanged = true;
      this.render();
    } catch (e) {
      log('snapshot/save failed:', e);
    }
  }

  /** Marks saved annotations (replacing earlier saved marks). */
  showSaved(list: Annotation[]): void {
    const container = this.container;
    const article = this.article;
    if (!container || !article) return;
    // Remove earlier saved marks only.
    container.querySelectorAll(`mark.${SAVED_CLASS}`).forEach((m) => {
      const parent = m.parentNode;
      if (!parent) return;
      while (m.firstChild) parent.insertBefore(m.firstChild, m);
      parent.removeChild(m);
      (parent as Element).normalize?.();
    });
    const fresh = articleText(container, this.textOpts);
    this.saved = list;
    // Position → quote → fuzzy (lib/evidence/reanchor): anchored, changed (a number or the wording at the same
    // place differs) or orphaned. A malformed record is orphaned, never thrown into the page.
    const prepared = prepareText(fresh.text);
    this.anchorResults = list.map((a) => {
      try {
        return reanchor(a, prepared);
      } catch (e) {
        log('re-anchoring failed:', e);
        return { status: 'orphaned', method: null, oldText: a.quote?.exact ?? '' } satisfies ReanchorResult;
      }
    });
    this.savedSpans = this.anchorResults.map((r) =>
      r.status !== 'orphaned' && r.start !== undefined && r.end !== undefined && r.end > r.start ? { start: r.start, end: r.end } : null,
    );
    const specs: MarkSpec[] = [];
    list.forEach((a, i) => {
      const span = this.savedSpans[i];
      if (!span) return;
      const changed = this.anchorResults[i].status === 'changed';
      specs.push({
        ...span,
        className: changed ? `${SAVED_CLASS} ${CHANGED_CLASS}` : SAVED_CLASS,
        attrs: { 'data-pm-saved': a.id, 'data-pm-saved-kind': a.kind, ...(changed ? { 'data-pm-changed': '' } : {}) },
      });
    });
    markSpans(container, fresh, specs);
    this.article = refreshArticle(container, fresh, this.textOpts);
    this.makeFocusable();
    this.render();
  }

  summary(): PageSummary {
    const counts = countByKind(this.items);
    return {
      url: pageUrl(this.doc.location),
      title: this.detection?.title || this.doc.title,
      detected: this.ran,
      counts,
      items: this.items,
      anchors: this.anchorReports(),
      pageChanged: this.pageChanged,
    };
  }

  /** Each saved annotation of the page as re-anchored now (for page/summary and the popup). */
  anchorReports(): AnchorReport[] {
    return this.saved.map((a, i) => {
      const r = this.anchorResults[i] ?? { status: 'orphaned', method: null, oldText: a.quote.exact };
      return {
        id: a.id,
        status: r.status,
        method: r.method,
        oldText: r.oldText,
        newText: r.status === 'orphaned' ? null : r.newText ?? null,
      };
    });
  }

  // ---- UI ----

  private actions: PageUiActions = {
    toggleLegend: () => {
      if (this.state.legend) this.state.legend = { ...this.state.legend, collapsed: !this.state.legend.collapsed };
      this.render();
    },
    closeLegend: () => {
      this.legendClosed = true;
      this.state.legend = null;
      this.render();
    },
    save: (note, tags, trusted) => {
      // Only the reader saves: a synthetic event from a page script is ignored.
      if (this.options.requireTrustedInput !== false && !trusted) return;
      void this.save(note, tags);
    },
    cancel: () => this.closeEditor(false),
  };

  private mountUi(): void {
    if (this.ui && this.ui.host.isConnected) return;
    this.ui = mountPageUi(this.doc, this.actions);
  }

  private render(): void {
    if (!this.ui) return;
    if (this.ran && this.container) {
      const counts = countByKind(this.items);
      const collapsed = this.state.legend?.collapsed ?? false;
      const found = this.savedSpans.filter(Boolean).length;
      const changed = this.anchorResults.filter((r) => r.status === 'changed').length;
      if (!this.legendClosed)
        this.state.legend = { counts, saved: found, changed, missing: this.saved.length - found, pageChanged: this.pageChanged, collapsed };
    }
    try {
      this.ui.update({ ...this.state });
    } catch (e) {
      log('render failed:', e);
    }
  }
  private legendClosed = false;
  private editorSerial = 0;
  private returnFocus: HTMLElement | null = null;

  /** Event delegation on the document (capture), so page handlers stay untouched unless a mark is hit. */
  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    const guard =
      <E extends Event>(fn: (e: E) => void) =>
      (e: E) => {
        try {
          fn(e);
        } catch (err) {
          log('handler failed:', err);
        }
      };
    this.doc.addEventListener('mouseover', guard((e: MouseEvent) => this.onHover(e.target)), true);
    this.doc.addEventListener('focusin', guard((e: FocusEvent) => this.onHover(e.target)), true);
    this.doc.addEventListener(
      'mouseout',
      guard((e: MouseEvent) => {
        const to = e.relatedTarget as Element | null;
        if (!to || !this.markOf(to)) this.hideTooltip();
      }),
      true,
    );
    this.doc.addEventListener('focusout', guard(() => this.hideTooltip()), true);
    this.doc.addEventListener('click', guard((e: MouseEvent) => this.onClick(e)), true);
    this.doc.addEventListener(
      'keydown',
      guard((e: KeyboardEvent) => {
        if (e.altKey && e.shiftKey && (e.key === 'S' || e.key === 's' || e.code === 'KeyS')) {
          const r = this.editSelection();
          if (r.saved !== false || r.reason !== 'no selection') e.preventDefault();
        } else if ((e.key === 'Enter' || e.key === ' ') && this.markOf(e.target as Element)) {
          e.preventDefault();
          this.openEditorFor(this.markOf(e.target as Element)!);
        } else if (e.key === 'Escape' && this.state.tooltip) {
          this.hideTooltip();
        }
      }),
      true,
    );
  }

  private markOf(t: EventTarget | null): HTMLElement | null {
    if (!t || !(t as Element).closest || !this.container) return null;
    const m = (t as Element).closest<HTMLElement>(`mark.${MARK_CLASS}, mark.${SAVED_CLASS}`);
    return m && this.container.contains(m) ? m : null;
  }

  private savedOf(mark: HTMLElement): Annotation | null {
    const el = mark.closest('mark[data-pm-saved]') ?? mark.querySelector('mark[data-pm-saved]');
    const id = el?.getAttribute('data-pm-saved');
    if (id) return this.saved.find((a) => a.id === id) ?? null;
    // An item mark inside/around a saved one at the same place.
    const it = this.itemOf(mark);
    if (!it) return null;
    const i = this.savedSpans.findIndex((s) => s && s.start === it.start && s.end === it.end);
    return i >= 0 ? this.saved[i] : null;
  }

  private itemOf(mark: HTMLElement): Item | null {
    const el = mark.closest('mark[data-pm-index]');
    const idx = el ? Number(el.getAttribute('data-pm-index')) : NaN;
    return Number.isInteger(idx) ? this.items[idx] ?? null : null;
  }

  private onHover(t: EventTarget | null): void {
    const mark = this.markOf(t);
    if (!mark) return;
    const item = this.itemOf(mark);
    const saved = this.savedOf(mark);
    if (!item && !saved) return;
    this.state.tooltip = {
      kind: item?.kind ?? saved!.kind,
      text: item?.text ?? saved!.quote.exact,
      fields: item ? fieldsOf(item) : saved!.fields,
      approximate: item?.approximate,
      saved: saved ? { note: saved.note, tags: saved.tags } : null,
      changed: saved ? this.changeOf(saved) : null,
      box: boxOf(mark),
    };
    this.render();
  }

  /** For a saved annotation whose text changed here: what was saved and what the page says now. */
  private changeOf(a: Annotation): { saved: string; now: string } | null {
    const r = this.anchorResults[this.saved.indexOf(a)];
    return r && r.status === 'changed' ? { saved: r.oldText, now: r.newText ?? '' } : null;
  }

  private hideTooltip(): void {
    if (!this.state.tooltip) return;
    this.state.tooltip = null;
    this.render();
  }

  private onClick(e: MouseEvent): void {
    const mark = this.markOf(e.target);
    if (!mark) return;
    // Let links inside the article work; a mark inside a link only opens the editor with Alt.
    if (mark.closest('a') && !e.altKey) return;
    const sel = this.doc.getSelection();
    if (sel && !sel.isCollapsed) return; // the reader is selecting text
    e.preventDefault();
    e.stopPropagation();
    this.openEditorFor(mark);
  }

  openEditorFor(mark: HTMLElement): boolean {
    this.returnFocus = mark;
    const saved = this.savedOf(mark);
    const item = this.itemOf(mark);
    if (saved) {
      const i = this.saved.indexOf(saved);
      const span = this.savedSpans[i] ?? { start: saved.position.start, end: saved.position.end };
      this.openEditor({ kind: saved.kind, ...span, fields: saved.fields, context: saved.context, existing: saved }, boxOf(mark));
      return true;
    }
    if (item) {
      this.openEditor(
        { kind: item.kind, start: item.start, end: item.end, fields: fieldsOf(item), context: item.sentence.text, existing: null },
        boxOf(mark),
      );
      return true;
    }
    return false;
  }

  /** Opens the editor for the reader's current selection inside the article. */
  editSelection(): { saved: boolean; reason?: string; pending?: Promise<boolean> } {
    if (!this.ran || !this.container || !this.article) return { saved: false, reason: 'Pledgemark has not run on this page' };
    const sel = this.doc.getSelection();
    const offs = selectionToOffsets(this.article, sel);
    if (!offs) return { saved: false, reason: 'no selection' };
    this.returnFocus = null;
    const text = this.article.text;
    // A selection that is exactly an item keeps the item's kind and fields.
    const item = this.items.find((it) => it.start === offs.start && it.end === offs.end);
    const range = sel && sel.rangeCount ? sel.getRangeAt(0) : null;
    const rect = range && typeof range.getBoundingClientRect === 'function' ? range.getBoundingClientRect() : null;
    const box: Box = rect ? { top: rect.top, left: rect.left, bottom: rect.bottom, right: rect.right } : { top: 80, left: 80, bottom: 100, right: 300 };
    // A second request (menu + shortcut) answers the first one as not saved instead of leaving it hanging.
    this.pendingEditor?.(false);
    const pending = new Promise<boolean>((resolve) => {
      this.pendingEditor = resolve;
    });
    this.openEditor(
      {
        kind: item?.kind ?? 'selection',
        start: offs.start,
        end: offs.end,
        fields: item ? fieldsOf(item) : NULL_FIELDS,
        context: item ? item.sentence.text : sentenceAround(text, offs.start, offs.end),
        existing: null,
      },
      box,
    );
    return { saved: false, reason: 'editor opened', pending };
  }

  private openEditor(target: Target, box: Box): void {
    if (!this.article) return;
    this.mountUi();
    this.target = target;
    this.state.tooltip = null;
    this.state.status = null;
    this.state.editor = {
      kind: target.kind,
      quote: this.article.text.slice(target.start, target.end),
      metric: target.fields.metric,
      context: target.context,
      note: target.existing?.note ?? '',
      tags: target.existing?.tags ?? [],
      existingId: target.existing?.id ?? null,
      box,
      serial: ++this.editorSerial,
    };
    this.render();
  }

  private closeEditor(saved: boolean): void {
    this.state.editor = null;
    this.state.status = null;
    this.target = null;
    this.render();
    const back = this.returnFocus;
    this.returnFocus = null;
    if (back && back.isConnected) {
      try {
        back.focus({ preventScroll: true });
      } catch {
        // ignore
      }
    }
    const p = this.pendingEditor;
    this.pendingEditor = null;
    p?.(saved);
  }

  /** The record to save for the current editor target. */
  newAnnotation(target: Target, note: string, tags: string[]): NewAnnotation {
    const text = this.article!.text;
    const { quote, position } = selectorsFor(text, target.start, target.end);
    const loc = this.doc.location;
    return {
      url: pageUrl(loc),
      title: this.detection?.title || this.doc.title || loc.hostname,
      site: loc.hostname,
      kind: target.kind,
      quote,
      position,
      fields: target.fields,
      context: target.context || sentenceAround(text, target.start, target.end),
      note,
      tags,
    };
  }

  private async save(note: string, tags: string[]): Promise<void> {
    const target = this.target;
    if (!target || !this.article) return;
    this.state.status = { kind: 'busy', text: '保存中… saving' };
    this.render();
    try {
      let env: Envelope<Annotation>;
      if (target.existing) {
        env = await this.send({ type: 'annotation/update', id: target.existing.id, note, tags });
      } else {
        // The first annotation of a page carries the page's text, stored with it (one transaction) as the
        // snapshot later versions are compared with.
        const first = this.saved.length === 0 ? this.snapshotPayload() : null;
        env = await this.send({ type: 'annotation/save', annotation: this.newAnnotation(target, note, tags), ...(first ? { snapshot: first } : {}) });
      }
      if (!env.ok) {
        // Keep the editor open with what the reader typed: nothing is lost.
        this.state.status = { kind: 'error', text: `Not saved: ${env.error}` };
        if (this.state.editor) this.state.editor = { ...this.state.editor, note, tags };
        this.render();
        return;
      }
      const saved = env.data;
      const list = this.saved.filter((a) => a.id !== saved.id).concat([saved]);
      this.closeEditor(true);
      this.showSaved(list);
    } catch (e) {
      this.state.status = { kind: 'error', text: `Not saved: ${e instanceof Error ? e.message : String(e)}` };
      if (this.state.editor) this.state.editor = { ...this.state.editor, note, tags };
      this.render();
    }
  }

  // ---- popup messages ----

  async handleTab(req: TabRequest): Promise<Envelope<unknown>> {
    try {
      switch (req.type) {
        case 'page/summary':
          if (this.running) await this.running;
          return { ok: true, data: this.summary() };
        case 'page/run':
          await this.run(true);
          return { ok: true, data: this.summary() };
        case 'page/scrollTo':
          return { ok: true, data: { found: this.scrollTo(req.index) } };
        case 'page/saveSelection': {
          const r = this.editSelection();
          if (!r.pending) return { ok: true, data: { saved: false, reason: r.reason } };
          const saved = await r.pending;
          return { ok: true, data: saved ? { saved: true } : { saved: false, reason: 'cancelled' } };
        }
        default:
          return { ok: false, error: `Unknown page message ${(req as { type: string }).type}` };
      }
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  scrollTo(index: number): boolean {
    if (!this.container) return false;
    const mark = this.container.querySelector<HTMLElement>(`mark[data-pm-index="${index}"]`);
    if (!mark) return false;
    mark.scrollIntoView({ block: 'center', behavior: 'smooth' });
    const all = this.container.querySelectorAll<HTMLElement>(`mark[data-pm-index="${index}"]`);
    all.forEach((m) => m.classList.add('pm-flash'));
    setTimeout(() => all.forEach((m) => m.classList.remove('pm-flash')), 1600);
    try {
      mark.focus({ preventScroll: true });
    } catch {
      // ignore
    }
    return true;
  }

  /** A DOM Range for an article offset range (for tests and debugging). */
  rangeFor(start: number, end: number): Range | null {
    return this.article ? offsetsToRange(this.article, start, end) : null;
  }

  isOwnUi(el: Element): boolean {
    return el.tagName.toLowerCase() === HOST_TAG;
  }
}

export { KINDS };
