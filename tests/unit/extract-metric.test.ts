import { describe, expect, it } from 'vitest';
import { extract } from '../../lib/extract';
import { tidyLabel } from '../../lib/extract/metric';

/** The metric each target of a plan sentence gets, in text order. */
const PLAN = '2024年工作要点\n';
const metrics = (s: string) => extract(PLAN + s).filter((i) => i.kind === 'target').map((i) => [i.text, i.metric]);
const metricAt = (s: string, token: string) => {
  const t = PLAN + s;
  const pos = t.indexOf(token, PLAN.length);
  return extract(t).find((i) => i.start <= pos && pos < i.end)?.metric;
};

describe('metric: the subject before a comparator verb', () => {
  it('keeps the kind of measure with its modifier', () => {
    expect(metricAt('全区学前教育毛入园率达到98%以上。', '98')).toBe('学前教育毛入园率');
  });
  it('drops 的 before the kind of measure and the base a ratio is taken of', () => {
    expect(metricAt('每学年骨干教师参加交流的比例为符合条件教师总数的15%。', '15')).toBe('骨干教师参加交流比例');
  });
  it('reads the subject before 从 in 从…提高到', () => {
    expect(metricAt('城乡居民医保财政补助标准从每人每年640元提高到670元。', '670')).toBe('城乡居民医保财政补助标准');
  });
  it('drops a baseline (在2019年的基础上) and the base of a multiple (不低于…的1.6倍)', () => {
    expect(metricAt('学生总体近视率在2020年的基础上每年降低0.5个百分点。', '0.5')).toBe('学生总体近视率每年降低');
    expect(metricAt('孤儿基本生活保障标准不低于当地平均生活水平的1.5倍。', '1.5')).toBe('孤儿基本生活保障标准');
  });
  it('starts after an unclosed bracket', () => {
    expect(metricAt('实现升学目标（高考本科上线率提升至85%）。', '85')).toBe('高考本科上线率');
  });
  it('is not cut by a number inside the phrase (公交与轨道50米内换乘比例)', () => {
    expect(metricAt('地铁与公交100米内换乘比例提升至90%。', '90')).toBe('地铁与公交100米内换乘比例');
  });
  it('keeps a year-like 年 inside a word (年度投资)', () => {
    expect(metricAt('安排省重点项目500个、年度投资1.2万亿元。', '1.2')).toContain('年度投资');
  });
  it('drops a modal with its verb after the subject (中央预算内投资拟安排)', () => {
    expect(metricAt('今年省级预算内投资拟安排300亿元。', '300')).toBe('省级预算内投资');
  });
});

describe('metric: lists', () => {
  it('gives each value of 分别 its own member with the shared head', () => {
    expect(metrics('小麦、玉米、大豆产量分别达到800万吨、600万吨、50万吨以上。').map(([, m]) => m)).toEqual(['小麦产量', '玉米产量', '大豆产量']);
  });
  it('shares a longer head (生猪、家禽年出栏量) and reads across 从…提高到', () => {
    expect(metrics('牛、羊年出栏量分别稳定在300万头、900万只以上。').map(([, m]) => m)).toEqual(['牛年出栏量', '羊年出栏量']);
    const t = '城市低保、农村低保月人均标准分别从900元、700元提高到950元、750元。';
    expect([metricAt(t, '950'), metricAt(t, '750')]).toEqual(['城市低保月人均标准', '农村低保月人均标准']);
  });
  it('reads a long list whose last two members are joined by 和, and a later list that leaves its subject out', () => {
    const t = '2025年学前三年幼儿教育毛入园率、九年义务教育巩固率、高中阶段教育毛入学率、高等教育毛入学率和新增劳动力人均受教育年限分别达到92%、98%、93%、50%和14年；2030年分别达到95%、99%、96%、60%以上和15年以上。';
    expect(extract(PLAN + t).filter((i) => i.kind === 'target').map((i) => i.metric)).toEqual([
      '学前三年幼儿教育毛入园率', '九年义务教育巩固率', '高中阶段教育毛入学率', '高等教育毛入学率', '新增劳动力人均受教育年限',
      '学前三年幼儿教育毛入园率', '九年义务教育巩固率', '高中阶段教育毛入学率', '高等教育毛入学率', '新增劳动力人均受教育年限',
    ]);
  });
  it('gives later counted things the verb of the first (新建5个A、10个B)', () => {
    expect(metricAt('新建3个市级养老服务中心、20个街道养老服务站。', '20')).toBe('新建街道养老服务站');
    expect(metricAt('重点建设30个口袋公园和5条滨水绿道。', '5')).toBe('建设滨水绿道');
  });
  it('drops a list of school names before the counted noun', () => {
    expect(metricAt('开工东城一中、西湖二幼等学校7所。', '7')).toBe('开工学校');
    expect(metricAt('建成南塘实验小学、城东三幼等5所学校。', '5')).toBe('建成学校');
    expect(metricAt('推进北山中学、南山中学和东山中学3个考点标准化改造。', '3')).toBe('考点标准化改造');
  });
  it('keeps short kinds (心理、法律等) that say what is counted', () => {
    expect(metricAt('提供心理、法律等咨询服务超500个。', '500')).toContain('心理、法律等咨询服务');
  });
  it('shares a range partner\'s metric (增长4.5%—5%)', () => {
    expect(metricAt('全市生产总值增长5%—5.5%。', '5.5')).toBe('生产总值增长');
  });
});

