import { describe, expect, it } from 'vitest';
import { extract } from '../../lib/extract';

/** The commitment shapes of provincial work reports' plan parts (2026 reports of 北京, 广东, 四川, 浙江). */
const PLAN = '三、2026年工作安排\n';
const commitments = (t: string) => extract(`${PLAN}${t}`).filter((i) => i.kind === 'commitment').map((i) => i.text);

describe('a goal list pledges levels without a number', () => {
  it('增长同步, 达到国家要求, 保持基本稳定, 实现倍增, 接近…水平, 按照国家要求完成…任务', () => {
    expect(commitments('今年主要预期目标是：地区生产总值增长5%左右，居民收入增长和经济增长同步，能源、水资源、碳排放等指标达到国家要求。'))
      .toEqual(['居民收入增长和经济增长同步', '能源、水资源、碳排放等指标达到国家要求']);
    expect(commitments('制造业增加值占GDP比重保持基本稳定，经济总量实现倍增，人均地区生产总值接近发达经济体水平；按照国家要求完成节能减排降碳任务。'))
      .toEqual(['制造业增加值占GDP比重保持基本稳定', '经济总量实现倍增', '人均地区生产总值接近发达经济体水平', '按照国家要求完成节能减排降碳任务']);
  });
  it('a standard to meet without a modal (…补差水平不低于…)', () => {
    expect(commitments('城乡低保补差水平不低于当地上年度城乡低保补差水平。')).toHaveLength(1);
  });
});

describe('titles to win and things won for the region', () => {
  it('争创 anything, and 创建 a national title, whatever leads them', () => {
    expect(commitments('争创国家农业高新技术产业示范区，支持杭州、宁波争创国际消费中心城市，创建国家未来产业先导区。')).toEqual([
      '争创国家农业高新技术产业示范区', '支持杭州、宁波争创国际消费中心城市', '创建国家未来产业先导区',
    ]);
  });
  it('a local 创建 campaign, and 争创 good results rather than a title, are no commitment', () => {
    expect(commitments('推动重点行业绿色企业创建，创建市级“墨香校园”。')).toEqual([]);
    expect(commitments('争创一流业绩，争创佳绩。')).toEqual([]);
  });
  it('争取 pledges a result when it names one (落地, 布局, 纳入, 设立, 消除); not when it seeks funds or a better result', () => {
    expect(commitments('争取更多全国重点实验室在粤布局，争取设立成都国家植物园，积极争取超长期特别国债等各类资金。')).toEqual([
      '争取更多全国重点实验室在粤布局', '争取设立成都国家植物园',
    ]);
  });
});

describe('results driven by 推动 / 加快, and completions named after their subject', () => {
  it('推动出台…方案, 推动…项目建成投运, 推动…全覆盖 pledge the result; 推动…落地见效 does not', () => {
    expect(commitments('推动出台服务业扩大开放3.0方案，推动台州温玉铁路等项目建成投运，推动国家和省部署的各项改革任务落地见效。')).toEqual([
      '推动出台服务业扩大开放3.0方案', '推动台州温玉铁路等项目建成投运',
    ]);
  });
  it('…院区基本完工, …段基本具备开通条件', () => {
    expect(commitments('首儿所通州院区基本完工，轨道交通22号线红庙至平谷段基本具备开通条件。')).toEqual([
      '首儿所通州院区基本完工', '轨道交通22号线红庙至平谷段基本具备开通条件',
    ]);
  });
  it('把…建成… makes one thing into another; 建成一批… names nothing', () => {
    expect(commitments('努力把农业建成现代化大产业，建成一批支撑调节性煤电项目，开工建设一批海上风电项目。')).toEqual([]);
  });
});

describe('coverage, zeros, events and campaigns', () => {
  it('a population covered, a zero reached, a congress convened, a final campaign fought', () => {
    expect(commitments('70周岁以上户籍老年人意外伤害保险全覆盖，零就业家庭动态清零，召开全省服务业发展大会，打好安全生产治本攻坚三年行动“收官战”。')).toEqual([
      '70周岁以上户籍老年人意外伤害保险全覆盖', '零就业家庭动态清零', '召开全省服务业发展大会', '打好安全生产治本攻坚三年行动“收官战”',
    ]);
  });
  it('coverage or a zero pursued as ongoing work is no commitment', () => {
    expect(commitments('推进中小学校党的组织和党的工作全覆盖，保持零就业家庭动态清零，持续推动重大事故隐患深查彻改、动态清零。')).toEqual([]);
  });
  it('a strong modal pledging a trend, a comparison, a zero or stability', () => {
    expect(commitments('确保重点大气污染物排放总量持续下降，确保各级政府财政性科技资金增幅高于财政经常性收入增幅，确保零就业家庭动态清零，确保市政基础设施稳定可靠。')).toHaveLength(4);
  });
});

describe('what is no commitment', () => {
  it("a report's closing formulas", () => {
    expect(commitments('各位代表，完成今年目标任务，确保实现“十五五”良好开局，在实际工作中全力争取更好结果，实现上述目标。')).toEqual([]);
  });
  it('a document already issued (编制了《…》), and the closing glossary (名词解释)', () => {
    expect(commitments('省政府编制了《广东省国民经济和社会发展第十五个五年规划纲要（草案）》。')).toEqual([]);
    expect(commitments('建成乐山机场。\n名词解释\n1.省政府办公厅印发《关于巩固拓展经济回升向好势头的若干政策措施》。')).toEqual(['建成乐山机场']);
  });
  it('启动具备条件的…项目 names no project', () => {
    expect(commitments('靠前启动具备条件的“十五五”重大项目。')).toEqual([]);
  });
});
