import { useEffect, useRef, useState } from 'preact/hooks';
import { NotebookSaveSchema, type ConnectionTest, type NotebookSave, type NotebookView, type SyncState } from '../../lib/schema/notebook';
import { PROBLEM_KEY } from '../../lib/i18n/notebook';
import { t } from '../../lib/i18n';
import type { Envelope, Request, ResponseFor } from '../../lib/messages/protocol';
import { SyncStatus } from '../popup/SyncStatus';

/**
 * What the notebooks section needs from the browser: the background (messages) and the permissions API for the
 * server's origin. `requestOrigin` must be the first await of a click handler (the prompt needs the click's
 * user gesture); the origin is asked for at "Test connection" or "Save", never before.
 */
export interface NotebookApi {
  send<T extends Request>(req: T): Promise<Envelope<ResponseFor<T['type']>>>;
  requestOrigin(server: string): Promise<boolean>;
  dropOrigin(server: string): Promise<void>;
}

interface Draft {
  id: string;
  author: string;
  server: string;
  db: string;
  username: string;
  password: string;
  shareByDefault: boolean;
  /** Editing a saved notebook: an empty password keeps the stored one. */
  existing: boolean;
}

function newId(): string {
  const c = globalThis.crypto;
  return typeof c?.randomUUID === 'function' ? c.randomUUID() : `nb-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

const blank = (author = ''): Draft => ({ id: newId(), author, server: '', db: '', username: '', password: '', shareByDefault: false, existing: false });

function draftOf(n: NotebookView): Draft {
  return { id: n.id, author: n.author, server: n.server, db: n.db, username: n.username, password: '', shareByDefault: n.shareByDefault, existing: true };
}

/** The draft as notebook/save takes it, or the fields the reader has to fix. */
export function toSave(d: Draft): { ok: true; value: NotebookSave } | { ok: false; error: string } {
  const server = d.server.trim();
  const candidate = {
    id: d.id,
    author: d.author.trim(),
    server: server && !/^https?:\/\//i.test(server) ? `https://${server}` : server,
    db: d.db.trim(),
    username: d.username.trim(),
    shareByDefault: d.shareByDefault,
    ...(d.existing && d.password === '' ? {} : { password: d.password }),
  };
  const r = NotebookSaveSchema.safeParse(candidate);
  if (r.success) return { ok: true, value: r.data };
  const label: Record<string, string> = { author: t('notebookName'), server: t('notebookServer'), db: t('notebookDb'), username: t('notebookUser'), password: t('notebookPassword') };
  const fields = [...new Set(r.error.issues.map((i) => String(i.path[0] ?? '')))].map((f) => label[f] ?? f);
  return { ok: false, error: `${t('notebookInvalid')} ${fields.join(', ')}` };
}

/** The words for a test's answer: what to fix, with the server's own words after it. */
export function describeTest(r: ConnectionTest): { ok: boolean; text: string; detail?: string } {
  if (r.ok) return { ok: true, text: `${t('connOk')}: ${r.serverVersion}, ${r.docCount} ${t('connDocs')}` };
  return { ok: false, text: t(PROBLEM_KEY[r.problem]), detail: r.detail || undefined };
}

function NotebookForm({ api, draft: initial, onDone }: { api: NotebookApi; draft: Draft; onDone: (saved: boolean) => void }) {
  const [d, setD] = useState(initial);
  // What the fields hold now, also before the next render (a click right after typing reads it).
  const current = useRef(initial);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string; detail?: string } | null>(null);
  const set = (k: keyof Draft) => (e: Event) => {
    const el = e.currentTarget as HTMLInputElement;
    current.current = { ...current.current, [k]: el.type === 'checkbox' ? el.checked : el.value };
    setD(current.current);
  };

  const test = async () => {
    const v = toSave(current.current);
    if (!v.ok) return setMsg({ ok: false, text: v.error });
    // First await of the click: the permission prompt needs its user gesture.
    if (!(await api.requestOrigin(v.value.server))) return setMsg({ ok: false, text: t('connPermissionDenied') });
    setBusy('test');
    setMsg({ ok: true, text: t('notebookTesting') });
    const r = await api.send({ type: 'notebook/test', notebook: v.value });
    setBusy(null);
    setMsg(r.ok ? describeTest(r.data) : { ok: false, text: r.error });
  };

  const save = async (e: Event) => {
    e.preventDefault();
    const v = toSave(current.current);
    if (!v.ok) return setMsg({ ok: false, text: v.error });
    if (!(await api.requestOrigin(v.value.server))) return setMsg({ ok: false, text: t('connPermissionDenied') });
    setBusy('save');
    const r = await api.send({ type: 'notebook/save', notebook: v.value });
    setBusy(null);
    if (!r.ok) return setMsg({ ok: false, text: r.error });
    onDone(true);
  };

  const field = (k: 'author' | 'server' | 'db' | 'username', label: string, placeholder = '', type = 'text') => (
    <label class="field">
      <span>{label}</span>
      <input type={type} data-testid={`nb-${k}`} value={d[k]} placeholder={placeholder} autocomplete="off" onInput={set(k)} />
    </label>
  );

  return (
    <form class="notebook-form" data-testid="notebook-form" onSubmit={(e) => void save(e)}>
      {field('author', t('notebookName'), '张记者')}
      {field('server', t('notebookServer'), 'https://couch.example.org/', 'url')}
      {field('db', t('notebookDb'), 'newsroom')}
      {field('username', t('notebookUser'))}
      <label class="field">
        <span>{t('notebookPassword')}</span>
        <input
          type="password"
          data-testid="nb-password"
          value={d.password}
          autocomplete="new-password"
          placeholder={d.existing ? t('notebookPasswordKept') : ''}
          onInput={set('password')}
        />
      </label>
      <label class="check">
        <input type="checkbox" data-testid="nb-share-default" checked={d.shareByDefault} onChange={set('shareByDefault')} />
        {t('notebookShareDefault')}
      </label>
      <div class="actions">
        <button type="button" data-testid="nb-test" disabled={busy !== null} onClick={() => void test()}>
          {busy === 'test' ? t('notebookTesting') : t('notebookTest')}
        </button>
        <button type="submit" class="primary" data-testid="nb-save" disabled={busy !== null}>
          {t('notebookSave')}
        </button>
        <button type="button" data-testid="nb-cancel" disabled={busy !== null} onClick={() => onDone(false)}>
          {t('cancel')}
        </button>
      </div>
      {msg && (
        <p class={msg.ok ? 'message ok' : 'message error'} role="status" data-testid="nb-message">
          {msg.text}
          {msg.detail && <span class="detail" data-testid="nb-detail">{msg.detail}</span>}
        </p>
      )}
    </form>
  );
}

