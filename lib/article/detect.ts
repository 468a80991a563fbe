/**
 * Is this Document a report page (an article with a title and enough body text), and which element holds
 * the article? Pure DOM walking with standard APIs (browser, jsdom, happy-dom, linkedom).
 *
 * Candidates are scored like a readability pass, not by class names alone:
 * - every "text unit" (a block's own inline text: a <p>, a cell, a <div> with text and <br>s) scores by its
 *   CJK characters and Chinese punctuation, minus its link text; the score goes to the nearest three
 *   container ancestors (weights 1, 1/2, 1/3);
 * - a candidate's score is then multiplied by (1 − its link density) (navigation is mostly links),
 *   punished when it or an ancestor is header/nav/footer/aside/breadcrumb/sidebar by tag, role or
 *   class/id words, and slightly favoured for content words (zoom, TRS_Editor, article, content, zw…).
 * Index, list and search pages (rows of links with dates, pagination, little paragraph text) are not reports.
 */
import { isSkipped, BLOCK_TAGS } from './text';

/** Every threshold the decision uses, in one place. */
export const DETECT_THRESHOLDS = {
  /** A text unit counts as a paragraph with at least this many CJK characters. */
  paragraphMinCjk: 15,
  /** Units with fewer CJK characters add nothing to a candidate's score. */
  unitMinCjk: 6,
  /** Weights of a unit's score for its 1st, 2nd and 3rd container ancestors. */
  ancestorWeights: [1, 0.5, 1 / 3],
  /** Multiplier for a candidate inside (or being) header/nav/footer/aside/breadcrumb/sidebar. */
  boilerplatePenalty: 0.15,
  /** Multiplier for a candidate whose class/id names content. */
  contentBonus: 1.3,
  /** Climb to the parent when it holds this much more paragraph text (articles split over sibling divs). */
  climbRatio: 1.25,
  /** …and the parent's link density is below this. */
  climbMaxLinkDensity: 0.2,
  /** A report's container has at least this many CJK characters… */
  minCjk: 200,
  /** …in at least this many paragraphs… */
  minParagraphs: 2,
  /** …and at most this link density. */
  maxLinkDensity: 0.35,
  /** A list page: at least this many rows holding a link and a date… */
  listMinDatedRows: 5,
  /** …or at least this many links per paragraph in the container (with at least listMinLinks links). */
  listLinksPerParagraph: 0.6,
  listMinLinks: 8,
  /** With pagination on the page, this many dated rows already make a list. */
  listMinDatedRowsWithPagination: 3,
  /** A title is between these lengths. */
  titleMinLength: 4,
  titleMaxLength: 120,
} as const;

export interface Detection {
  isReport: boolean;
  /** The element holding the article (best candidate, also when isReport is false), or null. */
  container: Element | null;
  title: string;
  /** Why, in a sentence (for logs and the popup). */
  reason: string;
}

const BOILERPLATE_TAGS = new Set(['HEADER', 'NAV', 'FOOTER', 'ASIDE']);
const BOILERPLATE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar']);
const BOILERPLATE_WORDS =
  /(?:^|[-_\s])(?:nav|navbar|menu|header|head|top|topbar|footer|foot|bottom|breadcrumbs?|crumbs?|bread|position|location|weizhi|dqwz|sidebar|side|aside|left|right|share|bdshare|copyright|banquan|links?|friend|yqlj|toolbar|login|search|sousuo|related|xgwz|recommend|tuijian|comment)(?:$|[-_\s\d])/i;
const CONTENT_WORDS =
  /(?:^|[-_\s])(?:zoom|trs_editor|article|content|contents|zw|zhengwen|text|detail|details|main|body|con|news_content|view|pages?_content|bt_content|article_con|wzy)(?:$|[-_\s\d])/i;
const CANDIDATE_TAGS = new Set(['DIV', 'ARTICLE', 'SECTION', 'MAIN', 'TD', 'BODY', 'FORM', 'CENTER', 'FONT', 'SPAN']);
const DATE = /(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}(?:\s*[-./月]\s*\d{1,2})?/;
const PAGINATION = /上一页|下一页|尾页|末页|首页\s*上一页|共\s*\d+\s*页|第\s*\d+\s*页|跳转到|转到第/;

interface Stats {
  chars: number;
  cjk: number;
  linkChars: number;
  /** <br>s in the unit's own inline content (old pages separate paragraphs with <br>). */
  brs?: number;
}

function words(el: Element): string {
  return `${el.getAttribute('id') ?? ''} ${el.getAttribute('class') ?? ''}`;
}

