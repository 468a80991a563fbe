/**
 * The linker's stages one by one: metric normalisation, measure kind (on real sentences of the seeds and the
 * corpus), periods, the index, and scoring refusals.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../lib/extract/index';
import {
  LinkIndex, bigrams, compare, dice, issuerOf, kindKey, measureKind, normalizeMetric, periodEndDate, prepareDocs,
  relatePeriods, residue, scorePair, linkTargets,
} from '../../lib/track/index';
import { CORPUS, SEEDS, readDoc } from './track.fixtures';

/** The prepared items of a one-sentence report under a summary heading. */
function figuresOf(sentence: string, heading = '2020年工作总结') {
  const doc = { doc: 'x', title: '某某区教育局', url: null, date: null, items: extract(`${heading}\n${sentence}\n`) };
  return prepareDocs([doc]).figures;
}
const kindOf = (sentence: string, text: string) => {
  const f = figuresOf(sentence).find((p) => p.item.text === text);
  if (!f) throw new Error(`no figure ${text} in ${sentence}`);
  return f.kind;
};

describe('normalizeMetric', () => {
  it('folds width, drops quotes, brackets, 的 and place words', () => {
    expect(normalizeMetric('全区“四室一厅”的建设')).toBe(normalizeMetric('四室一厅建设'));
    expect(normalizeMetric('ＡＩ课程（试点）学校')).toBe('AI课程试点学校');
    expect(normalizeMetric('我市公办幼儿园学位')).toBe('公办幼儿园学位');
  });
  it('比例, 占比, 覆盖率 say only "a share" when the unit is a share', () => {
    expect(normalizeMetric('规范化幼儿园覆盖率', true)).toBe(normalizeMetric('规范化幼儿园占比', true));
    expect(normalizeMetric('普惠性幼儿园比例', true)).toBe('普惠性幼儿园');
    // Not a share: the words stay.
    expect(normalizeMetric('普惠性幼儿园比例', false)).toBe('普惠性幼儿园比例');
    // A specific rate keeps its name.
    expect(normalizeMetric('九年义务教育巩固率', true)).toBe('九年义务教育巩固率');
  });
  it('word order shows in character pairs but not in the character residue', () => {
    const a = normalizeMetric('老旧小区改造完工');
    const b = normalizeMetric('改造完工老旧小区');
    expect(residue(a, b)).toEqual({ onlyA: '', onlyB: '' });
    expect(dice(bigrams(a), bigrams(b))).toBeLessThan(1);
    expect(dice(bigrams(a), bigrams(a))).toBe(1);
  });
});

describe('measureKind on real sentences', () => {
  const gdp = '全市地区生产总值5.2万亿元、增长5.4%、高于全国0.4个百分点，一般公共预算收入增长4.8%，城镇调查失业率4.1%。';
  it('growth rate vs level (Beijing 2026)', () => {
    expect(kindOf(gdp, '5.4%').growth).toBe(true);
    expect(kindOf(gdp, '5.2万亿元').growth).toBe(false);
    expect(kindKey(kindOf(gdp, '5.4%'))).not.toBe(kindKey(kindOf(gdp, '5.2万亿元')));
    // 提高到 names the level reached, not a change.
    expect(kindOf('全市公办学校卫生人员配备率上升到74.06%。', '74.06%').growth).toBe(false);
  });
  it('share vs count (Haizhu: 117所, 占比100%)', () => {
    const s = '截至2020年底,全区义务教育标准化学校117所,占比100%;';
    expect(kindOf(s, '117所').share).toBe(false);
    expect(kindOf(s, '100%').share).toBe(true);
  });
  it('part vs whole (其中…)', () => {
    const s = '其中民办义务教育标准化学校26所,占比100%;';
    expect(kindOf(s, '26所').part).toBe(true);
    expect(kindOf('截至2020年底,全区义务教育标准化学校117所。', '117所').part).toBe(false);
  });
  it('added vs stock (Guangzhou: 新增10所, 共有72所)', () => {
    const s = '新增示范性普通高中10所,全市共有省、市级示范高中72所。';
    expect(kindOf(s, '10所').added).toBe(true);
    expect(kindOf(s, '72所').added).toBe(false);
  });
  it('cumulative vs annual (Haizhu: 2016年至今; 累计)', () => {
    expect(kindOf('2016年至今,新增中小学优质学位9886个,新增及转制公办幼儿园学位13585个。', '13585个').cumulative).toBe(true);
    expect(kindOf('建成13所省、市级心理健康教育特色学校,累计创建区级及以上健康学校134所。', '134所').cumulative).toBe(true);
    expect(kindOf('建成13所省、市级心理健康教育特色学校,累计创建区级及以上健康学校134所。', '13所').cumulative).toBe(false);
  });
  it('per capita vs total', () => {
    expect(measureKind({ metric: '人均可支配收入', unit: '元', lead: '城乡居民人均可支配收入', text: '5.4万元' }).perCapita).toBe(true);
    expect(measureKind({ metric: '可支配收入', unit: '元', lead: '', text: '5.4万元' }).perCapita).toBe(false);
  });
});

