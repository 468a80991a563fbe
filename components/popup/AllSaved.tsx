import { explainImportError } from '../../lib/export/import-errors';
import { useCite } from './cite';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { AnnotationKind, type Annotation, type AnnotationQuery } from '../../lib/schema/annotation';
import type { ResponseFor } from '../../lib/messages/protocol';
import { currentLang, t } from '../../lib/i18n';
import type { PopupApi } from './api';
import { KIND_KEY } from './SavedRow';
import { SavedList } from './SavedList';
import { useUndoDelete } from './UndoDelete';
import { readLimited } from '../../lib/evidence/limits';
import type { VersionInfo } from './evidence';
import { NO_NOTEBOOKS, type NotebooksInfo } from './notebooks';
import type { ConflictChoice } from '../../lib/schema/notebook';

/** Rows fetched and rendered per step; "Show more" fetches the next step. Keeps first paint small with any DB size. */
export const PAGE_SIZE = 50;
const KINDS = AnnotationKind.options;

interface Filters {
  text: string;
  kind: string;
  tag: string;
  year: string;
  site: string;
  author: string;
  notebook: string;
}
const NO_FILTERS: Filters = { text: '', kind: '', tag: '', year: '', site: '', author: '', notebook: '' };

export function toQuery(f: Filters, limit: number): AnnotationQuery {
  const q: AnnotationQuery = { limit };
  if (f.text.trim()) q.text = f.text.trim();
  if (f.kind) q.kind = f.kind as AnnotationQuery['kind'];
  if (f.tag) q.tag = f.tag;
  if (f.year) q.year = Number(f.year);
  if (f.site) q.site = f.site;
  if (f.author) q.author = f.author;
  if (f.notebook) q.notebook = f.notebook;
  return q;
}

