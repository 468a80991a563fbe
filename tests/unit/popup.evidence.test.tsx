// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountInto } from '../helpers/mount';
import { PopupApp } from '../../components/popup/App';
import { OptionsApp, type OptionsApi } from '../../components/options/OptionsApp';
import { versionFor, snapshotPageHref } from '../../components/popup/evidence';
import type { PopupApi, ActiveTab } from '../../components/popup/api';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { handleMessage, type HandlerDeps } from '../../lib/messages/handler';
import { sendMessage, sendToTab } from '../../lib/messages/client';
import type { TabRequest, PageSummary } from '../../lib/messages/tab';
import type { Annotation } from '../../lib/schema/annotation';
import type { ExportFile } from '../../lib/export';
import { t } from '../../lib/i18n';
import { newAnnotation } from './store.fixtures';
import { V1, V2, item, items1, items2 } from './store.snapshot-fixtures';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const mount = (vnode: preact.ComponentChild): HTMLElement => mountInto(cleanups, vnode);

let clock = Date.UTC(2026, 10, 1);
function freshDeps(): HandlerDeps & { db: PledgemarkDB } {
  const db = new PledgemarkDB(`popup-evidence-${Math.random()}`);
  cleanups.push(() => db.close());
  const now = () => new Date((clock += 60_000));
  return { db, repo: new AnnotationRepository(db, now), snapshots: new SnapshotRepository(db, now), now };
}

