import type { Annotation } from '../../lib/schema/annotation';
import type { AnchorReport, ChangeEntry, PageChanges } from '../../lib/schema/changes';
import { t, type MessageKey } from '../../lib/i18n';

/**
 * Evidence in the popup: the change log of a page that changed since it was saved, the status of
 * each saved annotation on the page now, and links to the stored versions (snapshot.html).
 * All page text goes in as Preact text nodes, never as HTML.
 */

export interface VersionInfo {
  version: number;
  capturedAt: string;
}

/** The extension's snapshot page for `url` at `version` (relative: popup and options pages sit beside it). */
export function snapshotPageHref(url: string, version: number, noteId?: string): string {
  return `/snapshot.html?${new URLSearchParams({ url, version: String(version), ...(noteId ? { note: noteId } : {}) }).toString()}`;
}

/**
 * The version an annotation was made on: the latest one captured at or before it was created,
 * else the first (the first save stores the page's first version just after the annotation).
 */
export function versionFor(a: Pick<Annotation, 'createdAt'>, versions: readonly VersionInfo[]): number | null {
  if (!versions.length) return null;
  const at = Date.parse(a.createdAt);
  let best: VersionInfo | null = null;
  for (const v of versions) {
    if (Date.parse(v.capturedAt) <= at && (!best || v.version > best.version)) best = v;
  }
  return (best ?? versions.reduce((m, v) => (v.version < m.version ? v : m))).version;
}

const KIND_KEY: Record<ChangeEntry['kind'], MessageKey> = { target: 'kindTarget', reported: 'kindReported', commitment: 'kindCommitment' };
/** The snapshot link of an annotation, when its page has stored versions. */
export function snapshotHrefFor(a: Pick<Annotation, 'id' | 'url' | 'createdAt'>, versions: Record<string, readonly VersionInfo[]> | undefined): string | undefined {
  const list = versions?.[a.url];
  const v = list ? versionFor(a, list) : null;
  return v === null ? undefined : snapshotPageHref(a.url, v, a.id);
}

const CHANGE_KEY: Record<ChangeEntry['change'], MessageKey> = { added: 'changeAdded', removed: 'changeRemoved', altered: 'changeAltered' };
const FIELD_KEY: Record<ChangeEntry['fields'][number]['field'], MessageKey> = {
  value: 'fieldValue',
  valueMax: 'fieldValueMax',
  unit: 'fieldUnit',
  deadline: 'fieldDeadline',
  comparator: 'fieldComparator',
};

function show(v: string | number | null): string {
  return v === null ? '—' : String(v);
}

function Quote({ label, quote, side }: { label: string; quote: ChangeEntry['old']; side: 'old' | 'new' }) {
  return (
    <div class={`side side-${side}`} data-testid={`change-${side}`}>
      <span class="side-label">{label}</span>
      {quote ? (
        <>
          <q class="side-text">{quote.text}</q>
          {quote.sentence && quote.sentence !== quote.text && <span class="side-sentence">{quote.sentence}</span>}
        </>
      ) : (
        <span class="side-none">—</span>
      )}
    </div>
  );
}

export function ChangeEntryView({ entry }: { entry: ChangeEntry }) {
  return (
    <li class={`change change-${entry.change}`} data-testid="change-entry" data-change={entry.change}>
      <div class="change-head">
        <span class={`badge badge-change-${entry.change}`}>{t(CHANGE_KEY[entry.change])}</span>
        <span class={`badge badge-${entry.kind}`}>{t(KIND_KEY[entry.kind])}</span>
        {entry.metric && <span class="metric">{entry.metric}</span>}
      </div>
      {entry.fields.length > 0 && (
        <ul class="field-changes">
          {entry.fields.map((f) => (
            <li key={f.field} data-testid="field-change">
              <span class="field-name">{t(FIELD_KEY[f.field])}</span>: <span class="old-value">{show(f.old)}</span> → <span class="new-value">{show(f.new)}</span>
            </li>
          ))}
        </ul>
      )}
      <div class="side-by-side">
        <Quote label={t('before')} quote={entry.old} side="old" />
        <Quote label={t('now')} quote={entry.new} side="new" />
      </div>
    </li>
  );
}

/** The "This page changed since you saved it" banner with the change log (when there is one). */
export function ChangedBanner({ changes, snapshotLinks }: { changes: PageChanges | null; snapshotLinks?: Array<{ version: number; href: string }> }) {
  const entries = changes?.entries ?? [];
  return (
    <section class="page-changed" data-testid="page-changed-banner" role="alert">
      <h3>{t('pageChanged')}</h3>
      {changes && changes.fromVersion !== null && changes.toVersion !== null && (
        <p class="versions">
          {t('versionRange')}: v{changes.fromVersion} ({(changes.capturedFrom ?? '').slice(0, 10)}) → v{changes.toVersion} ({(changes.capturedTo ?? '').slice(0, 10)})
          {snapshotLinks?.map((l) => (
            <span key={l.version}>
              {' '}
              <a href={l.href} target="_blank" rel="noopener" data-testid="open-version">
                v{l.version}
              </a>
            </span>
          ))}
        </p>
      )}
      {entries.length > 0 ? (
        <>
          <p>{t('pageChangedHelp')}</p>
          <ul class="changes">
            {entries.map((e, i) => (
              <ChangeEntryView key={i} entry={e} />
            ))}
          </ul>
        </>
      ) : (
        changes && changes.toVersion !== null && <p class="empty">{t('noFigureChanges')}</p>
      )}
    </section>
  );
}

const STATUS_KEY: Record<AnchorReport['status'], MessageKey> = { anchored: 'anchorAnchored', changed: 'anchorChanged', orphaned: 'anchorOrphaned' };

/** Where a saved annotation stands on the page now (from page/summary's anchors). */
export function AnchorStatusView({ report }: { report: AnchorReport }) {
  return (
    <div class={`anchor anchor-${report.status}`} data-testid="anchor-status" data-status={report.status}>
      {report.status !== 'anchored' && <span class={`badge badge-anchor-${report.status}`}>{t(STATUS_KEY[report.status])}</span>}
      {report.status === 'changed' && (
        <div class="side-by-side">
          <div class="side side-old">
            <span class="side-label">{t('savedText')}</span>
            <q class="side-text">{report.oldText}</q>
          </div>
          <div class="side side-new">
            <span class="side-label">{t('pageTextNow')}</span>
            <q class="side-text">{report.newText ?? '—'}</q>
          </div>
        </div>
      )}
      {report.status === 'orphaned' && <span class="not-found">{t('notFoundNow')}</span>}
    </div>
  );
}
