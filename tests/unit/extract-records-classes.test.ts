import { describe, expect, it } from 'vitest';
import { extract, type Item } from '../../lib/extract';

const at = (t: string, s: string): Item | undefined => {
  const pos = t.indexOf(s);
  return extract(t).find((i) => i.kind !== 'commitment' && i.start <= pos && pos < i.end);
};
const kinds = (t: string, ...ss: string[]) => ss.map((s) => at(t, s)?.kind ?? 'none');
const SUMMARY = '2025年工作回顾\n';
const PLAN = '2026年工作安排\n';

describe('records and ratios are measured results', () => {
  it('连续N年 / 近N年 / 历时N年 count a record; 满6年 stays a rule', () => {
    const t = `${SUMMARY}地区生产总值总量连续37年居全国首位，连续4年在国家综合测评中位列第一，历时12年成功申遗，任现职满6年的教师参加轮岗。`;
    expect(kinds(t, '37', '4年', '12年', '6年')).toEqual(['reported', 'reported', 'reported', 'none']);
  });
  it('each term of a ratio or fraction, and a unitless index set by a level verb', () => {
    const t = `${SUMMARY}三次产业比重为4.0∶37.7∶58.3，收入比从2.50:1缩小至2.27:1，约占全国1/10，收入倍差从1.96缩小至1.81。2022-08-04 17:53:36发布。`;
    expect(kinds(t, '4.0', '37.7', '58.3', '2.50', '2.27', '1/', '10，收入', '1.96', '1.81')).toEqual(Array(9).fill('reported'));
    expect(kinds(t, '17:', '53:', '36发')).toEqual(['none', 'none', 'none']);
  });
  it('tenths (占全国9成) and a measured age (人均预期寿命从82.4岁提升至83.9岁)', () => {
    const t = `${SUMMARY}无人机产量占全国9成，人均预期寿命从82.4岁提升至83.9岁，招收3周岁幼儿。`;
    expect(kinds(t, '9成', '82.4', '83.9', '3周岁')).toEqual(['reported', 'reported', 'reported', 'none']);
  });
  it('增长3.4倍 is reported', () => expect(at(`${SUMMARY}出口增长3.4倍。`, '3.4')).toMatchObject({ kind: 'reported', unit: '倍' }));
});

describe('numbers that name a kind of thing', () => {
  it('voltage and capacity classes, policy and concept names with a time unit', () => {
    const t = `${PLAN}新建500千伏变电站8座，建成30万吨级航道，开工30万吨乙烯项目，实施144小时过境免签，打造“15分钟社区生活圈”，每天24小时提供服务。`;
    expect(kinds(t, '500', '8座', '30万吨级', '30万吨乙烯', '144', '15分钟', '24小时')).toEqual(['none', 'target', 'none', 'none', 'none', 'none', 'none']);
  });
  it('plenum and session names, the economy’s sectors', () => {
    const t = `${PLAN}落实省委十三届七次、八次全会部署和市十六届人大三次会议精神，推动一二三次产业融合，优化三次产业结构。`;
    expect(extract(t).filter((i) => i.kind !== 'commitment')).toEqual([]);
  });
  it('a policy package’s article count (30条…措施, “民营经济32条”) is a name', () => {
    const t = `${SUMMARY}制定实施30条防汛避险救灾硬措施，迭代升级“民营经济32条”。`;
    expect(kinds(t, '30', '32')).toEqual(['none', 'none']);
  });
  it('the count of the text’s own list', () => {
    const t = `${PLAN}设置了29项主要指标，具体部署了13项任务举措，重点做好以下10个方面工作：`;
    expect(kinds(t, '29', '13', '10')).toEqual(['none', 'none', 'none']);
  });
});

describe('pools and qualifiers', () => {
  it('the pool a rate is measured on, and a pool whose members the next clause counts', () => {
    const t = `${SUMMARY}203个地表水国考断面水质优良率达100%。国家公布产量的104种工业产品中，我省占比超过10%的有44种。2个新增示范性高中项目中，大龙中学扩建工程基本完工。`;
    expect(kinds(t, '203', '100%', '104', '10%', '44', '2个')).toEqual(['none', 'reported', 'none', 'none', 'reported', 'reported']);
  });
  it('a bound that qualifies a group measured by the next number', () => {
    const t = `${SUMMARY}村集体经济经营性收入50万元以上的行政村占比达68%，95.37%以上的公办学校学生参加了课后服务。`;
    expect(kinds(t, '50万', '68%', '95.37')).toEqual(['none', 'reported', 'reported']);
  });
});

