/**
 * `pledgemark links`: the promise tracker over files. Each FILE is a report; every target of every report is
 * listed with the figures (of any report) linked to it and its status. Formats: json (for programs), table, csv
 * (UTF-8 with BOM, one row per target and linked figure), md.
 */
import type { Item } from '../lib/schema/item';
import type { TargetLink, TrackDoc } from '../lib/schema/track';
import { issuerInText, issuerOf } from '../lib/track/issuer';
import { alignedTable, csvField, formatNumber, mdText, type Column, type Format, type Style, PLAIN } from './format';
import { oneLine } from './width';

export interface LinkInput {
  file: string;
  title: string;
  text: string;
  items: Item[];
}

/**
 * Whose report a file is when its title names no place: the place its first lines name, else a place the text
 * names again and again (a name met once may be any place's).
 */
const OPENING = 300;
const BODY = 200_000;
const BODY_MIN_MENTIONS = 3;

/** A file as the linker takes it: keyed by its path as given; whose report it is from its title or opening. */
export function trackDocOf(r: LinkInput): TrackDoc {
  return { doc: r.file, title: r.title, url: null, date: null, items: r.items, text: r.text, issuer: issuerOf(r.title) ?? issuerInText(r.text.slice(0, OPENING)) ?? issuerInText(r.text.slice(0, BODY), BODY_MIN_MENTIONS) };
}

/** `json`: {"links":[{doc, target, figures, status, …}]}, one entry per target. */
export function formatLinksJson(links: readonly TargetLink[]): string {
  return JSON.stringify({
    links: links.map((l) => ({ doc: l.target.doc, target: l.target, figures: l.figures, status: l.status, basis: l.basis, why: l.why })),
  }) + '\n';
}

const num = (v: number | null) => (v === null ? '' : formatNumber(v));
const targetValue = (t: TargetLink['target']) =>
  `${t.comparator && t.comparator !== '=' ? t.comparator.replace('>=', '≥').replace('<=', '≤') : ''}${num(t.value)}${t.valueMax !== null ? `–${num(t.valueMax)}` : ''}${t.unit ?? ''}`;
const figureValue = (f: TargetLink['figures'][number]) => (f.value === null ? '(no figure)' : `${num(f.value)}${f.unit ?? ''}`);
const basisOf = (l: TargetLink) => (l.basis === null ? null : l.figures[l.basis]);

const TABLE_COLUMNS: Column[] = [
  { header: 'status' },
  { header: 'metric', max: 28 },
  { header: 'target', right: true, max: 18 },
  { header: 'deadline', max: 10 },
  { header: 'figures', right: true },
  { header: 'evidence', max: 48 },
];

/** `table`: per report, one row per target: status, metric, target, deadline, how many figures, the deciding one. */
export function formatLinksTable(links: readonly TargetLink[], style: Style = PLAIN): string {
  const out: string[] = [];
  const docs = [...new Set(links.map((l) => l.target.doc))];
  for (const doc of docs) {
    const rows = links.filter((l) => l.target.doc === doc);
    if (out.length) out.push('');
    out.push(style.bold(`${doc} — ${rows.length} target${rows.length === 1 ? '' : 's'}, ${rows.filter((l) => l.figures.length).length} with linked figures`));
    out.push(
      ...alignedTable(
        TABLE_COLUMNS,
        rows.map((l) => {
          const b = basisOf(l) ?? l.figures[l.figures.length - 1];
          const evidence = b ? `${b.period ?? '?'} ${figureValue(b)}${b.doc === doc ? '' : ` (${b.doc})`}` : '';
          return [l.status, l.target.metric ?? '', targetValue(l.target), String(l.target.deadline ?? ''), String(l.figures.length), evidence];
        }),
        '  ',
        style,
      ),
    );
  }
  return out.join('\n') + '\n';
}

export const LINK_CSV_COLUMNS = [
  'target_doc', 'target_start', 'target_end', 'target_text', 'metric', 'value', 'valueMax', 'unit', 'comparator', 'deadline',
  'status', 'why', 'figure_doc', 'figure_start', 'figure_end', 'figure_text', 'figure_value', 'figure_unit', 'figure_period',
  'score', 'source', 'basis', 'target_sentence', 'figure_sentence',
] as const;

/** `csv`: BOM, a header, one row per target and linked figure (a target without figures has one row), CRLF. */
export function formatLinksCsv(links: readonly TargetLink[]): string {
  const rows: string[] = [LINK_CSV_COLUMNS.join(',')];
  for (const l of links) {
    const t = l.target;
    const head = [
      csvField(t.doc), csvField(t.start, false), csvField(t.end, false), csvField(t.text), csvField(t.metric),
      csvField(num(t.value), false), csvField(num(t.valueMax), false), csvField(t.unit), csvField(t.comparator),
      csvField(t.deadline, typeof t.deadline !== 'number'), csvField(l.status), csvField(l.why),
    ];
    const figures = l.figures.length ? l.figures : [null];
    figures.forEach((f, i) => {
      rows.push(
        [
          ...head,
          csvField(f?.doc), csvField(f?.start, false), csvField(f?.end, false), csvField(f?.text), csvField(f ? num(f.value) : null, false),
          csvField(f?.unit), csvField(f?.period), csvField(f ? String(f.score) : null, false), csvField(f?.source),
          csvField(f ? (l.basis === i ? 'yes' : '') : null), csvField(t.sentence), csvField(f?.sentence),
        ].join(','),
      );
    });
  }
  return '\uFEFF' + rows.join('\r\n') + '\r\n';
}

/** `md`: per report a heading; per target its status, quote, and the linked figures with their quotes. */
export function formatLinksMarkdown(links: readonly TargetLink[]): string {
  const out: string[] = [];
  const docs = [...new Set(links.map((l) => l.target.doc))];
  for (const doc of docs) {
    if (out.length) out.push('');
    out.push(`# ${mdText(doc)}`, '');
    for (const l of links.filter((x) => x.target.doc === doc)) {
      const t = l.target;
      out.push(`- **${l.status}** — ${mdText(t.metric ?? '')} ${mdText(targetValue(t))}${t.deadline !== null ? ` by ${mdText(String(t.deadline))}` : ''}: ${mdText(l.why)}`);
      out.push(`  - target (offset ${t.start}): ${mdText(t.sentence)}`);
      l.figures.forEach((f, i) => {
        out.push(`  - ${l.basis === i ? '**basis** ' : ''}${mdText(f.period ?? '?')} ${mdText(figureValue(f))} in ${mdText(f.doc)} (offset ${f.start}, score ${f.score}): ${mdText(oneLine(f.sentence))}`);
      });
    }
  }
  return out.join('\n') + '\n';
}

export function formatLinks(links: readonly TargetLink[], format: Format, style: Style = PLAIN): string {
  switch (format) {
    case 'json': return formatLinksJson(links);
    case 'csv': return formatLinksCsv(links);
    case 'md': return formatLinksMarkdown(links);
    case 'table': return formatLinksTable(links, style);
  }
}
