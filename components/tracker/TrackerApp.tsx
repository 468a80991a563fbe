import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '../../lib/i18n';
import type { Envelope, Request, ResponseFor } from '../../lib/messages/protocol';
import type { LinkStatus, LinkedFigure } from '../../lib/schema/track';
import type { TrackedReportInfo, TrackerDoc, TrackerFilter, TrackerRow, TrackerView } from '../../lib/schema/tracker';
import { deadlineYear, facets, filterRows, rowKey, summarise } from '../../lib/tracker/view';
import { deepLink } from '../../lib/export/tracker';
import type { ExportFile } from '../../lib/export';
import { snapshotPageHref } from '../popup/evidence';
import { summaryLine } from '../popup/Tracker';
import { MiniChart } from './Chart';

/** What the tracker page needs from the outside world (tests pass a fake). */
export interface TrackerApi {
  send<T extends Request>(req: T): Promise<Envelope<ResponseFor<T['type']>>>;
  download(file: ExportFile): void;
}

/** Rows drawn at first; the rest follow a screenful at a time as the reader scrolls (2,000 rows must not wait). */
export const FIRST_ROWS = 30;
const MORE_ROWS = 120;

export const STATUS_KEY: Record<LinkStatus, MessageKey> = {
  met: 'statusMet',
  exceeded: 'statusExceeded',
  missed: 'statusMissed',
  partly: 'statusPartly',
  'no-figure': 'statusNoFigure',
  pending: 'statusPending',
  overdue: 'statusOverdue',
};
const STRENGTH_KEY: Record<string, MessageKey> = { binding: 'strengthBinding', aspirational: 'strengthAspirational', plain: 'strengthPlain' };
const SOURCE_KEY: Record<LinkedFigure['source'], MessageKey> = { suggested: 'linkSuggested', confirmed: 'linkConfirmed', manual: 'linkManual' };

/** Saved targets first, then by deadline year (none last), then by report and place. */
function order(a: TrackerRow, b: TrackerRow): number {
  if (a.saved !== b.saved) return a.saved ? -1 : 1;
  const ya = deadlineYear(a) ?? 9999;
  const yb = deadlineYear(b) ?? 9999;
  return ya - yb || a.target.doc.localeCompare(b.target.doc) || a.target.start - b.target.start;
}

type Decide = (row: TrackerRow, f: LinkedFigure, verdict: 'confirmed' | 'rejected' | 'undecided') => void;

function Links({ doc, docs, text, sentence }: { doc: string; docs: Map<string, TrackerDoc>; text: string; sentence: string }) {
  const d = docs.get(doc);
  const href = deepLink(d?.url ?? doc, sentence, text);
  return (
    <span class="links">
      {href && (
        <a href={href} target="_blank" rel="noopener noreferrer" data-testid="deep-link">
          {t('openSentence')}
        </a>
      )}
      {d && d.version !== null && (
        <a href={snapshotPageHref(d.url, d.version)} target="_blank" data-testid="snapshot-link">
          {t('savedCopy')}
        </a>
      )}
    </span>
  );
}

function FigureItem({ row, f, docs, decide }: { row: TrackerRow; f: LinkedFigure; docs: Map<string, TrackerDoc>; decide: Decide }) {
  const title = docs.get(f.doc)?.title ?? f.doc;
  return (
    <li class={`figure source-${f.source}`} data-testid="figure">
      <div class="figure-head">
        {f.period && <span class="period">{f.period}</span>}
        <strong class="figure-text" data-testid="figure-text">{f.text}</strong>
        <span class={`source source-${f.source}`} title={f.reasons.join('; ')}>
          {t(SOURCE_KEY[f.source])}
          {f.source === 'suggested' ? ` ${Math.round(f.score * 100)}%` : ''}
        </span>
      </div>
      <q class="sentence" data-testid="figure-sentence">{f.sentence}</q>
      <div class="figure-foot">
        <span class="report" title={title}>{title}</span>
        <Links doc={f.doc} docs={docs} text={f.text} sentence={f.sentence} />
        {f.source === 'suggested' ? (
          <>
            <button type="button" class="link" data-testid="confirm-link" onClick={() => decide(row, f, 'confirmed')}>
              {t('confirmLink')}
            </button>
            <button type="button" class="link danger" data-testid="reject-link" onClick={() => decide(row, f, 'rejected')}>
              {t('rejectLink')}
            </button>
          </>
        ) : (
          <button type="button" class="link" data-testid="undo-decision" onClick={() => decide(row, f, 'undecided')}>
            {t('undoDecision')}
          </button>
        )}
      </div>
    </li>
  );
}

