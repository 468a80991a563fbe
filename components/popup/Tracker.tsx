import { useEffect, useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import { normaliseUrl } from '../../lib/util/url';
import type { TrackerSummary } from '../../lib/schema/tracker';
import type { ActiveTab, PopupApi } from './api';

/** The popup's line about the promise tracker ("3 due this year · 1 overdue · 5 met"), opening the tracker page. */
export function summaryLine(s: TrackerSummary): string {
  return t('trackerSummaryLine').replace('{due}', String(s.dueThisYear)).replace('{overdue}', String(s.overdue)).replace('{met}', String(s.met));
}

/**
 * The tracker in the popup: the summary line (when anything is tracked), and for a report page that was read
 * but holds no notes and is not tracked yet, "Add this report to the tracker" (the page's content script sends
 * its text: page/track → tracker/add).
 */
export function TrackerBar({ api, tab, readable, hasNotes }: { api: PopupApi; tab: ActiveTab | null; readable: boolean; hasNotes: boolean }) {
  const [summary, setSummary] = useState<TrackerSummary | null>(null);
  const [tracked, setTracked] = useState<boolean | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  const tabUrl = tab?.url;

  useEffect(() => {
    let live = true;
    void (async () => {
      const [sum, list] = await Promise.all([api.send({ type: 'tracker/summary' }), api.send({ type: 'tracker/list' })]);
      if (!live) return;
      setSummary(sum.ok ? sum.data : null);
      if (list.ok && tabUrl) {
        const u = normaliseUrl(tabUrl);
        setTracked(list.data.reports.some((r) => r.url === u));
      }
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, tabUrl, version]);

  const add = async () => {
    if (!tab) return;
    setBusy(true);
    setMessage(null);
    try {
      const r = await api.toTab(tab.id, { type: 'page/track' });
      if (r.ok && r.data.tracked) setVersion((v) => v + 1);
      else setMessage(`${t('trackerAddFailed')} ${r.ok ? r.data.reason ?? '' : r.error}`);
    } finally {
      setBusy(false);
    }
  };

  const canAdd = readable && !hasNotes && tracked === false;
  return (
    <div class="tracker-bar" data-testid="tracker-bar">
      {canAdd && (
        <button type="button" class="primary" data-testid="tracker-add" disabled={busy} onClick={() => void add()}>
          {t('trackerAdd')}
        </button>
      )}
      {tracked && !hasNotes && readable && (
        <p class="message ok" data-testid="tracker-added">
          {t('trackerAdded')}
        </p>
      )}
      {message && <p class="message error">{message}</p>}
      {summary && summary.total > 0 && (
        <button type="button" class="link tracker-line" data-testid="tracker-summary" title={t('trackerOpen')} onClick={() => api.openPage('/tracker.html')}>
          {summaryLine(summary)}
        </button>
      )}
    </div>
  );
}