export function AllSaved({ api, debounceMs = 200, nb = NO_NOTEBOOKS }: { api: PopupApi; debounceMs?: number; nb?: NotebooksInfo }) {
  const cite = useCite(api);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [text, setText] = useState('');
  const [limit, setLimit] = useState(PAGE_SIZE);
  const [rows, setRows] = useState<Annotation[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [facets, setFacets] = useState<ResponseFor<'annotation/facets'>>({ sites: [], tags: [], years: [] });
  const [importMsg, setImportMsg] = useState<{ ok: boolean; text: string; detail?: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [versions, setVersions] = useState<Record<string, VersionInfo[]>>({});
  const seq = useRef(0);
  // Authors seen in the lists shown so far (the filter offers them; a colleague's name appears once their notes do).
  const [authors, setAuthors] = useState<string[]>([]);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    const res = await api.send({ type: 'annotation/list', query: toQuery(filters, limit + 1) });
    if (mine !== seq.current) return; // a newer query superseded this one
    if (!res.ok) {
      setError(res.error);
      return;
    }
    setError(null);
    setHasMore(res.data.length > limit);
    setRows(res.data.slice(0, limit));
    const seen = res.data.map((a) => a.author).filter((x): x is string => !!x);
    if (seen.length) setAuthors((xs) => (seen.every((x) => xs.includes(x)) ? xs : [...new Set([...xs, ...seen])].sort()));
  }, [api, filters, limit]);

  const loadFacets = useCallback(async () => {
    const res = await api.send({ type: 'annotation/facets' });
    if (res.ok) setFacets(res.data);
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);
  // Which of the listed pages have stored snapshots (index keys only), after the rows have painted.
  const urlKey = rows ? [...new Set(rows.map((r) => r.url))].join('\n') : '';
  useEffect(() => {
    if (!urlKey) return;
    let live = true;
    void api.send({ type: 'snapshot/versions', urls: urlKey.split('\n') }).then((r) => {
      if (live && r.ok) setVersions(r.data.versions);
    });
    return () => {
      live = false;
    };
  }, [api, urlKey]);
  // The filter choices come after the first rows have painted (they walk three indexes).
  const listed = rows !== null;
  useEffect(() => {
    if (!listed) return;
    const id = setTimeout(() => void loadFacets(), 0);
    return () => clearTimeout(id);
  }, [listed, loadFacets]);

  // The search box waits for a pause in typing.
  useEffect(() => {
    if (text === filters.text) return;
    const id = setTimeout(() => {
      setLimit(PAGE_SIZE);
      setFilters((f) => ({ ...f, text }));
    }, debounceMs);
    return () => clearTimeout(id);
  }, [text, filters.text, debounceMs]);

  const setFilter = (key: keyof Filters, value: string) => {
    setLimit(PAGE_SIZE);
    setFilters((f) => ({ ...f, [key]: value }));
  };

  const onUpdate = async (id: string, change: { note: string; tags: string[] }) => {
    const res = await api.send({ type: 'annotation/update', id, ...change });
    if (!res.ok) return res.error;
    setRows((rs) => rs && rs.map((r) => (r.id === id ? res.data : r)));
    void loadFacets();
    return null;
  };
  const onResolve = async (id: string, choice: ConflictChoice) => {
    const res = await api.send({ type: 'annotation/resolveConflict', id, choice });
    if (!res.ok) return res.error;
    setRows((rs) => rs && rs.map((r) => (r.id === id ? res.data : r)));
    return null;
  };
  const undo = useUndoDelete(api, () => {
    void load();
    void loadFacets();
  });
  const onDelete = async (id: string) => {
    const gone = rows?.find((r) => r.id === id);
    const res = await api.send({ type: 'annotation/delete', id });
    if (!res.ok) return res.error;
    setRows((rs) => rs && rs.filter((r) => r.id !== id));
    if (gone && res.data.deleted) undo.deleted(gone);
    void loadFacets();
    return null;
  };

  const doExport = async (format: 'markdown' | 'csv' | 'json') => {
    setBusy(format);
    // The file holds what the filters show, not every note: the reader exports what they see.
    const { limit: _, ...query } = toQuery(filters, 1);
    const res = await api.send({ type: 'export', format, query });
    setBusy(null);
    if (!res.ok) {
      setError(res.error);
      return;
    }
    api.download(res.data);
    // Rows that do not read were left out: say so, so the reader knows the file is not everything.
    if (res.data.unreadable) setError(`${res.data.unreadable} ${t('unreadableLeftOut')}`);
  };

  const doImport = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setBusy('import');
    let json: string | null;
    try {
      json = await readLimited(file);
    } catch (err) {
      setBusy(null);
      setImportMsg({ ok: false, text: `${t('importFailed')} ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    if (json === null) {
      setBusy(null);
      input.value = '';
      setImportMsg({ ok: false, text: t('fileTooLarge') });
      return;
    }
    const res = await api.send({ type: 'import', json });
    setBusy(null);
    input.value = '';
    if (!res.ok) {
      const { summary, detail } = explainImportError(res.error, currentLang());
      setImportMsg({ ok: false, text: `${t('importFailed')} ${summary}`, detail });
      return;
    }
    const unchanged = res.data.unchanged ? ` (${res.data.unchanged} ${t('unchanged')})` : '';
    setImportMsg({ ok: true, text: `${t('imported')}: ${res.data.imported}${unchanged}` });
    void load();
    void loadFacets();
  };

  return (
    <div class="all-saved">
      <div class="filters">
        <input
          type="search"
          class="search"
          placeholder={t('search')}
          aria-label={t('search')}
          value={text}
          data-testid="search"
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        />
        <div class="selects">
          <select aria-label={t('allKinds')} data-testid="filter-kind" value={filters.kind} onChange={(e) => setFilter('kind', (e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('allKinds')}</option>
            {KINDS.map((k) => (
              <option value={k} key={k}>
                {t(KIND_KEY[k])}
              </option>
            ))}
          </select>
          <select aria-label={t('allTags')} data-testid="filter-tag" value={filters.tag} onChange={(e) => setFilter('tag', (e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('allTags')}</option>
            {facets.tags.map((x) => (
              <option value={x} key={x}>
                {x}
              </option>
            ))}
          </select>
          <select aria-label={t('allYears')} data-testid="filter-year" value={filters.year} onChange={(e) => setFilter('year', (e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('allYears')}</option>
            {facets.years.map((y) => (
              <option value={String(y)} key={y}>
                {y}
              </option>
            ))}
          </select>
          <select aria-label={t('allSites')} data-testid="filter-site" value={filters.site} onChange={(e) => setFilter('site', (e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('allSites')}</option>
            {facets.sites.map((s) => (
              <option value={s} key={s}>
                {s}
              </option>
            ))}
          </select>
          {(authors.length > 0 || filters.author) && (
            <select aria-label={t('allAuthors')} data-testid="filter-author" value={filters.author} onChange={(e) => setFilter('author', (e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('allAuthors')}</option>
              {authors.map((x) => (
                <option value={x} key={x}>
                  {x}
                </option>
              ))}
            </select>
          )}
          {nb.list.length > 0 && (
            <select aria-label={t('allNotebooks')} data-testid="filter-notebook" value={filters.notebook} onChange={(e) => setFilter('notebook', (e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('allNotebooks')}</option>
              {nb.list.map((n) => (
                <option value={n.id} key={n.id}>
                  {n.db}
                </option>
              ))}
            </select>
          )}
        </div>
      </div>

      <div class="io">
        <span class="io-label">{t('export')}</span>
        <button type="button" data-testid="export-markdown" disabled={busy !== null} onClick={() => doExport('markdown')}>
          {t('exportMarkdown')}
        </button>
        <button type="button" data-testid="export-csv" disabled={busy !== null} onClick={() => doExport('csv')}>
          {t('exportCsv')}
        </button>
        <button type="button" data-testid="export-json" disabled={busy !== null} onClick={() => doExport('json')}>
          {t('exportJson')}
        </button>
        <label class="import">
          {t('import')}
          <input type="file" accept=".json,.jsonld,application/json,application/ld+json" data-testid="import-file" onChange={doImport} />
        </label>
      </div>
      {importMsg && (
        <p class={importMsg.ok ? 'message ok' : 'message error'} data-testid="import-message" role="status">
          {importMsg.text}
          {importMsg.detail && <span class="detail" data-testid="import-detail">{importMsg.detail}</span>}
        </p>
      )}
      {error && <p class="message error">{error}</p>}
      {undo.bar}

      {rows === null ? (
        <p class="empty">{t('loading')}</p>
      ) : (
        <>
          <SavedList rows={rows} onUpdate={onUpdate} onDelete={onDelete} onCite={cite} versions={versions} notebooks={nb.names} onResolve={onResolve} />
          {hasMore && (
            <button type="button" class="more" data-testid="show-more" onClick={() => setLimit((l) => l + PAGE_SIZE)}>
              {t('showMore')} ({rows.length} {t('shown')})
            </button>
          )}
        </>
      )}
    </div>
  );
}