describe('periods', () => {
  it('a figure: its sentence year, a half year, its table column', () => {
    expect(figuresOf('从2016年的28.24亿元上升至2020年的31.84亿元。').map((f) => f.period)).toEqual(['2016', '2020']);
    expect(figuresOf('上半年新增学位1755个。', '2021年上半年工作总结')[0].period).toBe('2021-H1');
    const haizhu = prepareDocs([readDoc(SEEDS[2])]);
    expect(haizhu.figures.find((f) => f.item.text === '118.7')!.period).toBe('2020');
    expect(haizhu.targets.find((f) => f.item.text === '>100')!.period).toBe('2025');
  });
  it('relations and deadline days', () => {
    expect(relatePeriods('2019', '2020')).toBe('before');
    expect(relatePeriods('2021-H1', '2021')).toBe('within');
    expect(relatePeriods('2023', '2021-2025')).toBe('within');
    expect(relatePeriods('2020', '2020')).toBe('covers');
    expect(relatePeriods('2021', '2020')).toBe('after');
    expect(periodEndDate('2020')).toBe('2020-12-31');
    expect(periodEndDate('2021-H1')).toBe('2021-06-30');
  });
});

describe('compare', () => {
  const t = (value: number, comparator: string | null, valueMax: number | null = null, approximate = false) => ({ value, valueMax, comparator, approximate });
  it('floors, exact, ceilings, ranges, approximate', () => {
    expect(compare(t(5370, '='), 5370)).toBe('met');
    expect(compare(t(5370, '='), 5400)).toBe('exceeded');
    expect(compare(t(98, '>='), 97)).toBe('missed');
    expect(compare(t(45, '<'), 44)).toBe('met');
    expect(compare(t(45, '<'), 51.61)).toBe('missed');
    expect(compare(t(200, '=', 220), 210)).toBe('met');
    expect(compare(t(200, '=', 220), 230)).toBe('exceeded');
    expect(compare(t(5, '=', null, true), 5.2)).toBe('met');
  });
});

describe('issuer', () => {
  it('the most local place a title names', () => {
    expect(issuerOf('广州市番禺区教育系统2019年工作总结')).toBe('番禺区');
    expect(issuerOf('广州市教育局关于印发2019年广州教育工作总结和2020年工作要点的通知')).toBe('广州市');
    expect(issuerOf('2026年四川省人民政府工作报告')).toBe('四川省');
    expect(issuerOf('政府工作报告')).toBeNull();
  });
});

describe('index and scoring', () => {
  const docs = [...SEEDS, ...CORPUS].map(readDoc);
  const { targets, figures, facts } = prepareDocs(docs);
  const candidates = new LinkIndex(targets, (d) => facts.get(d)!.issuer).candidates(figures);

  it('the index finds every figure a full pairwise scan would link (on all seeds and corpus reports)', () => {
    for (const [ti, t] of targets.entries()) {
      const viaIndex = new Set(candidates[ti].filter((i) => !('refused' in scorePair(t, figures[i], facts.get(t.doc.doc)!, facts.get(figures[i].doc.doc)!))));
      const pairwise = figures.flatMap((f, i) => ('refused' in scorePair(t, f, facts.get(t.doc.doc)!, facts.get(f.doc.doc)!) ? [] : [i]));
      expect([...viaIndex].sort((a, b) => a - b)).toEqual(pairwise);
    }
  });

  it('every link on the real reports joins the same measure kind and unit', () => {
    const links = linkTargets(docs, { today: '2026-12-06' });
    const prepared = new Map([...targets, ...figures].map((p) => [`${p.doc.doc}#${p.item.start}`, p]));
    let n = 0;
    for (const l of links) {
      const t = prepared.get(`${l.target.doc}#${l.target.start}`)!;
      for (const f of l.figures) {
        const p = prepared.get(`${f.doc}#${f.start}`)!;
        expect(p.kindKey, `${t.item.sentence.text} / ${p.item.sentence.text}`).toBe(t.kindKey);
        n++;
      }
    }
    expect(n).toBeGreaterThan(50);
  });

  it('refuses words on both sides, another place, magnitudes far apart', () => {
    const haizhu = prepareDocs([readDoc(SEEDS[2])]);
    const hf = haizhu.facts.get(SEEDS[2])!;
    const primary = haizhu.targets.find((p) => p.item.metric === '学校资源配置校际差异系数(小学)')!;
    const junior = haizhu.figures.find((p) => p.item.metric === '学校资源配置校际差异系数(初中)')!;
    expect(scorePair(primary, junior, hf, hf)).toMatchObject({ refused: expect.stringMatching(/different words/) });
    const bj = facts.get(CORPUS[0])!;
    const zj = facts.get(CORPUS[3])!;
    const jobsBj = targets.find((p) => p.doc.doc === CORPUS[0] && p.item.metric === '城镇新增就业')!;
    const jobsZj = figures.find((p) => p.doc.doc === CORPUS[3] && p.item.metric === '城镇新增就业')!;
    expect(scorePair(jobsBj, jobsZj, bj, zj)).toMatchObject({ refused: expect.stringMatching(/different place/) });
  });
});
