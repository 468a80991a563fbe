/**
 * Whose report it is: the place a report's title names (番禺区, 广州市, 广东省). A district's figure does not
 * measure its city's target even with the same words, so two reports of different places never link. A title
 * naming no place leaves the question open.
 */
import { foldWidth } from './normalize';

const LEVELS: Record<string, number> = { 乡: 5, 镇: 5, 区: 4, 县: 4, 旗: 4, 州: 3, 市: 3, 盟: 3, 省: 2 };
/** Two characters before a level word that are not a place name (全市, 城区, 社区, 校区). */
const NOT_A_PLACE = /[全我本各该城地社园校片辖景小市区县省年月日上下中内外新老港澳台多个育教政府关于发的和与及局在委会部厅处科办院为是对从向到由把被将等了着过以或并也都还就第进入出来去今明每该此其]/u;

/** Words ending like a place that name a kind of area, not whose report it is. */
const NOT_AN_ISSUER = new Set(['大湾区', '示范区', '开发区', '试验区', '实验区', '先行区', '功能区', '保护区', '自贸区', '高新区', '经济区', '城市群', '都市圈', '发展区', '产业区', '服务区', '集聚区', '合作区', '创新区', '核心区', '中心区', '老城区', '生态区', '工业区', '风景区', '旅游区', '口岸区', '监管区', '特区', '全省', '全市', '封控区', '管控区', '防范区', '分管区', '响应区', '社区', '校区', '辖区', '城区', '片区']);

/** The place names in a text (two characters and a level word: 番禺区, 广州市), with their level, in order. */
function placesIn(text: string): { name: string; level: number }[] {
  const s = foldWidth(text);
  const out: { name: string; level: number }[] = [];
  for (let i = 2; i < s.length; i++) {
    const level = LEVELS[s[i]];
    if (!level) continue;
    const name = s.slice(i - 2, i);
    if (!/^[\u4e00-\u9fff]{2}$/u.test(name) || NOT_A_PLACE.test(name) || NOT_AN_ISSUER.has(name + s[i])) continue;
    out.push({ name: name + s[i], level });
  }
  return out;
}

/** The most local place named in a title (番禺区 over 广州市), or null. */
export function issuerOf(title: string): string | null {
  let best: { name: string; level: number } | null = null;
  for (const p of placesIn(title)) if (!best || p.level > best.level) best = p;
  return best?.name ?? null;
}

/**
 * The place a report's opening names most often (a title line that names none: 政府工作报告 … 广东省省长), the more
 * local on a tie; null when it names none.
 */
export function issuerInText(opening: string, minCount = 1): string | null {
  const counts = new Map<string, { n: number; level: number; first: number }>();
  placesIn(opening).forEach((p, i) => {
    const c = counts.get(p.name);
    if (c) c.n++;
    else counts.set(p.name, { n: 1, level: p.level, first: i });
  });
  let best: [string, { n: number; level: number; first: number }] | null = null;
  for (const e of counts) {
    const [, c] = e;
    if (c.n < minCount) continue;
    if (!best || c.n > best[1].n || (c.n === best[1].n && (c.level > best[1].level || (c.level === best[1].level && c.first < best[1].first)))) best = e;
  }
  return best?.[0] ?? null;
}

/** A web page's site (panyu.gov.cn for www.panyu.gov.cn): one site is one issuer. */
export function siteOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname.toLowerCase().replace(/^www\./u, '');
    return host || null;
  } catch {
    return null;
  }
}

/** A report's issuer: as given, else the place its title names, else its site. */
export function issuerOfDoc(doc: { title: string; url: string | null; issuer?: string | null }): string | null {
  return doc.issuer ?? issuerOf(doc.title) ?? siteOf(doc.url);
}

/**
 * Whether figures of one report can measure targets of another: `same` when both issuers are known and equal,
 * `different` when both are known and differ (never linked), `unknown` otherwise (linked only on the same words).
 */
export function sameIssuer(a: string | null, b: string | null): 'same' | 'different' | 'unknown' {
  if (a === null || b === null) return 'unknown';
  return a === b ? 'same' : 'different';
}
