/**
 * Mounts the in-page UI in a shadow root on its own host element, so page CSS and layout are untouched.
 * The host is fixed, zero-sized and outside the article (appended to <html>), so it never shifts the page.
 * The root is closed: the page's scripts cannot read the reader's notes or press Save (host.shadowRoot is null).
 */
import { h, render } from 'preact';
import { PageUi } from './PageUi';
import { SHADOW_CSS } from './styles';
import type { PageUiActions, PageUiState } from './types';

export const HOST_TAG = 'pledgemark-ui';

export interface MountedUi {
  host: HTMLElement;
  root: ShadowRoot;
  update(state: PageUiState): void;
  destroy(): void;
}

export function mountPageUi(doc: Document, actions: PageUiActions, mode: ShadowRootMode = 'closed'): MountedUi {
  doc.querySelectorAll(HOST_TAG).forEach((el) => el.remove());
  const host = doc.createElement(HOST_TAG);
  host.setAttribute('style', 'all:initial;position:fixed;top:0;left:0;width:0;height:0;z-index:2147483647;');
  const root = host.attachShadow({ mode });
  const style = doc.createElement('style');
  style.textContent = SHADOW_CSS;
  root.appendChild(style);
  const container = doc.createElement('div');
  root.appendChild(container);
  (doc.documentElement ?? doc.body).appendChild(host);
  return {
    host,
    root,
    update(state) {
      render(h(PageUi, { state, actions }), container);
    },
    destroy() {
      render(null, container);
      host.remove();
    },
  };
}
