// @vitest-environment jsdom
/**
 * Marking keeps the article map fresh: after markSpans splits and wraps text nodes, the map it patched equals a
 * fresh articleText() of the marked DOM (same nodes, same offsets), so a long article is never walked again.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { articleText, type ArticleText } from '../../lib/article/text';
import { detectReport } from '../../lib/article/detect';
import { extract } from '../../lib/extract';
import { chunkSpecs, markSpans, type MarkSpec } from '../../components/page/highlight';
import { SEED_PAGES, seedPage } from '../fixtures/pages/build';
import { loadPage } from './dom.fixtures';

const specOf = (start: number, end: number, i: number): MarkSpec => ({
  start,
  end,
  className: 'pm-mark pm-kind-target',
  attrs: { 'data-pm-index': String(i), 'data-pm-kind': 'target' },
});

/** The map as comparable rows (a node by its index among the container's text nodes). */
function rows(c: Element, a: ArticleText): string[] {
  const index = new Map<Node, number>();
  const w = document.createTreeWalker(c, 4);
  for (let n = w.nextNode(), i = 0; n; n = w.nextNode(), i++) index.set(n, i);
  return a.map.map((s) => `${s.start}-${s.end}@${index.get(s.node) ?? 'gone'}:${s.nodeStart}-${s.nodeEnd}`);
}

describe('markSpans patches the article map', () => {
  it.each(SEED_PAGES.slice(0, 4).map((s) => [s.name, s] as const))('every item of %s, in chunks: the map equals a fresh read', (_, s) => {
    loadPage(seedPage(s));
    const c = detectReport(document).container!;
    const a = articleText(c);
    const specs = extract(a.text).map((it, i) => specOf(it.start, it.end, i));
    expect(specs.length).toBeGreaterThan(5);
    for (const chunk of chunkSpecs(a, specs, 7)) markSpans(c, a, chunk);
    expect(a.stale).toBeUndefined();
    const fresh = articleText(c);
    expect(a.text).toBe(fresh.text);
    expect(rows(c, a)).toEqual(rows(c, fresh));
  });

  it('any overlapping spans over mixed markup (property)', () => {
    const html = '<div id="c"><p>到2025年，全区新增<b>公办</b>学位5370个，  学前教育毛入园率\n  达到95%以上。</p><table><tr><td>98.68</td><td>&gt;95</td></tr></table><p>5370个学位中， <i>5370个</i>为公办。<br>共计 12 所</p></div>';
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(80), fc.integer({ min: 1, max: 12 })), { minLength: 1, maxLength: 12 }), (spans) => {
        document.body.innerHTML = html; // trusted test markup
        const c = document.getElementById('c')!;
        const a = articleText(c);
        const specs = spans.map(([s, len], i) => specOf(Math.min(s, a.text.length - 1), Math.min(s + len, a.text.length), i));
        markSpans(c, a, specs);
        const fresh = articleText(c);
        return !a.stale && a.text === fresh.text && JSON.stringify(rows(c, a)) === JSON.stringify(rows(c, fresh));
      }),
      { numRuns: 200 },
    );
  });
});
