/**
 * The text the extractor sees for an article container, and a map back to the DOM.
 *
 * Pure DOM walking with standard APIs only (works in browsers, jsdom, happy-dom and linkedom):
 * - text nodes are read in document order; script/style/noscript/template/… and hidden elements are skipped;
 * - collapsible HTML whitespace (space, tab, CR, LF, FF) is collapsed to one space as a browser renders it,
 *   and dropped at the start and end of a line; NBSP and the ideographic space are kept as they are;
 * - a block-level element starts and ends a line ('\n'); <br> breaks the line; every table cell and every
 *   table row is a line of its own (a table comes out one cell a line, which the extractor's
 *   indicator-table rules expect);
 * - `map` takes every character of `text` that came from the page back to (text node, offset), so any
 *   [start, end) of the text maps back to a DOM Range even across node boundaries (see lib/anchor/dom.ts).
 */

/** One run of text characters that came from one text node. */
export interface TextSegment {
  /** [start, end) in the article text. */
  start: number;
  end: number;
  node: Text;
  /** [nodeStart, nodeEnd) in node.data. Equal lengths, except a collapsed whitespace run (1 char of text). */
  nodeStart: number;
  nodeEnd: number;
}

export interface ArticleText {
  text: string;
  /** Segments in text order (and document order), non-overlapping. Characters not covered are inserted breaks. */
  map: TextSegment[];
  /** Set when the walk stopped at `maxLength`: `text` is then a prefix of the full article text. */
  partial?: true;
  /** Set when the DOM changed in a way the map could not follow (components/page/highlight.ts): read it again. */
  stale?: true;
}

export interface ArticleTextOptions {
  /** Extra hidden test, e.g. a computed-style check in the browser. Attributes and inline styles are always checked. */
  isHidden?: (el: Element) => boolean;
  /**
   * Stop once the text holds this many characters (checked after each text node). The result is a prefix of
   * the full text, with the same offsets and map: enough for what is on screen before the rest is read.
   */
  maxLength?: number;
}

/** Elements whose content is never read. */
export const SKIP_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'CANVAS',
  'SELECT', 'OPTION', 'TEXTAREA', 'INPUT', 'BUTTON', 'VIDEO', 'AUDIO', 'MAP', 'DATALIST',
]);

/** Elements that start and end a line. */
export const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'DD', 'DETAILS', 'DIALOG', 'DIR', 'DIV',
  'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER',
  'HGROUP', 'HR', 'HTML', 'LEGEND', 'LI', 'MAIN', 'MENU', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE',
  'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL',
]);

function tagOf(el: Element): string {
  return el.tagName.toUpperCase();
}

/** Hidden by attribute or inline style (works without layout, so also in linkedom). */
export function isHiddenByMarkup(el: Element): boolean {
  // Most elements of a report body (<p>, <td>, <tr>…) have no attributes at all: nothing to read.
  if (!el.hasAttributes()) return false;
  if (el.hasAttribute('hidden')) return true;
  if (el.getAttribute('aria-hidden') === 'true' && tagOf(el) !== 'BODY') {
    // aria-hidden content is usually decorative (icons); still visible text is rare in report bodies.
    return false;
  }
  const style = el.getAttribute('style');
  if (style && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)/i.test(style)) {
    return true;
  }
  if (tagOf(el) === 'INPUT' && (el.getAttribute('type') ?? '').toLowerCase() === 'hidden') return true;
  return false;
}

/** Whether the element itself is skipped (with its subtree). */
export function isSkipped(el: Element, opts?: ArticleTextOptions): boolean {
  const tag = tagOf(el);
  if (SKIP_TAGS.has(tag)) return true;
  if (isHiddenByMarkup(el)) return true;
  if (opts?.isHidden && opts.isHidden(el)) return true;
  return false;
}

