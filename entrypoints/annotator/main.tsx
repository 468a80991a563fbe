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
// Drawn at once (the content script talks to the frame as soon as it loads), then again in the reader's language
// once the settings are read (the frame is still hidden then: it shows when it is given something to edit).
const port = windowPort(window, nonceOf(location));
const draw = () => render(<AnnotatorApp port={port} send={sendMessage} />, document.getElementById('app')!);
draw();
void applyFrameLanguage(browser.storage?.local, sendMessage).then(draw);
