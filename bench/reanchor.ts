/**
 * Re-anchoring benchmark: 500 saved annotations on the haizhu seed (72 KB), re-anchored
 * (1) on the unchanged text and (2) after a paragraph is inserted in the middle (half of them move),
 * each next to the plain baseline of finding every quote with indexOf on the same text, in the same
 * run. Prints nothing; bench/run.ts prints the rows.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { reanchorAll, type Anchorable } from '../lib/evidence/reanchor';

export interface BenchRow {
  name: string;
  ms: number;
  baselineMs: number;
  baselineName: string;
}

const SEED = fileURLToPath(new URL('../seeds/haizhu-2021-2025-plan.txt', import.meta.url));
const N = 500;
const CONTEXT = 32;
const INSERTED = '\n\n  新增段落:本段为基准测试插入的文字,用于检验批注在段落插入后能否重新定位。\n';

/** Deterministic annotations: quotes of 2–40 characters at pseudo-random offsets, 32 characters of context. */
function annotations(text: string, n: number): Anchorable[] {
  let x = 20260401;
  const rnd = () => (x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const out: Anchorable[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor(rnd() * (text.length - 45));
    const end = start + 2 + Math.floor(rnd() * 39);
    out.push({
      quote: { exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - CONTEXT), start), suffix: text.slice(end, end + CONTEXT) },
      position: { start, end },
    });
  }
  return out;
}

/** Best of `runs` timings after one warm-up. */
function best(runs: number, fn: () => unknown): number {
  fn();
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

function indexOfAll(anns: readonly Anchorable[], text: string): number {
  let found = 0;
  for (const a of anns) if (text.indexOf(a.quote.exact) >= 0) found++;
  return found;
}

export async function benchReanchor(): Promise<BenchRow[]> {
  const text = readFileSync(SEED, 'utf8');
  const anns = annotations(text, N);
  const at = text.indexOf('\n', Math.floor(text.length / 2));
  const moved = text.slice(0, at) + INSERTED + text.slice(at);
  const baselineName = `indexOf of each of the ${N} quotes`;
  const rows: BenchRow[] = [];
  for (const [name, current] of [
    [`re-anchor ${N} annotations, haizhu seed unchanged`, text],
    [`re-anchor ${N} annotations, paragraph inserted mid-text`, moved],
  ] as const) {
    const results = reanchorAll(anns, current);
    const anchored = results.filter((r) => r.status === 'anchored').length;
    if (anchored < N * 0.98) throw new Error(`re-anchoring bench: only ${anchored} of ${N} anchored on "${name}"`);
    rows.push({
      name,
      ms: best(5, () => reanchorAll(anns, current)),
      baselineMs: best(5, () => indexOfAll(anns, current)),
      baselineName,
    });
  }
  return rows;
}
