import { describe, expect, it } from 'vitest';
import { extract } from '../../lib/extract';
import { reasonLine } from '../../lib/i18n/reason';
import { ItemSchema, type Item } from '../../lib/schema/item';

/** Every item says why it is what it is: the rule, the word that fired it, where its deadline came from. */
const at = (text: string, quote: string): Item => {
  const it = extract(text).find((i) => i.text.includes(quote));
  if (!it) throw new Error(`no item for ${quote}`);
  return it;
};
const reason = (text: string, quote: string) => at(text, quote).reason;

describe('number reasons', () => {
  const REPORT = '区教育局2019年工作总结和2020年工作要点\n一、2019年工作总结\n新增学位5000个，目前已有学校30所。\n力争到2022年建成学校8所。\n二、2020年工作要点\n新增学位3000个，到2025年入园率达95%，现有教师1200名。\n';
  it('plan section: a target by its section, dated by the section heading', () => {
    expect(reason(REPORT, '3000')).toEqual({ rule: 'plan section', marker: null, deadlineFrom: { source: 'section', text: '二、2020年工作要点' } });
  });
  it('a year in the clause dates it (clause 到2025年)', () => {
    expect(reason(REPORT, '95%')?.deadlineFrom).toEqual({ source: 'clause', text: '到2025年' });
  });
  it('summary section: reported by its section, no deadline', () => {
    expect(reason(REPORT, '5000')).toEqual({ rule: 'summary section', marker: null, deadlineFrom: null });
  });
  it('status marker: a plan clause that reports (现有)', () => {
    expect(reason(REPORT, '1200')).toMatchObject({ rule: 'status marker', marker: '现有', deadlineFrom: null });
  });
  it('pledge marker: a summary clause that pledges (力争)', () => {
    expect(reason(REPORT, '8所')).toMatchObject({ rule: 'pledge marker', marker: '力争', deadlineFrom: { source: 'clause', text: '到2022年' } });
  });
  it('later year: a summary clause naming a year beyond the summary (到2025年)', () => {
    const t = '2020年工作总结\n全区到2025年新增学位2万个。\n';
    expect(reason(t, '2万')).toMatchObject({ rule: 'later year', marker: '到2025年' });
  });
  it('table column: the value column header decides and dates', () => {
    const t = '2025年主要指标\n指标\n基准值\n目标值\n学前教育毛入园率(%)\n95\n98\n';
    expect(reason(t, '95')).toEqual({ rule: 'table column', marker: '基准值', deadlineFrom: null });
    expect(reason(t, '98')).toMatchObject({ rule: 'table column', marker: '目标值' });
  });
  it('title: a plan without headings is dated by its title', () => {
    expect(reason('某区教育局关于印发2021年工作要点的通知\n新增学位3000个。\n', '3000')).toEqual({
      rule: 'plan section', marker: null, deadlineFrom: { source: 'title', text: '2021年' },
    });
  });
});

describe('commitment reasons', () => {
  const PLAN = '2021年工作要点\n';
  it('the signal and its word, with the deadline source', () => {
    expect(reason(`${PLAN}确保校园安全事故零发生。`, '确保')).toEqual({ rule: 'modal', marker: '确保', deadlineFrom: { source: 'section', text: '2021年工作要点' } });
    expect(reason(`${PLAN}建成区实验中学新校区。`, '建成')).toMatchObject({ rule: 'delivery', marker: '建成' });
    expect(reason(`${PLAN}修订《中小学管理办法》。`, '修订')).toMatchObject({ rule: 'document', marker: '修订' });
    expect(reason(`${PLAN}成立区教育发展研究中心。`, '成立')).toMatchObject({ rule: 'body', marker: '成立' });
    expect(reason(`${PLAN}实行校内课后服务全覆盖。`, '全覆盖')).toMatchObject({ rule: 'coverage', marker: '全覆盖' });
    expect(reason(`${PLAN}争创国家义务教育优质均衡发展区。`, '争创')).toMatchObject({ rule: 'title', marker: '争创' });
    expect(reason(`${PLAN}居民收入增长和经济增长同步。`, '同步')).toMatchObject({ rule: 'level', marker: '同步' });
  });
  it('a time bound in the clause: its year dates it (clause 2022年底前)', () => {
    const t = '区教育局工作要点\n2022年底前建成区青少年活动中心。\n';
    expect(reason(t, '活动中心')).toMatchObject({ rule: 'time bound', deadlineFrom: { source: 'clause', text: '2022年底前' } });
  });
});

describe('the reason line (tooltip and --explain)', () => {
  const t = '2020年工作要点\n确保年底前建成区实验学校。\n新增学位3000个，到2025年入园率达95%。\n';
  it('kind, rule with its word, heading, and where the deadline came from — in zh and en', () => {
    const c = at(t, '实验学校');
    expect(reasonLine(c, 'zh')).toBe('承诺：强承诺词「确保」 · 2020年工作要点 · 期限：部分');
    expect(reasonLine(c, 'en')).toBe('Commitment: strong modal “确保” · 2020年工作要点 · deadline: section');
    expect(reasonLine(at(t, '95%'), 'zh')).toBe('目标：计划部分 · 2020年工作要点 · 期限：条款「到2025年」');
  });
  it('an item saved before reasons were recorded parses with reason null and has no line', () => {
    const { reason: _r, ...old } = at(t, '3000');
    const parsed = ItemSchema.parse(old);
    expect(parsed.reason).toBeNull();
    expect(reasonLine(parsed, 'en')).toBeNull();
  });
  it('every item of a report carries a reason that the schema accepts', () => {
    for (const it of extract(t)) expect(ItemSchema.parse(it).reason).not.toBeNull();
  });
});