function Row({ row, docs, decide }: { row: TrackerRow; docs: Map<string, TrackerDoc>; decide: Decide }) {
  const tg = row.target;
  const title = docs.get(tg.doc)?.title ?? tg.doc;
  return (
    <tr class={`row status-${row.status}${row.saved ? ' saved' : ''}`} data-testid="tracker-row">
      <td class="target-cell">
        <div class="target-head">
          {tg.metric && <span class="metric">{tg.metric}</span>}
          {tg.deadline !== null && <span class="deadline" title={t('deadline')}>{String(tg.deadline)}</span>}
          {tg.strength && <span class={`strength strength-${tg.strength}`}>{STRENGTH_KEY[tg.strength] ? t(STRENGTH_KEY[tg.strength]) : tg.strength}</span>}
        </div>
        <strong class="target-text" data-testid="target-text">{tg.text}</strong>
        <q class="sentence" data-testid="target-sentence">{tg.sentence}</q>
        <div class="figure-foot">
          <span class="report" title={title}>{title}</span>
          <Links doc={tg.doc} docs={docs} text={tg.text} sentence={tg.sentence} />
        </div>
      </td>
      <td class="chart-cell">
        <MiniChart row={row} />
      </td>
      <td class="figures-cell">
        {row.figures.length > 0 && (
          <ul class="figures">
            {row.figures.map((f) => (
              <FigureItem key={`${f.doc} ${f.start}`} row={row} f={f} docs={docs} decide={decide} />
            ))}
          </ul>
        )}
      </td>
      <td class="status-cell">
        <span class={`chip chip-${row.status}`} data-testid="status" data-status={row.status} title={row.why}>
          {t(STATUS_KEY[row.status])}
        </span>
        <span class="why">{row.why}</span>
      </td>
    </tr>
  );
}

function Select<T extends string | number>({ id, value, all, options, label, onChange }: { id: string; value: T | undefined; all: string; options: readonly T[]; label: (v: T) => string; onChange: (v: T | undefined) => void }) {
  return (
    <select
      data-testid={id}
      value={value === undefined ? '' : String(value)}
      onChange={(e) => {
        const raw = (e.currentTarget as HTMLSelectElement).value;
        const hit = options.find((o) => String(o) === raw);
        onChange(raw === '' ? undefined : hit);
      }}
    >
      <option value="">{all}</option>
      {options.map((o) => (
        <option key={String(o)} value={String(o)}>
          {label(o)}
        </option>
      ))}
    </select>
  );
}

const STATUSES = Object.keys(STATUS_KEY) as LinkStatus[];

