import { useRef, useState } from 'preact/hooks';
import type { Annotation, AnnotationConflict } from '../../lib/schema/annotation';
import type { ConflictChoice } from '../../lib/schema/notebook';
import { t } from '../../lib/i18n';
import { shortTime } from './SyncStatus';

/** The merge a reader starts from: each version's note once (in the order shown), every tag once. */
export function mergeDraft(conflict: AnnotationConflict): { note: string; tags: string[] } {
  const notes: string[] = [];
  for (const v of conflict.versions) if (v.note.trim() && !notes.includes(v.note.trim())) notes.push(v.note.trim());
  return { note: notes.join('\n\n'), tags: [...new Set(conflict.versions.flatMap((v) => v.tags))] };
}

/**
 * A note changed in two places at once: every competing version side by side, with its author and time; the reader
 * keeps one or writes a merge. Nothing is dropped before that choice (the store keeps all versions).
 */
export function ConflictView({ a, onResolve }: { a: Annotation & { conflict: AnnotationConflict }; onResolve: (id: string, choice: ConflictChoice) => Promise<string | null> }) {
  const [merging, setMergingState] = useState<{ note: string; tags: string } | null>(null);
  // The merge as typed, also before the next render (a click right after typing reads it).
  const typed = useRef<{ note: string; tags: string } | null>(null);
  const setMerging = (m: { note: string; tags: string }) => {
    typed.current = m;
    setMergingState(m);
  };
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resolve = async (choice: ConflictChoice) => {
    setBusy(true);
    const err = await onResolve(a.id, choice);
    setBusy(false);
    setError(err);
  };
  return (
    <div class="conflict" data-testid="conflict" role="group" aria-label={t('conflictTitle')}>
      <strong>{t('conflictTitle')}</strong>
      <p class="help">{t('conflictHelp')}</p>
      <ol class="conflict-versions">
        {a.conflict.versions.map((v) => (
          <li key={v.rev} data-testid="conflict-version" data-rev={v.rev}>
            <div class="conflict-meta">
              <span class="author" data-testid="conflict-author">
                {v.author ?? t('me')}
              </span>{' '}
              <span class="date">{shortTime(v.updatedAt)}</span>
            </div>
            <p class="note" data-testid="conflict-note">
              {v.note || '—'}
            </p>
            {v.tags.length > 0 && <div class="row-foot">{v.tags.map((tag) => <span class="tag" key={tag}>{tag}</span>)}</div>}
            <button type="button" data-testid="conflict-keep" disabled={busy} onClick={() => void resolve({ rev: v.rev })}>
              {t('conflictKeep')}
            </button>
          </li>
        ))}
      </ol>
      {merging ? (
        <div class="edit">
          <label>
            {t('note')}
            <textarea data-testid="conflict-merge-note" rows={4} value={merging.note} onInput={(e) => setMerging({ ...typed.current!, note: (e.currentTarget as HTMLTextAreaElement).value })} />
          </label>
          <label>
            {t('tags')}
            <input type="text" value={merging.tags} onInput={(e) => setMerging({ ...typed.current!, tags: (e.currentTarget as HTMLInputElement).value })} />
          </label>
          <button
            type="button"
            class="primary"
            data-testid="conflict-merge-save"
            disabled={busy}
            onClick={() => {
              const m = typed.current ?? merging;
              void resolve({ merged: { note: m.note, tags: m.tags.split(/[,，、]/).map((s) => s.trim()).filter(Boolean) } });
            }}
          >
            {t('conflictMergeSave')}
          </button>
        </div>
      ) : (
        <button
          type="button"
          data-testid="conflict-merge"
          disabled={busy}
          onClick={() => {
            const d = mergeDraft(a.conflict);
            setMerging({ note: d.note, tags: d.tags.join(', ') });
          }}
        >
          {t('conflictMerge')}
        </button>
      )}
      {error && <p class="error">{error}</p>}
    </div>
  );
}
