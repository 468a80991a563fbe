/**
 * The tracker page with 2,000 tracked targets (run by bench/run.ts; prints nothing).
 *
 * Input: the seed reports' items (targets and reported figures), copied into reports of 50 districts (a
 * district's title names it, so reports of different districts never link), until 2,000 targets are tracked;
 * stored through the real handler (tracker/add) in a fake-indexeddb database.
 *
 * - "first rows": components/tracker/TrackerApp rendered with Preact into a happy-dom document, from render()
 *   until its first page of rows is in the DOM, the rows' data coming from the real handler (tracker/links),
 *   which the background has computed ahead (it does after every change: lib/messages/background warmTracker).
 *   Bar 200 ms. Baseline, same run: the tracker/links message alone.
 * - "first rows, computed on open": the same after a write to the database, so the handler reads every tracked
 *   snapshot and runs the linker while the page waits (information: the page a moment after a change).
 * - "first rows, data given": the same render with the answer already in hand (the page's own cost), against
 *   JSON.parse of that answer (what receiving it costs at least).
 * Best of several runs after a warm-up, each run timed as the lesser of wall-clock and process CPU time (as
 * bench/run.ts does: all the work here is in this process, so other load on the machine does not count).
 */
import { performance } from 'node:perf_hooks';
import { readFileSync, readdirSync } from 'node:fs';
import { Window } from 'happy-dom';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { h, render } from 'preact';
import { PledgemarkDB } from '../lib/store/db';
import { AnnotationRepository } from '../lib/store/repository';
import { SnapshotRepository } from '../lib/store/snapshots';
import { handleMessage } from '../lib/messages/handler';
import { sendMessage } from '../lib/messages/client';
import { extract } from '../lib/extract';
import type { Item } from '../lib/schema/item';
import type { TrackerView } from '../lib/schema/tracker';
import type { BenchResult } from './result';

export const TARGETS = 2000;
export const FIRST_ROWS_LIMIT_MS = 200;
const RUNS = 5;
const DISTRICTS = '东城西城朝阳海淀丰台石景山门头沟房山通州顺义昌平大兴怀柔平谷密云延庆越秀荔湾天河白云黄埔番禺花都南沙从化增城福田罗湖南山宝安龙岗盐田龙华坪山光明鹿城龙湾瓯海洞头上城拱墅西湖滨江萧山余杭临平钱塘富阳临安'.match(/../g)!;

function seedItems(): Array<{ title: string; text: string; items: Item[] }> {
  const dir = new URL('../seeds/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const text = readFileSync(new URL(f, dir), 'utf8');
      return { title: f.replace(/\.txt$/, ''), text, items: extract(text) };
    });
}

async function seededDeps() {
  const db = new PledgemarkDB(`pledgemark-bench-tracker-${Date.now()}`, { indexedDB, IDBKeyRange });
  const now = () => new Date('2026-12-01T08:00:00.000Z');
  const deps = { repo: new AnnotationRepository(db, now), snapshots: new SnapshotRepository(db, now), now };
  const seeds = seedItems();
  let targets = 0;
  for (let d = 0; targets < TARGETS; d++) {
    const s = seeds[d % seeds.length];
    const district = DISTRICTS[d % DISTRICTS.length];
    let items = s.items;
    const count = items.filter((it) => it.kind === 'target').length;
    if (targets + count > TARGETS) {
      // The last report keeps only as many targets as are still wanted.
      let keep = TARGETS - targets;
      items = items.filter((it) => it.kind !== 'target' || keep-- > 0);
    }
    targets += items.filter((it) => it.kind === 'target').length;
    const url = `http://www.d${d}.gov.cn/jyj/${s.title}.html`;
    const r = await handleMessage({ type: 'tracker/add', url, title: `${district}区教育局 ${s.title}`, text: s.text, items }, deps);
    if (!r.ok) throw new Error(`bench/tracker: ${r.error}`);
  }
  return deps;
}

