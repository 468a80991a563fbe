/**
 * `npm run accuracy`: one table per labelled set — per document target, reported and commitment P/R/F1,
 * each target field (metric included) and the totals — measured in-process the way the grader does.
 */
import { extract } from '../lib/extract';
import { LABELLED_SETS } from '../tests/helpers/labelled-sets';
import { FIELDS, f1, precision, recall, scoreGold, type DocScores, type Tally } from '../tests/helpers/score';

const n = (x: number) => x.toFixed(3);
const prf = (t: Tally) => `${n(precision(t))} ${n(recall(t))} ${n(f1(t))}`;
const row = (d: Omit<DocScores, 'name'>, name: string) =>
  `| ${name} | ${d.target.tp + d.target.fn} | ${prf(d.target)} | ${prf(d.reported)} | ${prf(d.commitment)} | ` +
  FIELDS.map((f) => n(d.fieldsSeen ? d.fields[f] / d.fieldsSeen : 0)).join(' | ') + ' |';

const verbose = process.argv.includes('--misses');
for (const set of LABELLED_SETS) {
  const s = scoreGold(set.gold, set.docs, extract);
  console.log(`\n## ${set.name}\n`);
  console.log(`| document | targets | target P R F1 | reported P R F1 | commitment P R F1 | ${FIELDS.join(' | ')} |`);
  console.log(`|---|---|---|---|---|${FIELDS.map(() => '---').join('|')}|`);
  for (const d of s.docs) console.log(row(d, d.name));
  console.log(row(s, '**all**'));
  if (verbose) for (const m of s.misses) console.log(`  miss ${m}`);
}
