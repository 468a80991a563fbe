import { render } from 'preact';
import { PopupApp } from '../../components/popup/App';
import { createBrowserApi } from '../../components/popup/api';
import { pickLang } from '../../lib/i18n';
import '../../components/popup/popup.css';

document.documentElement.lang = pickLang(navigator.language) === 'zh' ? 'zh-CN' : 'en';
render(<PopupApp api={createBrowserApi()} />, document.getElementById('app')!);