const URL1 = 'http://www.example.gov.cn/jyj/2020/report.html';
const q = (root: ParentNode, id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const qa = (root: ParentNode, id: string) => [...root.querySelectorAll(`[data-testid="${id}"]`)] as HTMLElement[];

function testApi(deps: HandlerDeps, tab: ActiveTab | null, summary: PageSummary | null): PopupApi & { downloads: ExportFile[] } {
  const downloads: ExportFile[] = [];
  return {
    downloads,
    openPage: () => undefined,
    copy: async () => undefined,
    send: (req) => sendMessage(req, (m) => handleMessage(m, deps)),
    toTab: (id, req) =>
      sendToTab(id, req, async (m) => {
        const r = m as TabRequest;
        if (!summary) throw new Error('Receiving end does not exist.');
        return r.type === 'page/summary' ? { ok: true, data: summary } : { ok: false, error: 'no' };
      }),
    activeTab: async () => tab,
    inject: vi.fn(async () => ({ ok: true as const, data: null })),
    requestHostPermission: vi.fn(async () => true),
    download: (f) => {
      downloads.push(f);
    },
  };
}

async function save(deps: HandlerDeps, over: Parameters<typeof newAnnotation>[0], snapshot?: { text: string; items: ReturnType<typeof items1> }): Promise<Annotation> {
  const r = await handleMessage(
    { type: 'annotation/save', annotation: newAnnotation({ url: URL1, ...over }), ...(snapshot ? { snapshot: { title: '要点', ...snapshot } } : {}) },
    deps,
  );
  if (!r.ok) throw new Error(r.error);
  return r.data as Annotation;
}

/** Three annotations saved on version 1; the page has since changed (version 2). */
async function changedPage() {
  const deps = freshDeps();
  const a1 = await save(deps, { quote: { type: 'TextQuoteSelector', exact: '学前教育毛入园率达到95%以上', prefix: '', suffix: '' } }, { text: V1, items: items1() });
  const a2 = await save(deps, { quote: { type: 'TextQuoteSelector', exact: '新增公办学位5370个', prefix: '', suffix: '' } });
  const a3 = await save(deps, { quote: { type: 'TextQuoteSelector', exact: '建成义务教育学校12所<img src=x onerror=alert(1)>', prefix: '', suffix: '' } });
  const r = await handleMessage({ type: 'snapshot/save', url: URL1, title: '要点', text: V2, items: items2() }, deps);
  expect(r).toMatchObject({ ok: true, data: { stored: true, version: 2 } });
  const summary: PageSummary = {
    url: URL1,
    title: '要点',
    detected: true,
    counts: { target: 3, reported: 1, commitment: 0 },
    items: [],
    pageChanged: true,
    anchors: [
      { id: a1.id, status: 'anchored', method: 'position', oldText: a1.quote.exact, newText: a1.quote.exact },
      { id: a2.id, status: 'changed', method: 'fuzzy', oldText: '新增公办学位5370个', newText: '新增公办学位5000个' },
      { id: a3.id, status: 'orphaned', method: null, oldText: a3.quote.exact, newText: null },
    ],
  };
  return { deps, a1, a2, a3, summary };
}

describe('popup: a page that changed since it was saved', () => {
  it('shows the banner with each change (kind, metric, old → new, both quotes) and each annotation\'s status with its saved version', async () => {
    const { deps, a1, a2, a3, summary } = await changedPage();
    const root = mount(<PopupApp api={testApi(deps, { id: 3, url: `${URL1}#top`, title: '要点' }, summary)} />);
    await vi.waitFor(() => expect(qa(root, 'change-entry')).toHaveLength(3));
    const banner = q(root, 'page-changed-banner')!;
    expect(banner.textContent).toContain(t('pageChanged'));
    const [altered, removed, added] = qa(root, 'change-entry');
    expect(altered.dataset.change).toBe('altered');
    expect(altered.textContent).toContain('公办学位');
    expect(qa(altered, 'field-change').map((x) => x.textContent)).toEqual([`${t('fieldValue')}: 5370 → 5000`, `${t('fieldDeadline')}: 2020 → 2021`]);
    expect(q(altered, 'change-old')!.textContent).toContain('新增公办学位5370个');
    expect(q(altered, 'change-new')!.textContent).toContain('新增公办学位5000个');
    expect(removed.dataset.change).toBe('removed');
    expect(q(removed, 'change-new')!.textContent).toContain('—');
    expect(added.dataset.change).toBe('added');
    expect(q(added, 'change-new')!.textContent).toContain('新建普惠性幼儿园8所');
    // Links to both versions of the page.
    expect(qa(banner, 'open-version').map((a) => a.getAttribute('href'))).toEqual([snapshotPageHref(URL1, 1), snapshotPageHref(URL1, 2)]);

    await vi.waitFor(() => expect(qa(root, 'anchor-status')).toHaveLength(3));
    const row = (id: string) => root.querySelector(`[data-testid="saved-row"][data-id="${id}"]`) as HTMLElement;
    expect(q(row(a1.id), 'anchor-status')!.dataset.status).toBe('anchored');
    expect(q(row(a2.id), 'anchor-status')!.dataset.status).toBe('changed');
    expect(q(row(a2.id), 'anchor-status')!.textContent).toContain('新增公办学位5370个');
    expect(q(row(a2.id), 'anchor-status')!.textContent).toContain('新增公办学位5000个');
    const orphan = q(row(a3.id), 'anchor-status')!;
    expect(orphan.dataset.status).toBe('orphaned');
    expect(orphan.textContent).toContain(t('notFoundNow'));
    // All three were made on version 1; each row links to it.
    await vi.waitFor(() => expect(qa(root, 'open-snapshot')).toHaveLength(3));
    const href = q(row(a3.id), 'open-snapshot')!.getAttribute('href')!;
    // … and opens the snapshot at the note.
    expect(href).toBe(`/snapshot.html?url=${encodeURIComponent(URL1)}&version=1&note=${a3.id}`);
    // Page text is text, never markup.
    expect(root.querySelector('img')).toBeNull();
    expect(row(a3.id).textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('compares from the version the notes were made on to the latest, not just the last two versions', async () => {
    const { deps, summary } = await changedPage();
    // A third version whose extraction differs (a commitment added; an unchanged extraction makes no version).
    const V3 = `${V2}\n附件：名单。力争创建省级示范性高中`;
    const items3 = [...items2(), item(V3, '力争创建省级示范性高中', 'commitment', { strength: 'aspirational' })];
    expect(await handleMessage({ type: 'snapshot/save', url: URL1, title: '要点', text: V3, items: items3 }, deps)).toMatchObject({ ok: true, data: { version: 3 } });
    const root = mount(<PopupApp api={testApi(deps, { id: 3, url: URL1, title: '要点' }, summary)} />);
    await vi.waitFor(() => expect(qa(root, 'change-entry')).toHaveLength(3));
    const banner = q(root, 'page-changed-banner')!;
    expect(qa(banner, 'open-version').map((a) => a.textContent)).toEqual(['v1', 'v3']);
    expect(qa(root, 'change-entry')[0].textContent).toContain('5370');
  });

  it('shows no banner when the page has one version and the summary does not say it changed', async () => {
    const deps = freshDeps();
    await save(deps, {}, { text: V1, items: items1() });
    const summary: PageSummary = { url: URL1, title: '要点', detected: true, counts: { target: 1, reported: 0, commitment: 0 }, items: [], pageChanged: false };
    const root = mount(<PopupApp api={testApi(deps, { id: 3, url: URL1, title: '要点' }, summary)} />);
    await vi.waitFor(() => expect(qa(root, 'open-snapshot')).toHaveLength(1));
    expect(q(root, 'page-changed-banner')).toBeNull();
    expect(qa(root, 'anchor-status')).toHaveLength(0);
  });

  it('shows the banner when the summary says the page changed, even with no figure changes yet', async () => {
    const deps = freshDeps();
    await save(deps, {}, { text: V1, items: items1() });
    const text = `${V1}\n确保安全事故零发生`;
    const items = [...items1(), item(text, '确保安全事故零发生', 'commitment', { strength: 'binding' })];
    expect(await handleMessage({ type: 'snapshot/save', url: URL1, title: '要点', text, items }, deps)).toMatchObject({ ok: true, data: { stored: true } });
    const summary: PageSummary = { url: URL1, title: '要点', detected: true, counts: { target: 1, reported: 0, commitment: 0 }, items: [], pageChanged: true };
    const root = mount(<PopupApp api={testApi(deps, { id: 3, url: URL1, title: '要点' }, summary)} />);
    await vi.waitFor(() => expect(q(root, 'page-changed-banner')?.textContent).toContain(t('noFigureChanges')));
    expect(qa(root, 'change-entry')).toHaveLength(0);
  });

  it('shows no change banner once the site has restored the text the notes were made on, and says it is restored', async () => {
    const deps = freshDeps();
    await save(deps, {}, { text: V1, items: items1() });
    const edited = `${V1}\n确保安全事故零发生`;
    const editedItems = [...items1(), item(edited, '确保安全事故零发生', 'commitment', { strength: 'binding' })];
    expect(await handleMessage({ type: 'snapshot/save', url: URL1, title: '要点', text: edited, items: editedItems }, deps)).toMatchObject({ ok: true, data: { stored: true } });
    expect(await handleMessage({ type: 'snapshot/save', url: URL1, title: '要点', text: V1, items: items1() }, deps)).toMatchObject({ ok: true, data: { stored: true } });
    const summary: PageSummary = { url: URL1, title: '要点', detected: true, counts: { target: 1, reported: 0, commitment: 0 }, items: [], pageChanged: true };
    const root = mount(<PopupApp api={testApi(deps, { id: 3, url: URL1, title: '要点' }, summary)} />);
    await vi.waitFor(() => expect(q(root, 'page-restored')?.textContent).toContain('v1 = v3'));
    expect(q(root, 'page-changed-banner')).toBeNull();
  });

  it('All saved: rows of pages with a snapshot link to their version, others do not', async () => {
    const { deps } = await changedPage();
    // Made after version 2 was captured: links to version 2.
    const late = await save(deps, { quote: { type: 'TextQuoteSelector', exact: '新建普惠性幼儿园8所', prefix: '', suffix: '' } });
    const other = await save(deps, { url: 'http://www.example.gov.cn/other.html' });
    const root = mount(<PopupApp api={testApi(deps, null, null)} initialTab="all" />);
    await vi.waitFor(() => expect(qa(root, 'saved-row')).toHaveLength(5));
    await vi.waitFor(() => expect(qa(root, 'open-snapshot')).toHaveLength(4));
    const row = (id: string) => root.querySelector(`[data-testid="saved-row"][data-id="${id}"]`) as HTMLElement;
    expect(q(row(other.id), 'open-snapshot')).toBeNull();
    expect(q(row(late.id), 'open-snapshot')!.getAttribute('href')).toBe(snapshotPageHref(URL1, 2, late.id));
  });
});

describe('versionFor', () => {
  const vs = [
    { version: 1, capturedAt: '2026-01-01T00:00:10.000Z' },
    { version: 2, capturedAt: '2026-02-01T00:00:00.000Z' },
    { version: 3, capturedAt: '2026-03-01T08:00:00.000+08:00' },
  ];
  it('picks the latest version captured at or before the annotation, else the first', () => {
    expect(versionFor({ createdAt: '2026-01-01T00:00:00.000Z' }, vs)).toBe(1);
    expect(versionFor({ createdAt: '2026-02-01T00:00:00.000Z' }, vs)).toBe(2);
    expect(versionFor({ createdAt: '2026-03-01T00:00:00.000Z' }, vs)).toBe(3);
    expect(versionFor({ createdAt: '2026-02-28T23:59:59.000Z' }, vs)).toBe(2);
    expect(versionFor({ createdAt: '2026-02-28T23:59:59.000Z' }, [])).toBeNull();
  });
});

describe('options: Backup & restore', () => {
  function setup(deps: HandlerDeps & { db: PledgemarkDB }) {
    const downloads: ExportFile[] = [];
    const api: OptionsApi = {
      send: (req) => sendMessage(req, (m) => handleMessage(m, deps)),
      requestHostPermission: vi.fn(async () => true),
      download: (f) => void downloads.push(f),
    };
    const el = mount(<OptionsApp api={api} />);
    return { el, downloads };
  }
  function chooseFile(input: HTMLElement, content: string, name = 'backup.json') {
    const file = new File([content], name, { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }
  const dump = async (db: PledgemarkDB) => ({
    a: await db.annotations.orderBy('id').toArray(),
    s: await db.snapshots.toArray(),
    st: await db.settings.toArray(),
  });

  it('downloads one backup file; restoring it (after confirming) into another database gives the same records', async () => {
    const { deps } = await changedPage();
    await deps.repo.setSettings({ autoHighlight: false });
    const { el, downloads } = setup(deps);
    await vi.waitFor(() => expect(q(el, 'backup-download')).not.toBeNull());
    q(el, 'backup-download')!.click();
    await vi.waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0].filename).toMatch(/^pledgemark-backup-\d{4}-\d{2}-\d{2}\.json$/);

    const other = freshDeps();
    await other.repo.importMany([]);
    const target = setup(other);
    await vi.waitFor(() => expect(q(target.el, 'backup-file')).not.toBeNull());
    chooseFile(q(target.el, 'backup-file')!, downloads[0].content);
    await vi.waitFor(() => expect(q(target.el, 'backup-confirm')).not.toBeNull());
    expect(await other.db.annotations.count()).toBe(0); // nothing before confirming
    q(target.el, 'backup-confirm')!.click();
    await vi.waitFor(() => expect(q(target.el, 'backup-message')?.textContent).toBe(`${t('restored')}: 3 ${t('annotationsCount')}, 2 ${t('snapshotsCount')}, 1 ${t('settingsCount')}`));
    expect(await dump(other.db)).toEqual(await dump(deps.db));
    // The settings shown are re-read after the restore.
    await vi.waitFor(() => expect((q(target.el, 'auto-highlight') as HTMLInputElement).checked).toBe(false));
  });

  it('a corrupted backup: the exact error is shown and nothing changes; cancel does nothing', async () => {
    const { deps } = await changedPage();
    const before = await dump(deps.db);
    const { el } = setup(deps);
    await vi.waitFor(() => expect(q(el, 'backup-file')).not.toBeNull());
    chooseFile(q(el, 'backup-file')!, '{"format":"pledgemark-backup","version":1,"exportedAt":"2026-01-01T00:00:00Z","annotations":[{"id":""}],"snapshots":[],"settings":{}}');
    await vi.waitFor(() => expect(q(el, 'backup-confirm')).not.toBeNull());
    q(el, 'backup-cancel')!.click();
    await vi.waitFor(() => expect(q(el, 'backup-confirm')).toBeNull());
    chooseFile(q(el, 'backup-file')!, '{"format":"pledgemark-backup","version":1,"exportedAt":"2026-01-01T00:00:00Z","annotations":[{"id":""}],"snapshots":[],"settings":{}}');
    await vi.waitFor(() => expect(q(el, 'backup-confirm')).not.toBeNull());
    q(el, 'backup-confirm')!.click();
    await vi.waitFor(() => expect(q(el, 'backup-message')).not.toBeNull());
    const text = q(el, 'backup-message')!.textContent!;
    expect(text).toMatch(/^Backup rejected, nothing was changed: annotations\[0\]\.id: /);
    expect(q(el, 'backup-message')!.className).toContain('error');
    expect(await dump(deps.db)).toEqual(before);
  });
});
