import { useEffect, useRef, useState } from 'preact/hooks';
import type { Annotation } from '../../lib/schema/annotation';
import { t } from '../../lib/i18n';
import type { PopupApi } from './api';

/** How long the popup offers Undo after a delete (the background keeps the row longer: UNDO_WINDOW_MS). */
export const UNDO_SHOW_MS = 10_000;

/**
 * Undo for a delete: `deleted(a)` after a delete succeeded shows "Deleted · Undo" for UNDO_SHOW_MS; Undo puts the
 * annotation back (annotation/undoDelete) and hands it to `restored`.
 */
export function useUndoDelete(api: Pick<PopupApi, 'send'>, restored: (a: Annotation) => void, showMs = UNDO_SHOW_MS) {
  const [last, setLast] = useState<Annotation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const deleted = (a: Annotation) => {
    clearTimeout(timer.current);
    setError(null);
    setLast(a);
    timer.current = setTimeout(() => setLast(null), showMs);
  };
  const undo = async () => {
    if (!last) return;
    clearTimeout(timer.current);
    const res = await api.send({ type: 'annotation/undoDelete', id: last.id });
    setLast(null);
    if (res.ok) restored(res.data);
    else setError(res.error);
  };
  const bar =
    last || error ? (
      <p class={error ? 'message error' : 'message ok undo'} role="status" data-testid="undo-bar">
        {error ?? (
          <>
            {t('deleted')}{' '}
            <button type="button" class="link" data-testid="undo-delete" onClick={() => void undo()}>
              {t('undo')}
            </button>
          </>
        )}
      </p>
    ) : null;
  return { deleted, bar };
}