describe('counts that are not enumerations of the text', () => {
  it('a large count before a listed noun counts; a short quoted slogan does not', () => {
    const t = `${SUMMARY}210项关键核心技术获得突破，推进20个重点区域环境整治，聚焦五个“度”，城区三个“1小时交通圈”基本建成。`;
    expect(kinds(t, '210', '20个', '五', '三个')).toEqual(['reported', 'reported', 'none', 'reported']);
  });
  it('第N个 after 成为 counts members of a class; 第36个教师节 is an ordinal', () => {
    const t = `${SUMMARY}揭阳潮汕机场成为全省第4个吞吐量超千万人次的机场，谋划第36个教师节。`;
    expect(kinds(t, '4个', '36')).toEqual(['reported', 'none']);
  });
});

describe('baselines and funds obtained', () => {
  it('in a plan, the number a change starts from is reported', () => {
    const t = `${PLAN}农村低保标准占城镇低保标准的最低比例从77%提高到80%以上。补贴标准分别从每人每月209元、280元提高到217元、290元。推动帮扶从15个县（市）扩大到57个县（市）。`;
    expect(kinds(t, '77', '80%', '209', '280', '217', '290', '15个', '57个')).toEqual(['reported', 'target', 'reported', 'reported', 'target', 'target', 'reported', 'target']);
  });
  it('in a summary, 争取 that obtains funds reports; 争取 before a deliverable pledges', () => {
    const t = `${SUMMARY}争取消费品以旧换新政策资金266.5亿元、争取中央预算内投资237亿元。2026年争取新增学位3000个。`;
    expect(kinds(t, '266.5', '237', '3000')).toEqual(['reported', 'reported', 'target']);
  });
});

describe('a glossary (名词解释) neither pledges nor reports', () => {
  it('its counts define terms', () => {
    const t = `${PLAN}新增就业50万人。\n名词解释\n1.“六横”：指六个横向输水大动脉。\n2.四向八廊：东南西北4个方向8条进出川综合交通走廊。\n`;
    expect(kinds(t, '50万', '六个', '4个', '8条')).toEqual(['target', 'none', 'none', 'none']);
  });
});

describe('units with a Chinese SI prefix, denominators, and 突破', () => {
  it('千伏 and 兆瓦 are units; 万千瓦 and 亿千瓦时 scale 千瓦 and 千瓦时; 亿立方米 scales 立方米', () => {
    const t = `${PLAN}建设500千伏线路300公里，新增装机1800万千瓦、光伏200兆瓦，外调绿电450亿千瓦时，蓄水能力达到352亿立方米。`;
    expect(['300', '1800', '200', '450', '352'].map((s) => [at(t, s)?.value, at(t, s)?.unit])).toEqual([
      [300, '公里'], [18000000, '千瓦'], [200, '兆瓦'], [45000000000, '千瓦时'], [35200000000, '立方米'],
    ]);
  });
  it('a unit’s denominator is part of it: 58万元/人 → 580000 元/人, 27微克/立方米, 0.6人/百亿元', () => {
    const t = `${PLAN}全员劳动生产率达58万元/人，细颗粒物年均浓度控制在27微克/立方米，死亡率控制在0.6人/百亿元以下。`;
    expect(['58', '27', '0.6'].map((s) => [at(t, s)?.value, at(t, s)?.unit])).toEqual([[580000, '元/人'], [27, '微克/立方米'], [0.6, '人/百亿元']]);
  });
  it('突破 gives >', () => expect(at(`${PLAN}集群营收突破13万亿元。`, '13')).toMatchObject({ comparator: '>', value: 13e12 }));
  it('counts of goods, livestock, trains and cases', () => {
    const t = `${PLAN}生猪出栏3900万头，家禽13.5亿只，粮食产量730亿斤，中欧班列开行3000列，辅具服务5000例，改造507栋危旧楼，34款创新药械。`;
    expect(['3900', '13.5', '730', '3000', '5000', '507', '34'].map((s) => at(t, s)?.unit)).toEqual(['头', '只', '斤', '列', '例', '栋', '款']);
  });
  it('万户 is 万 × 户', () => expect(at(`${PLAN}改造1万户农村危房。`, '1万')).toMatchObject({ value: 10000, unit: '户' }));
});

describe('an approximate level', () => {
  it('达到…左右 is =, 达到… is >=, 控制在…左右 stays <=', () => {
    const t = `${PLAN}常住人口城镇化率达到78%左右，研发投入强度达到3.5%，细颗粒物浓度控制在29微克/立方米左右。`;
    expect(['78', '3.5', '29'].map((s) => at(t, s)?.comparator)).toEqual(['=', '>=', '<=']);
  });
});