describe('metric: the noun after the number', () => {
  it('keeps the counting verb, with 累计', () => {
    expect(metricAt('累计培育50个特色示范项目。', '50')).toBe('累计培育特色示范项目');
  });
  it('reads X的Y and a list of qualities before the head', () => {
    expect(metricAt('推进12所公办幼儿园的新建工程。', '12')).toBe('公办幼儿园的新建工程');
    expect(metricAt('打造20个功能完善、特色鲜明的社区食堂。', '20')).toBe('打造社区食堂');
  });
  it('skips qualifiers between the measure word and the noun', () => {
    expect(metricAt('惠及超30万名3岁以下婴幼儿。', '30')).toBe('惠及婴幼儿');
    expect(metricAt('新建8个以上区域医疗中心。', '8')).toBe('新建区域医疗中心');
  });
  it('counts those that act when the number opens the clause', () => {
    expect(metricAt('推动10个县（市、区）开展全域无废城市建设。', '10')).toBe('县（市、区）开展全域无废城市建设');
  });
  it('counts the people served, not the service, after 为', () => {
    expect(metricAt('为超5000名听障儿童免费提供助听器适配、康复训练等服务。', '5000')).toBe('听障儿童');
  });
  it('makes a share of a percentage before a noun (50%的学校达到…)', () => {
    expect(metricAt('60%的乡镇中心学校达到省标准化学校要求。', '60')).toBe('乡镇中心学校比例');
  });
  it('takes the noun, not a subject ending in a verb of doing', () => {
    expect(metricAt('各级学校组织开展超300场次家长课堂活动。', '300')).toBe('家长课堂活动');
    expect(metricAt('开展职业技能培训2万人次。', '2')).toBe('职业技能培训');
  });
});

describe('metric: a kind of measure standing alone takes what the clause before names', () => {
  it('动工率 after 改扩建公办幼儿园30所', () => {
    expect(metricAt('新建公办中小学6所，动工率达70%。', '70')).toBe('新建公办中小学动工率');
  });
  it('预算投资 after 实施微改造项目21个', () => {
    expect(metricAt('实施校舍维修项目12个，预算投资3000万元。', '3000')).toBe('实施校舍维修项目预算投资');
  });
});

describe('metric: shapes that lean on their neighbours', () => {
  it('a lone counting verb takes what the target before counts (全年新增N个)', () => {
    expect(metricAt('新增公办幼儿园学位3000个，回收转化新增公办幼儿园学位500个，全年新增3500个。', '3500')).toBe('新增公办幼儿园学位');
  });
  it('a parallel clause takes the head of the one before (散居孤儿从…提高到…)', () => {
    const t = '城市特困人员基本生活标准从每人每月1200元提高到1250元，农村特困人员从每人每月900元提高到950元。';
    expect(metricAt(t, '950')).toBe('农村特困人员基本生活标准');
    expect(metricAt(t, '900')).toBe('农村特困人员基本生活标准');
  });
  it('the baseline of 从…提高到 has the same subject', () => {
    expect(metricAt('城乡低保标准比例从70%提高到75%以上。', '70')).toBe('城乡低保标准比例');
  });
  it('members of a list that opens the clause share its predicate (320家A、40家B实现…)', () => {
    const t = '全省200家学校食堂、30家配餐单位实现明厨亮灶全覆盖。';
    expect([metricAt(t, '200'), metricAt(t, '30')]).toEqual(['学校食堂实现明厨亮灶全覆盖', '配餐单位实现明厨亮灶全覆盖']);
  });
});

describe('metric: whom a service reaches and what is done', () => {
  it('keeps a short service done to those counted (为N名X进行Y)', () => {
    expect(metricAt('为2万名农村留守儿童进行视力筛查。', '2')).toBe('农村留守儿童视力筛查');
  });
  it('takes what is done after a verb of doing inside the phrase', () => {
    expect(metricAt('为在岗护工、新入职人员开展岗位技能培训超3万人次。', '3')).toBe('岗位技能培训');
    expect(metricAt('面向农民工开展“技能培训+就业服务+创业指导+权益保障”职业技能培训2万人次。', '2')).toBe('职业技能培训');
  });
  it('a percentage right before an activity is its coverage (落实“100%家访”)', () => {
    expect(metricAt('落实“100%家访”，办好家长学校。', '100')).toBe('家访覆盖率');
  });
  it('a percentage inside the subject makes the share that the verb phrase reaches', () => {
    expect(metricAt('对符合条件的来穗人员随迁子女100%统筹安排入读公办学校。', '100')).toBe('来穗人员随迁子女统筹安排入读公办学校比例');
  });
});

describe('tidyLabel: a table row label as a metric', () => {
  it('drops the city and district and the works built with a school', () => {
    expect(tidyLabel('广州市海珠区华海双语学校(民办)小学')).toBe('华海双语学校(民办)小学');
    expect(tidyLabel('中海名都配套学校及地下停车库建设工程初中')).toBe('中海名都配套学校初中');
    expect(tidyLabel('石岗路配套小学建设工程')).toBe('石岗路配套小学');
    expect(tidyLabel('学前教育毛入园率')).toBe('学前教育毛入园率');
  });
});
