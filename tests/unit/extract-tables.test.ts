import { describe, expect, it } from 'vitest';
import { extract, type Item } from '../../lib/extract';
import { UNITS, MULTIPLIERS } from '../../lib/extract/tables/units';
import { HEADING_PHRASES } from '../../lib/extract/tables/sections';
import { COMPARATOR_PREFIXES, COMPARATOR_SUFFIXES, COMPARATOR_SYMBOLS } from '../../lib/extract/tables/comparators';
import { FUTURE_MARKERS, PART_YEAR_ONLY_MARKERS, STATUS_MARKERS, STRENGTH_MARKERS } from '../../lib/extract/tables/markers';
import { ENUMERATION_NOUNS, IDENTIFIER_BEFORE } from '../../lib/extract/tables/filters';
import { BODY_VERBS, DELIVERY_VERBS, DOCUMENT_VERBS, START_VERBS, ACTIVITY_VERBS } from '../../lib/extract/tables/commitments';
import { classifyHeading, IS_TRAILER, TRAILER } from '../../lib/extract/sections';

// Every entry of every phrase table, exercised through extract(): a newcomer who adds one gets a test for free.
const PLAN = '2020年工作计划\n';
const SUMMARY = '2019年工作总结\n';
const numbers = (items: Item[]) => items.filter((i) => i.kind !== 'commitment');
const only = (text: string) => {
  const found = numbers(extract(text));
  expect(found, text).toHaveLength(1);
  return found[0];
};

describe('units table', () => {
  for (const u of UNITS) {
    if (MULTIPLIERS[u.unit]) continue;
    const text = `${PLAN}新增学位7${u.unit}。`;
    if (u.kind === 'count') {
      it(`${u.unit} is a unit`, () => {
        const item = only(text);
        expect(item.unit).toBe(u.as ?? u.unit);
        expect(item.value).toBe(7 * (u.scale ?? 1));
        expect(item.text).toBe(`7${u.unit}`);
      });
    } else {
      it(`${u.unit} makes a ${u.kind}, not an item`, () => expect(numbers(extract(text))).toHaveLength(0));
    }
  }
  for (const [m, factor] of Object.entries(MULTIPLIERS)) {
    it(`${m} multiplies`, () => expect(only(`${PLAN}新增学位4.5${m}个。`).value).toBeCloseTo(4.5 * factor));
  }
});

describe('heading phrases', () => {
  for (const [orientation, phrases] of Object.entries(HEADING_PHRASES)) {
    for (const p of phrases) it(`「${p}」 opens a ${orientation} section`, () => expect(classifyHeading(`二、${p}`)).toBe(orientation));
  }
  it('a sentence is no heading, even with a phrase', () => expect(classifyHeading('我们完成了2019年工作总结。')).toBeNull());
  it('a title naming both directions is neutral', () => expect(classifyHeading('2019年工作总结和2020年工作要点')).toBe('neutral'));
  it('a trailing page number, spaces or a no-break space after a heading are ignored', () => {
    expect(classifyHeading('  三、2020年工作计划 ……… 12')).toBeNull(); // the dots are not a trailer
    expect(classifyHeading('  三、2020年工作计划  12 ')).toBe('forward');
    expect(classifyHeading('二、工作总结\u00a0')).toBe('backward');
  });
  it('the trailer table strips exactly the characters of TRAILER', () => {
    const one = new RegExp(`^${TRAILER.source.replace(/\*\$$/, '')}$`, 'u');
    const differ: number[] = [];
    for (let c = 0; c < 65536; c++) if ((IS_TRAILER[c] === 1) !== one.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });
});

describe('comparators', () => {
  for (const [w, c] of COMPARATOR_PREFIXES) {
    if (w === '前') continue;
    it(`「${w}」 → ${c}`, () => expect(only(`${PLAN}覆盖率${w}90%。`).comparator).toBe(c));
  }
  it('「前」 before a rank → <=', () => expect(only(`${PLAN}中考成绩排全市前4名。`).comparator).toBe('<='));
  for (const [w, c] of COMPARATOR_SUFFIXES) it(`「…${w}」 → ${c}`, () => expect(only(`${PLAN}覆盖率达90%${w}。`).comparator).toBe(c));
  for (const [w, c] of Object.entries(COMPARATOR_SYMBOLS)) it(`「${w}」 → ${c}`, () => expect(only(`${PLAN}覆盖率${w}90%。`).comparator).toBe(c));
});

describe('strength markers', () => {
  for (const [strength, words] of Object.entries(STRENGTH_MARKERS)) {
    for (const w of words) it(`「${w}」 → ${strength}`, () => expect(only(`${PLAN}${w}新增学位10个。`).strength).toBe(strength));
  }
  it('no marker → plain', () => expect(only(`${PLAN}新增学位10个。`).strength).toBe('plain'));
});

describe('tense markers', () => {
  for (const w of FUTURE_MARKERS) {
    if (PART_YEAR_ONLY_MARKERS.includes(w)) {
      it(`「${w}」 in a half-year summary makes a target, in a whole-year one a report`, () => {
        expect(only(`2019年上半年工作总结\n${w}新增学位10个。`).kind).toBe('target');
        expect(only(`${SUMMARY}${w}新增学位10个。`).kind).toBe('reported');
      });
    } else it(`「${w}」 in a summary makes a target`, () => expect(only(`${SUMMARY}${w}新增学位10个。`).kind).toBe('target'));
  }
  it('no marker in a summary: reported', () => expect(only(`${SUMMARY}新增学位10个。`).kind).toBe('reported'));
  for (const w of STATUS_MARKERS) it(`「${w}」 in a plan makes a reported figure`, () => expect(only(`${PLAN}${w}学位10个。`).kind).toBe('reported'));
});

describe('other: enumerations and identifiers', () => {
  for (const n of ENUMERATION_NOUNS) it(`「四个${n}」 is no quantity`, () => expect(numbers(extract(`${PLAN}落实四个${n}。`))).toHaveLength(0));
  for (const w of IDENTIFIER_BEFORE) it(`「${w}12」 is an identifier`, () => expect(numbers(extract(`${PLAN}见${w}12个。`))).toHaveLength(0));
});

describe('commitment verbs', () => {
  const commitments = (text: string) => extract(text).filter((i) => i.kind === 'commitment');
  for (const v of DELIVERY_VERBS) it(`「${v}」 a deliverable`, () => expect(commitments(`${PLAN}${v}区实验中学新校区。`)).toHaveLength(1));
  for (const v of DOCUMENT_VERBS) it(`「${v}」 a named document`, () => expect(commitments(`${PLAN}${v}《学前教育发展规划》。`)).toHaveLength(1));
  for (const v of BODY_VERBS) it(`「${v}」 a named body`, () => expect(commitments(`${PLAN}${v}区特教指导中心。`)).toHaveLength(1));
  for (const v of START_VERBS) it(`「${v}」 a construction project`, () => expect(commitments(`${PLAN}${v}职业技术学校迁扩建工程。`)).toHaveLength(1));
  for (const v of ACTIVITY_VERBS) it(`「${v}」 alone pledges nothing`, () => expect(commitments(`${PLAN}${v}教师队伍建设。`)).toHaveLength(0));
  it('nothing in a summary is a commitment', () => expect(commitments(`${SUMMARY}建成区实验中学新校区。`)).toHaveLength(0));
});
