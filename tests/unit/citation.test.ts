import { describe, expect, it } from 'vitest';
import { citation, issuingBody } from '../../lib/export/citation';
import { clauseFragmentUrl } from '../../lib/export/textFragment';
import { annotation } from './store.fixtures';

const a = annotation(0, {
  url: 'https://www.haizhu.gov.cn/zwgk/2021/plan.html',
  title: '海珠区人民政府办公室关于印发广州市海珠区教育事业发展“十四五”规划的通知',
  site: 'www.haizhu.gov.cn',
  quote: { type: 'TextQuoteSelector', exact: '5370个', prefix: '新增公办学位', suffix: '。' },
  context: '到2025年，新增公办学位5370个。',
  createdAt: '2026-12-06T08:00:00.000Z',
});

describe('citation', () => {
  it('fills the default template: clause, title, issuing body, date and a deep link to the clause', () => {
    const link = 'https://www.haizhu.gov.cn/zwgk/2021/plan.html#:~:text=%E5%88%B02025%E5%B9%B4%EF%BC%8C%E6%96%B0%E5%A2%9E%E5%85%AC%E5%8A%9E%E5%AD%A6%E4%BD%8D5370%E4%B8%AA%E3%80%82';
    expect(citation(a, 'zh')).toBe(`「到2025年，新增公办学位5370个。」——《${a.title}》，海珠区人民政府办公室，2026-12-06，${link}`);
    expect(citation(a, 'en')).toBe(`"到2025年，新增公办学位5370个。" — ${a.title}, 海珠区人民政府办公室, 2026-12-06, ${link}`);
  });
  it('follows the reader\'s template and leaves unknown fill-ins as typed', () => {
    expect(citation(a, 'zh', '{body}：{quote}（{nope}）')).toBe('海珠区人民政府办公室：5370个（{nope}）');
    expect(citation(a, 'zh', '{constructor}{toString}')).toBe('{constructor}{toString}');
  });
  it('names the site when the title does not open with the body', () => {
    expect(issuingBody('2020年工作要点', 'www.longwan.gov.cn')).toBe('www.longwan.gov.cn');
    expect(issuingBody('龙湾区教育局关于2020年工作要点的通知', 'x')).toBe('龙湾区教育局');
  });
  it('links a long clause by its first and last words, and falls back to the quote when the clause lacks it', () => {
    const long = '到2025年，全区新增公办中小学学位5370个，公办幼儿园在园幼儿占比达到50%以上，普惠性幼儿园覆盖率达到80%以上。';
    expect(clauseFragmentUrl('https://x.gov.cn/a', long, { exact: '5370个' })).toBe(
      `https://x.gov.cn/a#:~:text=${encodeURIComponent(long.slice(0, 12)).replace(/-/g, '%2D')},${encodeURIComponent(long.slice(-12)).replace(/-/g, '%2D')}`,
    );
    expect(clauseFragmentUrl('https://x.gov.cn/a', '别的句子', { exact: '5370个' })).toBe('https://x.gov.cn/a#:~:text=5370%E4%B8%AA');
  });
});
