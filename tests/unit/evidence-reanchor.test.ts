import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  normalizeWithMap,
  numbersIn,
  prepareText,
  reanchor,
  reanchorAll,
  type Anchorable,
} from '../../lib/evidence/reanchor';

const seed = (name: string) => readFileSync(join(__dirname, '../../seeds', name), 'utf8');
const HAIZHU = seed('haizhu-2021-2025-plan.txt');
const PANYU = seed('panyu-2019-summary-2020-plan.txt');

/** An annotation as the page side saves it: exact + 32 characters of context either side + offsets. */
function annotate(text: string, start: number, end: number, ctx = 32): Anchorable {
  return {
    quote: {
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - ctx), start),
      suffix: text.slice(end, end + ctx),
    },
    position: { start, end },
  };
}

function annotateNeedle(text: string, needle: string, occurrence = 0): Anchorable {
  let at = -1;
  for (let k = 0; k <= occurrence; k++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`not in text: ${needle}`);
  return annotate(text, at, at + needle.length);
}

const INSERTED = '\n\n  新增段落:本段为测试插入的文字,用于检验批注在段落插入后能否重新定位,不含任何数字。\n';

/** Inserts a paragraph at the first line break after `after` (default: near the top). */
function insertParagraph(text: string, after = 200): { text: string; at: number } {
  const at = text.indexOf('\n', after);
  return { text: text.slice(0, at) + INSERTED + text.slice(at), at };
}

