/**
 * The reader's input on the article's marks, by event delegation on the document (capture phase), so the
 * page's own handlers stay untouched unless a Pledgemark mark is hit. A handler that fails is logged, never
 * thrown into the page.
 *
 * Only the reader's own input counts: an event the page's scripts dispatch (isTrusted false: a synthetic
 * mouseover, focusin, click or keydown on a mark) opens nothing. A focus the page moves by script (mark.focus())
 * is trusted but not focus-visible, so it opens nothing either.
 */
import { log } from '../../lib/util/log';

export interface MarkInput {
  /** The Pledgemark mark at an event target, or null. */
  markOf(target: EventTarget | null): HTMLElement | null;
  /** A mark was hovered or focused. */
  show(mark: HTMLElement): void;
  hide(): void;
  /** Whether the tooltip is open (Escape closes it). */
  showing(): boolean;
  /** A mark was clicked (or Enter / Space on it): open the editor on it. */
  edit(mark: HTMLElement): void;
  /** Alt+Shift+S: the editor on the reader's selection; false when there is no selection (the key is not ours). */
  editSelection(): boolean;
  /** Alt+Shift+↓ / ↑: focus the next / previous target; false when there is none (the key is not ours). */
  jump(dir: 1 | -1): boolean;
}

/** Whether the key went to something the reader types in (the page's keys there are never taken). */
function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable === true;
}

export function listenToMarks(doc: Document, input: MarkInput, requireTrusted = true): void {
  const guard =
    <E extends Event>(fn: (e: E) => void) =>
    (e: E) => {
      if (requireTrusted && !e.isTrusted) return;
      try {
        fn(e);
      } catch (err) {
        log('handler failed:', err);
      }
    };
  const hover = (t: EventTarget | null) => {
    const mark = input.markOf(t);
    if (mark) input.show(mark);
  };
  doc.addEventListener('mouseover', guard((e: MouseEvent) => hover(e.target)), true);
  doc.addEventListener(
    'focusin',
    guard((e: FocusEvent) => {
      if (requireTrusted && !focusVisible(e.target)) return;
      hover(e.target);
    }),
    true,
  );
  doc.addEventListener(
    'mouseout',
    guard((e: MouseEvent) => {
      const to = e.relatedTarget as Element | null;
      if (!to || !input.markOf(to)) input.hide();
    }),
    true,
  );
  doc.addEventListener('focusout', guard(() => input.hide()), true);
  doc.addEventListener(
    'click',
    guard((e: MouseEvent) => {
      const mark = input.markOf(e.target);
      if (!mark) return;
      // Let links inside the article work; a mark inside a link only opens the editor with Alt.
      if (mark.closest('a') && !e.altKey) return;
      const sel = doc.getSelection();
      if (sel && !sel.isCollapsed) return; // the reader is selecting text
      e.preventDefault();
      e.stopPropagation();
      input.edit(mark);
    }),
    true,
  );
  doc.addEventListener(
    'keydown',
    guard((e: KeyboardEvent) => {
      const mark = input.markOf(e.target);
      if (e.altKey && e.shiftKey && (e.key === 'S' || e.key === 's' || e.code === 'KeyS')) {
        if (input.editSelection()) e.preventDefault();
      } else if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp') && !typing(e.target)) {
        if (input.jump(e.key === 'ArrowDown' ? 1 : -1)) {
          e.preventDefault();
          e.stopPropagation();
        }
      } else if ((e.key === 'Enter' || e.key === ' ') && mark) {
        e.preventDefault();
        input.edit(mark);
      } else if (e.key === 'Escape' && input.showing()) {
        input.hide();
      }
    }),
    true,
  );
}

/** Whether the focused element shows focus (the reader tabbed to it), as opposed to a focus moved by script. */
function focusVisible(t: EventTarget | null): boolean {
  try {
    return !!(t as Element | null)?.matches?.(':focus-visible');
  } catch {
    return true; // a browser without :focus-visible: the event was trusted, take it
  }
}