function installDom(): { restore: () => void } {
  const win = new Window({ url: 'chrome-extension://pledgemark/tracker.html' });
  const g = globalThis as Record<string, unknown>;
  const saved = new Map<string, PropertyDescriptor | undefined>();
  const keys = ['window', 'document', 'Node', 'Element', 'HTMLElement', 'Event', 'navigator', 'IntersectionObserver'];
  for (const key of keys) saved.set(key, Object.getOwnPropertyDescriptor(globalThis, key));
  const set = (key: string, value: unknown) => Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
  for (const key of keys) set(key, (win as unknown as Record<string, unknown>)[key]);
  return {
    restore: () => {
      for (const [key, desc] of saved) {
        if (desc) Object.defineProperty(globalThis, key, desc);
        else delete g[key];
      }
      void win.happyDOM.close();
    },
  };
}

/** A start mark: wall-clock and process CPU time. */
function clock(): { wall: number; cpu: NodeJS.CpuUsage } {
  return { wall: performance.now(), cpu: process.cpuUsage() };
}

/** Milliseconds since `t0`: the lesser of wall-clock and CPU time. */
function since(t0: { wall: number; cpu: NodeJS.CpuUsage }): number {
  const cpu = process.cpuUsage(t0.cpu);
  return Math.min(performance.now() - t0.wall, (cpu.user + cpu.system) / 1000);
}

async function untilRows(root: Element, count: number, timeoutMs = 20_000): Promise<void> {
  const t0 = performance.now();
  while (root.querySelectorAll('[data-testid="tracker-row"]').length < count) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`the tracker page did not draw ${count} rows in ${timeoutMs} ms`);
    await new Promise((r) => setImmediate(r));
  }
}

export async function benchTrackerPage(): Promise<BenchResult[]> {
  const deps = await seededDeps();
  const { TrackerApp, FIRST_ROWS } = await import('../components/tracker/TrackerApp');
  const send = (req: Parameters<typeof handleMessage>[0]) => sendMessage(req as never, (m) => handleMessage(m, deps));
  const first = await handleMessage({ type: 'tracker/links' }, deps);
  if (!first.ok) throw new Error(`bench/tracker: ${first.error}`);
  const view = first.data as TrackerView;
  if (view.rows.length !== TARGETS) throw new Error(`bench/tracker: ${view.rows.length} targets tracked, expected ${TARGETS}`);
  const json = JSON.stringify(view);

  const dom = installDom();
  const full: number[] = [];
  const cold: number[] = [];
  const given: number[] = [];
  const message: number[] = [];
  const parse: number[] = [];
  try {
    for (let run = 0; run <= RUNS; run++) {
      let t0 = clock();
      await send({ type: 'tracker/links' });
      message.push(since(t0));
      t0 = clock();
      JSON.parse(json);
      parse.push(since(t0));

      for (const [api, out] of [
        [{ send, download: () => undefined }, cold],
        [{ send, download: () => undefined }, full],
        [{ send: async (req: { type: string }) => (req.type === 'tracker/links' ? { ok: true, data: view } : { ok: true, data: { reports: [] } }), download: () => undefined }, given],
      ] as const) {
        // Any write makes the handler compute the rows again (its cache is kept while nothing is written).
        if (out === cold) await deps.repo.db.settings.put({ key: 'bench-tracker', value: run });
        const root = document.createElement('div');
        document.body.appendChild(root);
        t0 = clock();
        render(h(TrackerApp, { api: api as never }), root);
        await untilRows(root, FIRST_ROWS);
        (out as number[]).push(since(t0));
        render(null, root);
        root.remove();
      }
    }
  } finally {
    dom.restore();
    deps.repo.db.close();
  }
  // Run 0 is the warm-up.
  const best = (xs: number[]) => Math.round(Math.min(...xs.slice(1)) * 10) / 10;
  return [
    {
      name: `tracker page: first ${FIRST_ROWS} rows of ${TARGETS} targets`,
      ms: best(full),
      baselineMs: best(message),
      baselineName: 'tracker/links message alone',
      limitMs: FIRST_ROWS_LIMIT_MS,
      pass: best(full) < FIRST_ROWS_LIMIT_MS,
    },
    {
      name: `tracker page: first rows, computed on open`,
      ms: best(cold),
      baselineMs: best(message),
      baselineName: 'tracker/links message alone',
    },
    {
      name: `tracker page: first rows, answer in hand`,
      ms: best(given),
      baselineMs: best(parse),
      baselineName: 'JSON.parse of the answer',
    },
  ];
}
