/**
 * How responsive a page stays while the content script works on it, measured by the page itself (shared by
 * the e2e test and `npm run bench`): a 10 ms timer whose late runs are recorded, the browser's long tasks
 * (PerformanceObserver 'longtask'), and the first batch of item marks put in (with their place on screen).
 */
import type { Page } from 'playwright-core';

/** The page's own script (runs in its <head>, before the content script). */
export const PAGE_PROBE = `(() => {
  const probe = (window.__probe = { gaps: [], tasks: [], first: null });
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 20) probe.gaps.push([last, now - last]);
    last = now;
  }, 10);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.tasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  const mo = new MutationObserver((records) => {
    const marks = [];
    for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1 && n.matches('mark[data-pm-index]')) marks.push(n);
    if (!marks.length) return;
    mo.disconnect();
    probe.first = { count: marks.length, tops: marks.map((m) => m.getBoundingClientRect().top), viewport: innerHeight, at: performance.now() };
  });
  document.addEventListener('DOMContentLoaded', () => mo.observe(document.body, { childList: true, subtree: true }));
})();`;

export interface Responsiveness {
  /** The longest time the page's 10 ms timer waited past its due time's start (ms), since `since`. */
  maxGapMs: number;
  /** The longest long task since `since` (ms; 0 when there was none over 50 ms). */
  longestTaskMs: number;
  /** Long tasks since `since`. */
  longTasks: number;
  first: { count: number; tops: number[]; viewport: number; at: number } | null;
}

/** The probe's figures from `since` (a performance.now() time of the page) on; `since` null: the 'pm-start' mark. */
export async function readProbe(page: Page, since: number | null): Promise<Responsiveness> {
  // A string, so no bundler helper (esbuild's __name under tsx) leaks into the page.
  return (await page.evaluate(`(() => {
    const p = window.__probe;
    const start = ${since === null ? "performance.getEntriesByName('pm-start')[0]?.startTime ?? 0" : String(since)};
    const gaps = p.gaps.filter(([at, gap]) => at + gap > start).map(([, gap]) => gap);
    const tasks = p.tasks.filter(([at, d]) => at + d > start).map(([, d]) => d);
    return { maxGapMs: Math.round(Math.max(10, ...gaps)), longestTaskMs: Math.round(Math.max(0, ...tasks)), longTasks: tasks.length, first: p.first };
  })()`)) as Responsiveness;
}
