import { useState } from 'preact/hooks';
import type { Annotation } from '../../lib/schema/annotation';
import { clauseFragmentUrl } from '../../lib/export/textFragment';
import { t, type MessageKey } from '../../lib/i18n';
import { safeHref } from '../../lib/util/url';
import { formatFigure } from '../../lib/util/figure';
import type { AnchorReport } from '../../lib/schema/changes';
import { AnchorStatusView } from './evidence';
import type { ConflictChoice } from '../../lib/schema/notebook';
import { ConflictView } from './Conflict';

export const KIND_KEY: Record<Annotation['kind'], MessageKey> = {
  target: 'kindTarget',
  reported: 'kindReported',
  commitment: 'kindCommitment',
  selection: 'kindSelection',
};

/** "≥ 5370个 · 公办学位 · 2025" — the parsed fields in one short line, the figure as the report wrote it. */
export function fieldSummary(a: Annotation): string {
  const f = a.fields;
  const parts: string[] = [];
  const figure = formatFigure(f, a.kind === 'selection' ? undefined : a.quote.exact);
  if (figure !== null) parts.push(figure);
  if (f.metric) parts.push(f.metric);
  if (f.deadline !== null) parts.push(String(f.deadline));
  return parts.join(' · ');
}

export interface SavedRowProps {
  a: Annotation;
  onUpdate?: (id: string, change: { note: string; tags: string[] }) => Promise<string | null>;
  onDelete?: (id: string) => Promise<string | null>;
  /** Where the annotation stands on the open page now (This page tab only). */
  anchor?: AnchorReport;
  /** The snapshot page of the version it was made on, when a snapshot of its page exists. */
  snapshotHref?: string;
  /** Copies the row's citation to the clipboard. */
  onCite?: (a: Annotation) => Promise<void>;
  /** Names of the connected notebooks by id (a shared row says where it is shared). */
  notebooks?: Record<string, string>;
  /** Settles a conflict (annotation/resolveConflict); answers an error to show, or null. */
  onResolve?: (id: string, choice: ConflictChoice) => Promise<string | null>;
}

/** "张三 · newsroom": who wrote a shared annotation and where it is shared; empty for one kept here only. */
export function sharingLine(a: Annotation, notebooks: Record<string, string> = {}): { author: string | null; notebooks: string[] } {
  const where = (a.notebooks ?? []).map((id) => notebooks[id] ?? id);
  return { author: a.author ?? null, notebooks: where };
}

/** One saved annotation. All page text goes in as Preact text nodes, never as HTML. */
export function SavedRow({ a, onUpdate, onDelete, anchor, snapshotHref, onCite, notebooks, onResolve }: SavedRowProps) {
  const [cited, setCited] = useState(false);
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState(a.note);
  const [tags, setTags] = useState(a.tags.join(', '));
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const href = safeHref(clauseFragmentUrl(a.url, a.context, a.quote));
  const summary = fieldSummary(a);
  const shared = sharingLine(a, notebooks);
  const conflict = a.conflict;

  const save = async () => {
    if (!onUpdate) return;
    const err = await onUpdate(a.id, { note, tags: tags.split(/[,，、]/).map((s) => s.trim()).filter(Boolean) });
    setError(err);
    if (!err) setEditing(false);
  };
  const remove = async () => {
    if (!confirming) {
      setConfirming(true);
      return;
    }
    if (onDelete) setError(await onDelete(a.id));
  };

  return (
    <li class={`saved-row kind-${a.kind}${anchor ? ` anchor-${anchor.status}` : ''}`} data-testid="saved-row" data-id={a.id}>
      <div class="row-head">
        <span class={`badge badge-${a.kind}`}>{t(KIND_KEY[a.kind])}</span>
        {conflict && (
          <span class="badge badge-conflict" data-testid="conflict-badge">
            {t('conflictBadge')}
          </span>
        )}
        {href ? (
          <a class="quote" href={href} target="_blank" rel="noopener noreferrer" title={a.context || a.quote.exact}>
            {a.quote.exact}
          </a>
        ) : (
          <span class="quote">{a.quote.exact}</span>
        )}
      </div>
      {summary && <div class="fields">{summary}</div>}
      {(shared.author || shared.notebooks.length > 0) && (
        <div class="shared" data-testid="shared-line">
          {shared.author && (
            <span class="author" data-testid="row-author" title={t('author')}>
              {shared.author}
            </span>
          )}
          {shared.author && shared.notebooks.length > 0 && ' · '}
          {shared.notebooks.length > 0 && (
            <span class="notebook" data-testid="row-notebooks" title={t('notebook')}>
              {shared.notebooks.join(', ')}
            </span>
          )}
        </div>
      )}
      {conflict && onResolve && <ConflictView a={{ ...a, conflict }} onResolve={onResolve} />}
      {anchor && <AnchorStatusView report={anchor} />}
      {snapshotHref && (
        <a class="open-snapshot" href={snapshotHref} target="_blank" rel="noopener" data-testid="open-snapshot">
          {t('openSnapshot')}
        </a>
      )}
      {editing ? (
        <div class="edit">
          <label>
            {t('note')}
            <textarea value={note} rows={3} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
          </label>
          <label>
            {t('tags')}
            <input type="text" value={tags} onInput={(e) => setTags((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <div class="actions">
            <button type="button" class="primary" onClick={save}>
              {t('save')}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      ) : (
        <>
          {a.note && <p class="note" data-testid="saved-note">{a.note}</p>}
          <div class="row-foot">
            {a.tags.map((tag) => (
              <span class="tag" key={tag}>
                {tag}
              </span>
            ))}
            <span class="date">{a.createdAt.slice(0, 10)}</span>
            {onCite && (
              <button type="button" class="link" data-testid="copy-citation" onClick={() => void onCite(a).then(() => setCited(true), (e: unknown) => setError(String(e)))}>
                {cited ? t('citationCopied') : t('copyCitation')}
              </button>
            )}
            {onUpdate && (
              <button type="button" class="link" onClick={() => setEditing(true)}>
                {t('edit')}
              </button>
            )}
            {onDelete && (
              <button type="button" class={confirming ? 'link danger' : 'link'} onClick={remove} data-testid="delete-saved">
                {confirming ? `${t('delete')}?` : t('delete')}
              </button>
            )}
          </div>
        </>
      )}
      {error && <p class="error">{error}</p>}
    </li>
  );
}
