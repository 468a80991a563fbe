import type { Strength } from '../schema/item';
import type { Span, SpanList } from './text';
import { ATTRIBUTE_CELL, BASELINE_COLUMN, HEADER_CELL, PLACEHOLDER_CELL, TABLE_MAX_CELL, TARGET_COLUMN, VALUE_COLUMN } from './tables/indicator-tables';
import { TABLE_UNIT } from './tables/units';

/** A value cell of an indicator table: the line it stands on and what its column and row say. */
export interface TableCell {
  role: 'target' | 'reported' | null;
  /** The value column's header (2025年目标值, 基准值). */
  header: string;
  deadline: number | null;
  strength: Strength | null;
  unit: string | null;
  metric: string | null;
}

const VALUE_HEADER_LAST = new Set([...'值数量年底末标准状际期成'].map((c) => c.charCodeAt(0)));
const CELL_LINE = /^\s*(?:[≥>＞<＜≤≧≦]=?\s*)?[0-9０-９][0-9０-９.,．]*\s*[%％]?\s*$/u;

export function isCellLine(s: string): boolean {
  return CELL_LINE.test(s);
}

/** A value cell's line is short: a longer line holding the cell's offset is prose that happens to start there. */
const CELL_LINE_MAX_LENGTH = 40;

/** The table cell a number's line [lineStart, lineEnd) fills, if the line holds nothing but that value. */
export function cellAt(cells: Map<number, TableCell>, text: string, lineStart: number, lineEnd: number): TableCell | null {
  const cell = cells.get(lineStart);
  return cell && lineEnd - lineStart < CELL_LINE_MAX_LENGTH && isCellLine(text.slice(lineStart, lineEnd)) ? cell : null;
}

export interface Tables {
  /** Value cells, keyed by their line's start offset. */
  cells: Map<number, TableCell>;
  /** Rows whose value cells are all placeholders (「落实教育经费投入“两个只增不减”」 ——  ——): pledges without a number. */
  textRows: Span[];
}

/** A header cell naming a value column is short. */
const HEADER_LINE_MAX_LENGTH = 24;
/** How many header cells before a value column's header are read back. */
const HEADER_CELLS_BEFORE = 8;

const trimmedLine = (text: string, lines: SpanList, k: number) => text.slice(lines.starts[k], lines.ends[k]).trim();

/** Reads flattened indicator tables (one cell a line). */
export function readTables(text: string, lines: SpanList): Tables {
  const cells = new Map<number, TableCell>();
  const textRows: Span[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!isValueHeaderLine(text, lines, i)) continue;
    const header = readHeader(text, lines, i);
    if (!header) continue;
    i = readBody(text, lines, header, cells, textRows) - 1;
  }
  return { cells, textRows };
}

/** Whether line `i` is the header cell of a value column (基准值, 2025年目标值). */
function isValueHeaderLine(text: string, lines: SpanList, i: number): boolean {
  const lStart = lines.starts[i];
  const lEnd = lines.ends[i];
  if (lEnd - lStart > HEADER_LINE_MAX_LENGTH || lEnd === lStart) return false;
  // A value column's header ends in 值/数/量/年 or a baseline/target word: test that character before slicing.
  let e = lEnd;
  while (e > lStart && text.charCodeAt(e - 1) <= 32) e--;
  if (e === lStart || !VALUE_HEADER_LAST.has(text.charCodeAt(e - 1))) return false;
  const s = text.slice(lStart, lEnd).trim();
  return s !== '' && HEADER_CELL.test(s) && VALUE_COLUMN.test(s);
}

interface TableHeader {
  /** The value columns' roles and target years, in column order. */
  roles: ('target' | 'reported' | null)[];
  years: (number | null)[];
  /** The value columns' headers. */
  columns: string[];
  /** The first line after the header. */
  bodyStart: number;
}

