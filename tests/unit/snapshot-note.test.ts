import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extract } from '../../lib/extract';
import { segmentText, withNote } from '../../components/snapshot/segments';

const TEXT = '工作要点\n2020年，新增公办学位5370个，学前教育毛入园率达到95%以上，完成投资9807万元。';

describe('the note\'s passage in a snapshot', () => {
  it('flags exactly the runs inside the passage, cutting items at its edges, and keeps the text whole', () => {
    const runs = segmentText(TEXT, extract(TEXT));
    const start = TEXT.indexOf('学位53'), end = TEXT.indexOf('入园率') + 3;
    const out = withNote(runs, start, end);
    expect(out.map((s) => s.text).join('')).toBe(TEXT);
    expect(out.filter((s) => s.note).map((s) => s.text).join('')).toBe(TEXT.slice(start, end));
    expect(out.some((s) => s.note && s.item?.text === '5370个')).toBe(true);
  });
  it('never loses or adds text, wherever the passage falls', () => {
    const runs = segmentText(TEXT, extract(TEXT));
    fc.assert(
      fc.property(fc.nat(TEXT.length), fc.nat(TEXT.length), (a, b) => {
        const [s, e] = a <= b ? [a, b] : [b, a];
        const out = withNote(runs, s, e);
        expect(out.map((r) => r.text).join('')).toBe(TEXT);
        expect(out.filter((r) => r.note).map((r) => r.text).join('')).toBe(TEXT.slice(s, e));
      }),
    );
  });
});
