/**
 * The page UI: the legend, the tooltip on a mark and the editor, drawn by PageUi in a closed shadow root
 * (mount.ts), and the reader's input on the marks (events.ts).
 *
 * Two kinds of thing are shown, and they are kept apart on purpose:
 *  - what the page may see: the marks in the article, their kind colours, and an item's parsed fields — all
 *    derived from the page's own text (`tooltipFor`, the legend's counts);
 *  - what the page must never see: the reader's notes and tags, and which passages were saved — the editor and
 *    the tooltip's `saved` part (`notesOf`, `openEditor`, `save`). They live only inside the closed shadow
 *    root, and a save is only taken from the reader's own (trusted) input.
 */
import { selectionToOffsets } from '../../lib/anchor/dom';
import { sentenceAround } from '../../lib/anchor/sentence';
import { NULL_FIELDS, countByKind, fieldsOf, type Item } from '../../lib/schema/item';
import { log } from '../../lib/util/log';
import { listenToMarks } from './events';
import { mountPageUi, type MountedUi } from './mount';
import type { PageRun } from './run';
import type { SaveTarget, SavedAnnotation, SavedAnnotations } from './saved';
import type { Box, PageUiActions, PageUiState, TooltipInfo } from './types';

export interface PageUiOptions {
  /** Open and save only on the reader's own (isTrusted) input events. Default true; jsdom tests turn it off. */
  requireTrustedInput?: boolean;
}

/** What a selection save answers: saved, or why not; `pending` resolves when the editor closes. */
export interface SelectionAnswer {
  saved: boolean;
  reason?: string;
  pending?: Promise<boolean>;
}

function boxOf(el: Element): Box {
  const r = el.getBoundingClientRect();
  return { top: r.top, left: r.left, bottom: r.bottom, right: r.right };
}

export class PageUiController {
  private ui: MountedUi | null = null;
  private state: PageUiState = { legend: null, tooltip: null, editor: null, status: null };
  private target: SaveTarget | null = null;
  private pendingEditor: ((saved: boolean) => void) | null = null;
  private listening = false;
  private legendClosed = false;
  private editorSerial = 0;
  private returnFocus: HTMLElement | null = null;

  constructor(
    private readonly doc: Document,
    private readonly run: PageRun,
    private readonly saved: SavedAnnotations,
    private readonly options: PageUiOptions = {},
  ) {}

  /** The UI's (closed) shadow root, for tests. */
  get root(): ShadowRoot | null {
    return this.ui?.root ?? null;
  }

  readonly actions: PageUiActions = {
    toggleLegend: () => {
      if (this.state.legend) this.state.legend = { ...this.state.legend, collapsed: !this.state.legend.collapsed };
      this.render();
    },
    closeLegend: () => {
      this.legendClosed = true;
      this.state.legend = null;
      this.render();
    },
    save: (note, tags, trusted) => {
      // Only the reader saves: a synthetic event from a page script is ignored.
      if (this.options.requireTrustedInput !== false && !trusted) return;
      void this.save(note, tags);
    },
    cancel: () => this.closeEditor(false),
  };

  /** Shows the UI over a page the run has marked, and starts listening to the reader's input on the marks. */
  show(): void {
    this.mount();
    if (!this.listening) {
      this.listening = true;
      listenToMarks(this.doc, {
        markOf: (t) => this.run.markOf(t),
        show: (mark) => this.showTooltip(mark),
        hide: () => this.hideTooltip(),
        showing: () => !!this.state.tooltip,
        edit: (mark) => void this.openEditorFor(mark),
        editSelection: () => this.editSelection().reason !== 'no selection',
      }, this.options.requireTrustedInput !== false);
    }
    this.render();
  }

  /** Forgets what is shown (the run was cleared). */
  reset(): void {
    this.state = { legend: null, tooltip: null, editor: null, status: null };
    this.render();
  }

  render(): void {
    if (!this.ui) return;
    if (this.run.container && !this.legendClosed) {
      this.state.legend = {
        counts: countByKind(this.run.items),
        ...this.saved.tally(),
        pageChanged: this.saved.pageChanged,
        collapsed: this.state.legend?.collapsed ?? false,
      };
    }
    try {
      this.ui.update({ ...this.state });
    } catch (e) {
      log('render failed:', e);
    }
  }

  private mount(): void {
    if (this.ui && this.ui.host.isConnected) return;
    this.ui = mountPageUi(this.doc, this.actions);
  }

  // ---- what the page may see: an item's kind and parsed fields ----

  private tooltipFor(mark: HTMLElement): TooltipInfo | null {
    const item = this.run.itemOf(mark);
    const entry = this.saved.entryAt(mark, item);
    if (!item && !entry) return null;
    const a = entry?.annotation;
    return {
      kind: item?.kind ?? a!.kind,
      text: item?.text ?? a!.quote.exact,
      fields: item ? fieldsOf(item) : a!.fields,
      approximate: item?.approximate,
      ...this.notesOf(entry),
      box: boxOf(mark),
    };
  }

