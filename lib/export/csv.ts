import type { Annotation } from '../schema/annotation';
import type { PageChanges } from '../schema/changes';
import { ITEM_FIELD_NAMES } from '../schema/item';

/**
 * CSV that opens correctly in Excel and WPS: UTF-8 with a BOM (so Chinese is not mojibake),
 * CRLF line ends, RFC 4180 quoting, and a guard against formula injection — a text cell that
 * starts with = + - @ (or tab / CR / LF) gets a leading apostrophe; real numbers (-3.5) are left alone.
 * Spreadsheets skip leading blanks and line breaks and read the full-width forms ＝＋－＠ (a Chinese input method
 * types them) as the ASCII ones, so those count as a start too.
 */

export const CSV_COLUMNS = [
  'id', 'url', 'title', 'site', 'kind', 'quote', 'prefix', 'suffix', 'start', 'end',
  ...ITEM_FIELD_NAMES,
  'context', 'note', 'tags', 'createdAt', 'updatedAt',
  // yes when the page has a later stored version than the first (its text changed since it
  // was saved), else no (one version, or none stored). The change log
  // itself is in the Markdown and JSON exports. Re-anchoring status is known only on the open page
  // (content script), so there is no anchor_status column.
  'page_changed',
] as const;

const COMPARATOR_COLUMN = CSV_COLUMNS.indexOf('comparator');
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** A formula start after any blanks or line breaks (\s covers U+3000 and NBSP), or a leading control character. */
const FORMULA_START = /^(?:[\s\u200b\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20\u2212]|[\t\r\n])/;

/** A cell with the formula-injection guard applied (numbers are not touched). */
export function guardCell(s: string): string {
  if (FORMULA_START.test(s) && !NUMBER.test(s)) return `'${s}`;
  return s;
}

/** RFC 4180: quote when the cell holds a comma, quote, CR or LF; double the quotes. */
export function quoteCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function cell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return quoteCell(String(v));
  return quoteCell(guardCell(v));
}

export function annotationRow(a: Annotation, pageChanged = false): string[] {
  const f = a.fields;
  const values: Array<string | number | boolean | null> = [
    a.id, a.url, a.title, a.site, a.kind, a.quote.exact, a.quote.prefix, a.quote.suffix,
    a.position.start, a.position.end,
    ...ITEM_FIELD_NAMES.map((k) => f[k]),
    a.context, a.note, a.tags.join('; '), a.createdAt, a.updatedAt,
    pageChanged ? 'yes' : 'no',
  ];
  const cells = values.map(cell);
  // The comparator is one of five schema-checked symbols, never a formula, and `'=` would misread as data.
  cells[COMPARATOR_COLUMN] = f.comparator ?? '';
  return cells;
}

/** `changes`: the change logs of the pages with two or more stored versions (their rows say page_changed yes). */
export function toCsv(annotations: readonly Annotation[], changes: readonly PageChanges[] = []): string {
  const changed = new Map(changes.map((c) => [c.url, c.toVersion !== null && c.toVersion > 1]));
  const lines = [CSV_COLUMNS.join(',')];
  for (const a of annotations) lines.push(annotationRow(a, changed.get(a.url) ?? false).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