describe('reanchor on seed text', () => {
  it('exact: unchanged text anchors by position to the same offsets', () => {
    const a = annotateNeedle(HAIZHU, '4234个');
    const r = reanchor(a, HAIZHU);
    expect(r).toEqual({ status: 'anchored', start: a.position.start, end: a.position.end, method: 'position', oldText: '4234个', newText: '4234个' });
  });

  it('moved: a paragraph inserted above shifts the anchor by its length (quote method)', () => {
    const a = annotateNeedle(HAIZHU, '4234个');
    const { text } = insertParagraph(HAIZHU);
    const r = reanchor(a, text);
    expect(r.status).toBe('anchored');
    expect(r.method).toBe('quote');
    expect(r.start).toBe(a.position.start + INSERTED.length);
    expect(text.slice(r.start, r.end)).toBe('4234个');
  });

  it('moved: picks the occurrence whose context matches, not the nearest one', () => {
    // "100%" occurs many times in haizhu; annotate a later one and shift everything.
    const a = annotateNeedle(HAIZHU, '100%', 3);
    const { text } = insertParagraph(HAIZHU);
    const r = reanchor(a, text);
    expect(r.status).toBe('anchored');
    expect(r.start).toBe(a.position.start + INSERTED.length);
  });

  it('fuzzy: a few characters of wording changed inside the quote → anchored, numbers intact', () => {
    const needle = '预计到2025年,海珠区需新增4234个幼儿园学位、4000个小学学位';
    const a = annotateNeedle(HAIZHU, needle);
    const edited = HAIZHU.replace('海珠区需新增4234个', '海珠区需要增加4234个');
    const r = reanchor(a, edited);
    expect(r.status).toBe('anchored');
    expect(r.method).toBe('fuzzy');
    expect(r.newText).toBe('预计到2025年,海珠区需要增加4234个幼儿园学位、4000个小学学位');
    expect(edited.slice(r.start, r.end)).toBe(r.newText);
  });

  it('fuzzy: full-width digits and changed spacing (NFKC) map back to original offsets', () => {
    const needle = '新增4234个幼儿园学位';
    const a = annotateNeedle(HAIZHU, needle);
    const edited = HAIZHU.replace('新增4234个幼儿园学位', '新增 ４２３４ 个幼儿园学位');
    const r = reanchor(a, edited);
    expect(r.status).toBe('anchored');
    expect(r.newText).toBe('新增 ４２３４ 个幼儿园学位');
    expect(r.start).toBe(edited.indexOf('新增 ４２３４'));
    expect(r.end).toBe(edited.indexOf('新增 ４２３４') + '新增 ４２３４ 个幼儿园学位'.length);
  });

  it('number changed: 5370 → 5000 is changed, never anchored', () => {
    const a = annotateNeedle(PANYU, '5370');
    const edited = PANYU.replace('学位5370个', '学位5000个');
    const r = reanchor(a, edited);
    expect(r.status).toBe('changed');
    expect(r.oldText).toBe('5370');
    expect(r.newText).toBe('5000');
    expect(r.start).toBe(edited.indexOf('学位5000个') + 2);
  });

  it('number changed: does not jump to the same new number elsewhere (4234个 → 4000个, next to "4000个小学")', () => {
    const a = annotateNeedle(HAIZHU, '4234个');
    const edited = HAIZHU.replace('新增4234个幼儿园学位', '新增4000个幼儿园学位');
    const r = reanchor(a, edited);
    expect(r.status).toBe('changed');
    expect(r.newText).toBe('4000个');
    expect(r.start).toBe(edited.indexOf('新增4000个幼儿园学位') + 2);
  });

  it('number changed inside a longer quote, plus a paragraph inserted above → changed with new offsets', () => {
    const a = annotateNeedle(HAIZHU, '新增4234个幼儿园学位');
    const { text } = insertParagraph(HAIZHU.replace('4234个幼儿园', '4300个幼儿园'));
    const r = reanchor(a, text);
    expect(r.status).toBe('changed');
    expect(r.newText).toBe('新增4300个幼儿园学位');
    expect(text.slice(r.start, r.end)).toBe('新增4300个幼儿园学位');
  });

  it('Chinese numerals before a measure word count as numbers (五所 → 六所, 百分之九十 → 百分之八十)', () => {
    const text = '前文很长的一段说明。到2020年底,全区新开办中小学五所,新建幼儿园两所,家长满意度达到百分之九十以上。后文另起一段。';
    const a = annotateNeedle(text, '新开办中小学五所');
    const r = reanchor(a, text.replace('五所', '六所'));
    expect(r).toMatchObject({ status: 'changed', newText: '新开办中小学六所', start: a.position.start });
    const b = annotateNeedle(text, '满意度达到百分之九十');
    expect(reanchor(b, text.replace('百分之九十', '百分之八十'))).toMatchObject({ status: 'changed', newText: '满意度达到百分之八十' });
    // wording around the numerals changed, numerals intact → anchored
    expect(reanchor(a, text.replace('新开办中小学五所', '新开办中小学校五所'))).toMatchObject({ status: 'anchored', method: 'fuzzy', newText: '新开办中小学校五所' });
  });

  it('a quote that cuts a number keeps its own extent when re-anchored fuzzily, and reports the whole new number when changed', () => {
    const a = annotateNeedle(PANYU, '中小学学位537'); // stops inside 5370
    const reworded = PANYU.replace('公办中小学学位5370个', '公办中小学学额5370个');
    const r = reanchor(a, reworded);
    expect(r).toMatchObject({ status: 'anchored', method: 'fuzzy', newText: '中小学学额537' });
    const renumbered = PANYU.replace('公办中小学学位5370个', '公办中小学学位5371个');
    expect(reanchor(a, renumbered)).toMatchObject({ status: 'changed', newText: '中小学学位5371' });
  });

  it('a number that grew digits (537 → 15370) is not the same number', () => {
    const text = '前文。新开办中小学5所,新增公办中小学学位5370个,义务教育标准化学校达98%。后文。';
    const a = annotateNeedle(text, '5370');
    const r = reanchor(a, text.replace('5370', '15370'));
    expect(r.status).not.toBe('anchored');
  });

  it('paragraph removed → orphaned', () => {
    const needle = '持续提升高中学业质量,高中学业水平考试成绩C级以上比例保持92%以上';
    const a = annotateNeedle(HAIZHU, needle);
    const pStart = HAIZHU.lastIndexOf('\n', a.position.start);
    const pEnd = HAIZHU.indexOf('\n', a.position.end);
    const removed = HAIZHU.slice(0, pStart) + HAIZHU.slice(pEnd);
    expect(removed.includes('92%')).toBe(false);
    expect(reanchor(a, removed)).toEqual({ status: 'orphaned', method: null, oldText: needle });
    // A short, common quote from the removed paragraph is orphaned too, not moved to another "以上".
    const b = annotateNeedle(HAIZHU, '92%以上');
    expect(reanchor(b, removed).status).toBe('orphaned');
  });

  it('rejects a malformed annotation with a clear error', () => {
    expect(() => reanchor({ quote: { exact: '', prefix: '', suffix: '' }, position: { start: 0, end: 0 } }, HAIZHU)).toThrow(
      /quote\.exact/,
    );
    expect(() => reanchor({} as Anchorable, HAIZHU)).toThrow(/quote\.exact/);
  });
});

