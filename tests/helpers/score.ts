/**
 * The gold scoring of ../shared/eval/score.mjs, run in-process on the labelled fixtures: each gold token
 * takes the kind of the item covering its first character (target before reported); commitments match by
 * overlap; a metric counts when its character bigrams overlap the gold metric's (Dice ≥ 0.6).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Item } from '../../lib/schema/item';

export interface Tally { tp: number; fp: number; fn: number }
export const FIELDS = ['value', 'unit', 'comparator', 'deadline', 'metric'] as const;
export type Field = (typeof FIELDS)[number];
export interface DocScores {
  name: string;
  target: Tally;
  reported: Tally;
  commitment: Tally;
  fields: Record<Field, number>;
  fieldsSeen: number;
}
export interface Scores extends Omit<DocScores, 'name'> {
  docs: DocScores[];
  misses: string[];
}

const METRIC_MIN = 0.6;
const rank = (k: string) => (k === 'target' ? 0 : k === 'reported' ? 1 : 2);
const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null) || String(a ?? '') === String(b ?? '');
const readJsonl = (p: string) => readFileSync(p, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const tally = (): Tally => ({ tp: 0, fp: 0, fn: 0 });
const noFields = (): Record<Field, number> => ({ value: 0, unit: 0, comparator: 0, deadline: 0, metric: 0 });

function bigrams(s: string | null | undefined): Map<string, number> {
  const t = (s ?? '').normalize('NFKC').replace(/[\s"'“”‘’「」『』《》〈〉()（）【】[\],，、.。:：;；!！?？]/gu, '');
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < t.length; i++) out.set(t.slice(i, i + 2), (out.get(t.slice(i, i + 2)) ?? 0) + 1);
  if (t.length === 1) out.set(t, 1);
  return out;
}

/** The scorer's metric similarity: Dice over character bigrams after NFKC, without quotes and punctuation. */
export function dice(a: string | null | undefined, b: string | null | undefined): number {
  const x = bigrams(a), y = bigrams(b);
  let both = 0, n = 0;
  for (const [k, v] of x) { both += Math.min(v, y.get(k) ?? 0); n += v; }
  for (const v of y.values()) n += v;
  return n ? (2 * both) / n : 0;
}

export function f1({ tp, fp, fn }: Tally): number {
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return p + r ? (2 * p * r) / (p + r) : 0;
}
export const precision = ({ tp, fp }: Tally) => (tp + fp ? tp / (tp + fp) : 0);
export const recall = ({ tp, fn }: Tally) => (tp + fn ? tp / (tp + fn) : 0);

function scoreDoc(name: string, goldDir: string, items: Item[], misses: string[]): DocScores {
  const d: DocScores = { name, target: tally(), reported: tally(), commitment: tally(), fields: noFields(), fieldsSeen: 0 };
  for (const tok of readJsonl(join(goldDir, `${name}.jsonl`))) {
    const item = items.filter((it) => it.start <= tok.start && tok.start < it.end).sort((a, b) => rank(a.kind) - rank(b.kind))[0];
    const pred = item?.kind;
    for (const kind of ['target', 'reported'] as const) {
      if (tok.role === kind && pred === kind) d[kind].tp++;
      else if (tok.role === kind) d[kind].fn++;
      else if (pred === kind) d[kind].fp++;
    }
    if ((tok.role === 'target' || tok.role === 'reported' || pred === 'target' || pred === 'reported') && tok.role !== pred) {
      misses.push(`${name}#${tok.id} gold=${tok.role} pred=${pred ?? 'none'} ${tok.exact}`);
    }
    if (tok.role === 'target' && pred === 'target') {
      d.fieldsSeen++;
      const ok: Record<Field, boolean> = {
        value: item.value === tok.value || item.valueMax === tok.value,
        unit: same(item.unit?.normalize('NFKC'), tok.unit?.normalize('NFKC')),
        comparator: same(item.comparator ?? '=', tok.comparator ?? '='),
        deadline: same(item.deadline, tok.deadline),
        metric: dice(item.metric, tok.metric) >= METRIC_MIN,
      };
      for (const f of FIELDS) if (ok[f]) d.fields[f]++;
    }
  }
  const commits = items.filter((it) => it.kind === 'commitment');
  const gold: { start: number; end: number }[] = readJsonl(join(goldDir, `${name}.commitments.jsonl`));
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
  for (const g of gold) commits.some((c) => overlaps(c, g)) ? d.commitment.tp++ : d.commitment.fn++;
  for (const c of commits) if (!gold.some((g) => overlaps(c, g))) d.commitment.fp++;
  return d;
}

export function scoreGold(goldDir: string, docsDir: string, extract: (text: string) => Item[]): Scores {
  const s: Scores = {
    target: tally(), reported: tally(), commitment: tally(), fields: noFields(), fieldsSeen: 0, docs: [], misses: [],
  };
  for (const file of readdirSync(goldDir).filter((f) => f.endsWith('.jsonl') && !f.endsWith('.commitments.jsonl')).sort()) {
    const name = file.replace(/\.jsonl$/, '');
    const d = scoreDoc(name, goldDir, extract(readFileSync(join(docsDir, `${name}.txt`), 'utf8')), s.misses);
    s.docs.push(d);
    for (const k of ['target', 'reported', 'commitment'] as const) for (const m of ['tp', 'fp', 'fn'] as const) s[k][m] += d[k][m];
    for (const f of FIELDS) s.fields[f] += d.fields[f];
    s.fieldsSeen += d.fieldsSeen;
  }
  return s;
}