export function TrackerApp({ api, onFirstRows }: { api: TrackerApi; onFirstRows?: () => void }) {
  const [view, setView] = useState<TrackerView | null>(null);
  const [reports, setReports] = useState<TrackedReportInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<TrackerFilter>({});
  const [shown, setShown] = useState(FIRST_ROWS);
  const [reload, setReload] = useState(0);
  /** The link the reader just rejected: a rejected link is no longer listed, so its undo is offered here. */
  const [rejected, setRejected] = useState<{ row: TrackerRow; f: LinkedFigure } | null>(null);
  const more = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      const [links, list] = await Promise.all([api.send({ type: 'tracker/links' }), api.send({ type: 'tracker/list' })]);
      if (!live) return;
      if (links.ok) setView(links.data);
      else setError(links.error);
      if (list.ok) setReports(list.data.reports);
    })();
    return () => {
      live = false;
    };
  }, [api, reload]);

  const sorted = useMemo(() => (view ? [...view.rows].sort(order) : []), [view]);
  const rows = useMemo(() => filterRows(sorted, filter), [sorted, filter]);
  const choices = useMemo(() => facets(sorted), [sorted]);
  const docs = useMemo(() => new Map((view?.docs ?? []).map((d) => [d.doc, d])), [view]);

  useEffect(() => {
    if (view && onFirstRows) onFirstRows();
  }, [view]);

  // The next rows when the end of the list comes near (or at once where the browser has no IntersectionObserver).
  useEffect(() => {
    const el = more.current;
    if (!el || shown >= rows.length) return;
    if (typeof IntersectionObserver === 'undefined') {
      const id = setTimeout(() => setShown((n) => n + MORE_ROWS), 50);
      return () => clearTimeout(id);
    }
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setShown((n) => n + MORE_ROWS);
    }, { rootMargin: '600px' });
    io.observe(el);
    return () => io.disconnect();
  }, [rows.length, shown]);

  const set = (patch: Partial<TrackerFilter>) => {
    setFilter((f) => {
      const next: TrackerFilter = { ...f, ...patch };
      for (const k of Object.keys(next) as Array<keyof TrackerFilter>) if (next[k] === undefined || next[k] === false) delete next[k];
      return next;
    });
    setShown(FIRST_ROWS);
  };

  const decide: Decide = async (row, f, verdict) => {
    setError(null);
    const r = await api.send({
      type: 'tracker/decide',
      target: { url: row.target.doc, start: row.target.start, end: row.target.end, exact: row.target.text },
      figure: { url: f.doc, start: f.start, end: f.end, exact: f.text },
      verdict,
    });
    if (!r.ok) return setError(r.error);
    setRejected(verdict === 'rejected' ? { row, f } : null);
    setReload((n) => n + 1);
  };

  const exportAs = async (format: 'csv' | 'markdown') => {
    setError(null);
    const r = await api.send({ type: 'tracker/export', format, filter });
    if (r.ok) api.download(r.data);
    else setError(r.error);
  };

  const remove = async (url: string) => {
    const r = await api.send({ type: 'tracker/remove', url });
    if (!r.ok) setError(r.error);
    else setReload((n) => n + 1);
  };

  const summary = view ? summaryLine(summarise(view.rows, view.today)) : '';
  return (
    <div class="tracker">
      <header class="tracker-head">
        <h1>{t('trackerTitle')}</h1>
        {view && view.rows.length > 0 && <span class="summary" data-testid="tracker-page-summary">{summary}</span>}
      </header>
      <p class="help">{t('trackerHelp')}</p>
      {error && <p class="message error" data-testid="tracker-error">{error}</p>}
      {rejected && (
        <p class="message ok undo-bar">
          {`${t('rejectLink')}: ${rejected.f.text}`}{' '}
          <button type="button" class="link" data-testid="undo-reject" onClick={() => void decide(rejected.row, rejected.f, 'undecided')}>
            {t('undo')}
          </button>
        </p>
      )}
      {!view && !error && <p class="empty">{t('loading')}</p>}
      {view && view.rows.length === 0 && <p class="empty" data-testid="tracker-empty">{t('trackerEmpty')}</p>}
      {view && view.rows.length > 0 && (
        <>
          <div class="filters">
            <Select id="filter-site" value={filter.site} all={t('allSites')} options={choices.sites} label={(s) => s} onChange={(site) => set({ site })} />
            <Select id="filter-status" value={filter.status} all={t('allStatuses')} options={STATUSES} label={(s) => t(STATUS_KEY[s])} onChange={(status) => set({ status })} />
            <Select id="filter-year" value={filter.year} all={t('allDeadlines')} options={choices.years} label={(y) => String(y)} onChange={(year) => set({ year })} />
            <Select
              id="filter-strength"
              value={filter.strength}
              all={t('allStrengths')}
              options={choices.strengths}
              label={(s) => (STRENGTH_KEY[s] ? t(STRENGTH_KEY[s]) : s)}
              onChange={(strength) => set({ strength })}
            />
            <label class="check">
              <input type="checkbox" data-testid="filter-saved" checked={!!filter.saved} onChange={(e) => set({ saved: (e.currentTarget as HTMLInputElement).checked })} />
              {t('savedOnly')}
            </label>
            <span class="count" data-testid="rows-count">{`${rows.length} ${t('rowsShown')}`}</span>
            <span class="io">
              <span class="io-label">{t('export')}</span>
              <button type="button" data-testid="export-csv" onClick={() => void exportAs('csv')}>
                {t('exportCsv')}
              </button>
              <button type="button" data-testid="export-markdown" onClick={() => void exportAs('markdown')}>
                {t('exportMarkdown')}
              </button>
            </span>
          </div>
          <table class="tracker-table">
            <thead>
              <tr>
                <th>{t('colTarget')}</th>
                <th />
                <th>{t('colFigures')}</th>
                <th>{t('colStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, shown).map((r) => (
                <Row key={rowKey(r)} row={r} docs={docs} decide={(row, f, v) => void decide(row, f, v)} />
              ))}
            </tbody>
          </table>
          {shown < rows.length && <div ref={more} class="more-rows" data-testid="more-rows" />}
        </>
      )}
      <section class="reports">
        <h2>{t('trackedReports')}</h2>
        <ul data-testid="tracked-reports">
          {reports.map((r) => (
            <li key={r.url} data-testid="tracked-report">
              <a href={r.url} target="_blank" rel="noopener noreferrer" title={r.url}>
                {r.title || r.url}
              </a>
              <span class="meta">{r.byHand ? t('trackedByHand') : `${r.notes} ${t('trackedForNotes')}`}</span>
              {r.date && <span class="meta">{r.date}</span>}
              <button type="button" class="link danger" data-testid="remove-report" onClick={() => void remove(r.url)}>
                {t('remove')}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
