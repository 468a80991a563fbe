import { render } from 'preact';
import { OptionsApp } from '../../components/options/OptionsApp';
import { createBrowserApi } from '../../components/popup/api';
import { pickLang, t } from '../../lib/i18n';
import '../../components/popup/popup.css';

document.documentElement.lang = pickLang(navigator.language) === 'zh' ? 'zh-CN' : 'en';
document.title = t('optionsTitle');
render(<OptionsApp api={createBrowserApi()} />, document.getElementById('app')!);
