/**
 * Highlights items at their exact article-text offsets with mark.js `markRanges` (never by searching for the
 * number's text). Article offsets → (text node, offset) through the article map → mark.js offsets, i.e.
 * positions in the concatenation of the container's text nodes as mark.js counts them. Each item is split
 * into its mapped pieces (so a mark never swallows inter-block whitespace or inserted breaks), and
 * overlapping items go into separate mark.js passes (mark.js drops overlaps within one pass).
 * Wrapping text in <mark> does not change mark.js's text, so all offsets are computed once up front.
 */
import Mark from 'mark.js';
import { articleText, type ArticleText, type ArticleTextOptions, type TextSegment } from '../../lib/article/text';
import { offsetsToPieces } from '../../lib/anchor/dom';
import { log } from '../../lib/util/log';

/** What mark.js never reads (it rejects text nodes whose parent matches these). */
const MARKJS_EXCLUDED = new Set(['SCRIPT', 'STYLE', 'TITLE', 'HEAD', 'HTML']);

export const MARK_CLASS = 'pm-mark';
export const SAVED_CLASS = 'pm-saved';
/** With SAVED_CLASS: a saved annotation whose text changed on the page (a number or its wording). */
export const CHANGED_CLASS = 'pm-changed';
/**
 * With SAVED_CLASS: a note in a shared notebook (it carries an author). Only that it is a team note shows on the
 * page, by a different end glyph; who wrote it and what it says are shown in the annotator frame, our page.
 */
export const TEAM_CLASS = 'pm-team';

export interface Span {
  start: number;
  end: number;
}

export interface MarkSpec extends Span {
  /** Attributes put on every piece: an item's data-pm-kind / data-pm-index (page-derived); none on a saved mark. */
  attrs: Record<string, string>;
  className: string;
}

/** Start offset of every text node in mark.js's composite text of `container`. */
export function markjsOffsets(container: Element): Map<Text, number> {
  const doc = container.ownerDocument;
  const out = new Map<Text, number>();
  const walker = doc.createTreeWalker(container, 4 /* SHOW_TEXT */);
  let pos = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentNode as Element | null;
    if (parent && parent.nodeType === 1 && MARKJS_EXCLUDED.has(parent.tagName.toUpperCase())) continue;
    out.set(n as Text, pos);
    pos += (n as Text).data.length;
  }
  return out;
}

/** Splits spans into layers whose spans do not overlap (greedy, in start order). */
export function layers<T extends Span>(spans: T[]): T[][] {
  const sorted = spans.map((s, i) => ({ s, i })).sort((a, b) => a.s.start - b.s.start || b.s.end - a.s.end || a.i - b.i);
  const out: { ends: number; items: T[] }[] = [];
  for (const { s } of sorted) {
    let layer = out.find((l) => l.ends <= s.start);
    if (!layer) out.push((layer = { ends: 0, items: [] }));
    layer.items.push(s);
    layer.ends = s.end;
  }
  return out.map((l) => l.items);
}

/**
 * Wraps each spec's [start, end) of `article` (which must be fresh for `container`) in <mark> elements.
 * mark.js runs per text node's parent element (a small context: its composite text is short, and mark.js's
 * cost grows with ranges × text nodes of the context), with offsets computed once before any wrapping —
 * wrapping does not change a context's composite text, so they stay valid across the overlap passes.
 * Returns how many specs got at least one mark.
 */
export function markSpans(
  container: Element,
  article: ArticleText,
  specs: MarkSpec[],
  onMark?: (el: HTMLElement, spec: MarkSpec, first: boolean) => void,
): number {
  if (!specs.length) return 0;
  const bases = new Map<Element, Map<Text, number>>();
  const baseOf = (node: Text): { ctx: Element; base: number } | null => {
    const ctx = node.parentElement;
    if (!ctx || !container.contains(ctx)) return null;
    let m = bases.get(ctx);
    if (!m) bases.set(ctx, (m = markjsOffsets(ctx)));
    const base = m.get(node);
    return base === undefined ? null : { ctx, base };
  };
  type R = { start: number; length: number; spec: MarkSpec; first: boolean; last: boolean };
  // Pieces and their contexts, computed before any DOM change.
  const planned = new Map<MarkSpec, { ctx: Element; range: R }[]>();
  for (const spec of specs) {
    const pieces = offsetsToPieces(article, spec.start, spec.end);
    const out: { ctx: Element; range: R }[] = [];
    pieces.forEach((p, i) => {
      if (p.end <= p.start) return;
      const b = baseOf(p.node);
      if (!b) return;
      out.push({ ctx: b.ctx, range: { start: b.base + p.start, length: p.end - p.start, spec, first: !out.length, last: i === pieces.length - 1 } });
    });
    planned.set(spec, out);
  }
  // The length of every text node about to be split, to patch the map afterwards.
  const touched = new Map<Text, number>();
  for (const spec of specs) for (const p of offsetsToPieces(article, spec.start, spec.end)) touched.set(p.node, p.node.data.length);
  const marked = new Set<MarkSpec>();
  for (const layer of layers(specs)) {
    const byCtx = new Map<Element, R[]>();
    for (const spec of layer) {
      for (const { ctx, range } of planned.get(spec) ?? []) {
        let list = byCtx.get(ctx);
        if (!list) byCtx.set(ctx, (list = []));
        list.push(range);
      }
    }
    for (const [ctx, ranges] of byCtx) {
      new Mark(ctx).markRanges(ranges, {
        element: 'mark',
        className: '',
        each(el, range) {
          const r = range as unknown as R;
          el.className = r.spec.className + (r.last ? ` ${r.spec.className.split(' ')[0]}-end` : '');
          for (const [k, v] of Object.entries(r.spec.attrs)) el.setAttribute(k, v);
          marked.add(r.spec);
          onMark?.(el, r.spec, r.first);
        },
      });
    }
  }
  patchMap(container, article, touched);
  return marked.size;
}

