import { fileURLToPath } from 'node:url';
import type { Field } from './score';

/**
 * Every labelled set the extractor is measured on, with the floors its scores must keep. A floor is raised
 * when a change lifts the score for good, so a later change cannot give the gain back unnoticed; the issue's
 * bars are the targets, and a floor below its bar says the bar is not met yet.
 */
export interface LabelledSet {
  name: string;
  gold: string;
  docs: string;
  floors: { target: number; reported: number; commitment: number; fields: Record<Field, number> };
}

const at = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export const LABELLED_SETS: LabelledSet[] = [
  {
    name: 'seeds',
    gold: at('../fixtures/gold'),
    docs: at('../../seeds'),
    floors: {
      target: 0.97, reported: 0.97, commitment: 0.75,
      fields: { value: 0.95, unit: 0.95, comparator: 0.95, deadline: 0.95, metric: 0.98 },
    },
  },
  {
    name: 'corpus',
    gold: at('../fixtures/corpus/gold'),
    docs: at('../fixtures/corpus/docs'),
    floors: {
      target: 0.98, reported: 0.99, commitment: 0.87,
      fields: { value: 0.99, unit: 0.99, comparator: 0.98, deadline: 0.99, metric: 0.95 },
    },
  },
];
