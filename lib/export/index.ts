import type { Annotation } from '../schema/annotation';
import type { PageChanges } from '../schema/changes';
import { toCsv } from './csv';
import { toMarkdown } from './markdown';
import { toJsonExport } from './w3c';

export { toCsv, CSV_COLUMNS, guardCell, quoteCell } from './csv';
export { toMarkdown, escapeMarkdown, changeLines } from './markdown';
export { textFragmentUrl, clauseFragmentUrl, encodeTextDirectivePart } from './textFragment';
export { toJsonExport, CHANGES_PROPERTY, toW3C, fromW3C, toW3CCollection, parseImport, ImportError, W3CAnnotationSchema, W3CCollectionSchema } from './w3c';

export type ExportFormat = 'markdown' | 'csv' | 'json';

export interface ExportFile {
  filename: string;
  mime: string;
  content: string;
}

/**
 * The file for one export format; `now` names it (pledgemark-2026-11-23.md). `changes`:
 * each page's change log since it was first saved — Markdown gets a "Changes since first saved"
 * section per page, JSON a `pledgemark:changes` property on the collection, CSV a `page_changed`
 * column (yes: the page has a later stored version than the first; else no).
 */
export function buildExport(format: ExportFormat, annotations: readonly Annotation[], now: Date = new Date(), changes: readonly PageChanges[] = []): ExportFile {
  const day = now.toISOString().slice(0, 10);
  switch (format) {
    case 'markdown':
      return { filename: `pledgemark-${day}.md`, mime: 'text/markdown;charset=utf-8', content: toMarkdown(annotations, now, changes) };
    case 'csv':
      return { filename: `pledgemark-${day}.csv`, mime: 'text/csv;charset=utf-8', content: toCsv(annotations, changes) };
    case 'json':
      return { filename: `pledgemark-${day}.json`, mime: 'application/ld+json', content: toJsonExport(annotations, changes) };
  }
}
