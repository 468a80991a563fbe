import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extract, type Item } from '../../lib/extract';
import { parseChinese, parsePercentWords } from '../../lib/extract/numerals';
import { scanNumbers } from '../../lib/extract/scan';

const PLAN = '2020年工作计划\n';
const SUMMARY = '2019年工作总结\n';
const nums = (t: string) => extract(t).filter((i) => i.kind !== 'commitment');
const at = (t: string, s: string): Item | undefined => {
  const pos = t.indexOf(s);
  return extract(t).find((i) => i.start <= pos && pos < i.end);
};

describe('numbers', () => {
  it('reads Chinese numerals', () => {
    expect(parseChinese('十')).toBe(10);
    expect(parseChinese('两')).toBe(2);
    expect(parseChinese('三千')).toBe(3000);
    expect(parseChinese('十四')).toBe(14);
    expect(parseChinese('一百零五')).toBe(105);
    expect(parseChinese('二〇二〇')).toBe(2020);
    expect(parsePercentWords('百分之九十五点五')).toBe(95.5);
  });
  it('finds the same tokens as the scorer (full-width, thousands, decimals, 百分之)', () => {
    const t = '达到１２所，1,200人，4.5万，百分之九十，三千余人，一二三';
    expect(scanNumbers(t).map((k) => t.slice(k.start, k.end))).toEqual(['１２', '1,200', '4.5', '百分之九十', '三千余']);
  });
  it('applies multipliers and normalises money to 元', () => {
    const t = `${PLAN}预算投资9807万元，培训4.5万人次，投入148.72亿元，收入近20万元。`;
    expect(nums(t).map((i) => [i.value, i.unit])).toEqual([[98070000, '元'], [45000, '人次'], [14872000000, '元'], [200000, '元']]);
    expect(at(t, '20万')!.approximate).toBe(true);
  });
  it('reads ranges as one item with value and valueMax', () => {
    const t = `${PLAN}生均经费每月200-220元，掌握1至2项技能，新增2—3个集团。`;
    expect(nums(t).map((i) => [i.text, i.value, i.valueMax])).toEqual([['200-220元', 200, 220], ['1至2项', 1, 2], ['2—3个', 2, 3]]);
  });
  it('reads full-width digits and ％', () => {
    const item = nums(`${PLAN}普惠率达８５％。`)[0];
    expect([item.value, item.unit, item.comparator]).toEqual([85, '％', '>=']);
  });
  it('reads Chinese-numeral quantities', () => {
    expect(nums(`${PLAN}建设十所样板化智慧安保校园。`)[0]).toMatchObject({ value: 10, unit: '所', metric: expect.stringContaining('样板化智慧安保校园') });
  });
});

describe('what is not a quantity', () => {
  it('dates, years and times', () => expect(nums(`${PLAN}2020年3月20日印发，2022-08-04 17:53:36，9月开学。`)).toHaveLength(0));
  it('list markers, even after Word bookmark residue', () => {
    expect(nums(`${PLAN}1.提升政治建设\n[bookmark: OLE_LINK1]2.推进党建\n（3）加强队伍\n`)).toHaveLength(0);
  });
  it('slogans and formulas', () => {
    expect(nums(`${PLAN}牢固树立“四个意识”，推进“1+N”模式，深化“6+2+n实验”，实现“五个100%”。`)).toHaveLength(0);
  });
  it('document names and numbers', () => expect(nums(`${PLAN}落实《广州教育现代化2035》和《十项准则》，粤ICP备05083207号。`)).toHaveLength(0));
  it('ordinals, but not ranks', () => {
    const t = `${SUMMARY}谋划第36个教师节，位列全国第63和第78位，以第一名的成绩获奖。`;
    expect(nums(t).map((i) => i.value)).toEqual([63, 78, 1]);
  });
  it('durations and ages that define a rule', () => expect(nums(`${PLAN}任现职满6年，设置3年的成长考核期，开办三个月的培训班，招收3周岁幼儿。`)).toHaveLength(0));
  it('ranking pools and group thresholds', () => {
    expect(nums(`${SUMMARY}全省文理前50人中广州有21人；在128个单位中排名第14名；对12班以下学校每生增加200元。`).map((i) => i.value)).toEqual([21, 14, 200]);
  });
  it('technology names', () => expect(nums(`${PLAN}启动5G校园应用试点，升级ipv6。`)).toHaveLength(0));
  it('the article 一', () => expect(nums(`${PLAN}打造一支高素质队伍，在同一所学校任职，关爱每一个学生。`)).toHaveLength(0));
});