describe('normalisation and numbers', () => {
  it('maps NFKC, whitespace-free offsets back to the original', () => {
    const s = 'a ４２ ㎡\u3000b';
    const n = normalizeWithMap(s);
    expect(n.norm).toBe('a42m2b');
    expect(Array.from(n.starts)).toEqual([0, 2, 3, 5, 5, 7]);
    expect(Array.from(n.ends)).toEqual([1, 3, 4, 6, 6, 8]);
  });
  it('finds digit runs, decimals, percentages and Chinese numerals before measure words', () => {
    expect(numbersIn('新开办中小学5所,学位5370个,比例98.5%,三所学校,百分之九十,十四五')).toEqual([
      '5', '5370', '98.5', '三', '百分之九十',
    ]);
  });
});

describe('reanchor properties', () => {
  it('an annotation on unchanged text always re-anchors to the same offsets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: HAIZHU.length - 2 }), fc.integer({ min: 1, max: 60 }), (start, len) => {
        const end = Math.min(HAIZHU.length, start + len);
        const r = reanchor(annotate(HAIZHU, start, end), HAIZHU);
        expect(r.status).toBe('anchored');
        expect([r.start, r.end]).toEqual([start, end]);
      }),
      { numRuns: Number(process.env.PM_RUNS ?? 300) },
    );
  });

  it('after a paragraph insert, a quote of ≥ 4 visible characters re-anchors to its shifted offsets', () => {
    const { text, at } = insertParagraph(HAIZHU, 3000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: HAIZHU.length - 2 }), fc.integer({ min: 4, max: 60 }), (start, len) => {
        const end = Math.min(HAIZHU.length, start + len);
        fc.pre(HAIZHU.slice(start, end).replace(/\s/g, '').length >= 4);
        fc.pre(end <= at || start > at); // a quote the insert splits or borders is not unchanged
        const r = reanchor(annotate(HAIZHU, start, end), text);
        const shift = start >= at ? INSERTED.length : 0;
        expect(r.status).toBe('anchored');
        expect([r.start, r.end]).toEqual([start + shift, end + shift]);
      }),
      { numRuns: Number(process.env.PM_RUNS ?? 300) },
    );
  });

  it('never anchors a note on a number that was changed to another value', () => {
    const numbers = [...HAIZHU.matchAll(/\d+(?:\.\d+)?(?=[个所%名项])/g)].map((m) => ({ start: m.index!, text: m[0] }));
    expect(numbers.length).toBeGreaterThan(40);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: numbers.length - 1 }), fc.integer({ min: 1, max: 999 }), (k, delta) => {
        const { start, text: num } = numbers[k];
        const end = start + num.length + 1; // the number and its measure word
        const a = annotate(HAIZHU, start, end);
        const changedNum = String(Number(num) + delta);
        const edited = HAIZHU.slice(0, start) + changedNum + HAIZHU.slice(start + num.length);
        const r = reanchor(a, edited);
        expect(r.status).not.toBe('anchored');
        if (r.status === 'changed') expect(r.newText).toContain(changedNum);
      }),
      { numRuns: Number(process.env.PM_RUNS ?? 300) },
    );
  });
});