/**
 * Brings `article`'s map up to date after text nodes were split and wrapped (the text itself is unchanged):
 * each node in `touched` (with its length before) is now itself followed, in document order, by the nodes
 * holding the rest of its text; its segments are cut over them. What a fresh articleText() would give, without
 * walking a long article again. When a node's text is not found whole (the page changed it meanwhile), the
 * article is flagged `stale`: the caller reads it again.
 */
export function patchMap(container: Element, article: ArticleText, touched: Map<Text, number>): void {
  if (!touched.size) return;
  const doc = container.ownerDocument;
  const parts = new Map<Text, { node: Text; from: number }[]>();
  for (const [node, length] of touched) {
    const list: { node: Text; from: number }[] = [];
    const walker = doc.createTreeWalker(container, 4 /* SHOW_TEXT */);
    walker.currentNode = node;
    let acc = 0;
    for (let t: Node | null = node; t && acc < length; t = walker.nextNode()) {
      list.push({ node: t as Text, from: acc });
      acc += (t as Text).data.length;
    }
    if (acc !== length || !node.isConnected) {
      article.stale = true;
      return;
    }
    if (list.length > 1) parts.set(node, list);
  }
  if (!parts.size) return;
  const map: TextSegment[] = [];
  for (const seg of article.map) {
    const list = parts.get(seg.node);
    if (!list) {
      map.push(seg);
      continue;
    }
    const linear = seg.nodeEnd - seg.nodeStart === seg.end - seg.start;
    for (const { node, from } of list) {
      const to = from + node.data.length;
      const a = Math.max(seg.nodeStart, from);
      const b = Math.min(seg.nodeEnd, to);
      if (linear) {
        if (b <= a) continue;
        const start = seg.start + (a - seg.nodeStart);
        map.push({ start, end: start + (b - a), node, nodeStart: a - from, nodeEnd: b - from });
      } else if (seg.nodeStart >= from && seg.nodeStart < to) {
        // A collapsed whitespace run (one character of text): it stays with the node its run starts in.
        map.push({ start: seg.start, end: seg.end, node, nodeStart: seg.nodeStart - from, nodeEnd: b - from });
        break;
      }
    }
  }
  article.map = map;
}

/** Whether every piece of every spec still maps onto a live, long-enough text node (the map is not stale). */
export function mapIsFresh(container: Element, article: ArticleText, specs: MarkSpec[]): boolean {
  for (const spec of specs) {
    for (const p of offsetsToPieces(article, spec.start, spec.end)) {
      if (!p.node.isConnected || p.end > p.node.data.length || !container.contains(p.node)) return false;
    }
  }
  return true;
}

/**
 * Splits specs (sorted by start) into chunks of about `size` that share no text node with another chunk:
 * marking one chunk splits only its own text nodes, so one article map stays valid for all chunks.
 */
export function chunkSpecs(article: ArticleText, specs: MarkSpec[], size: number): MarkSpec[][] {
  const sorted = [...specs].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: MarkSpec[][] = [];
  let cur: MarkSpec[] = [];
  let nodes = new Set<Text>();
  for (const spec of sorted) {
    const mine = offsetsToPieces(article, spec.start, spec.end).map((p) => p.node);
    const shares = mine.some((n) => nodes.has(n));
    if (cur.length >= size && !shares) {
      out.push(cur);
      cur = [];
      nodes = new Set();
    }
    cur.push(spec);
    for (const n of mine) nodes.add(n);
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Unwraps the given mark elements (keeps their text) and merges the split text nodes back. */
export function unwrapMarks(marks: Iterable<Element>): void {
  const parents = new Set<Node>();
  for (const m of marks) {
    const parent = m.parentNode;
    if (!parent) continue;
    while (m.firstChild) parent.insertBefore(m.firstChild, m);
    parent.removeChild(m);
    parents.add(parent);
  }
  for (const p of parents) if (p.isConnected || p.parentNode) (p as Element).normalize();
}

/** Removes every Pledgemark mark inside `container` (and merges the split text nodes back). */
export function unmarkAll(container: Element): void {
  unwrapMarks(Array.from(container.querySelectorAll(`mark.${MARK_CLASS}, mark.${SAVED_CLASS}`)));
}

/** The article text again after marking (mark elements are inline: same text, new nodes). */
export function refreshArticle(container: Element, before: ArticleText, opts?: ArticleTextOptions): ArticleText {
  const after = articleText(container, opts);
  if (after.text !== before.text) log('article text changed after marking');
  return after;
}
