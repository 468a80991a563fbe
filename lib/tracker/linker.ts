import type { LinkDecision, TargetLink, TrackDoc } from '../schema/track';

/**
 * TEMPORARY stand-in for the pure linker (lib/track) until it lands: every target with no figure, pending or
 * overdue by its deadline year. Replaced by a re-export of lib/track's linkTargets.
 */
export function linkTargets(docs: readonly TrackDoc[], options: { today: string; decisions?: readonly LinkDecision[] }): TargetLink[] {
  const year = Number(options.today.slice(0, 4));
  const out: TargetLink[] = [];
  for (const d of docs) {
    for (const it of d.items) {
      if (it.kind !== 'target') continue;
      const due = typeof it.deadline === 'number' ? it.deadline : null;
      const overdue = due !== null && due < year;
      out.push({
        target: {
          doc: d.doc, start: it.start, end: it.end, text: it.text, sentence: it.sentence.text, metric: it.metric, value: it.value,
          valueMax: it.valueMax, unit: it.unit, comparator: it.comparator, deadline: it.deadline, strength: it.strength,
        },
        figures: [],
        status: overdue ? 'overdue' : 'pending',
        basis: null,
        why: overdue ? 'deadline passed, no figure' : 'deadline not passed',
      });
    }
  }
  return out;
}