describe('reanchor properties under random edits', () => {
  const FILLER = '教育质量稳步提升各项工作有序推进进一步加强管理和服务水平的综合改革试点工作';
  const runs = Math.max(50, Math.floor(Number(process.env.PM_RUNS ?? 300) / 2));

  it('an insertion/deletion away from the quote and its context moves the anchor by exactly its length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: HAIZHU.length - 50 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: HAIZHU.length - 1 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: FILLER.length }),
        (start, len, p, del, insLen) => {
          const end = start + len;
          fc.pre(HAIZHU.slice(start, end).trim().length > 0);
          fc.pre(p + del <= start - 40 || p >= end + 40); // the edit touches neither the quote nor its context
          const edited = HAIZHU.slice(0, p) + FILLER.slice(0, insLen) + HAIZHU.slice(p + del);
          const shift = p < start ? insLen - del : 0;
          const r = reanchor(annotate(HAIZHU, start, end), edited);
          expect(r.status).toBe('anchored');
          expect([r.start, r.end]).toEqual([start + shift, end + shift]);
        },
      ),
      { numRuns: runs },
    );
  });

  /** The quote's span widened to whole numbers at its edges (the 0 of 4401… reads 4401…). */
  function wholeAt(text: string, s: number, e: number): string {
    while (s > 0 && /\d/.test(text[s]) && /[\d.]/.test(text[s - 1])) s--;
    while (e < text.length && /\d/.test(text[e - 1]) && /[\d.]/.test(text[e])) e++;
    return text.slice(s, e);
  }

  it('one digit changed inside a quote: never anchored on a different number', () => {
    const digits = [...HAIZHU.matchAll(/\d/g)].map((m) => m.index!);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: digits.length - 1 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 1, max: 9 }),
        (k, before, after, add) => {
          const d = digits[k];
          const start = Math.max(0, d - before);
          const end = d + 1 + after;
          const edited = HAIZHU.slice(0, d) + String((Number(HAIZHU[d]) + add) % 10) + HAIZHU.slice(d + 1);
          const r = reanchor(annotate(HAIZHU, start, end), edited);
          if (r.status === 'changed') expect(r.start! <= d && d < r.end!).toBe(true);
          if (r.status === 'anchored') {
            // Only allowed onto an identical copy of the same whole number elsewhere (the footer repeats
            // the licence number 44010502000066), never onto the edited one or another number.
            expect(r.start! > d || r.end! <= d).toBe(true);
            expect(wholeAt(edited, r.start!, r.end!)).toBe(wholeAt(HAIZHU, start, end));
          }
        },
      ),
      { numRuns: runs },
    );
  });
});

describe('reanchor performance', () => {
  it('500 annotations on the haizhu seed (some after a paragraph insert) in < 100 ms', () => {
    let x = 12345;
    const rnd = () => ((x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const anns: Anchorable[] = [];
    for (let i = 0; i < 500; i++) {
      const start = Math.floor(rnd() * (HAIZHU.length - 40));
      anns.push(annotate(HAIZHU, start, start + 2 + Math.floor(rnd() * 30)));
    }
    const { text } = insertParagraph(HAIZHU, HAIZHU.length / 2);
    reanchorAll(anns.slice(0, 20), text); // warm up the JIT
    // Best of three (the machine is shared; one run can be preempted).
    let ms = Infinity;
    let same: ReturnType<typeof reanchorAll> = [];
    let moved: ReturnType<typeof reanchorAll> = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      same = reanchorAll(anns, HAIZHU);
      moved = reanchorAll(anns, text);
      ms = Math.min(ms, performance.now() - t0);
    }
    expect(same.every((r) => r.status === 'anchored')).toBe(true);
    expect(moved.filter((r) => r.status === 'anchored').length).toBeGreaterThanOrEqual(495);
    expect(ms).toBeLessThan(100);
  });

  it('prepared text is reusable across calls', () => {
    const p = prepareText(HAIZHU);
    const a = annotateNeedle(HAIZHU, '4234个');
    expect(reanchor(a, p)).toEqual(reanchor(a, HAIZHU));
  });
});

describe('reanchor edge cases', () => {
  const a = annotateNeedle(HAIZHU, '4234个');
  it('an empty current text orphans every note', () => {
    expect(reanchor(a, '')).toEqual({ status: 'orphaned', method: null, oldText: '4234个' });
  });
  it('a position beyond the end of a shorter text still finds the quote', () => {
    const short = HAIZHU.slice(a.position.start - 100, a.position.end + 100);
    const r = reanchor(a, short);
    expect(r).toMatchObject({ status: 'anchored', method: 'quote', start: 100, end: 105 });
  });
  it('a quote at the very start of the text (empty prefix) re-anchors after an insert above it', () => {
    const b = annotate(HAIZHU, 0, 12);
    expect(b.quote.prefix).toBe('');
    const r = reanchor(b, '新的导语。\n' + HAIZHU);
    expect(r).toMatchObject({ status: 'anchored', start: 6, end: 18 });
  });
});
