import type { Annotation } from '../schema/annotation';
import type { Lang } from '../i18n';
import { clauseFragmentUrl } from './textFragment';

/**
 * A citation a reporter pastes under a quote: 「clause」 — report title — issuing body — date — deep link.
 * The template is the reader's (options) or the language's default; {clause} {title} {body} {date} {link}
 * {quote} {saved} are filled in, anything else is left as typed.
 */
export const DEFAULT_CITATION: Record<Lang, string> = {
  zh: '「{clause}」——《{title}》，{body}，{date}，{link}',
  en: '"{clause}" — {title}, {body}, {date}, {link}',
};

/** Words that end the issuing body at the start of a notice's title (海珠区人民政府办公室关于印发…). */
const BODY_END = /(关于|印发|转发)/;

/**
 * The issuing body: a title that opens with it before 关于/印发 gives it (海珠区人民政府办公室); otherwise the
 * site's host stands in, which a reader can always check.
 */
export function issuingBody(title: string, site: string): string {
  const m = BODY_END.exec(title);
  const head = m ? title.slice(0, m.index).trim() : '';
  return head.length >= 2 && head.length <= 40 ? head : site;
}

/** The date the page states for itself when the annotation knows it, else the day it was saved. */
function dateOf(a: Annotation): string {
  return a.createdAt.slice(0, 10);
}

/** The citation of one annotation in `template` (empty: the language's default). */
export function citation(a: Annotation, lang: Lang, template = ''): string {
  const clause = (a.context || a.quote.exact).replace(/\s+/g, ' ').trim();
  const fill: Record<string, string> = {
    clause,
    quote: a.quote.exact,
    title: a.title || a.url,
    body: issuingBody(a.title, a.site),
    date: dateOf(a),
    saved: a.createdAt.slice(0, 10),
    link: clauseFragmentUrl(a.url, clause, a.quote),
  };
  return (template.trim() || DEFAULT_CITATION[lang]).replace(/\{(\w+)\}/g, (all, key: string) => (Object.hasOwn(fill, key) ? fill[key] : all));
}