/** "Shared notebooks": the connected notebooks with their sync state; add, edit, test, remove. */
export function NotebooksSection({ api }: { api: NotebookApi }) {
  const [list, setList] = useState<NotebookView[] | null>(null);
  const [states, setStates] = useState<SyncState[]>([]);
  const [editing, setEditing] = useState<Draft | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);

  const load = async () => {
    const r = await api.send({ type: 'notebook/list' });
    if (r.ok) setList(r.data);
    else setMsg({ ok: false, text: r.error });
    const s = await api.send({ type: 'notebook/state' });
    if (s.ok) setStates(s.data);
  };
  useEffect(() => {
    void load();
    const id = setInterval(() => void api.send({ type: 'notebook/state' }).then((s) => s.ok && setStates(s.data)), 2000);
    return () => clearInterval(id);
  }, [api]);

  const remove = async (n: NotebookView) => {
    if (confirm !== n.id) return setConfirm(n.id);
    setConfirm(null);
    const r = await api.send({ type: 'notebook/remove', id: n.id });
    if (!r.ok) return setMsg({ ok: false, text: r.error });
    // The origin stays granted while another notebook (or nothing else of ours) still needs it.
    const others = (list ?? []).filter((x) => x.id !== n.id && new URL(x.server).hostname === new URL(n.server).hostname);
    if (!others.length) await api.dropOrigin(n.server);
    setMsg({ ok: true, text: t('notebookRemoved') });
    void load();
  };

  return (
    <section class="notebooks" data-testid="notebooks">
      <h2>{t('notebooksHeading')}</h2>
      <p class="help">{t('notebooksHelp')}</p>
      {list === null ? (
        <p class="empty">{t('loading')}</p>
      ) : list.length === 0 ? (
        <p class="empty" data-testid="notebook-none">{t('notebookNone')}</p>
      ) : (
        <ul class="notebook-list">
          {list.map((n) => (
            <li key={n.id} data-testid="notebook-row" data-id={n.id}>
              <div class="nb-head">
                <strong>{n.db}</strong> <span class="nb-server">{n.server}</span> · {n.username} · {n.author}
                {n.shareByDefault && <span class="nb-default"> · {t('notebookShareDefault')}</span>}
              </div>
              <SyncStatus states={states.filter((s) => s.notebook === n.id)} names={{ [n.id]: n.db }} />
              <div class="actions">
                <button type="button" class="link" data-testid="nb-edit" onClick={() => setEditing(draftOf(n))}>
                  {t('notebookEdit')}
                </button>
                <button type="button" class={confirm === n.id ? 'link danger' : 'link'} data-testid="nb-remove" onClick={() => void remove(n)}>
                  {confirm === n.id ? `${t('notebookRemove')}?` : t('notebookRemove')}
                </button>
                <button type="button" class="link" data-testid="nb-sync" onClick={() => void api.send({ type: 'notebook/syncNow', id: n.id }).then(load)}>
                  {t('syncNow')}
                </button>
              </div>
              {confirm === n.id && <p class="help">{t('notebookRemoveConfirm')}</p>}
            </li>
          ))}
        </ul>
      )}
      {editing ? (
        <NotebookForm
          key={editing.id}
          api={api}
          draft={editing}
          onDone={(saved) => {
            setEditing(null);
            if (saved) setMsg({ ok: true, text: t('notebookSaved') });
            void load();
          }}
        />
      ) : (
        <button type="button" data-testid="nb-add" onClick={() => setEditing(blank(list?.[0]?.author ?? ''))}>
          {t('notebookAdd')}
        </button>
      )}
      {msg && (
        <p class={msg.ok ? 'message ok' : 'message error'} role="status" data-testid="notebooks-message">
          {msg.text}
        </p>
      )}
    </section>
  );
}
