import { render, type ComponentChild } from 'preact';

/**
 * Renders a component into a fresh element on the test document and queues its removal on `cleanups` (which the
 * test file runs after each test, with its other cleanups).
 */
export function mountInto(cleanups: Array<() => void>, vnode: ComponentChild): HTMLElement {
  const el = document.createElement('div');
  document.body.appendChild(el);
  render(vnode, el);
  cleanups.push(() => {
    render(null, el);
    el.remove();
  });
  return el;
}