describe('target or reported', () => {
  it('the section decides first', () => {
    const t = `${SUMMARY}新增学位10699个。\n${PLAN}新增学位5370个。`;
    expect(nums(t).map((i) => i.kind)).toEqual(['reported', 'target']);
  });
  it('then the clause: a plan inside a summary, a baseline inside a plan', () => {
    expect(at(`${SUMMARY}2020年计划新增学位500个。`, '500')!.kind).toBe('target');
    expect(at(`${PLAN}目前，全区已有公办园120所。`, '120')!.kind).toBe('reported');
  });
  it('年内 / 下半年 look ahead in a half-year summary, not in a summary of the whole year', () => {
    expect(at(`${SUMMARY}重点项目年内完成建设中小学23所，已全部完成建设。`, '23')!.kind).toBe('reported');
    expect(at(`${SUMMARY}下半年新增学位600个。`, '600')!.kind).toBe('reported');
    expect(at(`2021年上半年工作总结\n重点项目年内完成建设中小学23所。`, '23')!.kind).toBe('target');
    expect(at(`2021年工作总结和2022年工作计划\n一、上半年工作情况\n下半年新增学位600个。`, '600')!.kind).toBe('target');
  });
  it('按计划完成 / 按计划新增 in a summary report what was done as planned', () => {
    expect(at(`${SUMMARY}民生实事项目共18个，已按计划完成建设项目10个。`, '10')!.kind).toBe('reported');
    expect(at(`${SUMMARY}按计划新增学位800个。`, '800')!.kind).toBe('reported');
    expect(at(`${SUMMARY}下一年计划完成建设项目12个。`, '12')!.kind).toBe('target');
  });
  it('a demand forecast among the challenges is neither', () => {
    expect(nums('二、主要挑战\n预计到2025年，全区需新增4234个幼儿园学位。')).toHaveLength(0);
  });
});

describe('target fields', () => {
  it('deadline: the clause year, else the section year, else a period word, else the plan period', () => {
    expect(at(`${PLAN}到2023年，力争近视率在2019年的基础上每年降低0.5个百分点。`, '0.5')!.deadline).toBe(2023);
    expect(at(`${PLAN}新增学位500个。`, '500')!.deadline).toBe(2020);
    expect(at('（2021-2025年）规划\n第四章 主要任务\n教师交流比例每学年为10%。', '10%')!.deadline).toBe('每学年');
    expect(at('（2021-2025年）规划\n第四章 主要任务\n实现师生100%开通网络学习空间。', '100%')!.deadline).toBe(2025);
  });
  it('strength reads the list lead-in of a 「预期目标是：」 sentence', () => {
    const t = `${PLAN}主要预期目标是：新开办中小学5所，标准化学校达98%;改扩建公办幼儿园30所。`;
    expect(nums(t).map((i) => i.strength)).toEqual(['aspirational', 'aspirational', 'aspirational']);
  });
  it('a rank goal is <=', () => expect(at(`${PLAN}中考成绩排广州市前4名。`, '4')).toMatchObject({ comparator: '<=', unit: '名' }));
});

