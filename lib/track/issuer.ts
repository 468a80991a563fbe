/**
 * Whose report it is: the place a report's title names (番禺区, 广州市, 广东省). A district's figure does not
 * measure its city's target even with the same words, so two reports of different places never link. A title
 * naming no place leaves the question open.
 */
import { foldWidth } from './normalize';

const LEVELS: Record<string, number> = { 乡: 5, 镇: 5, 区: 4, 县: 4, 旗: 4, 州: 3, 市: 3, 盟: 3, 省: 2 };
/** Two characters before a level word that are not a place name (全市, 城区, 社区, 校区). */
const NOT_A_PLACE = /[全我本各该城地社园校片辖景小市区县省年月日上下中内外新老港澳台多个育教政府关于发的和与及]/u;

/** The most local place named in a title (番禺区 over 广州市), or null. */
export function issuerOf(title: string): string | null {
  const s = foldWidth(title);
  let best: { name: string; level: number } | null = null;
  for (let i = 2; i < s.length; i++) {
    const level = LEVELS[s[i]];
    if (!level) continue;
    const name = s.slice(i - 2, i);
    if (!/^[\u4e00-\u9fff]{2}$/u.test(name) || NOT_A_PLACE.test(name)) continue;
    if (!best || level > best.level) best = { name: name + s[i], level };
  }
  return best?.name ?? null;
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
 * Whether figures of one report can measure targets of another: only when both issuers are known and the same.
 * A report whose issuer cannot be told links only within itself (unsure means no link).
 */
export function sameIssuer(a: string | null, b: string | null): boolean {
  return a !== null && a === b;
}
