/**
 * Link precision and recall on a hand-judged set (tests/fixtures/links/seeds-corpus.jsonl): every link the
 * linker makes on the seeds and corpus reports, each judged same metric or not, plus the pairs a reader would
 * link that it misses and look-alike pairs that must stay apart. A link not in the set counts as wrong, so a
 * change that links something new must be judged and added.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkTargets } from '../../lib/track/index';
import { CORPUS, ROOT, SEEDS, readDoc } from './track.fixtures';

interface Labelled {
  target: { doc: string; start: number; text: string };
  figure: { doc: string; start: number; text: string };
  same: boolean;
  note: string;
}

const labelled: Labelled[] = readFileSync(join(ROOT, 'tests/fixtures/links/seeds-corpus.jsonl'), 'utf8')
  .split('\n').filter(Boolean).map((l) => JSON.parse(l) as Labelled);
const key = (t: { doc: string; start: number }, f: { doc: string; start: number }) => `${t.doc}#${t.start}>${f.doc}#${f.start}`;

describe('link precision and recall on the judged set', () => {
  const docs = [...SEEDS, ...CORPUS].map(readDoc);
  const links = linkTargets(docs, { today: '2026-12-06' });
  const predicted = new Set(links.flatMap((l) => l.figures.map((f) => key(l.target, f))));
  const truth = new Map(labelled.map((l) => [key(l.target, l.figure), l]));

  it('the set names real items (offsets hold the quoted text)', () => {
    for (const l of labelled) {
      const t = docs.find((d) => d.doc === l.target.doc)!.items.find((it) => it.start === l.target.start);
      const f = docs.find((d) => d.doc === l.figure.doc)!.items.find((it) => it.start === l.figure.start);
      expect(t?.text, key(l.target, l.figure)).toBe(l.target.text);
      expect(f?.text, key(l.target, l.figure)).toBe(l.figure.text);
    }
  });

  it('precision ≥ 0.95 and recall ≥ 0.85', () => {
    let tp = 0;
    let fp = 0;
    const wrong: string[] = [];
    for (const p of predicted) {
      if (truth.get(p)?.same) tp++;
      else {
        fp++;
        wrong.push(`${p}${truth.has(p) ? ` (${truth.get(p)!.note})` : ' (not judged)'}`);
      }
    }
    const positives = labelled.filter((l) => l.same).length;
    const precision = tp / (tp + fp);
    const recall = tp / positives;
    console.log(`links: precision ${precision.toFixed(3)} (${tp}/${tp + fp}), recall ${recall.toFixed(3)} (${tp}/${positives}); wrong: ${wrong.join('; ') || 'none'}`);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.85);
  });

  it('the look-alike pairs judged different are never linked', () => {
    for (const l of labelled.filter((x) => !x.same)) {
      expect(predicted.has(key(l.target, l.figure)), l.note).toBe(false);
    }
  });
});
