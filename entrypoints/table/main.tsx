import { render } from 'preact';
import { PageTable } from '../../components/table/PageTable';
import { sendToTab } from '../../lib/messages/client';
import { downloadFile } from '../../components/popup/api';
import '../../components/popup/popup.css';
import '../../components/table/table.css';

// table.html?tab=<id> — every item the content script of that tab found, as a table.
const tabId = Number(new URLSearchParams(location.search).get('tab'));
const load = () => sendToTab(tabId, { type: 'page/table' });
const copy = (text: string) => navigator.clipboard.writeText(text);

render(<PageTable load={load} copy={copy} download={downloadFile} />, document.getElementById('app')!);
