/**
 * The linker on real reports: the figures of a report's summary link to the targets of its plan with the same
 * metric; indicator-table rows link baseline to target; growth never links to a level, share never to count,
 * part never to whole; statuses from real pairs; and properties: input order and no self-links.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkTargets } from '../../lib/track/index';
import { TargetLinkSchema, type TargetLink, type TrackDoc } from '../../lib/schema/track';
import { CORPUS, SEEDS, readDoc, seedText } from './track.fixtures';

const TODAY = '2026-12-06';
const find = (links: TargetLink[], metric: string, text?: string) =>
  links.filter((l) => l.target.metric === metric && (text === undefined || l.target.text === text));

describe('links within one report', () => {
  it('Panyu: the 2019 home-visit figure links to the 2020 home-visit target', () => {
    const links = linkTargets([readDoc(SEEDS[4])], { today: TODAY });
    const [l] = find(links, '家访覆盖率');
    expect(l.figures.map((f) => [f.text, f.period, f.source])).toEqual([['100%', '2019', 'suggested']]);
    expect(seedText(SEEDS[4]).slice(l.figures[0].start, l.figures[0].end)).toBe('100%');
    // Its own summary is the plan's baseline, not evidence: the 2020 deadline has passed with no later report.
    expect(l.status).toBe('overdue');
    expect(l.basis).toBeNull();
  });

  it('Guangzhou: the 2019 share of children in public and inclusive kindergartens links to the 2020 target', () => {
    const links = linkTargets([readDoc(SEEDS[1])], { today: TODAY });
    const [l] = find(links, '公办幼儿园和普惠性民办幼儿园在园幼儿数占比');
    expect(l.figures.map((f) => [f.text, f.period])).toEqual([['82.57%', '2019']]);
    // The public-only share (a part of that whole) links to nothing of it.
    const [part] = find(links, '公办幼儿园在园幼儿数占比');
    expect(part.figures.map((f) => f.text)).not.toContain('82.57%');
  });

  it('Haizhu: each indicator-table row links its 2020 baseline to its 2025 target', () => {
    const doc = readDoc(SEEDS[2]);
    const links = linkTargets([doc], { today: TODAY });
    const tableTargets = doc.items.filter((it) => it.kind === 'target' && it.reason?.rule === 'table column');
    const baselines = doc.items.filter((it) => it.kind === 'reported' && it.reason?.rule === 'table column');
    let rows = 0;
    for (const b of baselines) {
      // The row's target is the next value cell after its baseline.
      const t = tableTargets.find((x) => x.start > b.start && x.metric === b.metric);
      if (!t) continue;
      rows++;
      const l = links.find((x) => x.target.start === t.start)!;
      expect(l.figures.map((f) => f.start), `${t.metric}`).toContain(b.start);
      expect(l.figures.find((f) => f.start === b.start)!.period).toBe('2020');
    }
    expect(rows).toBeGreaterThanOrEqual(28);
  });
});

describe('never the same metric', () => {
  it('the primary-school coefficient does not link to the junior-secondary one', () => {
    const links = linkTargets([readDoc(SEEDS[2])], { today: TODAY });
    const [l] = find(links, '学校资源配置校际差异系数(小学)');
    expect(l.figures.map((f) => f.metric)).toEqual(['学校资源配置校际差异系数(小学)']);
  });
});

describe('properties', () => {
  const docs = [...SEEDS, ...CORPUS].map(readDoc);
  const strip = (links: TargetLink[]) => JSON.stringify(links);

  it('every entry fits the schema and there is one per target', () => {
    const links = linkTargets(docs, { today: TODAY });
    const targets = docs.reduce((n, d) => n + d.items.filter((it) => it.kind === 'target').length, 0);
    expect(links.length).toBe(targets);
    for (const l of links) TargetLinkSchema.parse(l);
  });

  it('the links do not depend on the order of the input reports', () => {
    const base = strip(linkTargets(docs, { today: TODAY }));
    fc.assert(
      fc.property(fc.shuffledSubarray(docs, { minLength: docs.length, maxLength: docs.length }), (order: TrackDoc[]) => {
        expect(strip(linkTargets(order, { today: TODAY }))).toBe(base);
      }),
      { numRuns: 8 },
    );
  });

  it('no target is ever linked to itself', () => {
    for (const l of linkTargets(docs, { today: TODAY })) {
      for (const f of l.figures) expect(f.doc === l.target.doc && f.start === l.target.start && f.end === l.target.end).toBe(false);
    }
  });
});
