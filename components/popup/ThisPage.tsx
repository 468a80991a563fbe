import { useCite } from './cite';
import { useEffect, useState } from 'preact/hooks';
import type { Annotation } from '../../lib/schema/annotation';
import { ItemKind } from '../../lib/schema/item';
import type { Settings } from '../../lib/schema/settings';
import type { PageSummary } from '../../lib/messages/tab';
import { isGovCn, isSiteEnabled, withSiteEnabled } from '../../lib/settings/sites';
import { t } from '../../lib/i18n';
import type { ActiveTab, PopupApi } from './api';
import { hostOf } from '../../lib/util/url';
import { KIND_KEY, SavedRow } from './SavedRow';
import { useUndoDelete } from './UndoDelete';
import type { PageChanges } from '../../lib/schema/changes';
import { NO_NOTEBOOKS, type NotebooksInfo } from './notebooks';
import { SharePage } from './Share';
import type { ConflictChoice } from '../../lib/schema/notebook';
import { TrackerBar } from './Tracker';
import { ChangedBanner, snapshotHrefFor, snapshotPageHref, versionFor, type VersionInfo } from './evidence';

const ITEMS_STEP = 200;

export function ThisPage({ api, nb = NO_NOTEBOOKS }: { api: PopupApi; nb?: NotebooksInfo }) {
  const cite = useCite(api);
  const [tab, setTab] = useState<ActiveTab | null | undefined>(undefined);
  const [summary, setSummary] = useState<PageSummary | null>(null);
  const [saved, setSaved] = useState<Annotation[]>([]);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [running, setRunning] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [shownItems, setShownItems] = useState(ITEMS_STEP);
  /** Which kind the page list shows: the targets first (what a reporter checks), any other by its count tile. */
  const [kindFilter, setKindFilter] = useState<ItemKind | 'all' | null>(null);
  const [changes, setChanges] = useState<PageChanges | null>(null);
  const [versions, setVersions] = useState<Record<string, VersionInfo[]>>({});

  useEffect(() => {
    let live = true;
    void (async () => {
      const active = await api.activeTab().catch(() => null);
      if (!live) return;
      setTab(active);
      if (!active) return;
      const [sum, page, st] = await Promise.all([
        api.toTab(active.id, { type: 'page/summary' }),
        api.send({ type: 'annotation/forPage', url: active.url }),
        api.send({ type: 'settings/get' }),
      ]);
      if (!live) return;
      if (sum.ok) setSummary(sum.data);
      if (page.ok) setSaved(page.data);
      else setMessage(page.error);
      if (st.ok) setSettings(st.data);
    })();
    return () => {
      live = false;
    };
  }, [api]);

  // The page's stored versions and its change log (again when the page reports a new version).
  const tabUrl = tab?.url;
  const pageChanged = summary?.pageChanged ?? false;
  const savedKey = saved.map((a) => a.createdAt).sort().join(' ');
  useEffect(() => {
    if (!tabUrl || !/^https?:/.test(tabUrl)) return;
    let live = true;
    void (async () => {
      const vs = await api.send({ type: 'snapshot/versions', urls: [tabUrl] });
      if (!live) return;
      const all = vs.ok ? vs.data.versions : {};
      setVersions(all);
      // "Since you saved it": from the earliest version the page's notes were made on to the latest.
      const list = Object.values(all)[0] ?? [];
      const latest = list.length ? list[list.length - 1].version : null;
      const made = saved.map((a) => versionFor(a, list)).filter((v): v is number => v !== null);
      const from = made.length ? Math.min(...made) : null;
      const ch = await api.send(
        latest !== null && from !== null && from < latest ? { type: 'page/changes', url: tabUrl, from, to: latest } : { type: 'page/changes', url: tabUrl },
      );
      if (live && ch.ok) setChanges(ch.data);
    })();
    return () => {
      live = false;
    };
  }, [api, tabUrl, pageChanged, savedKey]);

  if (tab === undefined) return <p class="empty">{t('loading')}</p>;
  if (tab === null) return <p class="empty">{t('cannotRunHere')}</p>;

  const host = hostOf(tab.url);
  const webPage = /^https?:/.test(tab.url);
  const detected = summary?.detected ?? false;

  const run = async () => {
    setRunning(true);
    setMessage(null);
    try {
      if (!summary) {
        const injected = await api.inject(tab);
        if (!injected.ok) {
          setMessage(`${t('cannotRunHere')} ${injected.error}`);
          return;
        }
      }
      const res = await api.toTab(tab.id, { type: 'page/run' });
      if (res.ok) setSummary(res.data);
      else setMessage(res.error);
    } finally {
      setRunning(false);
    }
  };

  const toggleSite = async (on: boolean) => {
    if (!settings) return;
    setMessage(null);
    // The permission prompt must come first, while the click still counts as a user gesture.
    if (on && !isGovCn(host) && !(await api.requestHostPermission(host))) {
      setMessage(t('permissionDenied'));
      return;
    }
    const next = withSiteEnabled(settings, host, on);
    const res = await api.send({ type: 'settings/set', settings: { enabledSites: next.enabledSites, disabledSites: next.disabledSites } });
    if (res.ok) setSettings(res.data);
    else setMessage(res.error);
  };

  const onUpdate = async (id: string, change: { note: string; tags: string[] }) => {
    const res = await api.send({ type: 'annotation/update', id, ...change });
    if (!res.ok) return res.error;
    setSaved((s) => s.map((a) => (a.id === id ? res.data : a)));
    return null;
  };
  const onResolve = async (id: string, choice: ConflictChoice) => {
    const res = await api.send({ type: 'annotation/resolveConflict', id, choice });
    if (!res.ok) return res.error;
    setSaved((s) => s.map((a) => (a.id === id ? res.data : a)));
    return null;
  };
  const undo = useUndoDelete(api, (a) => setSaved((s) => [...s.filter((x) => x.id !== a.id), a].sort((x, y) => x.position.start - y.position.start)));
  const onDelete = async (id: string) => {
    const gone = saved.find((a) => a.id === id);
    const res = await api.send({ type: 'annotation/delete', id });
    if (!res.ok) return res.error;
    setSaved((s) => s.filter((a) => a.id !== id));
    if (gone && res.data.deleted) undo.deleted(gone);
    return null;
  };

  const counts = summary?.counts;
  const anchors = new Map((summary?.anchors ?? []).map((r) => [r.id, r]));
  // A page whose text is again what the notes were made on has not changed for the reader, whatever it did between.
  const restored = changes?.sameText === true;
  const showChanged = !restored && (pageChanged || (changes?.entries.length ?? 0) > 0);
  const versionLinks =
    changes && changes.fromVersion !== null && changes.toVersion !== null
      ? [changes.fromVersion, changes.toVersion].map((v) => ({ version: v, href: snapshotPageHref(changes.url, v) }))
      : undefined;
  // The page list: targets in page order by default (or all items when the page has no targets).
  const shownKind = kindFilter ?? (counts && counts.target === 0 ? 'all' : 'target');
  const listed = (summary?.items ?? []).map((it, i) => ({ it, i })).filter(({ it }) => shownKind === 'all' || it.kind === shownKind);

  return (
    <div class="this-page">
      <p class="page-title" title={tab.url}>
        {tab.title || tab.url}
      </p>
      <div class="counts">
        {ItemKind.options.map((k) => (
          <button
            type="button"
            class={`count count-${k}${shownKind === k ? ' active' : ''}`}
            key={k}
            aria-pressed={shownKind === k}
            title={t('showKind')}
            onClick={() => {
              setKindFilter(shownKind === k ? 'all' : k);
              setShownItems(ITEMS_STEP);
            }}
          >
            <span class="num" data-testid={`count-${k}`}>
              {counts ? counts[k] : '–'}
            </span>
            <span class="label">{t(KIND_KEY[k])}</span>
          </button>
        ))}
      </div>

      {webPage && settings && host && (
        <label class="switch">
          <input
            type="checkbox"
            data-testid="site-switch"
            checked={isSiteEnabled(settings, host)}
            onChange={(e) => void toggleSite((e.currentTarget as HTMLInputElement).checked)}
          />
          <span>
            {t('siteSwitch')} <span class="host">{host}</span>
          </span>
        </label>
      )}

      {!detected && webPage && (
        <div class="run">
          <p>{t('notReport')}</p>
          <button type="button" class="primary" data-testid="run-here" disabled={running} onClick={run}>
            {running ? t('running') : t('runHere')}
          </button>
        </div>
      )}
      {message && <p class="message error">{message}</p>}

      <TrackerBar api={api} tab={tab} readable={detected && webPage} hasNotes={saved.length > 0} />

      {showChanged && <ChangedBanner changes={changes} snapshotLinks={versionLinks} />}
      {restored && changes && (
        <p class="message ok" data-testid="page-restored">{`${t('pageRestored')} (v${changes.fromVersion} = v${changes.toVersion})`}</p>
      )}

      <section>
        <h3>{t('savedOnPage')}</h3>
        {undo.bar}
        {nb.list.length > 0 && saved.length > 0 && <SharePage api={api} notebooks={nb.list} saved={saved} onShared={(rows) => setSaved((all) => all.map((a) => rows.find((r) => r.id === a.id) ?? a))} />}
        {saved.length === 0 ? (
          <p class="empty">{t('noSaved')}</p>
        ) : (
          <ul class="rows">
            {saved.map((a) => (
              <SavedRow
                key={a.id}
                a={a}
                onUpdate={onUpdate}
                onDelete={onDelete}
                onCite={cite}
                anchor={anchors.get(a.id)}
                snapshotHref={snapshotHrefFor(a, versions)}
                notebooks={nb.names}
                onResolve={onResolve}
              />
            ))}
          </ul>
        )}
      </section>

      {detected && summary && (
        <section>
          <h3>
            {t('itemsOnPage')}{' '}
            <button type="button" class="link" data-testid="open-table" onClick={() => api.openPage(`/table.html?tab=${tab.id}`)}>
              {t('openTable')}
            </button>
          </h3>
          {listed.length === 0 ? (
            <p class="empty">{t('noItems')}</p>
          ) : (
            <ol class="items" data-testid="page-items">
              {listed.slice(0, shownItems).map(({ it, i }) => (
                <li key={i}>
                  <button type="button" class={`item kind-${it.kind}`} data-testid="page-item" onClick={() => void api.toTab(tab.id, { type: 'page/scrollTo', index: i })}>
                    <span class={`badge badge-${it.kind}`}>{t(KIND_KEY[it.kind])}</span>
                    <span class="text">{it.text}</span>
                    {it.metric && <span class="metric">{it.metric}</span>}
                    {it.kind === 'target' && it.deadline != null && <span class="deadline">{String(it.deadline)}</span>}
                  </button>
                </li>
              ))}
            </ol>
          )}
          {listed.length > shownItems && (
            <button type="button" class="more" onClick={() => setShownItems((n) => n + ITEMS_STEP)}>
              {t('showMore')}
            </button>
          )}
        </section>
      )}

    </div>
  );
}
