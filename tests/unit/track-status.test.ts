/**
 * Statuses from real pairs: a target sentence of a report and a figure sentence of the same place's later
 * report (the sentences as the reports print them; the later report is the sentence under its year's summary
 * heading). Also valueMax, 万 and 亿, the report's own baseline, and the reader's decisions.
 */
import { describe, expect, it } from 'vitest';
import { linkTargets } from '../../lib/track/index';
import type { LinkDecision, TargetLink } from '../../lib/schema/track';
import { CORPUS, SEEDS, docOf, readDoc } from './track.fixtures';

const BEIJING = CORPUS[0];
/** Beijing's 2026 report as a later report would give its 2026 figures: real sentences of its 2025 review. */
const later = (sentences: string[], year = 2026) =>
  docOf(`beijing-${year}-summary.txt`, `北京市${year}年工作总结`, `北京市${year}年工作总结\n一、${year}年工作回顾\n${sentences.join('\n')}\n`);

function linkOf(links: TargetLink[], doc: string, metric: string): TargetLink {
  const l = links.find((x) => x.target.doc === doc && x.target.metric === metric);
  if (!l) throw new Error(`no target ${metric}`);
  return l;
}

describe('status from a real pair', () => {
  const plan = readDoc(BEIJING);
  const summary = later([
    '实施杜家坎等30项市级疏堵工程，打通53条断头路，东四环、西北四环大修及环境提升顺利完工。',
    '持续打好“疏整促”组合拳，疏解提质一般制造业企业104家，治理违法建设2049万平方米。',
    '切实抓好两个关键小事，生活垃圾回收利用率达43%，为380个老旧小区引入物业服务。',
    '完善就业优先政策，提供11.2万个高校毕业生就业岗位，精准帮扶7.2万名就业困难人员实现就业。',
    '优化投融资体制机制，面向民间资本推介重大项目总投资约2350亿元。',
    '全市地区生产总值5.2万亿元、增长5.4%、高于全国0.4个百分点，一般公共预算收入增长4.8%，城镇调查失业率4.1%。',
  ]);
  const links = linkTargets([plan, summary], { today: '2027-03-01' });
  const get = (metric: string) => linkOf(links, BEIJING, metric);
  const basis = (l: TargetLink) => l.figures[l.basis!];

  it('met: 30 projects planned, 30 done', () => {
    const l = get('实施市级疏堵工程');
    expect(l.status).toBe('met');
    expect(basis(l)).toMatchObject({ doc: summary.doc, value: 30, period: '2026' });
    expect(basis(l).sentence).toContain('实施杜家坎等30项市级疏堵工程');
    expect(l.why).toMatch(/2026 figure 30 项/);
  });

  it('exceeded: 80 firms planned, 104 relocated; 10万 jobs planned, 11.2万 provided (万 scaled)', () => {
    expect(get('疏解提质一般制造业企业')).toMatchObject({ status: 'exceeded' });
    const jobs = get('提供高校毕业生就业岗位');
    expect(jobs.status).toBe('exceeded');
    expect(jobs.target.value).toBe(100000);
    expect(basis(jobs).value).toBe(112000);
  });

  it('exceeded with 亿: 2000亿元 planned, 约2350亿元 promoted', () => {
    const l = get('民间资本推介重大项目总投资');
    expect(l.status).toBe('exceeded');
    expect(basis(l).value).toBe(2350e8);
  });

  it('missed: 800 old compounds planned, 380 given property services', () => {
    const l = get('老旧小区引入物业服务');
    expect(l.status).toBe('missed');
    expect(l.why).toContain('<');
  });

  it('a ceiling: unemployment 5%以内 is met by 4.1%', () => {
    const l = links.find((x) => x.target.doc === BEIJING && x.target.metric === '城镇调查失业率' && x.target.deadline === 2026)!;
    expect(l.status).toBe('met');
    expect(basis(l).value).toBe(4.1);
  });

  it('growth 5%左右 against growth 5.4%: the level 5.2万亿元 in the same sentence is not linked', () => {
    const l = get('地区生产总值增长');
    expect(l.figures.every((f) => f.unit === '%')).toBe(true);
    expect(l.figures.some((f) => f.value === 5.2e12)).toBe(false);
    // 5% 左右 allows rounding: 5.4 is above the 5% band, so exceeded.
    expect(l.status).toBe('exceeded');
  });

  it('partly: a 2026 figure for a 2030 target is progress for an earlier period', () => {
    const l = links.find((x) => x.target.doc === BEIJING && x.target.metric === '城镇调查失业率' && x.target.deadline === 2030)!;
    expect(l.status).toBe('partly');
    expect(basis(l)).toMatchObject({ doc: summary.doc, period: '2026' });
  });

  it('pending and overdue without a later figure; the report\'s own 2025 figure is only its baseline', () => {
    const alone = linkTargets([plan], { today: '2026-06-01' });
    const l = linkOf(alone, BEIJING, '实施市级疏堵工程');
    expect(l.figures.map((f) => f.period)).toEqual(['2025']);
    expect(l).toMatchObject({ status: 'pending', basis: null });
    expect(linkOf(linkTargets([plan], { today: '2027-01-01' }), BEIJING, '实施市级疏堵工程').status).toBe('overdue');
  });
});

