import { sentenceAround } from '../../lib/anchor/sentence';
import { NULL_FIELDS, fieldsOf, type Item } from '../../lib/schema/item';
import type { SaveTarget } from './saved';
import type { Box } from './types';

/** Where the page UI puts things and what a save is aimed at: small pure helpers of the page UI (ui.ts). */

export function boxOf(el: Element): Box {
  const r = el.getBoundingClientRect();
  return { top: r.top, left: r.left, bottom: r.bottom, right: r.right };
}

/** The box of the reader's selection, or a corner of the view when the selection has none. */
export function selectionBox(sel: Selection | null): Box {
  const range = sel && sel.rangeCount ? sel.getRangeAt(0) : null;
  const rect = range && typeof range.getBoundingClientRect === 'function' ? range.getBoundingClientRect() : null;
  return rect ? { top: rect.top, left: rect.left, bottom: rect.bottom, right: rect.right } : { top: 80, left: 80, bottom: 100, right: 300 };
}

const LEGEND_WIDTH = 230;

/**
 * Where the legend docks so it covers no article text: the page edge with room for it beside the article
 * column (or the edge the reader chose); with room on neither, the right edge, collapsed at first.
 */
export function dockSide(container: Element | null, viewWidth: number, chosen: 'left' | 'right' | null): { side: 'left' | 'right'; cramped: boolean } {
  const r = container && typeof container.getBoundingClientRect === 'function' ? container.getBoundingClientRect() : null;
  const right = r ? viewWidth - r.right : viewWidth;
  const left = r ? r.left : 0;
  if (chosen) return { side: chosen, cramped: (chosen === 'right' ? right : left) < LEGEND_WIDTH };
  if (right >= LEGEND_WIDTH) return { side: 'right', cramped: false };
  if (left >= LEGEND_WIDTH) return { side: 'left', cramped: false };
  return { side: 'right', cramped: true };
}

/** The editor's target for an item: its kind, place, fields and sentence. */
export function itemTarget(item: Item): SaveTarget {
  return { kind: item.kind, start: item.start, end: item.end, fields: fieldsOf(item), context: item.sentence.text, existing: null };
}

/**
 * The editor's target for a selection: exactly an item keeps the item; a wider one (改扩建公办幼儿园30所) keeps
 * what the reader selected with the kind and parsed fields of the item it holds — the first target, else the
 * first item — so the figure is not saved as bare text; anything else is a free selection.
 */
export function selectionTarget(items: readonly Item[], offs: { start: number; end: number }, text: string): SaveTarget {
  const item = items.find((it) => it.start === offs.start && it.end === offs.end);
  if (item) return itemTarget(item);
  const inside = items.filter((it) => it.start >= offs.start && it.end <= offs.end);
  const held = inside.find((it) => it.kind === 'target') ?? inside[0];
  const context = sentenceAround(text, offs.start, offs.end);
  return held
    ? { kind: held.kind, ...offs, fields: fieldsOf(held), context, existing: null }
    : { kind: 'selection', ...offs, fields: { ...NULL_FIELDS }, context, existing: null };
}

/** Focus without scrolling; an element that cannot take focus (detached, or a page that blocks it) is left be. */
export function focusQuietly(el: HTMLElement): void {
  try {
    el.focus({ preventScroll: true });
  } catch {
    // nothing to do: focus is a courtesy here
  }
}
