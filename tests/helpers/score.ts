/**
 * The seed-gold scoring of ../shared/eval/score.mjs, run in-process on tests/fixtures/gold: each gold token
 * takes the kind of the item covering its first character (target before reported); commitments match by overlap.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Item } from '../../lib/schema/item';

export interface Tally { tp: number; fp: number; fn: number }
export interface Scores {
  target: Tally;
  reported: Tally;
  commitment: Tally;
  fields: Record<'value' | 'unit' | 'comparator' | 'deadline', number>;
  fieldsSeen: number;
  misses: string[];
}

const rank = (k: string) => (k === 'target' ? 0 : k === 'reported' ? 1 : 2);
const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null) || String(a ?? '') === String(b ?? '');
const readJsonl = (p: string) => readFileSync(p, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

export function f1({ tp, fp, fn }: Tally): number {
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return p + r ? (2 * p * r) / (p + r) : 0;
}

export function scoreGold(goldDir: string, docsDir: string, extract: (text: string) => Item[]): Scores {
  const s: Scores = {
    target: { tp: 0, fp: 0, fn: 0 }, reported: { tp: 0, fp: 0, fn: 0 }, commitment: { tp: 0, fp: 0, fn: 0 },
    fields: { value: 0, unit: 0, comparator: 0, deadline: 0 }, fieldsSeen: 0, misses: [],
  };
  for (const file of readdirSync(goldDir).filter((f) => f.endsWith('.jsonl') && !f.endsWith('.commitments.jsonl')).sort()) {
    const name = file.replace(/\.jsonl$/, '');
    const items = extract(readFileSync(join(docsDir, `${name}.txt`), 'utf8'));
    for (const tok of readJsonl(join(goldDir, file))) {
      const item = items.filter((it) => it.start <= tok.start && tok.start < it.end).sort((a, b) => rank(a.kind) - rank(b.kind))[0];
      const pred = item?.kind;
      for (const kind of ['target', 'reported'] as const) {
        if (tok.role === kind && pred === kind) s[kind].tp++;
        else if (tok.role === kind) s[kind].fn++;
        else if (pred === kind) s[kind].fp++;
      }
      if ((tok.role === 'target' || tok.role === 'reported' || pred === 'target' || pred === 'reported') && tok.role !== pred) {
        s.misses.push(`${name}#${tok.id} gold=${tok.role} pred=${pred ?? 'none'} ${tok.exact}`);
      }
      if (tok.role === 'target' && pred === 'target') {
        s.fieldsSeen++;
        if (item.value === tok.value || item.valueMax === tok.value) s.fields.value++;
        if (same(item.unit?.normalize('NFKC'), tok.unit?.normalize('NFKC'))) s.fields.unit++;
        if (same(item.comparator ?? '=', tok.comparator ?? '=')) s.fields.comparator++;
        if (same(item.deadline, tok.deadline)) s.fields.deadline++;
      }
    }
    const commits = items.filter((it) => it.kind === 'commitment');
    const gold = readJsonl(join(goldDir, `${name}.commitments.jsonl`));
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
    for (const g of gold) commits.some((c) => overlaps(c, g)) ? s.commitment.tp++ : s.commitment.fn++;
    for (const c of commits) if (!gold.some((g: { start: number; end: number }) => overlaps(c, g))) s.commitment.fp++;
  }
  return s;
}
