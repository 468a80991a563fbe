/**
 * Mounts the in-page UI in a shadow root on its own host element, so page CSS and layout are untouched.
 * The host is fixed, zero-sized and outside the article (appended to <html>), so it never shifts the page.
 * The root is closed (host.shadowRoot is null). It holds only what the page shows anyway (the legend's counts,
 * an item's parsed fields): a closed root does not stop selection (window.find) from reading its text, so the
 * reader's notes live in the annotator frame, an extension page.
 *
 * Page CSS reaches the host element itself (`pledgemark-ui{opacity:.01 !important}` would make an invisible UI
 * to click by mistake): its style is set inline, every property !important after `all:initial`, which no
 * style sheet of the page can override.
 */
import { h, render } from 'preact';
import { PageUi } from './PageUi';
import { SHADOW_CSS } from './styles';
import type { PageUiActions, PageUiState } from './types';

export const HOST_TAG = 'pledgemark-ui';

/** The host's own style: everything the page could set on it, reset or fixed. */
const HOST_STYLE: Record<string, string> = {
  position: 'fixed',
  top: '0',
  left: '0',
  width: '0',
  height: '0',
  display: 'block',
  visibility: 'visible',
  opacity: '1',
  'z-index': '2147483647',
  'pointer-events': 'auto',
  transform: 'none',
  filter: 'none',
  'clip-path': 'none',
  transition: 'none',
  animation: 'none',
  contain: 'none',
};

/**
 * The host goes into the top layer (a manual popover) where the browser has one: above the page's stacking
 * contexts, and out of reach of an ancestor's opacity, filter, transform or clip (on <html> or <body>).
 */
function intoTopLayer(host: HTMLElement): void {
  const h = host as HTMLElement & { showPopover?: () => void };
  if (typeof h.showPopover !== 'function') return;
  try {
    if (host.getAttribute('popover') !== 'manual') host.setAttribute('popover', 'manual');
    if (host.isConnected && !host.matches(':popover-open')) h.showPopover();
  } catch {
    // not in the document yet, or no top layer: the fixed, max-z-index host still works
  }
}

function restyle(host: HTMLElement): void {
  const want = importantStyle(HOST_STYLE);
  if (host.getAttribute('style') !== want) host.setAttribute('style', want);
  for (const a of ['class', 'hidden', 'inert']) if (host.hasAttribute(a)) host.removeAttribute(a);
  const h = host as HTMLElement & { showPopover?: () => void };
  if (typeof h.showPopover === 'function') intoTopLayer(host);
}

/** An inline style that page CSS cannot override: `all:initial`, then each property, all !important. */
export function importantStyle(props: Record<string, string>): string {
  return ['all:initial !important', ...Object.entries(props).map(([k, v]) => `${k}:${v} !important`)].join(';') + ';';
}

export interface MountedUi {
  host: HTMLElement;
  root: ShadowRoot;
  update(state: PageUiState): void;
  destroy(): void;
}

export function mountPageUi(doc: Document, actions: PageUiActions, mode: ShadowRootMode = 'closed'): MountedUi {
  doc.querySelectorAll(HOST_TAG).forEach((el) => el.remove());
  const host = doc.createElement(HOST_TAG);
  host.setAttribute('style', importantStyle(HOST_STYLE));
  const root = host.attachShadow({ mode });
  const style = doc.createElement('style');
  style.textContent = SHADOW_CSS;
  root.appendChild(style);
  const container = doc.createElement('div');
  root.appendChild(container);
  (doc.documentElement ?? doc.body).appendChild(host);
  intoTopLayer(host);
  // A page script that restyles the host (host.style.opacity = '0.01') is undone.
  const view = doc.defaultView;
  const guard = view && typeof view.MutationObserver === 'function' ? new view.MutationObserver(() => restyle(host)) : null;
  guard?.observe(host, { attributes: true, attributeFilter: ['style', 'class', 'popover', 'hidden', 'inert'] });
  return {
    host,
    root,
    update(state) {
      render(h(PageUi, { state, actions }), container);
    },
    destroy() {
      guard?.disconnect();
      render(null, container);
      host.remove();
    },
  };
}