function isBoilerplateSelf(el: Element): boolean {
  const tag = el.tagName.toUpperCase();
  if (BOILERPLATE_TAGS.has(tag)) return true;
  // No role, id or class to read (most elements of a report body).
  if (!el.hasAttributes()) return false;
  const role = (el.getAttribute('role') ?? '').toLowerCase();
  if (role && BOILERPLATE_ROLES.has(role)) return true;
  const w = words(el);
  return !!w.trim() && BOILERPLATE_WORDS.test(w);
}

function cleanText(s: string | null | undefined): string {
  return (s ?? '').replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

/** The report's title: a heading near the article, the bureau-site ArticleTitle meta, og:title or <title>. */
export function findTitle(doc: Document, container: Element | null): string {
  const T = DETECT_THRESHOLDS;
  const ok = (s: string) => s.length >= T.titleMinLength && s.length <= T.titleMaxLength;
  const meta = (name: string) =>
    cleanText(doc.querySelector(`meta[name="${name}"], meta[property="${name}"]`)?.getAttribute('content'));
  const inBoilerplate = (el: Element) => {
    for (let e: Element | null = el; e; e = e.parentElement) if (isBoilerplateSelf(e)) return true;
    return false;
  };
  const headings = Array.from(doc.querySelectorAll('h1, h2, .title, .Title, [class*="title"], [id*="title"]')).filter(
    (h) => !inBoilerplate(h) && ok(cleanText(h.textContent)) && !(h.tagName === 'TITLE'),
  );
  // Prefer h1, then a heading inside or before the container.
  const siteName = cleanText(doc.title).split(/\s*[_|｜—–-]\s*/).pop() ?? '';
  const rank = (h: Element) => {
    let r = h.tagName.toUpperCase() === 'H1' ? 0 : h.tagName.toUpperCase() === 'H2' ? 2 : 1;
    if (container && !container.contains(h) && container.compareDocumentPosition(h) & 4 /* FOLLOWING */) r += 4;
    // A heading that is just the site's name (a logo) is not the report's title.
    if (siteName && cleanText(h.textContent) === siteName) r += 8;
    // Nearer the article is better: a heading sharing the container's parent or grandparent.
    if (container && !(container.parentElement?.contains(h) || container.parentElement?.parentElement?.contains(h))) r += 1;
    return r;
  };
  // The CMS's own ArticleTitle meta (TRS and most bureau sites) is the most reliable; an <h1> may be the site logo.
  const articleTitle = meta('ArticleTitle');
  if (ok(articleTitle)) return articleTitle;
  headings.sort((a, b) => rank(a) - rank(b));
  if (headings[0]) return cleanText(headings[0].textContent);
  const og = meta('og:title');
  if (ok(og)) return og;
  const t = cleanText(doc.title).split(/\s*[_|｜—–-]\s*/)[0] ?? '';
  return ok(t) ? t : cleanText(doc.title);
}

/** Nodes (or text units) handled between two pauses of detectReportSteps. */
const DETECT_STEP = 512;

/** Decides whether `doc` is a report page and finds its article container. */
export function detectReport(doc: Document): Detection {
  const steps = detectReportSteps(doc);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * detectReport() as steps: it pauses (yields) every DETECT_STEP nodes of its walk and every DETECT_STEP text
 * units of its scoring, so a content script can decide on a long page a slice at a time (the DOM must not
 * change between the steps). Gives what detectReport() gives.
 */
export function* detectReportSteps(doc: Document): Generator<void, Detection, void> {
  const T = DETECT_THRESHOLDS;
  let budget = DETECT_STEP;
  /** True once every DETECT_STEP calls: time for a pause. */
  const due = () => {
    if (--budget > 0) return false;
    budget = DETECT_STEP;
    return true;
  };
  const body = doc.body;
  if (!body) return { isReport: false, container: null, title: '', reason: 'no <body>' };

  // One walk: subtree stats for every element, own-inline-text stats for every block ("unit").
  const subtree = new Map<Element, Stats>();
  const units = new Map<Element, Stats>();
  const boiler = new Map<Element, boolean>();
  const get = (m: Map<Element, Stats>, el: Element) => {
    let s = m.get(el);
    if (!s) m.set(el, (s = { chars: 0, cjk: 0, linkChars: 0 }));
    return s;
  };
  type Frame = { el: Element; child: ChildNode | null; unit: Element; inLink: boolean; boiler: boolean };
  const stack: Frame[] = [{ el: body, child: body.firstChild, unit: body, inLink: false, boiler: isBoilerplateSelf(body) }];
  boiler.set(body, stack[0].boiler);
  while (stack.length) {
    if (due()) yield;
    const top = stack[stack.length - 1];
    const node = top.child;
    if (!node) {
      stack.pop();
      const s = subtree.get(top.el);
      const parent = stack[stack.length - 1];
      if (s && parent) {
        const p = get(subtree, parent.el);
        p.chars += s.chars;
        p.cjk += s.cjk;
        p.linkChars += s.linkChars;
      }
      continue;
    }
    top.child = node.nextSibling;
    if (node.nodeType === 3) {
      // One pass over the characters, no allocation (this walk reads every character of the page).
      const { chars, cjk } = textStats((node as Text).data);
      if (!chars) continue;
      const s = get(subtree, top.el);
      s.chars += chars;
      s.cjk += cjk;
      if (top.inLink) s.linkChars += chars;
      const u = get(units, top.unit);
      u.chars += chars;
      u.cjk += cjk;
      if (top.inLink) u.linkChars += chars;
    } else if (node.nodeType === 1) {
      const el = node as Element;
      if (isSkipped(el)) continue;
      const tag = el.tagName.toUpperCase();
      if (tag === 'BR') {
        const u = get(units, top.unit);
        u.brs = (u.brs ?? 0) + 1;
        continue;
      }
      const b = top.boiler || isBoilerplateSelf(el);
      boiler.set(el, b);
      stack.push({
        el,
        child: el.firstChild,
        unit: BLOCK_TAGS.has(tag) ? el : top.unit,
        inLink: top.inLink || tag === 'A',
        boiler: b,
      });
    }
  }

  const density = (el: Element) => {
    const s = subtree.get(el);
    return s && s.chars ? s.linkChars / s.chars : 0;
  };

  // Score units into their container ancestors.
  const scores = new Map<Element, number>();
  for (const [unit, s] of units) {
    if (due()) yield;
    if (s.cjk < T.unitMinCjk) continue;
    const linkShare = s.chars ? s.linkChars / s.chars : 0;
    const own = s.cjk * (1 - linkShare) + 3 * countPunct(unit);
    if (own <= 0) continue;
    let level = 0;
    const unitBoiler = boiler.get(unit) ?? false;
    for (let el: Element | null = unit; el && level < T.ancestorWeights.length; el = el.parentElement) {
      // Boilerplate text (footer, nav, breadcrumb…) scores only inside its own zone, never for the page above it.
      if (unitBoiler && !boiler.get(el)) break;
      if (!CANDIDATE_TAGS.has(el.tagName.toUpperCase())) continue;
      scores.set(el, (scores.get(el) ?? 0) + own * T.ancestorWeights[level]);
      level++;
    }
  }
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, raw] of scores) {
    let score = raw * (1 - density(el));
    if (boiler.get(el)) score *= T.boilerplatePenalty;
    if (CONTENT_WORDS.test(words(el))) score *= T.contentBonus;
    if (score > bestScore) {
      best = el;
      bestScore = score;
    }
  }

  const paraCjk = function* (root: Element): Generator<void, { cjk: number; paragraphs: number }, void> {
    let cjk = 0;
    let paragraphs = 0;
    for (const [unit, s] of units) {
      if (due()) yield;
      if (boiler.get(unit) && !boiler.get(root)) continue;
      if (!root.contains(unit)) continue;
      if (s.cjk >= T.paragraphMinCjk && s.linkChars < 0.5 * s.chars) {
        // A block of <br>-separated lines counts as several paragraphs (at most one per paragraphMinCjk chars).
        paragraphs += Math.max(1, Math.min((s.brs ?? 0) + 1, Math.floor(s.cjk / T.paragraphMinCjk)));
      }
      cjk += s.cjk;
    }
    return { cjk, paragraphs };
  };

  // Climb when the article is split over sibling blocks.
  for (let i = 0; best && i < 2; i++) {
    const cur: Element = best;
    const parent: Element | null = cur.parentElement;
    if (!parent || parent === doc.documentElement || boiler.get(parent)) break;
    if (density(parent) >= T.climbMaxLinkDensity) break;
    if ((yield* paraCjk(parent)).cjk < T.climbRatio * (yield* paraCjk(cur)).cjk) break;
    best = parent;
  }

  const title = findTitle(doc, best);
  if (!best) return { isReport: false, container: null, title, reason: 'no block with Chinese paragraph text' };

  const { cjk, paragraphs } = yield* paraCjk(best);
  yield;
  const ld = density(best);
  const links = Array.from(best.querySelectorAll('a')).filter((a) => cleanText(a.textContent).length >= 4).length;
  yield;
  const datedRows = countDatedRows(best);
  yield;
  // Pagination only matters with a few dated rows (and reading the whole page's text costs): checked only then.
  // PAGINATION allows whitespace between its words, so the raw text reads like the collapsed one.
  const pagination =
    datedRows >= T.listMinDatedRowsWithPagination &&
    (!!doc.querySelector('.pagination, #pagination, .fenye, .paging, .page-nav') || PAGINATION.test((body.textContent ?? '').slice(0, 200000)));
  const where = describe(best);
  const facts = `${where}: ${cjk} CJK chars, ${paragraphs} paragraphs, link density ${ld.toFixed(2)}, ${links} links, ${datedRows} dated link rows${pagination ? ', pagination' : ''}`;

  const no = (why: string): Detection => ({ isReport: false, container: best, title, reason: `not a report (${why}); ${facts}` });
  if (datedRows >= T.listMinDatedRows || (pagination && datedRows >= T.listMinDatedRowsWithPagination)) return no('list of dated links');
  if (links >= T.listMinLinks && links >= T.listLinksPerParagraph * Math.max(1, paragraphs)) return no('mostly links');
  if (ld > T.maxLinkDensity) return no('link density too high');
  if (cjk < T.minCjk) return no('too little text');
  if (paragraphs < T.minParagraphs) return no('too few paragraphs');
  if (!title) return no('no title');
  return { isReport: true, container: best, title, reason: `report; ${facts}` };
}