function isPre(el: Element): boolean {
  const tag = tagOf(el);
  if (tag === 'PRE' || tag === 'LISTING' || tag === 'XMP') return true;
  const style = el.getAttribute('style');
  return !!style && /white-space\s*:\s*pre(?:-wrap)?\b/i.test(style);
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/** Nodes visited between two pauses of articleTextSteps (a few ms of a long page's walk). */
export const TEXT_STEP_NODES = 512;

/** Builds the article text of `container` and its offset map. */
export function articleText(container: Element, opts?: ArticleTextOptions): ArticleText {
  const steps = articleTextSteps(container, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * articleText() as steps: the walk pauses (yields) after every TEXT_STEP_NODES nodes, so a caller on a page's
 * main thread can read a long article a slice at a time. The DOM must not change between the steps; the
 * result is then what articleText() gives.
 */
export function* articleTextSteps(container: Element, opts?: ArticleTextOptions): Generator<void, ArticleText, void> {
  const parts: string[] = [];
  const map: TextSegment[] = [];
  let length = 0;
  /** The last character emitted ('' at the start). */
  let last = '';
  let pendingBreak = false;
  let pendingSpace: { node: Text; start: number; end: number } | null = null;

  const emit = (s: string, node: Text | null, nodeStart: number, nodeEnd: number) => {
    if (node) {
      const prev = map[map.length - 1];
      // Extend the previous segment when it continues linearly in the same node.
      if (
        prev &&
        prev.node === node &&
        prev.end === length &&
        prev.nodeEnd === nodeStart &&
        prev.nodeEnd - prev.nodeStart === prev.end - prev.start &&
        nodeEnd - nodeStart === s.length
      ) {
        prev.end += s.length;
        prev.nodeEnd = nodeEnd;
      } else {
        map.push({ start: length, end: length + s.length, node, nodeStart, nodeEnd });
      }
    }
    parts.push(s);
    length += s.length;
    last = s[s.length - 1] ?? last;
  };

  /** Called before emitting visible text: flushes a pending break or space. */
  const beforeText = () => {
    if (pendingBreak) {
      if (length > 0 && last !== '\n') emit('\n', null, 0, 0);
      pendingBreak = false;
      pendingSpace = null;
    } else if (pendingSpace) {
      if (length > 0 && last !== '\n') emit(' ', pendingSpace.node, pendingSpace.start, pendingSpace.end);
      pendingSpace = null;
    }
  };

  const readText = (node: Text, pre: boolean) => {
    const data = node.data;
    if (!data) return;
    if (pre) {
      let i = 0;
      while (i < data.length) {
        const nl = data.indexOf('\n', i);
        const end = nl < 0 ? data.length : nl;
        if (end > i) {
          beforeText();
          emit(data.slice(i, end), node, i, end);
        }
        if (nl < 0) break;
        pendingBreak = true;
        i = nl + 1;
      }
      return;
    }
    // Whitespace runs found natively (one regex step per run, not per character: this code runs cold, once a page).
    const ws = /[ \t\n\r\f]+/g;
    let i = 0;
    while (i < data.length) {
      ws.lastIndex = i;
      const m = ws.exec(data);
      const wsStart = m ? m.index : data.length;
      if (wsStart > i) {
        beforeText();
        emit(data.slice(i, wsStart), node, i, wsStart);
      }
      if (!m) break;
      const j = wsStart + m[0].length;
      if (!pendingBreak && !pendingSpace && length > 0 && last !== '\n') {
        pendingSpace = { node, start: wsStart, end: j };
      }
      i = j;
    }
  };

  // Iterative walk: [node, entering] frames.
  type Frame = { el: Element; pre: boolean; block: boolean; child: ChildNode | null };
  const stack: Frame[] = [];
  const rootPre = isPre(container);
  const maxLength = opts?.maxLength ?? Infinity;
  stack.push({ el: container, pre: rootPre, block: true, child: container.firstChild });
  let budget = TEXT_STEP_NODES;
  while (stack.length) {
    if (--budget === 0) {
      budget = TEXT_STEP_NODES;
      yield;
    }
    const top = stack[stack.length - 1];
    const node = top.child;
    if (!node) {
      stack.pop();
      if (top.block) {
        pendingBreak = true;
      }
      continue;
    }
    top.child = node.nextSibling;
    if (node.nodeType === TEXT_NODE) {
      readText(node as Text, top.pre);
      if (length >= maxLength) return { text: parts.join(''), map, partial: true };
    } else if (node.nodeType === ELEMENT_NODE) {
      const el = node as Element;
      if (isSkipped(el, opts)) continue;
      const tag = tagOf(el);
      if (tag === 'BR') {
        pendingBreak = true;
        continue;
      }
      const block = BLOCK_TAGS.has(tag);
      if (block) pendingBreak = true;
      stack.push({ el, pre: top.pre || isPre(el), block, child: el.firstChild });
    }
  }
  return { text: parts.join(''), map };
}
