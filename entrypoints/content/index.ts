/** Content script: wiring only. The page side lives in components/page (controller.ts and the modules it joins). */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { startContentScript } from '../../components/page/contentScript';

export default defineContentScript({
  matches: ['*://*.gov.cn/*'],
  allFrames: true,
  runAt: 'document_idle',
  main() {
    const page = startContentScript(document, browser);
    // The e2e test reaches the page controller (its closed shadow root, its saved marks) through this, over
    // CDP. Only an e2e build has it (wxt build --mode e2e); even there it is a global of the content script's
    // isolated world, which the page's own scripts cannot reach.
    if (import.meta.env.MODE === 'e2e') (globalThis as { __pledgemark?: unknown }).__pledgemark = page;
  },
});
