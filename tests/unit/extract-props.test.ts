/**
 * Properties every extract() result must have, on any input (fast-check). These are the bar the
 * extractor is held to; they hold for the stub trivially and for the real extractor by design.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extract } from '../../lib/extract/index';
import { ItemSchema, type Item } from '../../lib/schema/item';

/** Words and marks of the reports, to build inputs that look like them (so the rules actually fire). */
const WORDS = [
  '到', '2025', '2020', '年', '年底', '上半年', '前', '，', '。', '；', '：', '、', '！', '？', '\n', '\r\n', ' ', '\u3000',
  '新增', '新建', '公办学位', '学位', '个', '所', '名', '人', '万', '亿', '元', '万元', '亿元', '平方米', '%', '％', '‰',
  '达到', '不低于', '不少于', '以上', '以内', '超过', '左右', '约', '近', '余', '多', '提高到', '提升至', '控制在', '累计',
  '比例', '占比', '覆盖率', '入学率', '巩固率', '确保', '力争', '争取', '完成', '建成', '实现', '推进', '全面', '基本',
  '至', '—', '——', '－', '-', '~', '～', '到', '(', ')', '（', '）', '【', '】', '[', ']', '《', '》', '“', '”', '"',
  '百分之', '九十', '五', '十', '十四五', '一、', '（一）', '1.', '2．', '第三章', '工作要点', '工作总结', '工作计划',
  '０', '１', '２', '５', '９', '.', '．', '·', '\t', '[bookmark: _Toc1]', '\uFFFD', '\u200b',
];

