import { render } from 'preact';
import { AnnotatorApp } from '../../components/annotator/AnnotatorApp';
import { nonceOf, windowPort } from '../../components/annotator/port';
import { FRAME_CSS } from '../../components/annotator/styles';
import { sendMessage } from '../../lib/messages/client';
import { browser } from 'wxt/browser';
import { applyFrameLanguage } from '../../components/annotator/language';

// annotator.html#<nonce> — framed in a web page by the content script (components/page/frame.ts).
const style = document.createElement('style');
style.textContent = FRAME_CSS;
document.head.appendChild(style);
// Drawn in the reader's language (the settings are read first; the browser's language when they cannot be).
void applyFrameLanguage(browser.storage?.local, sendMessage).finally(() =>
  render(<AnnotatorApp port={windowPort(window, nonceOf(location))} send={sendMessage} />, document.getElementById('app')!),
);
