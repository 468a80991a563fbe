import { render } from 'preact';
import { OptionsApp } from '../../components/options/OptionsApp';
import { createBrowserApi } from '../../components/popup/api';
import { applyLanguage } from '../../components/popup/language';
import { t } from '../../lib/i18n';
import '../../components/popup/popup.css';

const api = createBrowserApi();
void applyLanguage(api).then(() => {
  document.title = t('optionsTitle');
  render(<OptionsApp api={api} />, document.getElementById('app')!);
});