const digits = fc.stringMatching(/^[0-9]{1,12}$/);
const fullWidthDigits = fc.array(fc.constantFrom('０', '１', '２', '３', '４', '５', '６', '７', '８', '９'), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
const decimal = fc.tuple(digits, digits).map(([a, b]) => `${a}.${b}`);
const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 2 });
/** A UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

const reportLike = fc
  .array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...WORDS) }, { weight: 3, arbitrary: digits }, fullWidthDigits, decimal, anyChar), { maxLength: 120 })
  .map((parts) => parts.join(''));

const utf16 = fc.array(codeUnit, { maxLength: 200 }).map((a) => a.join(''));

/** Clauses shaped like report sentences (deadline, verb, metric, comparator, number, unit, qualifier, mark). */
const opt = (a: fc.Arbitrary<string>) => fc.option(a, { nil: '' });
const number = fc.oneof(
  fc.integer({ min: 0, max: 99999 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${b}`),
  fc.integer({ min: 0, max: 9999 }).map((n) => String(n).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))),
  fc.constantFrom('百分之九十', '五', '十二', '三', '1,200', '4.5万'),
  fc.tuple(fc.integer({ min: 1, max: 500 }), fc.constantFrom('-', '至', '—', '～', '~', '到'), fc.integer({ min: 1, max: 900 })).map(([a, sep, b]) => `${a}${sep}${b}`),
);
const clause = fc
  .tuple(
    opt(fc.constantFrom('到2025年', '2020年', '年底前', '上半年', '到2022年底，', '“十四五”期间，', '2019年，')),
    opt(fc.constantFrom('确保', '力争', '争取', '全区', '累计', '共', '已', '将')),
    opt(fc.constantFrom('新增', '新建', '建成', '完成', '培训', '招聘', '推进')),
    fc.constantFrom('公办学位', '学校', '普惠性幼儿园占比', '义务教育巩固率', '教师', '经费', '覆盖率', '学前教育毛入园率', ''),
    opt(fc.constantFrom('达到', '不低于', '不少于', '提高到', '超过', '控制在', '约', '近')),
    number,
    opt(fc.constantFrom('个', '所', '名', '人', '万', '亿元', '万元', '元', '%', '％', '平方米', '万人次')),
    opt(fc.constantFrom('以上', '以内', '左右', '余')),
    fc.constantFrom('，', '。', '；', '\n', '、', '', '）', '”'),
  )
  .map((p) => p.join(''));
const heading = fc.constantFrom('（', '【', '“', '一、', '（二）', '3.', ' ', '\u3000', '2021年工作计划\n', '二、2019年工作总结\n', '[bookmark: x]', '第三章 发展目标\n');
const sentences = fc
  .tuple(
    fc.array(fc.oneof({ weight: 5, arbitrary: clause }, { weight: 1, arbitrary: heading }, { weight: 1, arbitrary: anyChar }), { maxLength: 25 }),
    fc.nat(),
    fc.nat(),
  )
  // and cut anywhere (half sentences, split surrogate pairs)
  .map(([parts, a, b]) => {
    const s = parts.join('');
    const [from, to] = [a % (s.length + 1), b % (s.length + 1)].sort((x, y) => x - y);
    return a % 3 === 0 ? s.slice(from, to) : s;
  });

/** Checks every invariant of one result; throws (with a readable message) on the first broken one. */
function checkInvariants(input: string, items: Item[]): void {
  expect(Array.isArray(items)).toBe(true);
  let prevEnd = -1;
  let prevStart = -1;
  for (const it of items) {
    const parsed = ItemSchema.safeParse(it);
    if (!parsed.success) throw new Error(`item does not parse with ItemSchema: ${parsed.error.message}\n${JSON.stringify(it)}`);
    expect(it.start).toBeLessThan(it.end);
    expect(it.end).toBeLessThanOrEqual(input.length);
    expect(it.text).toBe(input.slice(it.start, it.end));
    // sorted by start, not overlapping
    expect(it.start).toBeGreaterThanOrEqual(prevStart);
    expect(it.start).toBeGreaterThanOrEqual(prevEnd);
    prevStart = it.start;
    prevEnd = it.end;
    // the sentence is a span of the input that contains the item
    expect(it.sentence.text).toBe(input.slice(it.sentence.start, it.sentence.end));
    expect(it.sentence.start).toBeLessThanOrEqual(it.start);
    expect(it.sentence.end).toBeGreaterThanOrEqual(it.end);
  }
}

describe('extract() properties', () => {
  it('never throws, and its items hold every invariant, on any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => checkInvariants(s, extract(s))), { numRuns: 300 });
  });

  it('never throws, and its items hold every invariant, on full-Unicode strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => checkInvariants(s, extract(s))), { numRuns: 300 });
  });

  it('never throws on arbitrary UTF-16 (lone surrogates included)', () => {
    fc.assert(fc.property(utf16, (s) => checkInvariants(s, extract(s))), { numRuns: 300 });
  });

  it('never throws, and its items hold every invariant, on report-like text (CJK words, digits, ％, 万, 至, —, 。, brackets)', () => {
    fc.assert(fc.property(reportLike, (s) => checkInvariants(s, extract(s))), { numRuns: 1000 });
  });

  it('holds every invariant on report-shaped sentences (where most inputs do yield items)', () => {
    fc.assert(fc.property(sentences, (s) => checkInvariants(s, extract(s))), { numRuns: 1000 });
  });

  it('the report-shaped generator does exercise the item invariants (guards against a vacuous property)', () => {
    const samples = fc.sample(sentences, { numRuns: 300, seed: 7 });
    const withItems = samples.filter((s) => extract(s).length > 0).length;
    expect(withItems).toBeGreaterThanOrEqual(30);
  });

  it('is deterministic: running twice gives deep-equal results', () => {
    fc.assert(
      fc.property(fc.oneof(reportLike, sentences, fc.string({ unit: 'binary', maxLength: 200 })), (s) => {
        expect(extract(s)).toEqual(extract(s));
      }),
      { numRuns: 300 },
    );
  });

  it('places a section heading at or before the items under it', () => {
    fc.assert(
      fc.property(fc.oneof(reportLike, sentences), (s) => {
        expect(extract(s).filter((it) => it.section !== null && it.section.start > it.start)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('holds the invariants on hand-picked report sentences (so the properties are exercised on real items)', () => {
    const samples = [
      '到2025年，全区新增公办学位5370个，公办幼儿园在园幼儿占比达到50%以上。',
      '2019年，全市共有各级各类学校3,500所，在校生约200万人。',
      '二、2020年工作计划\n（一）确保义务教育巩固率不低于99.5%；力争学前教育毛入园率提高到百分之九十五。',
      '生均公用经费提高到200-220元。建成“智慧校园”示范校１５所！',
      '',
    ];
    for (const s of samples) {
      const items = extract(s);
      checkInvariants(s, items);
      expect(extract(s)).toEqual(items);
    }
  });
});
