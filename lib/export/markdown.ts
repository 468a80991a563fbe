import type { Annotation } from '../schema/annotation';
import type { ChangeEntry, PageChanges } from '../schema/changes';
import { clauseFragmentUrl } from './textFragment';
import { safeHref } from '../util/url';
import { formatFigure } from '../util/figure';

/**
 * Markdown notes: one section per page (title, source URL, date), then each quote with its
 * parsed fields, the reader's note and tags, and a deep link (text fragment) to the quote.
 * Page text is escaped so it cannot turn into links, HTML or headings in a Markdown viewer.
 */

/**
 * Escapes Markdown/HTML syntax in inline text and folds line breaks to spaces. Every user string (note, tag,
 * title, quote) goes through it: a line break would start a heading or a raw HTML block, a backtick a code span
 * that swallows the escapes after it, `&` an entity. The line breaks folded are all the ones some viewer honours
 * (CR, LF, and the Unicode line/paragraph separators, NEL, VT, FF).
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/\r\n?|[\n\v\f\u0085\u2028\u2029]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/([\\`*_\[\]|~])/g, '\\$1')
    .replace(/</g, '&lt;')
    .replace(/^(\s*)([#+\->!=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/**
 * Where the quote stands in its saved clause (the occurrence whose text before it ends like the quote's saved
 * prefix, else the first), or -1 when the clause does not hold it.
 */
export function quoteInClause(a: Pick<Annotation, 'context' | 'quote'>): number {
  const { exact, prefix } = a.quote;
  if (!a.context || a.context === exact) return -1;
  const tail = prefix.slice(-4);
  let first = -1;
  for (let i = a.context.indexOf(exact); i >= 0; i = a.context.indexOf(exact, i + 1)) {
    if (first < 0) first = i;
    if (tail && a.context.slice(0, i).endsWith(tail)) return i;
  }
  return first;
}

const KIND_LABEL: Record<Annotation['kind'], string> = {
  target: 'Target 目标',
  reported: 'Reported 已报告',
  commitment: 'Commitment 承诺',
  selection: 'Selection 摘录',
};

function fieldLines(a: Annotation): string[] {
  const f = a.fields;
  const out: string[] = [];
  // The quote above shows the figure as written; this line gives the reading of it, hedge and comparator included.
  const figure = formatFigure(f);
  if (figure !== null) {
    out.push(`value: ${figure}`);
  } else if (f.unit) out.push(`unit: ${f.unit}`);
  if (f.metric) out.push(`metric: ${f.metric}`);
  if (f.deadline !== null) out.push(`deadline: ${f.deadline}`);
  if (f.strength) out.push(`strength: ${f.strength}`);
  return out;
}

/**
 * <https://…> autolink form, with the characters that would end it percent-encoded. Only http(s) becomes a link: a
 * record saved before URLs were checked may hold javascript: or data:, which is shown as escaped text instead.
 */
function linkTarget(url: string): string {
  const href = safeHref(url);
  if (href === undefined) return escapeMarkdown(url);
  return `<${href.replace(/[<>\s]/g, (c) => encodeURIComponent(c))}>`;
}

const CHANGE_LABEL: Record<ChangeEntry['change'], string> = { added: 'Added 新增', removed: 'Removed 删除', altered: 'Altered 修改' };

function showValue(v: string | number | null): string {
  return v === null ? '—' : String(v);
}

/** "Changes since first saved": each entry with its field changes (old → new) and both versions' quotes. */
export function changeLines(c: PageChanges): string[] {
  const out = [`#### Changes since first saved 保存后的改动`, ''];
  out.push(`Version ${c.fromVersion} (${(c.capturedFrom ?? '').slice(0, 10)}) → version ${c.toVersion} (${(c.capturedTo ?? '').slice(0, 10)})`, '');
  if (!c.entries.length) {
    out.push('The text changed; none of its targets or reported figures did.', '');
    return out;
  }
  for (const e of c.entries) {
    const kind = KIND_LABEL[e.kind];
    out.push(`- **${CHANGE_LABEL[e.change]}** · ${kind}${e.metric ? ` · ${escapeMarkdown(e.metric)}` : ''}`);
    for (const f of e.fields) out.push(`  - ${f.field}: ${escapeMarkdown(showValue(f.old))} → ${escapeMarkdown(showValue(f.new))}`);
    if (e.old) out.push(`  - Before: ${escapeMarkdown(e.old.text)} — ${escapeMarkdown(e.old.sentence)}`);
    if (e.new) out.push(`  - Now: ${escapeMarkdown(e.new.text)} — ${escapeMarkdown(e.new.sentence)}`);
  }
  out.push('');
  return out;
}

export function toMarkdown(annotations: readonly Annotation[], exportedAt: Date = new Date(), changes: readonly PageChanges[] = []): string {
  const changesOf = new Map(changes.map((c) => [c.url, c]));
  const pages = new Map<string, Annotation[]>();
  for (const a of annotations) {
    const list = pages.get(a.url);
    if (list) list.push(a);
    else pages.set(a.url, [a]);
  }
  const out: string[] = ['# Pledgemark notes', '', `Exported ${exportedAt.toISOString().slice(0, 10)} · ${annotations.length} annotation(s)`, ''];
  for (const [url, list] of pages) {
    list.sort((x, y) => x.position.start - y.position.start);
    const first = list.reduce((m, a) => (a.createdAt < m ? a.createdAt : m), list[0].createdAt);
    out.push(`## ${escapeMarkdown(list[0].title || url)}`, '');
    out.push(`- Source: ${linkTarget(url)}`);
    out.push(`- Site: ${escapeMarkdown(list[0].site)}`);
    out.push(`- Saved: ${first.slice(0, 10)}`, '');
    list.forEach((a, i) => {
      out.push(`### ${i + 1}. ${KIND_LABEL[a.kind]}`, '');
      const at = quoteInClause(a);
      if (at < 0) {
        out.push(`> ${escapeMarkdown(a.quote.exact)}`, '');
        if (a.context && a.context !== a.quote.exact) out.push(`Context: ${escapeMarkdown(a.context)}`, '');
      } else {
        // The clause is what a reader quotes; the saved figure is marked in it.
        const end = at + a.quote.exact.length;
        out.push(`> ${escapeMarkdown(a.context.slice(0, at))}**${escapeMarkdown(a.quote.exact)}**${escapeMarkdown(a.context.slice(end))}`, '');
      }
      for (const line of fieldLines(a)) out.push(`- ${escapeMarkdown(line)}`);
      if (a.note) out.push(`- Note: ${escapeMarkdown(a.note)}`);
      if (a.tags.length) out.push(`- Tags: ${a.tags.map(escapeMarkdown).join(' · ')}`);
      out.push(`- Link: ${linkTarget(clauseFragmentUrl(url, a.context, a.quote))}`, '');
    });
    const c = changesOf.get(url);
    if (c && c.toVersion !== null && c.fromVersion !== null) out.push(...changeLines(c));
  }
  return out.join('\n');
}
