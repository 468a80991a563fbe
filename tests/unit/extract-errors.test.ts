import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * A fault injected into one stage of the pipeline: the stage throws on its first call while `stage` names it.
 * Each stage module is wrapped (no seam in production code): the wrapper calls the real stage otherwise.
 */
const fault = vi.hoisted(() => ({ stage: null as string | null }));
class InjectedFault extends Error {}
const maybeThrow = (stage: string) => {
  if (fault.stage === stage) throw new InjectedFault(`injected fault in ${stage}`);
};

vi.mock('../../lib/extract/document', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../lib/extract/document')>();
  return {
    ...m,
    readDocument: (t: string) => (maybeThrow('sections'), m.readDocument(t)),
    readDocumentSteps: function* (t: string) {
      maybeThrow('sections');
      return yield* m.readDocumentSteps(t);
    },
  };
});
vi.mock('../../lib/extract/not-quantities', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../lib/extract/not-quantities')>();
  return { ...m, whyNotAQuantity: (c: Parameters<typeof m.whyNotAQuantity>[0]) => (maybeThrow('not a quantity'), m.whyNotAQuantity(c)) };
});
vi.mock('../../lib/extract/role', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../lib/extract/role')>();
  return { ...m, roleAt: (c: Parameters<typeof m.roleAt>[0]) => (maybeThrow('role'), m.roleAt(c)) };
});
vi.mock('../../lib/extract/metric', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../lib/extract/metric')>();
  return { ...m, metricOf: (...a: Parameters<typeof m.metricOf>) => (maybeThrow('fields'), m.metricOf(...a)) };
});
vi.mock('../../lib/extract/commitments', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../lib/extract/commitments')>();
  return { ...m, isCommitmentClause: (c: string) => (maybeThrow('commitments'), m.isCommitmentClause(c)) };
});
vi.mock('../../lib/extract/merge', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../lib/extract/merge')>();
  return { ...m, mergeItems: (...a: Parameters<typeof m.mergeItems>) => (maybeThrow('merge'), m.mergeItems(...a)) };
});

const { extract } = await import('../../lib/extract/index');
const { main } = await import('../../cli/pledgemark');

const STAGES = ['sections', 'not a quantity', 'role', 'fields', 'commitments', 'merge'];

/** A plan that reaches every stage: a heading, a numeric target and a commitment without a number. */
const plan = fc
  .record({
    year: fc.integer({ min: 2000, max: 2035 }),
    n: fc.integer({ min: 1, max: 99_999 }),
    noun: fc.constantFrom('学位', '学校', '教师', '幼儿园'),
    unit: fc.constantFrom('个', '所', '名', '%'),
    filler: fc.string({ maxLength: 40 }),
  })
  .map(({ year, n, noun, unit, filler }) => `${year}年工作要点\n${filler}\n新增${noun}${n}${unit}。\n确保年底前建成区实验学校。\n`);

afterEach(() => {
  fault.stage = null;
});

describe('extract() never hides an internal error as an empty result', () => {
  it('finds items on these plans when no fault is injected (so a fault has something to break)', () => {
    fc.assert(
      fc.property(plan, (text) => {
        const kinds = new Set(extract(text).map((i) => i.kind));
        expect(kinds.has('target') && kinds.has('commitment')).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('an error thrown in any stage surfaces from extract(), not as []', () => {
    fc.assert(
      fc.property(plan, fc.constantFrom(...STAGES), (text, stage) => {
        fault.stage = stage;
        try {
          expect(() => extract(text)).toThrow(InjectedFault);
        } finally {
          fault.stage = null;
        }
      }),
      { numRuns: 60 },
    );
  });

  it('input that is not a string is a TypeError; the empty string gives []', () => {
    for (const bad of [null, undefined, 42, {}, ['text']]) expect(() => extract(bad as unknown as string)).toThrow(TypeError);
    expect(extract('')).toEqual([]);
  });
});

describe('the CLI reports an extractor error', () => {
  it('names the file and the error on stderr and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-fault-'));
    const file = join(dir, 'plan.txt');
    writeFileSync(file, '2020年工作要点\n新增学位3000个。\n');
    const out: string[] = [];
    const err: string[] = [];
    fault.stage = 'role';
    const code = await main(['extract', '--format', 'json', file], { out: (s) => out.push(s), err: (s) => err.push(s), isTTY: false });
    expect(code).toBe(1);
    expect(err.join('')).toMatch(/plan\.txt: the extractor failed: .*injected fault in role/);
    expect(out.join('')).toBe('');
  });
});
