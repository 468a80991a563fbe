import { useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import type { PopupApi } from './api';
import { ThisPage } from './ThisPage';
import { AllSaved } from './AllSaved';
import { useNotebooks } from './notebooks';
import { SyncStatus } from './SyncStatus';

export type PopupTab = 'page' | 'all';

export function PopupApp({ api, initialTab = 'page' }: { api: PopupApi; initialTab?: PopupTab }) {
  const [tab, setTab] = useState<PopupTab>(initialTab);
  const nb = useNotebooks(api);
  return (
    <div class="popup">
      <header>
        <h1>{t('appName')}</h1>
        <nav role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'page'} class={tab === 'page' ? 'active' : ''} data-testid="tab-page" onClick={() => setTab('page')}>
            {t('tabThisPage')}
          </button>
          <button type="button" role="tab" aria-selected={tab === 'all'} class={tab === 'all' ? 'active' : ''} data-testid="tab-all" onClick={() => setTab('all')}>
            {t('tabAllSaved')}
          </button>
        </nav>
      </header>
      <SyncStatus states={nb.states} names={nb.names} />
      <main>{tab === 'page' ? <ThisPage api={api} nb={nb} /> : <AllSaved api={api} nb={nb} />}</main>
    </div>
  );
}