describe('valueMax', () => {
  const baoan = readDoc(SEEDS[0]);
  const target = baoan.items.find((it) => it.kind === 'target' && it.valueMax !== null)!;
  const report = (n: string) => docOf(`baoan-2022-${n}.txt`, '深圳市宝安区教育局2022年工作总结', `深圳市宝安区教育局2022年工作总结\n一、2022年工作总结\n出台集团化办学“1+N”系列文件,成立${n}个新的教育集团。\n`);
  const baoanWithIssuer = { ...baoan, issuer: '宝安区' };
  const statusWith = (n: string) => linkTargets([baoanWithIssuer, report(n)], { today: '2023-01-01' }).find((l) => l.target.start === target.start)!.status;

  it('2-3 new groups: 2 or 3 is met, 4 exceeded, 1 missed', () => {
    expect(target).toMatchObject({ value: 2, valueMax: 3 });
    expect(statusWith('2')).toBe('met');
    expect(statusWith('3')).toBe('met');
    expect(statusWith('4')).toBe('exceeded');
    expect(statusWith('1')).toBe('missed');
  });
});

describe('units with multipliers', () => {
  it('a target in 亿元 and a figure in 万元 compare by value', () => {
    const plan = docOf('p.txt', '某某市2025年工作要点', '某某市2025年工作要点\n一、2025年工作目标\n全年完成教育基建投资1.2亿元。\n');
    const done = docOf('s.txt', '某某市2025年工作总结', '某某市2025年工作总结\n一、2025年工作总结\n全年完成教育基建投资12500万元。\n');
    const [l] = linkTargets([plan, done], { today: '2026-03-01' });
    expect(l.figures.map((f) => f.value)).toEqual([125e6]);
    expect(l.status).toBe('exceeded');
  });
});

describe('no-figure', () => {
  it('a later report of the same place that says the thing was done, without a number', () => {
    const plan = docOf('p.txt', '某某区教育局2020年工作要点', '某某区教育局2020年工作要点\n一、2020年工作目标\n完成智慧校园示范学校建设20所。\n');
    const text = '某某区教育局2020年工作总结\n一、2020年工作总结\n智慧校园示范学校建设任务已全面完成。\n';
    const done = { ...docOf('s.txt', '某某区教育局2020年工作总结', text), text };
    const [l] = linkTargets([plan, done], { today: '2021-03-01' });
    expect(l.status).toBe('no-figure');
    expect(l.figures[l.basis!]).toMatchObject({ doc: 's.txt', value: null, sentence: '智慧校园示范学校建设任务已全面完成' });
    expect(text.slice(l.figures[0].start, l.figures[0].end)).toBe('智慧校园示范学校建设任务已全面完成');
  });
});

describe('the reader decides', () => {
  const plan = readDoc(BEIJING);
  const summary = later(['实施杜家坎等30项市级疏堵工程，打通53条断头路。']);
  const base = linkTargets([plan, summary], { today: '2027-03-01' });
  const l = linkOf(base, BEIJING, '实施市级疏堵工程');
  const fig = l.figures.find((f) => f.doc === summary.doc)!;
  const decision = (verdict: LinkDecision['verdict'], f: { doc: string; start: number; end: number; text: string }, createdAt = '2027-01-01T00:00:00.000Z'): LinkDecision => ({
    id: `${verdict}-${f.start}`, verdict, createdAt,
    target: { url: l.target.doc, start: l.target.start, end: l.target.end, exact: l.target.text },
    figure: { url: f.doc, start: f.start, end: f.end, exact: f.text },
  });

  it('rejected drops the suggestion (and the status falls back)', () => {
    const after = linkOf(linkTargets([plan, summary], { today: '2027-03-01', decisions: [decision('rejected', fig)] }), BEIJING, '实施市级疏堵工程');
    expect(after.figures.some((f) => f.doc === summary.doc)).toBe(false);
    expect(after.status).toBe('overdue');
  });

  it('confirmed marks it; manual adds a figure the linker did not suggest; a later decision wins', () => {
    const other = summary.items.find((it) => it.text === '53条')!;
    const manual = decision('manual', { doc: summary.doc, start: other.start, end: other.end, text: other.text });
    const out = linkOf(linkTargets([plan, summary], { today: '2027-03-01', decisions: [decision('confirmed', fig), manual] }), BEIJING, '实施市级疏堵工程');
    expect(out.figures.find((f) => f.start === fig.start && f.doc === summary.doc)!.source).toBe('confirmed');
    expect(out.figures.find((f) => f.start === other.start && f.doc === summary.doc)!.source).toBe('manual');
    const undone = linkOf(linkTargets([plan, summary], { today: '2027-03-01', decisions: [manual, { ...decision('rejected', { doc: summary.doc, start: other.start, end: other.end, text: other.text }, '2027-02-01T00:00:00.000Z') }] }), BEIJING, '实施市级疏堵工程');
    expect(undone.figures.some((f) => f.start === other.start && f.doc === summary.doc)).toBe(false);
  });

  it('a decision linking a target to itself is ignored', () => {
    const self = decision('manual', { doc: l.target.doc, start: l.target.start, end: l.target.end, text: l.target.text });
    const out = linkOf(linkTargets([plan, summary], { today: '2027-03-01', decisions: [self] }), BEIJING, '实施市级疏堵工程');
    expect(out.figures.some((f) => f.doc === l.target.doc && f.start === l.target.start)).toBe(false);
  });
});
