/**
 * Output formats of the CLI: json, table, csv, md and the summary. Pure functions from reports to
 * strings (no I/O), so they are tested without a child process.
 */
import type { Lang } from '../lib/i18n';
import { reasonLine } from '../lib/i18n/reason';
import type { Item } from '../lib/schema/item';
import { displayWidth, oneLine, pad, truncate } from './width';

export type Format = 'json' | 'table' | 'csv' | 'md';
export const FORMATS: readonly Format[] = ['json', 'table', 'csv', 'md'];

/** One input file after reading and extraction. */
export interface Report {
  /** The path as given on the command line (`-` for stdin). */
  file: string;
  /** A human title: the HTML title, or the first meaningful line of the text. */
  title: string;
  /** UTF-8 bytes of the input file. */
  bytes: number;
  items: Item[];
  /** Set for HTML input whose page does not look like a report. */
  notReport?: boolean;
}

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  kind(kind: Item['kind'], s: string): string;
}

export const PLAIN: Style = { bold: (s) => s, dim: (s) => s, kind: (_k, s) => s };

export const ANSI: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  kind: (k, s) => (k === 'target' ? `\x1b[36m${s}\x1b[39m` : k === 'reported' ? `\x1b[32m${s}\x1b[39m` : `\x1b[33m${s}\x1b[39m`),
};

// ---------------------------------------------------------------------------------------------
// Field rendering

/** A number without float noise (0.1+0.2 → 0.3) and without exponent for ordinary magnitudes. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Number(n.toPrecision(12));
  if (Math.abs(r) >= 1e21 || (r !== 0 && Math.abs(r) < 1e-6)) return String(r);
  return r.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 12 });
}

/** value, or value-valueMax for a range, or '' when the item has no number. */
export function formatValue(it: Pick<Item, 'value' | 'valueMax'>): string {
  if (it.value === null) return it.valueMax === null ? '' : `?-${formatNumber(it.valueMax)}`;
  return it.valueMax === null ? formatNumber(it.value) : `${formatNumber(it.value)}-${formatNumber(it.valueMax)}`;
}

const plural = (n: number, one: string, many = one + 's') => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const str = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

export interface Counts {
  target: number;
  reported: number;
  commitment: number;
}

export function countKinds(items: readonly Item[]): Counts {
  const c: Counts = { target: 0, reported: 0, commitment: 0 };
  for (const it of items) if (it.kind in c) c[it.kind]++;
  return c;
}

// ---------------------------------------------------------------------------------------------
// json

/** Exactly `{"items":[...]}` for one report, `{"reports":[{"file","items"}]}` for several. */
export function formatJson(reports: readonly Report[], several: boolean): string {
  if (!several) return JSON.stringify({ items: reports[0]?.items ?? [] }) + '\n';
  return JSON.stringify({ reports: reports.map((r) => ({ file: r.file, items: r.items })) }) + '\n';
}

// ---------------------------------------------------------------------------------------------
// aligned text tables

export interface Column {
  header: string;
  /** Longest a cell may be, in columns (longer cells are cut with …). */
  max?: number;
  right?: boolean;
}

/** Lines of a table aligned by display width (CJK counts 2), columns separated by two spaces. */
export function alignedTable(columns: readonly Column[], rows: readonly string[][], indent = '', style: Style = PLAIN): string[] {
  const cells = rows.map((row) => columns.map((c, i) => truncate(oneLine(row[i] ?? ''), c.max ?? Infinity)));
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...cells.map((r) => displayWidth(r[i]))));
  const line = (r: string[]) =>
    indent +
    r
      .map((cell, i) => (i === r.length - 1 && !columns[i].right ? cell : pad(cell, widths[i], columns[i].right)))
      .join('  ')
      .trimEnd();
  const header = style.dim(line(columns.map((c) => c.header)));
  return [header, ...cells.map(line)];
}

const TARGET_COLUMNS: Column[] = [
  { header: 'metric', max: 32 },
  { header: 'value', right: true, max: 24 },
  { header: 'unit', max: 8 },
  { header: 'comparator' },
  { header: 'deadline', max: 10 },
  { header: 'strength' },
];

function targetRow(it: Item): string[] {
  return [str(it.metric), formatValue(it), str(it.unit), str(it.comparator), str(it.deadline), str(it.strength)];
}

