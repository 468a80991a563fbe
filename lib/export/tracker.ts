import type { LinkedFigure } from '../schema/track';
import type { TrackerDoc, TrackerRow } from '../schema/tracker';
import { guardCell, quoteCell } from './csv';
import { escapeMarkdown } from './markdown';
import { clauseFragmentUrl } from './textFragment';
import { safeHref } from '../util/url';
import { basisFigure, docIndex } from '../tracker/view';
import type { ExportFile } from './index';

/**
 * The promise tracker's exports: one row per target, with the figure its status rests on (or the latest linked
 * one), each with its quote (the sentence) and a deep link to it on its page. Same guards as the notes' exports:
 * CSV with a BOM and the formula-injection guard, Markdown with page text escaped.
 */

export const TRACKER_CSV_COLUMNS = [
  'status', 'why', 'metric', 'target', 'target_value', 'target_value_max', 'target_unit', 'comparator', 'deadline', 'strength',
  'target_quote', 'target_link', 'target_report', 'figure', 'figure_value', 'figure_unit', 'figure_period', 'figure_source',
  'figure_quote', 'figure_link', 'figure_report', 'figures_linked',
] as const;

/** A deep link to the item's clause on its page (the page URL with a text fragment), '' for a doc with no web URL. */
export function deepLink(url: string | null | undefined, sentence: string, text: string): string {
  if (!url || !safeHref(url)) return '';
  return clauseFragmentUrl(url, sentence, { exact: text });
}

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return quoteCell(String(v));
  return quoteCell(guardCell(v));
}

function urlOf(docs: Map<string, TrackerDoc>, doc: string): string | null {
  return docs.get(doc)?.url ?? (safeHref(doc) ? doc : null);
}

export function trackerCsv(rows: readonly TrackerRow[], docs: readonly TrackerDoc[]): string {
  const byDoc = docIndex(docs);
  const lines = [TRACKER_CSV_COLUMNS.join(',')];
  for (const r of rows) {
    const t = r.target;
    const f = basisFigure(r);
    const values: Array<string | number | null> = [
      r.status, r.why, t.metric, t.text, t.value, t.valueMax, t.unit, t.comparator, t.deadline === null ? null : String(t.deadline), t.strength,
      t.sentence, deepLink(urlOf(byDoc, t.doc), t.sentence, t.text), byDoc.get(t.doc)?.title ?? t.doc,
      f?.text ?? null, f?.value ?? null, f?.unit ?? null, f?.period ?? null, f?.source ?? null,
      f?.sentence ?? null, f ? deepLink(urlOf(byDoc, f.doc), f.sentence, f.text) : null, f ? byDoc.get(f.doc)?.title ?? f.doc : null,
      r.figures.length,
    ];
    const cells = values.map(cell);
    // A comparator is one of five schema-checked symbols, never a formula (a guard's apostrophe would misread).
    cells[TRACKER_CSV_COLUMNS.indexOf('comparator')] = t.comparator ?? '';
    lines.push(cells.join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const STATUS_LABEL: Record<TrackerRow['status'], string> = {
  met: 'met 已达成',
  exceeded: 'exceeded 超额达成',
  missed: 'missed 未达成',
  partly: 'partly 部分进展',
  'no-figure': 'no figure 无数字',
  pending: 'pending 未到期',
  overdue: 'overdue 已逾期',
};

function mdLink(label: string, href: string): string {
  return href ? `[${escapeMarkdown(label)}](<${href.replace(/[<>\s]/g, encodeURIComponent)}>)` : escapeMarkdown(label);
}

function figureLines(f: LinkedFigure, byDoc: Map<string, TrackerDoc>): string[] {
  const report = byDoc.get(f.doc)?.title ?? f.doc;
  return [
    `- Figure 数字: ${escapeMarkdown(f.text)}${f.period ? ` (${escapeMarkdown(f.period)})` : ''} — ${f.source}`,
    `  > ${escapeMarkdown(f.sentence)}`,
    `  ${mdLink(report, deepLink(urlOf(byDoc, f.doc), f.sentence, f.text))}`,
  ];
}

export function trackerMarkdown(rows: readonly TrackerRow[], docs: readonly TrackerDoc[], today: string): string {
  const byDoc = docIndex(docs);
  const out = [`# Pledgemark — promise tracker (${today})`, ''];
  for (const r of rows) {
    const t = r.target;
    out.push(`## ${escapeMarkdown(t.metric ?? t.text)} — ${STATUS_LABEL[r.status]}`, '');
    out.push(`- Target 目标: ${escapeMarkdown(t.text)}${t.deadline !== null ? ` (${escapeMarkdown(String(t.deadline))})` : ''}${t.strength ? ` · ${t.strength}` : ''}`);
    out.push(`  > ${escapeMarkdown(t.sentence)}`);
    out.push(`  ${mdLink(byDoc.get(t.doc)?.title ?? t.doc, deepLink(urlOf(byDoc, t.doc), t.sentence, t.text))}`);
    const f = basisFigure(r);
    if (f) out.push(...figureLines(f, byDoc));
    out.push(`- Why 依据: ${escapeMarkdown(r.why)}`, '');
  }
  return `${out.join('\n')}\n`;
}

export function buildTrackerExport(format: 'csv' | 'markdown', rows: readonly TrackerRow[], docs: readonly TrackerDoc[], today: string): ExportFile {
  return format === 'csv'
    ? { filename: `pledgemark-tracker-${today}.csv`, mime: 'text/csv;charset=utf-8', content: trackerCsv(rows, docs) }
    : { filename: `pledgemark-tracker-${today}.md`, mime: 'text/markdown;charset=utf-8', content: trackerMarkdown(rows, docs, today) };
}
