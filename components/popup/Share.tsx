import { useState } from 'preact/hooks';
import type { Annotation } from '../../lib/schema/annotation';
import type { NotebookView } from '../../lib/schema/notebook';
import { t } from '../../lib/i18n';
import type { PopupApi } from './api';

/**
 * "Share every note on this page" in one notebook: each of the page's notes keeps the notebooks it is in and
 * gains this one. Only the reader's click shares; nothing is shared by opening the popup.
 */
export function SharePage({ api, notebooks, saved, onShared }: { api: Pick<PopupApi, 'send'>; notebooks: NotebookView[]; saved: Annotation[]; onShared: (rows: Annotation[]) => void }) {
  const [target, setTarget] = useState(notebooks[0]?.id ?? '');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const todo = saved.filter((a) => !(a.notebooks ?? []).includes(target));
  const share = async () => {
    setBusy(true);
    const done: Annotation[] = [];
    let error: string | null = null;
    for (const a of todo) {
      const r = await api.send({ type: 'annotation/share', id: a.id, notebooks: [...new Set([...(a.notebooks ?? []), target])] });
      if (r.ok) done.push(r.data);
      else error = r.error;
    }
    setBusy(false);
    onShared(done);
    setMsg(error ? { ok: false, text: error } : { ok: true, text: `${done.length} ${t('sharePageDone')}` });
  };
  return (
    <div class="share-page" data-testid="share-page">
      <select aria-label={t('shareIn')} data-testid="share-page-notebook" value={target} onChange={(e) => setTarget((e.currentTarget as HTMLSelectElement).value)}>
        {notebooks.map((n) => (
          <option key={n.id} value={n.id}>
            {t('shareIn')} {n.db}
          </option>
        ))}
      </select>{' '}
      <button type="button" data-testid="share-page-go" disabled={busy || todo.length === 0} onClick={() => void share()}>
        {t('sharePage')} ({todo.length})
      </button>
      {msg && (
        <span class={msg.ok ? 'message ok' : 'message error'} role="status" data-testid="share-page-message">
          {' '}
          {msg.text}
        </span>
      )}
    </div>
  );
}

/** One checkbox per notebook: where this annotation is shared. Unchecked everywhere: kept in this browser only. */
export function ShareChoice({ notebooks, chosen, onChange, disabled }: { notebooks: { id: string; db: string }[]; chosen: string[]; onChange: (ids: string[]) => void; disabled?: boolean }) {
  if (!notebooks.length) return null;
  return (
    <fieldset class="share-choice" data-testid="share-choice">
      <legend>{t('shareIn')}</legend>
      {notebooks.map((n) => (
        <label key={n.id} class="check">
          <input
            type="checkbox"
            data-testid="share-notebook"
            data-notebook={n.id}
            disabled={disabled}
            checked={chosen.includes(n.id)}
            onChange={(e) => {
              const on = (e.currentTarget as HTMLInputElement).checked;
              onChange(on ? [...chosen.filter((x) => x !== n.id), n.id] : chosen.filter((x) => x !== n.id));
            }}
          />
          {n.db}
        </label>
      ))}
      {chosen.length === 0 && <span class="help">{t('shareNowhere')}</span>}
    </fieldset>
  );
}