/**
 * Article containers of the common bureau CMSes (TRS, UCAP, Hanweb…), tried first for the first paint only:
 * a newcomer adds another CMS's container here.
 */
export const CMS_CONTAINERS = ['#zoom', '#Zoom', '.TRS_Editor', '.TRS_UEDITOR', '#UCAP-CONTENT', '.article-content', '.pages_content', '.news_content'];
const CMS_SELECTOR = CMS_CONTAINERS.join(', ');

/**
 * A likely article container, found without walking the page: the first CMS container (in document order)
 * holding enough Chinese text and few links. A guess that lets the first highlights come before the full
 * detection; detectReport decides (the content script checks the guess against it right after the paint).
 */
export function likelyContainer(doc: Document): Element | null {
  const el = doc.body?.querySelector(CMS_SELECTOR);
  if (!el || isSkipped(el)) return null;
  if (!hasCjk(el, DETECT_THRESHOLDS.minCjk)) return null;
  if (el.getElementsByTagName('a').length >= DETECT_THRESHOLDS.listMinLinks) return null;
  return el;
}

/** Whether `el` holds at least `min` CJK characters: its text nodes read until there are (a long article's whole text is never built). */
function hasCjk(el: Element, min: number): boolean {
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* SHOW_TEXT */);
  let n = 0;
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    n += textStats((t as Text).data).cjk;
    if (n >= min) return true;
  }
  return false;
}