describe('indicator tables flattened one cell a line', () => {
  const table = '三、发展目标\n表1 主要发展指标\n\n指标名称\n\n属性\n\n2020年基准值\n\n2025年目标值\n\n1.*学前教育毛入园率(%)\n\n约束性\n\n118.7\n\n>100\n\n2.专家型教师(人)\n\n预期性\n\n36\n\n50\n\n3.落实教育经费投入“两个只增不减”\n\n约束性\n\n——\n\n——\n\n4.新建中小学(所)\n\n预期性\n\n——\n\n10\n\n注:①标注';
  const items = extract(table);
  it('reads the baseline column as reported and the target column as a target', () => {
    expect(items.filter((i) => i.kind !== 'commitment').map((i) => [i.kind, i.value, i.unit, i.comparator, i.deadline, i.strength])).toEqual([
      ['reported', 118.7, '%', '=', null, null],
      ['target', 100, '%', '>', 2025, 'binding'],
      ['reported', 36, '人', '=', null, null],
      ['target', 50, '人', '=', 2025, 'aspirational'],
      ['target', 10, '所', '=', 2025, 'aspirational'],
    ]);
  });
  it('a row with no number is a commitment', () => {
    expect(items.filter((i) => i.kind === 'commitment').map((i) => i.text)).toEqual(['落实教育经费投入“两个只增不减”']);
  });
});

describe('a government work report (another shape of report)', () => {
  const text = readFileSync(new URL('../fixtures/gov-report-sample.txt', import.meta.url), 'utf8');
  const items = extract(text);
  it('reports the review and targets the plan', () => {
    expect(at(text, '2.3%')!.kind).toBe('reported');
    expect(at(text, '6%左右')).toMatchObject({ kind: 'target', value: 6, deadline: 2025 });
    expect(at(text, '60万人以上')).toMatchObject({ kind: 'target', value: 600000, unit: '人', comparator: '>=', deadline: 2021, strength: 'aspirational' });
    expect(items.filter((i) => i.kind === 'commitment').map((i) => i.text)).toContain('年内建成投用省人民医院新院区');
  });
});

describe('non-reports', () => {
  it('empty, English, garbage → nothing', () => {
    expect(extract('')).toEqual([]);
    expect(extract('The school built 12 classrooms in 2019 and plans 20 more.')).toEqual([]);
    expect(extract('\u0000\uffff\ud800abc')).toEqual([]);
  });
});

