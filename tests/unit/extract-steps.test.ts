import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract, extractSteps } from '../../lib/extract';
import { LABELLED_SETS } from '../helpers/labelled-sets';

/**
 * extractSteps is extract() in small steps (the content script runs it a slice at a time on a long page): run
 * step by step, with other extractions interleaved between its steps, it gives exactly what extract() gives.
 */
const docs = LABELLED_SETS.flatMap((set) =>
  readdirSync(set.docs)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => ({ name: `${set.name}/${f}`, text: readFileSync(join(set.docs, f), 'utf8') })),
);

function stepped(text: string, between: () => void): { items: ReturnType<typeof extract>; steps: number } {
  const it = extractSteps(text);
  for (let steps = 1; ; steps++) {
    const r = it.next();
    if (r.done) return { items: r.value, steps };
    between();
  }
}

describe('extractSteps', () => {
  it('covers every labelled document', () => {
    expect(docs.length).toBeGreaterThanOrEqual(9);
  });

  it.each(docs.map((d) => [d.name, d.text] as const))('%s: step by step, interleaved, equals extract()', (_name, text) => {
    const whole = extract(text);
    const other = docs[0].text;
    const { items, steps } = stepped(text, () => void extract(other.slice(0, 300)));
    expect(items).toEqual(whole);
    // Long documents give control back many times, not once at the end.
    if (text.length > 20_000) expect(steps).toBeGreaterThan(5);
  });

  it('a long article (the seeds repeated) yields often: no step reads more than a few dozen quantities', () => {
    const base = docs.filter((d) => d.name.startsWith('seeds/')).map((d) => d.text).join('\n');
    const text = Array.from({ length: 6 }, () => base).join('\n');
    const whole = extract(text);
    const { items, steps } = stepped(text, () => {});
    expect(items).toEqual(whole);
    expect(steps).toBeGreaterThan(whole.length / 80);
  });

  it('throws what extract() throws, at the first step', () => {
    expect(() => extractSteps(null as unknown as string).next()).toThrow(TypeError);
    expect(extractSteps('').next()).toEqual({ done: true, value: [] });
  });
});