const NOT_CN_PUNCT = /[^，。；：、！？]+/g;

function countPunct(unit: Element): number {
  // Own text only would be exact; textContent is a cheap upper bound that favours prose over lists.
  return Math.min((unit.textContent ?? '').replace(NOT_CN_PUNCT, '').length, 20);
}

const SPACES = /[\s\u00a0\u3000]+/g;
const NOT_CJK = /[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

/**
 * Non-whitespace characters and CJK ideographs of a text node's data. Two native regex passes, no per-character
 * JavaScript: a content script runs once per page, so its code is cold (interpreted) while this reads every
 * character of the page.
 */
export function textStats(data: string): { chars: number; cjk: number } {
  const solid = data.replace(SPACES, '');
  if (!solid) return { chars: 0, cjk: 0 };
  return { chars: solid.length, cjk: solid.replace(NOT_CJK, '').length };
}

/** Rows (li, tr, dd, p, div without block children) holding a link and a date. */
function countDatedRows(root: Element): number {
  let n = 0;
  if (!root.querySelector('a')) return 0; // no link at all: no row holds one
  for (const row of Array.from(root.querySelectorAll('li, tr, dd, dt, p, div'))) {
    if (!row.querySelector('a')) continue;
    const tag = row.tagName.toUpperCase();
    if ((tag === 'DIV' || tag === 'P') && row.querySelector('li, tr, p, div')) continue;
    const text = cleanText(row.textContent);
    if (text.length > 200) continue;
    if (DATE.test(text)) n++;
  }
  return n;
}

function describe(el: Element): string {
  const id = el.getAttribute('id');
  const cls = cleanText(el.getAttribute('class'));
  return `<${el.tagName.toLowerCase()}${id ? `#${id}` : ''}${cls ? `.${cls.split(' ').join('.')}` : ''}>`;
}