  private showTooltip(mark: HTMLElement): void {
    const tip = this.tooltipFor(mark);
    if (!tip) return;
    this.state.tooltip = tip;
    this.render();
  }

  private hideTooltip(): void {
    if (!this.state.tooltip) return;
    this.state.tooltip = null;
    this.render();
  }

  // ---- what the page must never see: notes, tags, what was saved ----

  /** The tooltip's saved part: the note and tags, and (text changed here) what was saved and what stands now. */
  private notesOf(entry: SavedAnnotation | null): Pick<TooltipInfo, 'saved' | 'changed'> {
    if (!entry) return { saved: null, changed: null };
    const { annotation: a, anchor: r } = entry;
    return { saved: { note: a.note, tags: a.tags }, changed: r.status === 'changed' ? { saved: r.oldText, now: r.newText ?? '' } : null };
  }

  /** Opens the editor on a mark: its saved annotation, else its item. */
  openEditorFor(mark: HTMLElement): boolean {
    this.returnFocus = mark;
    const item = this.run.itemOf(mark);
    const entry = this.saved.entryAt(mark, item);
    if (entry) {
      const a = entry.annotation;
      const span = entry.anchor.status !== 'orphaned' && entry.anchor.start !== undefined && entry.anchor.end !== undefined
        ? { start: entry.anchor.start, end: entry.anchor.end }
        : { start: a.position.start, end: a.position.end };
      this.openEditor({ kind: a.kind, ...span, fields: a.fields, context: a.context, existing: a }, boxOf(mark));
      return true;
    }
    if (item) {
      this.openEditor(itemTarget(item), boxOf(mark));
      return true;
    }
    return false;
  }

  /** Opens the editor for the reader's current selection inside the article. */
  editSelection(): SelectionAnswer {
    const article = this.run.article;
    if (!this.run.container || !article) return { saved: false, reason: 'Pledgemark has not run on this page' };
    const sel = this.doc.getSelection();
    const offs = selectionToOffsets(article, sel);
    if (!offs) return { saved: false, reason: 'no selection' };
    this.returnFocus = null;
    // A selection that is exactly an item keeps the item's kind and fields.
    const item = this.run.items.find((it) => it.start === offs.start && it.end === offs.end);
    const range = sel && sel.rangeCount ? sel.getRangeAt(0) : null;
    const rect = range && typeof range.getBoundingClientRect === 'function' ? range.getBoundingClientRect() : null;
    const box: Box = rect ? { top: rect.top, left: rect.left, bottom: rect.bottom, right: rect.right } : { top: 80, left: 80, bottom: 100, right: 300 };
    // A second request (menu + shortcut) answers the first one as not saved instead of leaving it hanging.
    this.pendingEditor?.(false);
    const pending = new Promise<boolean>((resolve) => {
      this.pendingEditor = resolve;
    });
    const target: SaveTarget = item
      ? itemTarget(item)
      : { kind: 'selection', ...offs, fields: { ...NULL_FIELDS }, context: sentenceAround(article.text, offs.start, offs.end), existing: null };
    this.openEditor(target, box);
    return { saved: false, reason: 'editor opened', pending };
  }

  private openEditor(target: SaveTarget, box: Box): void {
    const article = this.run.article;
    if (!article) return;
    this.mount();
    this.target = target;
    this.state.tooltip = null;
    this.state.status = null;
    this.state.editor = {
      kind: target.kind,
      quote: article.text.slice(target.start, target.end),
      metric: target.fields.metric,
      context: target.context,
      note: target.existing?.note ?? '',
      tags: target.existing?.tags ?? [],
      existingId: target.existing?.id ?? null,
      box,
      serial: ++this.editorSerial,
    };
    this.render();
  }

  private closeEditor(saved: boolean): void {
    this.state.editor = null;
    this.state.status = null;
    this.target = null;
    this.render();
    const back = this.returnFocus;
    this.returnFocus = null;
    if (back && back.isConnected) {
      try {
        back.focus({ preventScroll: true });
      } catch {
        // ignore
      }
    }
    const p = this.pendingEditor;
    this.pendingEditor = null;
    p?.(saved);
  }

  private async save(note: string, tags: string[]): Promise<void> {
    const target = this.target;
    if (!target || !this.run.article) return;
    this.state.status = { kind: 'busy', text: '保存中… saving' };
    this.render();
    let error: string;
    try {
      const env = await this.saved.save(target, note, tags);
      if (env.ok) return this.closeEditor(true);
      error = env.error;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    // Keep the editor open with what the reader typed: nothing is lost.
    this.state.status = { kind: 'error', text: `Not saved: ${error}` };
    if (this.state.editor) this.state.editor = { ...this.state.editor, note, tags };
    this.render();
  }
}

/** The editor's target for an item: its kind, place, fields and sentence. */
function itemTarget(item: Item): SaveTarget {
  return { kind: item.kind, start: item.start, end: item.end, fields: fieldsOf(item), context: item.sentence.text, existing: null };
}
