import { render } from 'preact';
import { TrackerApp } from '../../components/tracker/TrackerApp';
import { createBrowserApi } from '../../components/popup/api';
import { applyLanguage } from '../../components/popup/language';
import { t } from '../../lib/i18n';
import '../../components/popup/popup.css';
import '../../components/tracker/tracker.css';

// tracker.html — every tracked target with what later reports say about it (the promise tracker).
const api = createBrowserApi();
void applyLanguage(api).then(() => {
  document.title = `${t('trackerTitle')} — Pledgemark`;
  render(<TrackerApp api={api} />, document.getElementById('app')!);
});
