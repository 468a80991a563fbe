// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { detectReport, DETECT_THRESHOLDS } from '../../lib/article/detect';
import { articleText } from '../../lib/article/text';
import { articleFromHtml } from '../../lib/article/html';
import { offsetsToRange } from '../../lib/anchor/dom';
import { extract } from '../../lib/extract';
import { SEED_PAGES, seedPage, listPage, searchPage, portalPage } from '../fixtures/pages/build';

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

function body(html: string): Document {
  return parse(`<!DOCTYPE html><html><head><title>t</title></head><body>${html}</body></html>`);
}

const noWs = (s: string) => s.replace(/\s+/g, '');

describe('detectReport on the bureau page templates', () => {
  for (const spec of SEED_PAGES) {
    it(`${spec.name} (${spec.template}) is a report with the article container`, () => {
      const doc = parse(seedPage(spec));
      const det = detectReport(doc);
      expect(det.isReport, det.reason).toBe(true);
      const expected = spec.template === 'bureau-modern' ? doc.getElementById('zoom') : doc.querySelector('.zw');
      expect(det.container).toBe(expected);
      expect(det.title).toBe(spec.title);
      expect(det.reason).toMatch(/^report/);
    });
  }

  it('an index/list page (dated links, pagination) is not a report', () => {
    const det = detectReport(parse(listPage()));
    expect(det.isReport).toBe(false);
    expect(det.reason).toMatch(/not a report/);
  });

  it('a search results page with number-bearing snippets is not a report', () => {
    expect(detectReport(parse(searchPage())).isReport).toBe(false);
  });

  it('a page that is mostly navigation is not a report', () => {
    expect(detectReport(parse(portalPage())).isReport).toBe(false);
  });

  it('does not rely on class names: an unnamed div of prose beats a long sidebar', () => {
    const prose = Array.from({ length: 8 }, (_, i) => `<p>第${i + 1}条，全区新增公办学位五千三百七十个，学前教育毛入园率达到百分之九十五以上，持续推进教育优质均衡发展。</p>`).join('');
    const side = Array.from({ length: 40 }, (_, i) => `<li><a href="/x${i}">关于做好第${i}批教育工作的相关通知公告</a></li>`).join('');
    const doc = body(`<h1>某区教育局2020年工作要点</h1><div class="left"><ul>${side}</ul></div><div><div id="x1">${prose}</div></div>`);
    const det = detectReport(doc);
    expect(det.isReport, det.reason).toBe(true);
    expect(det.container).toBe(doc.getElementById('x1'));
  });

  it('punishes boilerplate by tag, role and class words even when they hold prose', () => {
    const prose = (n: number) => Array.from({ length: n }, () => '<p>全区新增公办学位五千三百七十个，学前教育毛入园率达到百分之九十五以上。</p>').join('');
    const doc = body(`<h1>某区教育局2020年工作要点</h1><footer>${prose(6)}</footer><div role="navigation">${prose(6)}</div><div class="breadcrumb">${prose(6)}</div><div id="main-text">${prose(4)}</div>`);
    const det = detectReport(doc);
    expect(det.container).toBe(doc.getElementById('main-text'));
  });

  it('finds the title when the <h1> is the site logo, and in the ArticleTitle meta', () => {
    const prose = Array.from({ length: 6 }, () => '<p>全区新增公办学位五千三百七十个，学前教育毛入园率达到百分之九十五以上。</p>').join('');
    const logo = new DOMParser().parseFromString(
      `<html><head><title>关于印发2020年工作要点的通知_某区教育局</title></head><body><h1 class="logo">某区教育局</h1><div class="main"><h2 class="art-title">关于印发2020年工作要点的通知</h2><div id="content">${prose}</div></div></body></html>`,
      'text/html',
    );
    expect(detectReport(logo).title).toBe('关于印发2020年工作要点的通知');
    const meta = new DOMParser().parseFromString(
      `<html><head><meta name="ArticleTitle" content="某区教育局2021年工作总结"><title>x</title></head><body><h1>某区人民政府门户网站</h1><div id="content">${prose}</div></body></html>`,
      'text/html',
    );
    expect(detectReport(meta).title).toBe('某区教育局2021年工作总结');
  });

  it('reads old-style pages: text with <br> in a table cell, no <p>', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `${i + 1}、全区新增公办学位五千三百七十个，学前教育毛入园率达到百分之九十五以上。`).join('<br>\n');
    const doc = body(`<table><tr><td class="nav"><a href="/">首页</a> <a href="/a">通知公告</a></td></tr><tr><td><div class="bt">某区教育局2020年工作要点</div></td></tr><tr><td id="text">${lines}</td></tr></table>`);
    const det = detectReport(doc);
    expect(det.isReport, det.reason).toBe(true);
    expect(det.container).toBe(doc.getElementById('text'));
    expect(articleText(det.container!).text.split('\n')).toHaveLength(10);
  });

  it('short pages are not reports (threshold table)', () => {
    const doc = body('<h1>某区教育局通知</h1><div><p>今天天气很好，我们去学校。</p><p>明天继续上课。</p></div>');
    const det = detectReport(doc);
    expect(det.isReport).toBe(false);
    expect(DETECT_THRESHOLDS.minCjk).toBeGreaterThan(30);
  });

  it('an empty document is not a report and does not throw', () => {
    const det = detectReport(body(''));
    expect(det.isReport).toBe(false);
    expect(det.container).toBeNull();
  });
});

