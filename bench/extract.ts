/**
 * Extraction benchmarks and the adversarial inputs (also used by tests/unit/extract-robust.test.ts).
 *
 * Throughput is MB/s of UTF-8 input bytes (1 MB = 2^20 bytes). The baseline, measured in the same run on
 * the same text, is one global digit-regex pass (/\d+/g, counting matches): the cheapest scan that
 * still looks at every character, so the ratio says how many such passes extract() costs.
 * Each figure is the best of several timed runs after a warm-up run, each timed as the lesser of wall-clock
 * and process CPU time (least disturbed by other load on a shared machine).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { extract } from '../lib/extract/index';
import type { BenchResult } from './result';

export const SEEDS_DIR = fileURLToPath(new URL('../seeds', import.meta.url));
export const MB = 1024 * 1024;
/** The floor extraction throughput must reach, MB/s. */
export const FLOOR_MB_S = 30;

/** The seed reports, by file name, sorted. */
export function loadSeeds(dir = SEEDS_DIR): { name: string; text: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Repeats `unit` until the result has at least `bytes` UTF-8 bytes. */
export function fill(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.ceil(bytes / Math.max(1, utf8Bytes(unit)))));
}

export interface AdversarialCase {
  name: string;
  text: string;
}

/** The adversarial cases, each at least `bytes` UTF-8 bytes (1 MB by default), each aimed at a way to go slow. */
export function adversarialCases(bytes = MB): AdversarialCase[] {
  const seeds = loadSeeds().map((s) => s.text).join('\n');
  const half = Math.ceil(bytes / 2 / 3); // '（' is 3 UTF-8 bytes
  return [
    // Runs of 100,000 digits: number parsing and backtracking over long digit runs.
    { name: '100k-digit runs', text: fill('新增学位' + '9'.repeat(100_000) + '个，', bytes) },
    { name: '100k full-width digit runs', text: fill('达到' + '９'.repeat(100_000) + '％', bytes) },
    // 达到达到… with no punctuation: a keyword everywhere, nothing to anchor on, one endless sentence.
    { name: '达到达到… no punctuation', text: fill('达到', bytes) },
    { name: '到2025年达到95%… no punctuation', text: fill('到2025年达到95%', bytes) },
    // Deeply repeated brackets: nested around a target, and opening-only (never closed).
    { name: 'nested brackets', text: '（'.repeat(half) + '公办学位达到5370个' + '）'.repeat(half) },
    { name: 'unclosed brackets', text: fill('（【《“(', bytes) + '新增学位100个' },
    // A single line of 1 MB: the seeds with their line breaks removed.
    { name: '1 MB single line', text: fill(seeds.replace(/[\r\n]+/g, ''), bytes) },
    // A single sentence of 1 MB: also 。！？； removed, so thousands of numbers stand in one sentence.
    { name: '1 MB single sentence', text: fill(seeds.replace(/[\r\n。！？；!?;]+/g, '，'), bytes) },
  ];
}

/**
 * The time of one call of `fn`, in ms: the lesser of wall-clock time and this process's CPU time, so
 * other work on a busy machine (other processes on the same cores) does not count against it.
 */
export function timeMs(fn: () => unknown): number {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return Math.min(wall, (c.user + c.system) / 1000);
}

/**
 * Best time (ms, see timeMs) of `runs` timed calls after one warm-up call. When the warm-up alone
 * takes more than `slowMs`, its time is the figure (a pathological case is not repeated).
 */
export function bestMs(fn: () => unknown, runs = 3, slowMs = 2000, warmups = 1): number {
  const warm = timeMs(fn);
  if (warm > slowMs) return warm;
  // Further warm-up calls: the JIT and the heap settle after a few calls on megabytes of text.
  for (let i = 1; i < warmups; i++) timeMs(fn);
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    // Each timed run starts from a collected heap (`npm run bench` runs node with --expose-gc), so one run
    // does not pay for the garbage of the one before; its own collections still count.
    (globalThis as { gc?: () => void }).gc?.();
    best = Math.min(best, timeMs(fn));
  }
  return best;
}

/** The baseline: one global /\d+/g pass over the text, counting matches. */
export function digitPass(text: string): number {
  const re = /\d+/g;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

export interface ThroughputRow {
  kind: 'throughput';
  name: string;
  bytes: number;
  /** extract() MB/s */
  mbPerS: number;
  /** the digit-regex pass, MB/s */
  baselineMbPerS: number;
  baselineName: string;
  items: number;
  /** Against the floor; undefined for rows shown for information only. */
  pass?: boolean;
}

export interface TimeRow extends BenchResult {
  kind: 'time';
}

const mbps = (bytes: number, ms: number) => bytes / MB / (ms / 1000);

/** Times extract() on `text` (as one call, repeated `reps` times per timed run) against the digit pass. */
function throughput(name: string, texts: string[], runs: number, floor = true, warmups = 3): ThroughputRow {
  const bytes = texts.reduce((n, t) => n + utf8Bytes(t), 0);
  let items = 0;
  const ms = bestMs(() => {
    items = 0;
    for (const t of texts) items += extract(t).length;
  }, runs, 2000, warmups);
  const baseMs = bestMs(() => {
    for (const t of texts) digitPass(t);
  }, runs, 2000, warmups);
  const mbPerS = mbps(bytes, ms);
  return { kind: 'throughput', name, bytes, mbPerS, baselineMbPerS: mbps(bytes, baseMs), baselineName: '/\\d+/g pass', items, pass: floor ? mbPerS >= FLOOR_MB_S : undefined };
}

/**
 * Throughput on the seeds concatenated and repeated to ≥ 5 MB (one extract() call), and on each seed
 * separately (the seed repeated as separate calls up to ≥ 1 MB per timed run, so the figure is stable).
 */
export function benchThroughput(): ThroughputRow[] {
  const seeds = loadSeeds();
  const corpus = fill(seeds.map((s) => s.text).join('\n'), 5 * MB);
  // The floor is defined on this row: the seeds concatenated and repeated to ≥ 5 MB.
  // V8 needs several calls on megabytes of text before its optimised code settles (the first call runs at a
  // quarter of the speed here), and this shared machine's noise swings single runs by ±30%: so six warm-up
  // calls, then the best of ten.
  const rows = [throughput(`extract, seeds ×${Math.round(utf8Bytes(corpus) / MB)} MB in one call`, [corpus], 10, true, 6)];
  for (const s of seeds) {
    const reps = Math.max(1, Math.ceil(MB / utf8Bytes(s.text)));
    // Per seed, for information (no floor): dense summaries (baoan) cost more per byte than plans.
    const row = throughput(`extract, ${s.name.replace(/\.txt$/, '')}`, Array(reps).fill(s.text), 3, false);
    row.items = Math.round(row.items / reps);
    rows.push(row);
  }
  return rows;
}

/** Adversarial inputs: extract() time on each (one call, best of 2), against the digit pass; limit 1 s. */
export function benchAdversarial(): TimeRow[] {
  return adversarialCases().map((c) => {
    const ms = bestMs(() => extract(c.text), 2);
    const baselineMs = bestMs(() => digitPass(c.text), 2);
    return { kind: 'time', name: `adversarial: ${c.name} (${(utf8Bytes(c.text) / MB).toFixed(1)} MB)`, ms, baselineMs, baselineName: '/\\d+/g pass', limitMs: 1000, pass: ms < 1000 };
  });
}
