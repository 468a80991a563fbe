/**
 * "Done, without a number": a later report that says a target's thing was completed (已完成, 建成, 实现) in a
 * sentence that gives no figure. Such a mention gives the status no-figure; it is never a met.
 */
import type { LinkedFigure, TrackDoc } from '../schema/track';
import type { DocFacts, Prepared } from './prepare';

export const MENTION_REASON = 'a later report says it was done, without a number';

export function mentionsFor(_t: Prepared, _docs: readonly TrackDoc[], _facts: Map<string, DocFacts>): LinkedFigure[] {
  return [];
}
