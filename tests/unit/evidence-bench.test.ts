import { describe, expect, it } from 'vitest';
import { benchReanchor } from '../../bench/reanchor';

describe('bench/reanchor', () => {
  it('returns one row per scenario, each with its indexOf baseline, and stays within budget', async () => {
    const rows = await benchReanchor();
    expect(rows.map((r) => r.name)).toEqual([
      're-anchor 500 annotations, haizhu seed unchanged',
      're-anchor 500 annotations, paragraph inserted mid-text',
    ]);
    for (const r of rows) {
      expect(r.baselineName).toBe('indexOf of each of the 500 quotes');
      expect(r.ms).toBeGreaterThan(0);
      expect(r.baselineMs).toBeGreaterThan(0);
      expect(r.ms).toBeLessThan(100);
    }
  });
});
