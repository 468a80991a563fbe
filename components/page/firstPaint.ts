/**
 * First paint and scheduling: what is made ready before anything in the page changes (detection, the article
 * text, the extraction of the part in view), and when the rest runs (after a frame, in idle time, or once a
 * page that fills its article in by script has done so). Nothing here writes to the page.
 */
import { detectReport, likelyContainer, type Detection } from '../../lib/article/detect';
import { articleText, type ArticleText, type ArticleTextOptions } from '../../lib/article/text';
import { extract, extractSteps } from '../../lib/extract';
import type { Item } from '../../lib/schema/item';
import { log } from '../../lib/util/log';
import { firstIndexWhere } from '../../lib/util/search';
import { HOST_TAG } from './mount';

/** How long a page that is not (yet) a report is watched for content filled in by script. */
export const LATE_CONTENT_MS = 8000;
/** Characters extracted past the viewport's last visible text before the first paint. */
export const PREFIX_MARGIN = 200;
/** How far down the first paint reaches, in viewport heights (the rest is marked right after, a short batch a frame). */
export const FIRST_PAINT_VIEWPORTS = 1.05;
/**
 * Article text read before the first paint: a screenful of a report is a few thousand characters, so the
 * rest of a long article is read after the first highlights are on screen (the whole text when the viewport
 * reaches past this).
 */
export const FIRST_TEXT_LENGTH = 8000;
/**
 * The longest slice of the whole article's extraction run in one task: the page's own tasks (its timers, input)
 * run between slices, well inside the 50 ms that makes a long task.
 */
export const EXTRACT_SLICE_MS = 15;
/**
 * Items per marking chunk (chunks share no text node, so one article map serves them all), and the most
 * time one frame spends marking chunks. Each frame that puts marks in also lays the page out again, and on a
 * very long article that layout alone takes tens of ms (it grows with the article's blocks, not with the
 * marks): so marking goes one short batch per frame, the page's own tasks and the layout run between.
 */
export const MARK_CHUNK = 12;
export const MARK_SLICE_MS = 8;

/** A User Timing mark for the page benchmark (bench/page.ts reads 'pm-*' entries); never throws. */
export function perfMark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    // no performance API
  }
}

function computedHidden(el: Element): boolean {
  const view = el.ownerDocument.defaultView;
  if (!view) return false;
  const cs = view.getComputedStyle(el);
  return cs.display === 'none' || cs.visibility === 'hidden';
}

/** How the content script reads article text: what the reader cannot see (display:none, hidden) is left out. */
export const PAGE_TEXT_OPTIONS: ArticleTextOptions = { isHidden: computedHidden };

/** What is made ready while the settings are in flight (nothing in the page is changed). */
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
  const vh = view?.innerHeight ?? 0;
  if (!article.map.length || !vh) return article.text.length;
  return textOffsetBelow(article, vh * FIRST_PAINT_VIEWPORTS);
}

/**
 * The article-text offset of the first text segment whose element's top is below `y` (viewport px), by a binary
 * search (about log2(segments) layout reads); the text's end when there is none.
 */
export function textOffsetBelow(article: ArticleText, y: number): number {
  const map = article.map;
  const limit = y;
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
export function mapIsLive(article: ArticleText): boolean {
  const n = article.map.length;
  if (!n) return true;
  for (const i of [0, n >> 1, n - 1]) if (!article.map[i].node.isConnected) return false;
  return true;
}

/**
 * Detection, article text, and the items of the text up to a little past the viewport (extracted on that
 * prefix: the cold first extract() of a whole report is the slowest step, and the reader sees only the
 * top). Reads layout once (a binary search of text positions); changes nothing in the page.
 */
export function prepare(doc: Document, force: boolean, detection?: Detection): Prepared | null {
  const det = detection && (!detection.container || detection.container.isConnected) ? detection : detectReport(doc);
  perfMark('pm-detected');
  if (!det.isReport && !force) return { det, container: null, article: null, visibleEnd: 0, first: [], complete: false };
  const container = det.container ?? doc.body;
  if (!container) return { det, container: null, article: null, visibleEnd: 0, first: [], complete: false };
  let article = articleText(container, { ...PAGE_TEXT_OPTIONS, maxLength: FIRST_TEXT_LENGTH });
  perfMark('pm-text');
  let visibleEnd = viewportTextEnd(article, doc.defaultView);
  if (article.partial && visibleEnd + PREFIX_MARGIN >= article.text.length) {
    // The viewport reaches past what was read (a tall window, a short article): read it all.
    article = articleText(container, PAGE_TEXT_OPTIONS);
    visibleEnd = viewportTextEnd(article, doc.defaultView);
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
 * highlights come sooner, and the run checks the container against detectReport right after they are painted.
 */
export function prepareProvisional(doc: Document): Prepared | null {
  const el = likelyContainer(doc);
  if (!el) return null;
  const prep = prepare(doc, false, { isReport: true, container: el, title: '', reason: 'provisional: a CMS article container' });
  return prep && prep.container ? { ...prep, provisional: true } : null;
}

/** A preparation made before a run, if it still fits the page (its container and text are still there). */
export function stillUsable(prepared: Prepared | undefined, force: boolean): Prepared | null {
  if (!prepared) return null;
  if (prepared.container && !prepared.container.isConnected) return null;
  if ((prepared.det.isReport || force) !== !!prepared.container) return null;
  if (prepared.container && prepared.article && !mapIsLive(prepared.article)) return null;
  return prepared;
}

/**
 * Some bureau sites fill the article in by script after load: watch the DOM for a while and detect again
 * (debounced) — once it is a report, call `onReport` and stop watching. Our own marks/UI never trigger it.
 * Returns the function that stops watching.
 */
export function watchForLateContent(
  doc: Document,
  done: () => boolean,
  onReport: () => void,
  windowMs = LATE_CONTENT_MS,
  debounceMs = 400,
): (() => void) | null {
  const view = doc.defaultView;
  if (!view || typeof view.MutationObserver !== 'function' || !doc.body) return null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const observer = new view.MutationObserver((records) => {
    const foreign = records.some((r) => !(r.target instanceof view.Element && r.target.closest(HOST_TAG)));
    if (!foreign || done()) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        if (done()) return stop();
        if (detectReport(doc).isReport) {
          stop();
          onReport();
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
  observer.observe(doc.body, { childList: true, subtree: true, characterData: true });
  return stop;
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

/**
 * Resolves in a new task (a 0 ms timeout). Not scheduler.yield: its continuation is run before the page's own
 * timers, so a long run of slices would still starve them.
 */
export function nextTask(view: (Window & typeof globalThis) | null): Promise<void> {
  return new Promise((resolve) => (view ?? globalThis).setTimeout(resolve, 0));
}

/**
 * extract() of a whole article on the page's main thread without a long task: its steps (extractSteps) run in
 * slices of at most EXTRACT_SLICE_MS, each slice its own task. Gives what extract(text) gives; throws what it throws.
 */
export function extractInSlices(text: string, view: (Window & typeof globalThis) | null): Promise<Item[]> {
  return inSlices(extractSteps(text), view);
}

/**
 * Runs `steps` (a generator that pauses between small steps: extractSteps, articleTextSteps, detectReportSteps)
 * in slices of at most EXTRACT_SLICE_MS, each slice its own task; resolves with its result.
 */
export async function inSlices<T>(steps: Generator<unknown, T, void>, view: (Window & typeof globalThis) | null): Promise<T> {
  for (;;) {
    const until = performance.now() + EXTRACT_SLICE_MS;
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (performance.now() >= until) break;
    }
    await nextTask(view);
  }
}
