/**
 * `npm run bench`: every benchmark with its figure, the baseline measured in the same run, and the ratio.
 *
 *   - extraction throughput (MB/s of UTF-8 input) vs one /\d+/g pass, PASS/FAIL against the 30 MB/s floor;
 *   - adversarial 1 MB inputs: extract() time vs the digit pass, PASS/FAIL against 1 s;
 *   - bench/page.ts, bench/popup.ts, bench/reanchor.ts, bench/bigpage.ts, bench/track.ts, bench/tracker.ts, bench/sync.ts when they exist (they need a `wxt build` and
 *     Chromium): each exports async functions returning {name, ms, baselineMs, baselineName} (or an array).
 *
 * Exit status 1 when a PASS/FAIL line fails, so CI can use it; 0 otherwise.
 */
import { stat } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import type { BenchResult } from './result';
import { benchAdversarial, benchThroughput, FLOOR_MB_S, type ThroughputRow, type TimeRow } from './extract';

// Kept free of ../cli imports: the table helpers are small.
function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd) ? 2 : 1;
  }
  return w;
}
const padR = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padL = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;

interface Line {
  name: string;
  figure: string;
  baseline: string;
  ratio: string;
  verdict: string;
}

const f1 = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** figure time ÷ baseline time: how many baseline passes the benchmarked thing costs. */
const fmtRatio = (x: number) => (!Number.isFinite(x) ? '—' : `${x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2)}×`);

function throughputLine(r: ThroughputRow): Line {
  return {
    name: r.name,
    figure: `${f1(r.mbPerS)} MB/s`,
    baseline: `${f1(r.baselineMbPerS)} MB/s (${r.baselineName})`,
    ratio: fmtRatio(r.baselineMbPerS / r.mbPerS),
    verdict: r.pass === undefined ? '(information)' : `${r.pass ? 'PASS' : 'FAIL'} (floor ${FLOOR_MB_S} MB/s)`,
  };
}

function timeLine(r: TimeRow): Line {
  return {
    name: r.name,
    figure: `${f1(r.ms)} ms`,
    baseline: `${f1(r.baselineMs)} ms (${r.baselineName})`,
    ratio: fmtRatio(r.ms / r.baselineMs),
    verdict: r.pass === undefined ? '' : `${r.pass ? 'PASS' : 'FAIL'} (limit ${r.limitMs} ms)`,
  };
}

function print(lines: Line[]): void {
  const cols: (keyof Line)[] = ['name', 'figure', 'baseline', 'ratio', 'verdict'];
  const head: Line = { name: 'benchmark', figure: 'figure', baseline: 'baseline (same run)', ratio: 'time ratio', verdict: '' };
  const w = cols.map((c) => Math.max(...[head, ...lines].map((l) => width(l[c]))));
  for (const l of [head, ...lines]) {
    const cells = cols.map((c, i) => (c === 'figure' || c === 'ratio' ? padL(l[c], w[i]) : padR(l[c], w[i])));
    console.log(cells.join('  ').trimEnd());
  }
}

/** What an optional benchmark module returns. */
type ExternalResult = BenchResult;

/** Names of optional-module results that reported pass: false. */
const externalFailures: string[] = [];

function isResult(x: unknown): x is ExternalResult {
  const r = x as ExternalResult;
  return !!r && typeof r.name === 'string' && typeof r.ms === 'number' && typeof r.baselineMs === 'number' && typeof r.baselineName === 'string';
}

/** Runs bench/NAME.ts if it exists: every exported function whose name starts with bench or run, or default. */
async function external(file: string, title: string): Promise<Line[]> {
  const url = new URL(`./${file}`, import.meta.url);
  try {
    await stat(url);
  } catch {
    return [{ name: title, figure: '', baseline: 'skipped: not built yet', ratio: '', verdict: '' }];
  }
  try {
    const mod = (await import(url.href)) as Record<string, unknown>;
    // Each function once (a module may export the same one as default and by name).
    const fns = [...new Map(Object.entries(mod).filter(([k, v]) => typeof v === 'function' && (k === 'default' || /^(bench|run)/i.test(k))).map(([k, v]) => [v, k])).entries()].map(([v, k]) => [k, v] as const);
    if (!fns.length) return [{ name: title, figure: '', baseline: `skipped: ${file} exports no bench*/run* function`, ratio: '', verdict: '' }];
    const lines: Line[] = [];
    for (const [, fn] of fns) {
      const out = await (fn as () => Promise<unknown>)();
      for (const r of Array.isArray(out) ? out : [out]) {
        if (isResult(r)) {
          lines.push(timeLine({ kind: 'time', ...r }));
          if (r.pass === false) externalFailures.push(r.name);
        }
        else if (r && typeof r === 'object' && 'skipped' in r) lines.push({ name: title, figure: '', baseline: `skipped: ${String((r as { skipped: unknown }).skipped)}`, ratio: '', verdict: '' });
      }
    }
    return lines;
  } catch (err) {
    const msg = ((err as Error)?.message ?? String(err)).split('\n')[0];
    return [{ name: title, figure: '', baseline: `skipped: ${msg}`, ratio: '', verdict: '' }];
  }
}

async function main(): Promise<number> {
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`Pledgemark benchmarks — node ${process.version}, ${cpus().length} CPUs, load average ${load}, ${new Date().toISOString()}`);
  console.log('Extraction figures: best of several runs after a warm-up, each run timed as the lesser of wall-clock and');
  console.log('process CPU time (so other load on the machine does not count); baselines run the same way, same input.\n');
  const thr = benchThroughput();
  const adv = benchAdversarial();
  const lines = [...thr.map(throughputLine), ...adv.map(timeLine)];
  print(lines);
  console.log('');
  const ext = [
    ...(await external('page.ts', 'content script: time to highlights')),
    ...(await external('popup.ts', 'popup: first paint / CSV export')),
    ...(await external('popup-browser.ts', 'popup and CSV export in Chromium')),
    ...(await external('reanchor.ts', 're-anchoring 500 annotations')),
    ...(await external('bigpage.ts', '5 MB page: the page timer and long tasks')),
    ...(await external('track.ts', 'promise tracker: linking')),
    ...(await external('sync.ts', 'shared notebook: first sync and a live change')),
    ...(await external('tracker.ts', 'tracker page: first rows of 2,000 targets')),
  ];
  print(ext);
  const failed = [...thr.filter((r) => r.pass === false).map((r) => r.name), ...adv.filter((r) => r.pass === false).map((r) => r.name), ...externalFailures];
  console.log('');
  console.log(failed.length ? `FAIL (${failed.length}):\n${failed.map((n) => `  - ${n}`).join('\n')}` : 'All bars PASS.');
  return failed.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`bench: ${(err as Error)?.stack ?? err}`);
    process.exitCode = 2;
  },
);
