import { useEffect, useState } from 'preact/hooks';
import type { NotebookView, SyncState } from '../../lib/schema/notebook';
import type { PopupApi } from './api';

export interface NotebooksInfo {
  list: NotebookView[];
  /** Display names by notebook id (the database name: what the team calls it). */
  names: Record<string, string>;
  states: SyncState[];
}

export const NO_NOTEBOOKS: NotebooksInfo = { list: [], names: {}, states: [] };

/** How often an open popup or options page asks for the sync state again (the state is always visible). */
export const STATE_POLL_MS = 1500;

/** The connected notebooks and their sync state, kept fresh while the page is open. */
export function useNotebooks(api: Pick<PopupApi, 'send'>, pollMs = STATE_POLL_MS): NotebooksInfo {
  const [info, setInfo] = useState<NotebooksInfo>(NO_NOTEBOOKS);
  useEffect(() => {
    let live = true;
    const load = async () => {
      const [list, states] = await Promise.all([api.send({ type: 'notebook/list' }), api.send({ type: 'notebook/state' })]);
      if (!live) return;
      const l = list.ok ? list.data : [];
      setInfo({ list: l, names: Object.fromEntries(l.map((n) => [n.id, n.db])), states: states.ok ? states.data : [] });
    };
    void load();
    const id = setInterval(() => void load(), pollMs);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [api, pollMs]);
  return info;
}
