import type { SyncState } from '../../lib/schema/notebook';
import { t, type MessageKey } from '../../lib/i18n';

const STATE_KEY: Record<SyncState['state'], MessageKey> = {
  off: 'syncOff',
  connecting: 'syncConnecting',
  active: 'syncActive',
  idle: 'syncIdle',
  offline: 'syncOffline',
  error: 'syncError',
};

/** "20:41" today, "12-05 20:41" another day: the reader's local time. */
export function shortTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.toDateString() === now.toDateString() ? hm : `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
}

/** One line per notebook: its state, last sync, what waits to go out, conflicts, the error. Always shown. */
export function SyncStatus({ states, names }: { states: readonly SyncState[]; names: Record<string, string> }) {
  if (!states.length) return null;
  return (
    <div class="sync-status" data-testid="sync-status" role="status">
      {states.map((s) => (
        <div key={s.notebook} class={`sync-line sync-${s.state}`} data-testid="sync-line" data-state={s.state} data-notebook={s.notebook}>
          <span class="sync-dot" aria-hidden="true" />
          <span class="sync-name">{`${names[s.notebook] ?? s.notebook}: `}</span>
          <span data-testid="sync-state">{t(STATE_KEY[s.state])}</span>
          {' · '}
          <span data-testid="sync-last">{s.lastSyncAt ? `${t('syncLast')} ${shortTime(s.lastSyncAt)}` : t('syncNever')}</span>
          {s.pending > 0 && (
            <span data-testid="sync-pending">
              {' · '}
              {s.pending} {t('syncPending')}
            </span>
          )}
          {s.conflicts > 0 && (
            <span class="sync-conflicts" data-testid="sync-conflicts">
              {' · '}
              {s.conflicts} {t('syncConflicts')}
            </span>
          )}
          {s.error && (
            <span class="sync-error" data-testid="sync-error">
              {' · '}
              {s.error}
            </span>
          )}
        </div>
      ))}
    </div>
  );
}