/** `table`: per report a header, the targets, then the counts of reported figures and commitments. */
export function formatTable(reports: readonly Report[], style: Style = PLAIN): string {
  const out: string[] = [];
  for (const r of reports) {
    const c = countKinds(r.items);
    if (out.length) out.push('');
    out.push(style.bold(`${r.file} — ${oneLine(r.title) || '(untitled)'}`));
    out.push(`targets: ${c.target}`);
    if (c.target) out.push(...alignedTable(TARGET_COLUMNS, r.items.filter((i) => i.kind === 'target').map(targetRow), '  ', style));
    out.push(`reported: ${c.reported}`, `commitments: ${c.commitment}`);
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// explain

/** `--explain`: per report a header line, then one line per item — offset, kind, text and its reason line. */
export function formatExplain(reports: readonly Report[], lang: Lang): string {
  const out: string[] = [];
  for (const r of reports) {
    out.push(`# ${r.file} — ${oneLine(r.title) || '(untitled)'}`);
    for (const it of r.items) out.push(`${it.start}\t${truncate(oneLine(it.text), 40)}\t${reasonLine(it, lang) ?? '-'}`);
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// csv

export const CSV_COLUMNS = [
  'file', 'kind', 'start', 'end', 'text', 'value', 'valueMax', 'unit', 'comparator', 'deadline', 'metric', 'strength',
  'section', 'sentence',
] as const;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled). Text cells
 * starting with = + - @ or a tab get a leading apostrophe so spreadsheets do not run them as formulas.
 */
export function csvField(v: string | number | null | undefined, text = true): string {
  let s = str(v);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `csv`: a UTF-8 BOM (Excel/WPS then read UTF-8), a header row, one row per item, CRLF line ends. */
export function formatCsv(reports: readonly Report[]): string {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const r of reports) {
    for (const it of r.items) {
      rows.push(
        [
          csvField(r.file),
          csvField(it.kind),
          csvField(it.start, false),
          csvField(it.end, false),
          csvField(it.text),
          csvField(it.value === null ? null : formatNumber(it.value), false),
          csvField(it.valueMax === null ? null : formatNumber(it.valueMax), false),
          csvField(it.unit),
          csvField(it.comparator),
          csvField(it.deadline, typeof it.deadline !== 'number'),
          csvField(it.metric),
          csvField(it.strength),
          csvField(it.section?.title ?? null),
          csvField(it.sentence.text),
        ].join(','),
      );
    }
  }
  return '\uFEFF' + rows.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------
// md

/** Page text as inert Markdown: one line, Markdown/HTML metacharacters backslash-escaped. */
export function mdText(s: string): string {
  return oneLine(s).replace(/[\\`*_[\]<|#&!~]/g, (c) => `\\${c}`);
}

/** `md`: per report a heading, a table of targets, the reported figures and the commitments as lists. */
export function formatMarkdown(reports: readonly Report[]): string {
  const out: string[] = [];
  for (const r of reports) {
    const c = countKinds(r.items);
    if (out.length) out.push('');
    out.push(`# ${mdText(r.title) || '(untitled)'}`, '', `File: \`${r.file.replace(/`/g, "'")}\` — ${plural(c.target, 'target')}, ${c.reported} reported, ${plural(c.commitment, 'commitment')}.`, '');
    out.push('## Targets', '');
    const targets = r.items.filter((i) => i.kind === 'target');
    if (targets.length) {
      out.push('| metric | value | unit | comparator | deadline | strength | text |', '|---|---:|---|---|---|---|---|');
      for (const it of targets) out.push(`| ${[...targetRow(it), it.text].map(mdText).join(' | ')} |`);
    } else out.push('None found.');
    for (const [kind, heading] of [['reported', 'Reported'], ['commitment', 'Commitments']] as const) {
      out.push('', `## ${heading}`, '');
      const list = r.items.filter((i) => i.kind === kind);
      if (!list.length) out.push('None found.');
      for (const it of list) {
        const fields = [formatValue(it) + str(it.unit), str(it.metric), str(it.deadline)].filter(Boolean).join(', ');
        out.push(`- **${mdText(it.text)}**${fields ? ` (${mdText(fields)})` : ''} — ${mdText(it.sentence.text)}`);
      }
    }
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// summary

const SUMMARY_COLUMNS: Column[] = [
  { header: 'metric', max: 28 },
  { header: 'value', right: true, max: 20 },
  { header: 'comparator' },
  { header: 'deadline', max: 10 },
  { header: 'strength' },
];

/** `summary`: per report its title, counts by kind and its targets, then a total line. */
export function formatSummary(reports: readonly Report[], style: Style = PLAIN): string {
  const out: string[] = [];
  const total: Counts = { target: 0, reported: 0, commitment: 0 };
  for (const r of reports) {
    const c = countKinds(r.items);
    total.target += c.target;
    total.reported += c.reported;
    total.commitment += c.commitment;
    out.push(style.bold(truncate(oneLine(r.title) || '(untitled)', 100)));
    out.push(style.dim(`  ${r.file} · ${plural(r.bytes, 'byte')}${r.notReport ? ' · does not look like a report' : ''}`));
    out.push(
      '  ' +
        [
          style.kind('target', plural(c.target, 'target')),
          style.kind('reported', `${c.reported.toLocaleString('en-US')} reported`),
          style.kind('commitment', plural(c.commitment, 'commitment')),
        ].join(' · '),
    );
    const targets = r.items.filter((i) => i.kind === 'target');
    if (targets.length) {
      out.push('');
      const rows = targets.map((it) => [
        str(it.metric) || truncate(oneLine(it.text), 28),
        [formatValue(it), str(it.unit)].join(' ').trim(),
        str(it.comparator),
        str(it.deadline),
        str(it.strength),
      ]);
      out.push(...alignedTable(SUMMARY_COLUMNS, rows, '    ', style));
    }
    out.push('');
  }
  out.push(
    style.bold(
      `Total: ${plural(reports.length, 'report')}, ${plural(total.target, 'target')}, ${total.reported.toLocaleString('en-US')} reported, ${plural(total.commitment, 'commitment')}`,
    ),
  );
  return out.join('\n') + '\n';
}
