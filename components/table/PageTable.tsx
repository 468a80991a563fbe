import { useEffect, useState } from 'preact/hooks';
import type { PageTable as PageTableData } from '../../lib/messages/tab';
import type { Envelope } from '../../lib/messages/protocol';
import type { ExportFile } from '../../lib/export';
import { TABLE_COLUMNS, tableCells, toTsv, itemsToCsv, itemsToMarkdown } from '../../lib/export/items';
import { t } from '../../lib/i18n';

export interface PageTableProps {
  /** Asks the page's content script for its items (page/table). */
  load(): Promise<Envelope<PageTableData>>;
  copy(text: string): Promise<void>;
  download(file: ExportFile): void;
  now?: () => Date;
}

type State = { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready'; data: PageTableData };

/** Every item found on a page as a table (saved or not): copied as TSV for a spreadsheet, or saved as CSV or Markdown. */
export function PageTable({ load, copy, download, now = () => new Date() }: PageTableProps) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    load()
      .then((r) => setState(r.ok ? { status: 'ready', data: r.data } : { status: 'error', error: r.error }))
      .catch((e: unknown) => setState({ status: 'error', error: e instanceof Error ? e.message : String(e) }));
  }, [load]);
  if (state.status === 'loading') return <p class="empty">{t('loading')}</p>;
  if (state.status === 'error') return <p class="message error" data-testid="table-error">{`${t('error')}: ${state.error}`}</p>;
  const { data } = state;
  const day = now().toISOString().slice(0, 10);
  const save = (ext: string, mime: string, content: string) => download({ filename: `pledgemark-items-${day}.${ext}`, mime, content });
  return (
    <div class="page-table">
      <h1>{data.title || data.url}</h1>
      <p class="page-url">{data.url}</p>
      <div class="io">
        <button type="button" data-testid="table-copy" onClick={() => void copy(toTsv(data.items)).then(() => setCopied(true))}>
          {copied ? t('copied') : t('copyTsv')}
        </button>
        <button type="button" data-testid="table-csv" onClick={() => save('csv', 'text/csv;charset=utf-8', itemsToCsv(data.items))}>
          {t('exportCsv')}
        </button>
        <button type="button" data-testid="table-markdown" onClick={() => save('md', 'text/markdown;charset=utf-8', itemsToMarkdown(data.items, data))}>
          {t('exportMarkdown')}
        </button>
        <span class="count" data-testid="table-count">{`${data.items.length} ${t('itemsCount')}`}</span>
      </div>
      <table data-testid="page-table">
        <thead>
          <tr>{TABLE_COLUMNS.map((c) => <th key={c}>{c}</th>)}</tr>
        </thead>
        <tbody>
          {data.items.map((it, i) => {
            const cells = tableCells(it);
            return (
              <tr key={i} class={`kind-${it.kind}`} data-testid="table-row">
                {TABLE_COLUMNS.map((c) => <td key={c} class={`col-${c}`}>{cells[c]}</td>)}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
