/**
 * Promise-tracker linking benchmark: 2,000 targets against 100,000 reported figures from 1,000 reports, made from
 * the real items of the seeds and corpus reports (each report: 2 targets and 100 figures drawn from them, its own
 * place among 50 and year, values varied), linked with linkTargets (the index) — next to the pairwise way on the
 * same input in the same run: every target scored against every figure, timed on 20 targets and extrapolated to
 * 2,000 (labelled as such). Each time is the lesser of wall-clock and CPU time, best of 3 after a warm-up.
 * Prints nothing; bench/run.ts prints the rows.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extract } from '../lib/extract/index';
import type { Item } from '../lib/schema/item';
import type { TrackDoc } from '../lib/schema/track';
import { linkTargets, prepareDocs, scorePair } from '../lib/track/index';
import type { BenchResult } from './result';

const FILES = [
  'seeds/baoan-2021-h1-summary-h2-plan.txt', 'seeds/guangzhou-2019-summary-2020-keypoints.txt', 'seeds/haizhu-2021-2025-plan.txt',
  'seeds/longwan-2020-keypoints.txt', 'seeds/panyu-2019-summary-2020-plan.txt',
  'tests/fixtures/corpus/docs/beijing-2026-gwr.txt', 'tests/fixtures/corpus/docs/guangdong-2026-gwr.txt',
  'tests/fixtures/corpus/docs/sichuan-2026-gwr.txt', 'tests/fixtures/corpus/docs/zhejiang-2026-gwr.txt',
];
export const REPORTS = 1000;
export const TARGETS_PER_REPORT = 2;
export const FIGURES_PER_REPORT = 100;
const PLACES = ['番禺区', '海珠区', '天河区', '越秀区', '白云区', '黄埔区', '花都区', '南沙区', '从化区', '增城区'].flatMap((p, i) => [p, `东${i}县`, `西${i}县`, `南${i}县`, `北${i}县`]);
export const LIMIT_MS = 500;
const PAIRWISE_SAMPLE = 20;

/** The 1,000 synthetic reports (deterministic). */
export function synthReports(): TrackDoc[] {
  const items = FILES.flatMap((f) => extract(readFileSync(fileURLToPath(new URL(`../${f}`, import.meta.url)), 'utf8')));
  const targets = items.filter((it) => it.kind === 'target');
  const figures = items.filter((it) => it.kind === 'reported');
  let x = 20261206;
  const rnd = () => (x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pick = <T,>(a: T[]) => a[Math.floor(rnd() * a.length)];
  const vary = (it: Item, shift: number): Item => ({
    ...it,
    start: it.start + shift,
    end: it.end + shift,
    sentence: { ...it.sentence, start: it.sentence.start + shift, end: it.sentence.end + shift },
    value: it.value === null ? null : Math.round(it.value * (0.8 + 0.4 * rnd()) * 100) / 100,
  });
  const docs: TrackDoc[] = [];
  for (let r = 0; r < REPORTS; r++) {
    const place = PLACES[r % PLACES.length];
    const year = 2019 + (r % 7);
    const own: Item[] = [];
    for (let i = 0; i < TARGETS_PER_REPORT; i++) own.push(vary(pick(targets), i * 100_000));
    for (let i = 0; i < FIGURES_PER_REPORT; i++) own.push(vary(pick(figures), (TARGETS_PER_REPORT + i) * 100_000));
    docs.push({ doc: `r${r}.txt`, title: `${place}${year}年工作总结和${year + 1}年工作要点`, url: null, date: `${year + 1}-01-15`, items: own });
  }
  return docs;
}

/** One run's time: the lesser of wall-clock and this process's CPU time (other load on the machine does not count). */
function timed(fn: () => unknown): number {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  fn();
  const cpu = process.cpuUsage(c0);
  return Math.min(performance.now() - t0, (cpu.user + cpu.system) / 1000);
}

/** Best of `runs` after a warm-up. */
function best(runs: number, fn: () => unknown): number {
  fn();
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, timed(fn));
  return min;
}

/** The pairwise way: prepare the same way, then score each of `sample` targets against every figure. */
function pairwise(docs: TrackDoc[], sample: number): { ms: number; links: number } {
  let prepared!: ReturnType<typeof prepareDocs>;
  const prepMs = timed(() => (prepared = prepareDocs(docs)));
  const { targets, figures, facts } = prepared;
  let links = 0;
  const scoreMs = timed(() => {
    for (const t of targets.slice(0, sample)) {
      const tf = facts.get(t.doc.doc)!;
      for (const f of figures) if (!('refused' in scorePair(t, f, tf, facts.get(f.doc.doc)!))) links++;
    }
  });
  return { ms: prepMs + (scoreMs * targets.length) / sample, links };
}

export async function benchTrack(): Promise<BenchResult> {
  const docs = synthReports();
  const ms = best(3, () => linkTargets(docs, { today: '2026-12-06' }));
  const pair = pairwise(docs, PAIRWISE_SAMPLE);
  return {
    name: `tracker: link ${REPORTS * TARGETS_PER_REPORT} targets vs ${REPORTS * FIGURES_PER_REPORT} figures (${REPORTS} reports), indexed`,
    ms,
    baselineMs: pair.ms,
    baselineName: `pairwise, ${PAIRWISE_SAMPLE} targets timed, extrapolated to ${REPORTS * TARGETS_PER_REPORT}`,
    limitMs: LIMIT_MS,
    pass: ms < LIMIT_MS,
  };
}
