import type { Item } from '../schema/item';
import { guardCell, quoteCell } from './csv';
import { escapeMarkdown } from './markdown';
import { COMPARATOR_SYMBOL } from '../util/figure';
import { reasonLine } from '../i18n/reason';

/**
 * A page's items as a table a reporter pastes into a spreadsheet: saved or not, one row per item in page
 * order. The value column is the figure as the report wrote it (9807万元); the CSV adds the normalised number
 * and unit beside it for sorting and sums.
 */

/** An item with the clause it stands in (the content script cuts it from the article text). */
export type TableItem = Item & { clause: string };

export const TABLE_COLUMNS = ['kind', 'clause', 'metric', 'value', 'comparator', 'deadline', 'strength', 'reason'] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];

const KIND_WORD: Record<Item['kind'], string> = { target: '目标 target', reported: '已报告 reported', commitment: '承诺 commitment' };

/** One cell per column, as text (empty for nothing). */
export function tableCells(it: TableItem): Record<TableColumn, string> {
  return {
    kind: KIND_WORD[it.kind],
    clause: it.clause.trim(),
    metric: it.metric ?? '',
    value: it.kind === 'commitment' ? '' : `${it.approximate && !/[约近余多左右]/.test(it.text) ? '≈' : ''}${it.text}`,
    comparator: it.comparator && it.comparator !== '=' ? COMPARATOR_SYMBOL[it.comparator] : '',
    deadline: it.deadline === null ? '' : String(it.deadline),
    strength: it.strength ?? '',
    reason: reasonLine(it) ?? '',
  };
}

/** Tab-separated with a header line, for the clipboard: a tab or line break inside a cell becomes a space. */
export function toTsv(items: readonly TableItem[]): string {
  const clean = (s: string) => s.replace(/[\t\r\n\u2028\u2029]+/g, ' ');
  const lines = [TABLE_COLUMNS.join('\t')];
  for (const it of items) {
    const c = tableCells(it);
    lines.push(TABLE_COLUMNS.map((k) => clean(guardCell(c[k]))).join('\t'));
  }
  return lines.join('\n') + '\n';
}

export const TABLE_CSV_COLUMNS = [...TABLE_COLUMNS, 'number', 'unit', 'number_max', 'approximate', 'start', 'end'] as const;

/** CSV (UTF-8 with BOM, CRLF, formula guard) with the normalised number beside the written figure. */
export function itemsToCsv(items: readonly TableItem[]): string {
  const lines = [TABLE_CSV_COLUMNS.join(',')];
  for (const it of items) {
    const c = tableCells(it);
    const cells = TABLE_COLUMNS.map((k) => quoteCell(guardCell(c[k])));
    const num = (n: number | null) => (n === null ? '' : String(n));
    cells.push(num(it.value), quoteCell(guardCell(it.unit ?? '')), num(it.valueMax), it.approximate ? 'yes' : 'no', String(it.start), String(it.end));
    lines.push(cells.join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A Markdown table under the page's title and link; every cell escaped (a | or line break cannot break the table). */
export function itemsToMarkdown(items: readonly TableItem[], page: { title: string; url: string }): string {
  const out = [`# ${escapeMarkdown(page.title || page.url)}`, '', `Source: ${escapeMarkdown(page.url)}`, ''];
  out.push(`| ${TABLE_COLUMNS.join(' | ')} |`, `|${TABLE_COLUMNS.map(() => '---').join('|')}|`);
  for (const it of items) {
    const c = tableCells(it);
    out.push(`| ${TABLE_COLUMNS.map((k) => escapeMarkdown(c[k])).join(' | ')} |`);
  }
  return out.join('\n') + '\n';
}