describe('articleText', () => {
  it('breaks lines between blocks, at <br>, and puts every table cell on its own line', () => {
    const doc = body(
      '<div id="c"><h2>一、目标</h2><p>新增学位<b>5370</b>个，<span>达到</span>95%。</p>  \n  <div>第二段<br>换行</div>' +
        '<table><tr><th>指标</th><th>2025年</th></tr><tr><td>毛入园率(%)</td><td>&gt;95</td></tr></table><ul><li>甲</li><li>乙</li></ul></div>',
    );
    const { text } = articleText(doc.getElementById('c')!);
    expect(text).toBe('一、目标\n新增学位5370个，达到95%。\n第二段\n换行\n指标\n2025年\n毛入园率(%)\n>95\n甲\n乙');
  });

  it('collapses HTML whitespace, keeps NBSP and ideographic spaces, trims line ends', () => {
    const doc = body('<div id="c"><p>  到  2025\n 年，\u00a0\u00a0 学位 </p><p>\u3000\u3000第二</p></div>');
    const { text } = articleText(doc.getElementById('c')!);
    expect(text).toBe('到 2025 年，\u00a0\u00a0 学位\n\u3000\u3000第二');
  });

  it('skips script, style, noscript, template and hidden elements', () => {
    const doc = body(
      '<div id="c"><p>甲<script>var x = 1;</script><style>p{}</style><noscript>请启用</noscript><template><p>模板</p></template>' +
        '<span hidden>隐藏</span><span style="display: none">不见</span><span style="visibility:hidden">看不到</span>乙</p></div>',
    );
    expect(articleText(doc.getElementById('c')!).text).toBe('甲乙');
  });

  it('takes an isHidden callback (the browser passes a computed-style check)', () => {
    const doc = body('<div id="c"><p>甲<span class="hide">丙</span>乙</p></div>');
    const el = doc.getElementById('c')!;
    expect(articleText(el).text).toBe('甲丙乙');
    expect(articleText(el, { isHidden: (e) => e.classList.contains('hide') }).text).toBe('甲乙');
  });

  it('keeps preformatted text as it is', () => {
    const doc = body('<div id="c"><pre>a  b\nc</pre></div>');
    expect(articleText(doc.getElementById('c')!).text).toBe('a  b\nc');
  });

  it('maps every character back to its text node (segments agree with node data)', () => {
    const doc = parse(seedPage(SEED_PAGES[2]));
    const det = detectReport(doc);
    const art = articleText(det.container!);
    let covered = 0;
    let prevEnd = 0;
    for (const seg of art.map) {
      expect(seg.start).toBeGreaterThanOrEqual(prevEnd);
      // characters between segments are inserted breaks only
      expect(art.text.slice(prevEnd, seg.start)).toMatch(/^\n*$/);
      const t = art.text.slice(seg.start, seg.end);
      const d = seg.node.data.slice(seg.nodeStart, seg.nodeEnd);
      if (seg.nodeEnd - seg.nodeStart === seg.end - seg.start) expect(d).toBe(t);
      else {
        expect(t).toBe(' ');
        expect(d).toMatch(/^[ \t\n\r\f]+$/);
      }
      covered += seg.end - seg.start;
      prevEnd = seg.end;
    }
    expect(art.text.slice(prevEnd)).toMatch(/^\n*$/);
    expect(covered).toBeGreaterThan(art.text.length * 0.9);
  });

  it('the Haizhu indicator table comes out one cell a line, in seed order', () => {
    const spec = SEED_PAGES.find((s) => s.name.startsWith('haizhu'))!;
    const { text } = articleText(detectReport(parse(seedPage(spec))).container!);
    expect(text).toContain('类别\n指标名称\n属性\n2020年基准值\n2025年目标值\n一、学前教育\n1.*学前教育毛入园率(%)\n约束性\n118.7\n>100\n2.规范化幼儿园覆盖率(%)');
  });

  it('every extracted item maps back to a DOM range with the same text, on every seed page', () => {
    let total = 0;
    for (const spec of SEED_PAGES) {
      const doc = parse(seedPage(spec));
      const art = articleText(detectReport(doc).container!);
      const items = extract(art.text);
      for (const it of items) {
        expect(art.text.slice(it.start, it.end)).toBe(it.text);
        const range = offsetsToRange(art, it.start, it.end);
        expect(range, `${spec.name} ${it.start}-${it.end}`).not.toBeNull();
        expect(noWs(range!.toString())).toBe(noWs(it.text));
        total++;
      }
    }
    // The seeds are full of targets and figures: an empty result means the pipeline lost the text.
    expect(total).toBeGreaterThan(50);
  });

  it('offsetsToRange spans node boundaries (an item across <b> and text)', () => {
    const doc = body('<div id="c"><p>全区新增<b>公办学位</b>5370个。</p></div>');
    const art = articleText(doc.getElementById('c')!);
    const s = art.text.indexOf('公办');
    const e = art.text.indexOf('个') + 1;
    const r = offsetsToRange(art, s, e)!;
    expect(r.toString()).toBe('公办学位5370个');
    expect(r.startContainer).not.toBe(r.endContainer);
  });
});

describe('articleFromHtml (Node, linkedom) agrees with the browser path', () => {
  for (const spec of SEED_PAGES) {
    it(`${spec.name}: same title, text and decision as jsdom`, () => {
      const html = seedPage(spec);
      const node = articleFromHtml(html);
      const doc = parse(html);
      const det = detectReport(doc);
      expect(node.isReport).toBe(true);
      expect(node.title).toBe(det.title);
      expect(node.text).toBe(articleText(det.container!).text);
    });
  }

  it('list, search and portal pages are not reports', () => {
    for (const html of [listPage(), searchPage(), portalPage()]) expect(articleFromHtml(html).isReport).toBe(false);
  });

  it('rejects a non-string with a clear error', () => {
    expect(() => articleFromHtml(42 as unknown as string)).toThrow(/expected an HTML string/);
  });
});
