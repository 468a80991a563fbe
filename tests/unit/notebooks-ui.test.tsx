// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { NotebooksSection, type NotebookApi } from '../../components/options/Notebooks';
import { SyncStatus } from '../../components/popup/SyncStatus';
import { ConflictView, mergeDraft } from '../../components/popup/Conflict';
import { SavedRow } from '../../components/popup/SavedRow';
import type { NotebookSave, NotebookView, SyncState, ConnectionTest } from '../../lib/schema/notebook';
import type { Annotation } from '../../lib/schema/annotation';
import { setLanguage, t } from '../../lib/i18n';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  setLanguage('auto');
});

function mount(node: preact.ComponentChild) {
  const el = document.createElement('div');
  document.body.appendChild(el);
  render(node, el);
  cleanups.push(() => {
    render(null, el);
    el.remove();
  });
  return el;
}

const q = (root: ParentNode, sel: string) => root.querySelector(sel) as HTMLElement;
const qa = (root: ParentNode, sel: string) => [...root.querySelectorAll(sel)] as HTMLElement[];
function type(input: HTMLElement, value: string) {
  (input as HTMLInputElement).value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
const until = <T,>(f: () => T | null | undefined) => vi.waitFor(() => f() ?? Promise.reject(new Error('not yet')));

/** The background's notebook side, in memory: what was saved, what the test answers, who asked for what. */
function fakeBackground(testAnswer: ConnectionTest = { ok: true, serverVersion: 'CouchDB 3.4.2', docCount: 3 }) {
  const stored = new Map<string, NotebookSave & { password: string }>();
  const sent: { type: string; [k: string]: unknown }[] = [];
  const states: SyncState[] = [];
  const view = (n: NotebookSave & { password: string }): NotebookView => {
    const { password, ...rest } = n;
    return { ...rest, hasPassword: password.length > 0 };
  };
  const send = (async (req: { type: string; [k: string]: unknown }) => {
    sent.push(req);
    switch (req.type) {
      case 'notebook/list':
        return { ok: true, data: [...stored.values()].map(view) };
      case 'notebook/state':
        return { ok: true, data: states };
      case 'notebook/test':
        return { ok: true, data: testAnswer };
      case 'notebook/save': {
        const n = req.notebook as NotebookSave;
        const prev = stored.get(n.id);
        const full = { ...n, password: n.password ?? prev?.password ?? '' };
        stored.set(n.id, full);
        return { ok: true, data: view(full) };
      }
      case 'notebook/remove':
        return { ok: true, data: { removed: stored.delete(req.id as string) } };
      case 'notebook/syncNow':
        return { ok: true, data: states };
    }
    return { ok: false, error: `unexpected ${req.type}` };
  }) as NotebookApi['send'];
  return { send, stored, sent, states };
}

function fill(el: HTMLElement, v: { author?: string; server?: string; db?: string; username?: string; password?: string }) {
  for (const [k, val] of Object.entries(v)) type(q(el, `[data-testid="nb-${k}"]`), val!);
}

describe('options: shared notebooks', () => {
  it('adds a notebook: the origin is asked for at "Test connection" (not before), the test answer is worded, the save keeps the password out of the list', async () => {
    setLanguage('en');
    const bg = fakeBackground();
    const requestOrigin = vi.fn(async () => true);
    const el = mount(<NotebooksSection api={{ send: bg.send, requestOrigin, dropOrigin: vi.fn(async () => {}) }} />);
    (await until(() => q(el, '[data-testid="nb-add"]'))).click();
    await until(() => q(el, '[data-testid="notebook-form"]'));
    fill(el, { author: '张三', server: 'http://127.0.0.1:5984/', db: 'newsroom', username: 'alice', password: 's3cret' });
    expect(requestOrigin).not.toHaveBeenCalled();
    q(el, '[data-testid="nb-test"]').click();
    await vi.waitFor(() => expect(q(el, '[data-testid="nb-message"]')?.textContent).toBe('Connected: CouchDB 3.4.2, 3 documents'));
    expect(requestOrigin).toHaveBeenCalledWith('http://127.0.0.1:5984/');
    expect(bg.sent.find((r) => r.type === 'notebook/test')).toMatchObject({ notebook: { server: 'http://127.0.0.1:5984/', password: 's3cret', username: 'alice' } });
    q(el, '[data-testid="nb-save"]').click();
    await until(() => q(el, '[data-testid="notebook-row"]'));
    expect(bg.stored.get(q(el, '[data-testid="notebook-row"]').dataset.id!)).toMatchObject({ db: 'newsroom', password: 's3cret', author: '张三', shareByDefault: false });
    expect(el.textContent).not.toContain('s3cret');
    expect(q(el, '[data-testid="notebooks-message"]').textContent).toBe(t('notebookSaved', 'en'));
  });

  it('a refused permission sends nothing and says so', async () => {
    setLanguage('zh');
    const bg = fakeBackground();
    const el = mount(<NotebooksSection api={{ send: bg.send, requestOrigin: async () => false, dropOrigin: async () => {} }} />);
    (await until(() => q(el, '[data-testid="nb-add"]'))).click();
    fill(await until(() => q(el, '[data-testid="notebook-form"]')), { author: 'a', server: 'https://couch.example.org', db: 'newsroom', username: 'alice', password: 'x' });
    q(el, '[data-testid="nb-test"]').click();
    await vi.waitFor(() => expect(q(el, '[data-testid="nb-message"]')?.textContent).toBe(t('connPermissionDenied', 'zh')));
    q(el, '[data-testid="nb-save"]').click();
    await new Promise((r) => setTimeout(r, 20));
    expect(bg.sent.filter((r) => r.type === 'notebook/test' || r.type === 'notebook/save')).toEqual([]);
  });

  it('each failed test names what to fix, with the server\'s words', async () => {
    setLanguage('en');
    const bg = fakeBackground({ ok: false, problem: 'credentials', detail: 'HTTP 401: unauthorized: Name or password is incorrect.' });
    const el = mount(<NotebooksSection api={{ send: bg.send, requestOrigin: async () => true, dropOrigin: async () => {} }} />);
    (await until(() => q(el, '[data-testid="nb-add"]'))).click();
    fill(await until(() => q(el, '[data-testid="notebook-form"]')), { author: 'a', server: 'https://couch.example.org', db: 'newsroom', username: 'alice', password: 'x' });
    q(el, '[data-testid="nb-test"]').click();
    await vi.waitFor(() => expect(q(el, '[data-testid="nb-message"]')?.textContent).toContain(t('connCredentials', 'en')));
    expect(q(el, '[data-testid="nb-detail"]').textContent).toContain('Name or password is incorrect');
    expect(q(el, '[data-testid="nb-message"]').className).toContain('error');
  });

  it('bad fields are named before anything is asked or sent', async () => {
    setLanguage('en');
    const bg = fakeBackground();
    const requestOrigin = vi.fn(async () => true);
    const el = mount(<NotebooksSection api={{ send: bg.send, requestOrigin, dropOrigin: async () => {} }} />);
    (await until(() => q(el, '[data-testid="nb-add"]'))).click();
    fill(await until(() => q(el, '[data-testid="notebook-form"]')), { author: 'a', server: 'https://couch.example.org', db: 'News Room', username: 'alice' });
    q(el, '[data-testid="nb-test"]').click();
    await vi.waitFor(() => expect(q(el, '[data-testid="nb-message"]')?.textContent).toBe(`${t('notebookInvalid', 'en')} ${t('notebookDb', 'en')}`));
    expect(requestOrigin).not.toHaveBeenCalled();
  });

  it('editing keeps the stored password when the field is left empty; removing asks once more, then drops the origin', async () => {
    setLanguage('en');
    const bg = fakeBackground();
    bg.stored.set('nb1', { id: 'nb1', author: 'Li', server: 'https://couch.example.org/', db: 'newsroom', username: 'li', password: 'old', shareByDefault: false });
    const dropOrigin = vi.fn(async () => {});
    const el = mount(<NotebooksSection api={{ send: bg.send, requestOrigin: async () => true, dropOrigin }} />);
    (await until(() => q(el, '[data-testid="nb-edit"]'))).click();
    const form = await until(() => q(el, '[data-testid="notebook-form"]'));
    expect((q(form, '[data-testid="nb-password"]') as HTMLInputElement).placeholder).toBe(t('notebookPasswordKept', 'en'));
    q(form, '[data-testid="nb-share-default"]').click();
    q(form, '[data-testid="nb-save"]').click();
    await vi.waitFor(() => expect(bg.stored.get('nb1')).toMatchObject({ password: 'old', shareByDefault: true }));
    q(el, '[data-testid="nb-remove"]').click();
    await vi.waitFor(() => expect(q(el, '[data-testid="nb-remove"]').textContent).toBe(`${t('notebookRemove', 'en')}?`));
    expect(bg.stored.has('nb1')).toBe(true); // the first click only asks
    q(el, '[data-testid="nb-remove"]').click();
    await vi.waitFor(() => expect(bg.stored.has('nb1')).toBe(false));
    expect(dropOrigin).toHaveBeenCalledWith('https://couch.example.org/');
    await until(() => q(el, '[data-testid="notebook-none"]'));
  });
});

describe('sync state', () => {
  it('shows state, last sync, what waits to go out, conflicts and the error', () => {
    setLanguage('en');
    const el = mount(
      <SyncStatus
        names={{ nb1: 'newsroom' }}
        states={[{ notebook: 'nb1', state: 'offline', lastSyncAt: null, pending: 3, conflicts: 1, error: 'fetch failed' }]}
      />,
    );
    const line = q(el, '[data-testid="sync-line"]');
    expect(line.dataset.state).toBe('offline');
    expect(line.textContent).toBe(`newsroom: ${t('syncOffline', 'en')} · ${t('syncNever', 'en')} · 3 ${t('syncPending', 'en')} · 1 ${t('syncConflicts', 'en')} · fetch failed`);
    expect(mount(<SyncStatus names={{}} states={[]} />).textContent).toBe('');
  });
});

const base: Annotation = {
  id: 'a1',
  url: 'https://www.example.gov.cn/r.html',
  title: 'Report',
  site: 'www.example.gov.cn',
  kind: 'target',
  quote: { type: 'TextQuoteSelector', exact: '新增学位5000个', prefix: '', suffix: '' },
  position: { type: 'TextPositionSelector', start: 0, end: 8 },
  fields: { value: 5000, unit: '个', comparator: null, metric: '学位', deadline: null } as never,
  context: '',
  note: 'B version',
  tags: ['edu'],
  createdAt: '2026-12-06T10:00:00.000Z',
  updatedAt: '2026-12-06T10:05:00.000Z',
  notebooks: ['nb1'],
  author: 'Bo',
  conflict: {
    notebook: 'nb1',
    versions: [
      { rev: '2-b', author: 'Bo', note: 'B version', tags: ['edu'], updatedAt: '2026-12-06T10:05:00.000Z' },
      { rev: '2-a', author: 'Ann', note: 'A version', tags: ['school'], updatedAt: '2026-12-06T10:04:00.000Z' },
    ],
  },
};

describe('conflicts', () => {
  it('shows both versions with their authors; keeping one sends its revision', async () => {
    setLanguage('en');
    const onResolve = vi.fn(async () => null);
    const el = mount(<ConflictView a={base as Annotation & { conflict: NonNullable<Annotation['conflict']> }} onResolve={onResolve} />);
    expect(qa(el, '[data-testid="conflict-author"]').map((x) => x.textContent)).toEqual(['Bo', 'Ann']);
    expect(qa(el, '[data-testid="conflict-note"]').map((x) => x.textContent)).toEqual(['B version', 'A version']);
    qa(el, '[data-testid="conflict-keep"]')[1].click();
    await vi.waitFor(() => expect(onResolve).toHaveBeenCalledWith('a1', { rev: '2-a' }));
  });

  it('a merge starts from both notes and every tag, and sends what the reader wrote', async () => {
    expect(mergeDraft(base.conflict!)).toEqual({ note: 'B version\n\nA version', tags: ['edu', 'school'] });
    const onResolve = vi.fn(async () => null);
    const el = mount(<ConflictView a={base as Annotation & { conflict: NonNullable<Annotation['conflict']> }} onResolve={onResolve} />);
    q(el, '[data-testid="conflict-merge"]').click();
    const box = await until(() => q(el, '[data-testid="conflict-merge-note"]'));
    expect((box as HTMLTextAreaElement).value).toBe('B version\n\nA version');
    type(box, 'both, checked');
    q(el, '[data-testid="conflict-merge-save"]').click();
    await vi.waitFor(() => expect(onResolve).toHaveBeenCalledWith('a1', { merged: { note: 'both, checked', tags: ['edu', 'school'] } }));
  });

  it('a saved row names the author and the notebook, and flags the conflict', () => {
    setLanguage('en');
    const el = mount(
      <ul>
        <SavedRow a={base} notebooks={{ nb1: 'newsroom' }} onResolve={async () => null} />
      </ul>,
    );
    expect(q(el, '[data-testid="row-author"]').textContent).toBe('Bo');
    expect(q(el, '[data-testid="row-notebooks"]').textContent).toBe('newsroom');
    expect(q(el, '[data-testid="conflict-badge"]').textContent).toBe(t('conflictBadge', 'en'));
    const { conflict: _c, notebooks: _n, author: _a, ...local } = base;
    const plain = mount(
      <ul>
        <SavedRow a={local} />
      </ul>,
    );
    expect(q(plain, '[data-testid="shared-line"]')).toBeNull();
    expect(q(plain, '[data-testid="conflict"]')).toBeNull();
  });
});

describe('filters', () => {
  it('All saved asks for one author and one notebook when chosen, nothing more when not', async () => {
    const { toQuery } = await import('../../components/popup/AllSaved');
    const none = { text: '', kind: '', tag: '', year: '', site: '', author: '', notebook: '' };
    expect(toQuery(none, 50)).toEqual({ limit: 50 });
    expect(toQuery({ ...none, author: 'Bo', notebook: 'nb1' }, 50)).toEqual({ limit: 50, author: 'Bo', notebook: 'nb1' });
  });
});

describe('share a page', () => {
  it('shares every note of the page not yet in the chosen notebook, keeping the notebooks each is in', async () => {
    setLanguage('en');
    const { SharePage } = await import('../../components/popup/Share');
    const sent: { id: string; notebooks: string[] }[] = [];
    const send = (async (req: { type: string; id: string; notebooks: string[] }) => {
      sent.push({ id: req.id, notebooks: req.notebooks });
      return { ok: true, data: { ...base, id: req.id, notebooks: req.notebooks } };
    }) as never;
    const { conflict: _c, ...plain } = base;
    const rows: Annotation[] = [
      { ...plain, id: 'x1', notebooks: ['nb2'] },
      { ...plain, id: 'x2', notebooks: ['nb1'] },
      { ...plain, id: 'x3', notebooks: undefined },
    ];
    const shared: Annotation[][] = [];
    const views = [
      { id: 'nb1', db: 'newsroom', server: 'https://c.example.org/', username: 'u', author: 'A', shareByDefault: false, hasPassword: true },
      { id: 'nb2', db: 'desk', server: 'https://c.example.org/', username: 'u', author: 'A', shareByDefault: false, hasPassword: true },
    ];
    const el = mount(<SharePage api={{ send }} notebooks={views} saved={rows} onShared={(r) => shared.push(r)} />);
    expect(q(el, '[data-testid="share-page-go"]').textContent).toBe(`${t('sharePage', 'en')} (2)`);
    q(el, '[data-testid="share-page-go"]').click();
    await vi.waitFor(() => expect(q(el, '[data-testid="share-page-message"]')?.textContent).toContain(`2 ${t('sharePageDone', 'en')}`));
    expect(sent).toEqual([
      { id: 'x1', notebooks: ['nb2', 'nb1'] },
      { id: 'x3', notebooks: ['nb1'] },
    ]);
    expect(shared[0].map((a) => a.id)).toEqual(['x1', 'x3']);
  });
});