/** The header around the value-column header on line `i`: header cells before and after it. */
function readHeader(text: string, lines: SpanList, i: number): TableHeader | null {
  let first = i;
  for (let k = i - 1, seen = 0; k >= 0 && seen < HEADER_CELLS_BEFORE; k--) {
    const t = trimmedLine(text, lines, k);
    if (!t) continue;
    if (!HEADER_CELL.test(t)) break;
    first = k;
    seen++;
  }
  const header: string[] = [];
  let k = first;
  for (; k < lines.length; k++) {
    const t = trimmedLine(text, lines, k);
    if (!t) continue;
    if (!HEADER_CELL.test(t)) break;
    header.push(t);
  }
  const columns = header.filter((h) => VALUE_COLUMN.test(h));
  if (!columns.length) return null;
  const years = columns.map((h) => {
    const m = /((?:19|20)\d\d)\s*年/u.exec(h);
    return m ? Number(m[1]) : null;
  });
  // Columns headed by a plain year (2020年 | 2025年): the latest year is the target, earlier ones the baseline.
  const latest = Math.max(...years.map((y) => y ?? -1));
  const roles = columns.map((h, c) =>
    BASELINE_COLUMN.test(h) ? 'reported' : TARGET_COLUMN.test(h) ? 'target' : years[c] !== null && years.filter((y) => y !== null).length > 1 ? (years[c] === latest ? 'target' : 'reported') : null,
  );
  return { roles, years, columns, bodyStart: k };
}

/** Reads a table's rows from `header.bodyStart` into `cells` and `textRows`; returns the first line after the table. */
function readBody(text: string, lines: SpanList, header: TableHeader, cells: Map<number, TableCell>, textRows: Span[]): number {
  const { roles, years, columns } = header;
  let col = 0;
  let label: string | null = null;
  let parent: string | null = null;
  let strength: Strength | null = null;
  let unit: string | null = null;
  let row: { span: Span; numbers: number; blanks: number } | null = null;
  const closeRow = () => {
    if (row && row.numbers === 0 && row.blanks > 0) textRows.push(row.span);
  };
  let k = header.bodyStart;
  for (; k < lines.length; k++) {
    const t = trimmedLine(text, lines, k);
    if (!t) continue;
    if (t.length > TABLE_MAX_CELL || /^注/.test(t)) break;
    if (isCellLine(t) || PLACEHOLDER_CELL.test(t)) {
      if (row) isCellLine(t) ? row.numbers++ : row.blanks++;
      if (isCellLine(t)) {
        const c = Math.min(col, roles.length - 1);
        cells.set(lines.starts[k], { role: roles[c], header: columns[c], deadline: roles[c] === 'target' ? years[c] : null, strength: strength ?? 'plain', unit, metric: label });
      }
      col++;
      continue;
    }
    if (t in ATTRIBUTE_CELL) {
      strength = ATTRIBUTE_CELL[t];
      continue;
    }
    // A row label: 「1.*学前教育毛入园率(%)」, a category 「一、学前教育」, or a sub-row 「小学」.
    closeRow();
    row = rowLabel(text, lines, k);
    const m = TABLE_UNIT.exec(t);
    const clean = t.replace(TABLE_UNIT, '').replace(/^[0-9０-９]+[.．、]\s*\*?|^[一二三四五六七八九十]+、/u, '').replace(/^\*/, '').trim();
    if (clean.length <= 3 && label) {
      label = `${parent ?? label}${clean}`;
    } else {
      label = clean;
      parent = clean;
      unit = m ? m[1].replace('％', '%') : null;
      strength = null;
    }
    col = 0;
  }
  closeRow();
  return k;
}

/** A row label's span without its list number, as a row that may turn out to hold no number. */
function rowLabel(text: string, lines: SpanList, k: number): { span: Span; numbers: number; blanks: number } {
  const raw = text.slice(lines.starts[k], lines.ends[k]);
  const lead = /^\s*(?:[0-9０-９]+[.．、]\s*\*?|[一二三四五六七八九十]+、|\*)?/u.exec(raw)![0].length;
  return { span: { start: lines.starts[k] + lead, end: lines.starts[k] + raw.trimEnd().length }, numbers: 0, blanks: 0 };
}