describe('the token scanner', () => {
  // The reference: the three regexes of the scorer's candidates.mjs (GUIDE.md, "The unit: a numeric token").
  const DIGITS = '0-9０-９';
  const ARABIC = new RegExp(`[${DIGITS}]{1,3}(?:,[0-9]{3})+(?:[.．][${DIGITS}]+)?|[${DIGITS}]+(?:[.．][${DIGITS}]+)?`, 'gu');
  const CN = /(?<![0-9０-９.．零〇一二两三四五六七八九十百千万亿])[零〇一二两三四五六七八九十百千万亿]+(?:余|多)?(?=[所个名人项场次家间条篇套座支位台])/gu;
  const PCT = /百分之[零〇一二两三四五六七八九十百点]+/gu;
  const reference = (t: string) =>
    [ARABIC, CN, PCT].flatMap((re) => [...t.matchAll(re)].map((m) => [m.index!, m.index! + m[0].length])).sort((a, b) => a[0] - b[0]);
  for (const name of ['baoan-2021-h1-summary-h2-plan', 'haizhu-2021-2025-plan', 'longwan-2020-keypoints']) {
    it(`finds exactly the scorer's tokens in ${name}`, () => {
      const t = readFileSync(new URL(`../../seeds/${name}.txt`, import.meta.url), 'utf8');
      expect(scanNumbers(t).map((k) => [k.start, k.end])).toEqual(reference(t));
    });
  }
  it('stays linear on a megabyte of numerals', () => {
    const t0 = performance.now();
    scanNumbers('一'.repeat(1_000_000) + '二个'.repeat(200_000));
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('report shapes the seeds do not show', () => {
  it('a title naming summary and plan: text before the plan heading is the summary', () => {
    const t = '某区教育局2020年工作总结和2021年工作计划\n一、主要工作\n新建学校5所。\n二、2021年工作计划\n新建学校8所。';
    expect(nums(t).map((i) => [i.kind, i.value])).toEqual([['reported', 5], ['target', 8]]);
  });
  it('a table whose columns are plain years: the latest is the target', () => {
    const t = '2021年工作要点\n指标\n\n2020年\n\n2025年\n\n公办园在园幼儿占比(%)\n\n48\n\n55\n\n';
    expect(nums(t).map((i) => [i.kind, i.value, i.unit])).toEqual([['reported', 48, '%'], ['target', 55, '%']]);
  });
});

describe('past periods inside a plan', () => {
  it('以来 / 近年来 / 过去五年 mark status, not a pledge', () => {
    const t = `${PLAN}2016年以来新增学位3万个，近年来建成学校12所，过去五年引进教师500名。今年新建学校5所。`;
    expect(nums(t).map((i) => [i.kind, i.value])).toEqual([['reported', 30000], ['reported', 12], ['reported', 500], ['target', 5]]);
  });
});

describe('commitments and fields on a bureau key-points page (shapes seen on real reports)', () => {
  const KEY = '区教育局2021年工作要点\n二、重点任务\n';
  const commitments = (t: string) => extract(t).filter((i) => i.kind === 'commitment').map((i) => i.text);
  it('a strong modal pledging a standard, a zero or a title is a commitment; one pledging an activity is not', () => {
    expect(commitments(`${KEY}4.落实教师待遇保障，确保中小学教师平均工资收入水平不低于当地公务员平均工资收入水平。`)).toEqual([
      '确保中小学教师平均工资收入水平不低于当地公务员平均工资收入水平',
    ]);
    expect(commitments(`${KEY}确保校园安全事故零发生，力争创建省级示范性高中。`)).toEqual(['确保校园安全事故零发生', '力争创建省级示范性高中']);
    expect(commitments(`${KEY}确保创建工作顺利推进，确保达标活动有序开展。`)).toEqual([]);
  });
  it("a period word in the next sentence is not the target's deadline", () => {
    const t = `${KEY}推进12所学校建设，新增学位4500个。启动第三实验学校建设，年底前完成主体结构封顶。`;
    expect(at(t, '4500')).toMatchObject({ kind: 'target', deadline: 2021 });
  });
  it('the metric drops a leading list number and a leading 保障', () => {
    expect(at(`${KEY}3.招聘新教师300名。`, '300')).toMatchObject({ metric: '招聘新教师', value: 300, unit: '名' });
    expect(at(`${KEY}保障残疾儿童少年义务教育入学率达100%。`, '100')).toMatchObject({ metric: '残疾儿童少年义务教育入学率', comparator: '>=' });
  });
});

describe('a bureau progress page with no summary or plan heading (2022年学位建设情况)', () => {
  const PAGE = '2022年学位建设情况\n来源：市教育局\n';
  it('a clause that pledges (全年将…, 计划新增…) is a target due in the page year; other numbers stay out', () => {
    const t = `${PAGE}全年将新改扩建幼儿园、中小学校178所，新增基础教育学位20万个。市政府高度重视，召开专题会议5次。`;
    expect(nums(t).map((i) => [i.kind, i.value, i.unit, i.deadline])).toEqual([
      ['target', 178, '所', 2022],
      ['target', 200000, '个', 2022],
    ]);
  });
  it('spaces between a number and its multiplier or unit (超 15 万个, 共 93 所)', () => {
    const t = `${PAGE}秋季将新开办中小学校、幼儿园共 93 所，新增各类学位超 15 万个。`;
    expect(nums(t).map((i) => [i.value, i.unit, i.comparator, i.metric])).toEqual([
      [93, '所', '=', '新开办中小学校、幼儿园'],
      [150000, '个', '>', '新增各类学位'],
    ]);
  });
  it('将 as a preposition is no pledge (将41个项目纳入民生实事)', () => {
    expect(nums(`${PAGE}将41个中小学建设项目纳入市民生实事。`)).toEqual([]);
  });
});

describe('a bureau work report titled 工作汇报材料 (seen on a real 2022 district report)', () => {
  const REPORT = '区教育局2022年工作汇报材料\n';
  it('is a summary: its figures are reported', () => {
    expect(nums(`${REPORT}全年新评市级以上名特优教师65人，高质量办理人大建议23件。`).map((i) => [i.kind, i.value])).toEqual([
      ['reported', 65],
      ['reported', 23],
    ]);
  });
  it('slogans counting themselves are no quantity (两个先行, 五套班子)', () => {
    expect(nums(`${REPORT}为推进两个先行贡献教育力量，区五套班子领导相继赴学校调研。`)).toEqual([]);
  });
});

describe('summary headings that name highlights or a period (一、今年以来的工作亮点和创新性做法)', () => {
  it('open a summary under a title naming both summary and plan', () => {
    const t = '教育局2022工作总结及2023年工作计划\n一、今年以来的工作亮点和创新性做法\n一本上线2445人，增加231人，获6项金牌。';
    expect(nums(t).map((i) => [i.kind, i.value])).toEqual([
      ['reported', 2445],
      ['reported', 231],
      ['reported', 6],
    ]);
  });
});

describe('a plan sub-heading that merely mentions a highlight stays a plan', () => {
  it('（三）打造教育特色亮点 under a work plan: its numbers are targets', () => {
    const t = '2023年工作计划\n（三）打造教育特色亮点\n新增特色学校10所。';
    expect(nums(t).map((i) => i.kind)).toEqual(['target']);
  });
});

describe('a plan listing several indicators in one sentence (…分别达到90%、99%…和13.5年)', () => {
  const PLANNING = '市中长期教育改革和发展规划纲要(2011-2020年)\n二、战略目标\n';
  const t = `${PLANNING}2015年学前三年毛入园率、义务教育巩固率和新增劳动力人均受教育年限分别达到90%、99%和13.5年；2020年分别达到98%、99%以上和15年以上。`;
  it('every number of the enumeration shares the lead comparator; a suffix stays its own', () => {
    expect(nums(t).map((i) => [i.value, i.unit, i.comparator, i.deadline])).toEqual([
      [90, '%', '>=', 2015],
      [99, '%', '>=', 2015],
      [13.5, '年', '>=', 2015],
      [98, '%', '>=', 2020],
      [99, '%', '>=', 2020],
      [15, '年', '>=', 2020],
    ]);
  });
  it('a measured span of years is a quantity; a rule span (满6年) is not', () => {
    expect(nums(`${PLANNING}任现职满6年的教师参加轮岗。`)).toEqual([]);
    expect(at(`${PLANNING}人均受教育年限达到13.5年。`, '13.5')).toMatchObject({ kind: 'target', value: 13.5, unit: '年', comparator: '>=' });
  });
  it('an enumeration after a plain number stays plain', () => {
    expect(nums(`${PLANNING}新建学校3所、幼儿园5所。`).map((i) => i.comparator)).toEqual(['=', '=']);
  });
});

describe('a goal that names a direction, not a deliverable', () => {
  it('建成更加先进的教育设施 is no commitment; 建成区实验中学新校区 is one', () => {
    const c = (t: string) => extract(`2021年工作要点\n${t}`).filter((i) => i.kind === 'commitment').map((i) => i.text);
    expect(c('建成更加先进的教育设施。')).toEqual([]);
    expect(c('建成区实验中学新校区。')).toEqual(['建成区实验中学新校区']);
  });
});

describe('a page with no summary or plan heading', () => {
  const kinds = (text: string) => extract(text).map((it) => [it.kind, it.text, it.deadline]);
  it('reads a sentence bound to a later year as a pledge with that deadline (到2025年，…达到95%)', () => {
    expect(kinds('关于教育工作的通知\n到2025年，学前教育毛入园率达到95%。')).toEqual([['target', '95%', 2025]]);
  });
  it('still reads the same bound with its clause saying done as a report (已, 累计)', () => {
    expect(kinds('关于教育工作的通知\n到2020年底，全区学前教育毛入园率已达到95%。')[0][0]).toBe('reported');
    expect(kinds('关于教育工作的通知\n到2020年底，累计新增学位5370个。')[0][0]).toBe('reported');
  });
});
