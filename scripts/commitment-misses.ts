/**
 * `tsx scripts/commitment-misses.ts [set] [--fp|--fn]`: for each labelled document, the gold commitments no
 * predicted commitment overlaps (miss) and the predicted commitments no gold overlaps (fp), with their sentence
 * context — for tuning the commitments stage against the labelling guide.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { extract } from '../lib/extract';
import { LABELLED_SETS } from '../tests/helpers/labelled-sets';

const want = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const onlyFp = process.argv.includes('--fp');
const onlyFn = process.argv.includes('--fn');
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
for (const set of LABELLED_SETS.filter((s) => !want.length || want.includes(s.name))) {
  for (const file of readdirSync(set.gold).filter((f) => f.endsWith('.commitments.jsonl')).sort()) {
    const name = file.replace(/\.commitments\.jsonl$/, '');
    const text = readFileSync(join(set.docs, `${name}.txt`), 'utf8');
    const gold: { start: number; end: number; exact: string; note?: string }[] = readFileSync(join(set.gold, file), 'utf8')
      .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    const items = extract(text);
    const commits = items.filter((i) => i.kind === 'commitment');
    console.log(`\n## ${set.name}/${name}`);
    if (!onlyFp) for (const g of gold) {
      if (commits.some((c) => overlaps(c, g))) continue;
      const other = items.find((i) => overlaps(i, g));
      console.log(`  MISS ${g.start} ${g.exact}${other ? `  [covered by ${other.kind} ${other.text}]` : ''}${g.note ? `  (${g.note})` : ''}`);
    }
    if (!onlyFn) for (const c of commits) {
      if (gold.some((g) => overlaps(c, g))) continue;
      console.log(`  FP   ${c.start} ${c.text}`);
    }
  }
}
