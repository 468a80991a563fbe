import { render } from 'preact';
import { PopupApp } from '../../components/popup/App';
import { createBrowserApi } from '../../components/popup/api';
import { applyLanguage } from '../../components/popup/language';
import '../../components/popup/popup.css';

const api = createBrowserApi();
void applyLanguage(api).then(() => render(<PopupApp api={api} />, document.getElementById('app')!));
