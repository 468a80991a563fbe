/**
 * A report page's publication date as its CMS writes it ("2020-04-10 17:53:36", "2020年4月10日", "2020/4/10"),
 * as YYYY-MM-DD; null when the text holds no plausible date. Pure: the content script passes the meta tag's content.
 */
export function readPubDate(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The meta tags gov.cn CMSs date an article with, most specific first. */
export const PUB_DATE_META = ['PubDate', 'pubdate', 'publishdate', 'PublishDate', 'firstpublishedtime', 'ArticlePublishDate', 'article:published_time'];
