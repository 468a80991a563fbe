/**
 * The page UI: the legend and an item's tooltip in a closed shadow root (mount.ts); the note editor and a saved
 * annotation's tooltip in the annotator frame (frame.ts); the reader's input on the marks (events.ts).
 *
 * Kept apart on purpose: the shadow root holds only what the page may see — marks, kind colours, an item's
 * parsed fields, all from the page's own text (a closed root hides nodes from scripts, not text from
 * window.find). The reader's notes and tags are shown and edited only in the annotator frame, an extension page
 * the page cannot read, which loads and saves them through the background; this side tells it which passage
 * and hears only "saved" or "closed".
 */
import { selectionToOffsets } from '../../lib/anchor/dom';
import { countByKind, fieldsOf, type Item, type ItemKind } from '../../lib/schema/item';
import { t } from '../../lib/i18n';
import { reasonLine } from '../../lib/i18n/reason';
import { log } from '../../lib/util/log';
import type { FrameEvent, FrameView } from '../../lib/messages/frame';
import { listenToMarks } from './events';
import { boxOf, dockSide, focusQuietly, itemTarget, selectionBox, selectionTarget } from './placement';
import { noFrame, randomId, type FrameFactory, type FrameLink } from './frame';
import { mountPageUi, type MountedUi } from './mount';
import type { PageRun } from './run';
import { pageUrl, type SaveTarget, type SavedAnnotation, type SavedAnnotations } from './saved';
import type { Box, PageUiActions, PageUiState } from './types';

export interface PageUiOptions {
  /** Open only on the reader's own (isTrusted) input events. Default true; jsdom tests turn it off. */
  requireTrustedInput?: boolean;
  /** The annotator frame (the content script passes the real one; jsdom tests a fake). */
  frame?: FrameFactory;
  /** How long the editor may take to answer before the reader is told it cannot open here. */
  frameTimeoutMs?: number;
}

/** Said when the frame never answers: it may be framed only on the sites the manifest lists. */
/** The notice when the note editor frame never answered (in the UI language). */
export function noEditorNotice(): string {
  return t('pmNoEditor');
}

/** What a selection save answers: saved, or why not; `pending` resolves when the editor closes. */
export interface SelectionAnswer {
  saved: boolean;
  reason?: string;
  pending?: Promise<boolean>;
}

export class PageUiController {
  private ui: MountedUi | null = null;
  private frame: FrameLink | null = null;
  private state: PageUiState = { legend: null, tooltip: null, notice: null };
  private pendingEditor: ((saved: boolean) => void) | null = null;
  private listening = false;
  private legendClosed = false;
  private serial = 0;
  /** What the frame shows: the editor (its serial) or a saved annotation's tooltip. */
  private framed: { serial: number; editing: boolean; answered?: boolean } | null = null;
  private returnFocus: HTMLElement | null = null;
  /** The kinds the reader hid in the legend, and the edge the reader moved it to (null: the side with room). */
  private readonly hidden = new Set<ItemKind>();
  private side: 'left' | 'right' | null = null;

  constructor(
    private readonly doc: Document,
    private readonly run: PageRun,
    private readonly saved: SavedAnnotations,
    private readonly options: PageUiOptions = {},
  ) {}

  /** The UI's (closed) shadow root, for tests. */
  get root(): ShadowRoot | null { return this.ui?.root ?? null; }

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
    toggleKind: (kind) => {
      if (!this.hidden.delete(kind)) this.hidden.add(kind);
      this.run.setHidden(this.hidden);
      this.render();
    },
    moveLegend: () => {
      this.side = (this.state.legend?.side ?? 'right') === 'right' ? 'left' : 'right';
      this.render();
    },
  };

  /** Focuses the next / previous target from the focused mark (else the middle of the view), scrolled to. */
  jump(dir: 1 | -1): boolean {
    const active = this.doc.activeElement as HTMLElement | null;
    const from = active ? this.run.markOf(active) : null;
    const mark = this.run.nextOf('target', dir, from);
    if (!mark) return false;
    this.hideTooltip();
    mark.scrollIntoView({ block: 'center' });
    focusQuietly(mark);
    return true;
  }

  /** Where the legend docks so it covers no article text (placement.ts). */
  private dock(): { side: 'left' | 'right'; cramped: boolean } {
    return dockSide(this.run.container, this.doc.defaultView?.innerWidth ?? 1024, this.side);
  }

  /** Whether the editor is open in the frame. */
  get editing(): boolean { return !!this.framed?.editing; }

  /** Shows the UI over a page the run has marked, and starts listening to the reader's input on the marks. */
  show(): void {
    this.mount();
    if (!this.listening) {
      this.listening = true;
      listenToMarks(this.doc, {
        markOf: (t) => this.run.markOf(t),
        show: (mark) => this.showTooltip(mark),
        hide: () => this.hideTooltip(),
        showing: () => !!this.state.tooltip || (!!this.framed && !this.framed.editing),
        edit: (mark) => void this.openEditorFor(mark),
        editSelection: () => this.editSelection().reason !== 'no selection',
        jump: (dir) => this.jump(dir),
      }, this.options.requireTrustedInput !== false);
    }
    this.render();
  }

  /** Forgets what is shown (the run was cleared). */
  reset(): void {
    this.state = { legend: null, tooltip: null, notice: null };
    if (this.framed) this.frame?.hide(this.framed.serial);
    this.framed = null;
    this.render();
  }

  render(): void {
    if (!this.ui) return;
    if (this.run.container && !this.legendClosed) {
      const dock = this.dock();
      this.state.legend = {
        counts: countByKind(this.run.items),
        ...this.saved.tally(),
        pageChanged: this.saved.pageChanged,
        collapsed: this.state.legend?.collapsed ?? dock.cramped,
        hidden: [...this.hidden],
        side: dock.side,
        lazy: this.run.lazy,
      };
    }
    if (this.saved.entries.length) this.frame?.warm();
    try {
      this.ui.update({ ...this.state });
    } catch (e) {
      log('render failed:', e);
    }
  }

  private mount(): void {
    if (this.ui && this.ui.host.isConnected) return;
    this.frame?.destroy();
    this.ui = mountPageUi(this.doc, this.actions);
    this.frame = (this.options.frame ?? noFrame)(this.ui.root, this.doc, (ev) => this.onFrame(ev));
  }

  // ---- what the page may see: an item's kind and parsed fields ----

  private showTooltip(mark: HTMLElement): void {
    if (this.editing) return;
    const item = this.run.itemOf(mark);
    const entry = this.saved.entryAt(mark, item);
    if (entry) return this.showSaved(entry, item, mark);
    if (!item || this.hidden.has(item.kind)) return;
    this.hideFramed();
    this.state.tooltip = { kind: item.kind, text: item.text, fields: fieldsOf(item), approximate: item.approximate, reason: reasonLine(item), box: boxOf(mark) };
    this.render();
  }

  private hideTooltip(): void {
    if (this.framed && !this.framed.editing) this.hideFramed();
    if (!this.state.tooltip) return;
    this.state.tooltip = null;
    this.render();
  }

  // ---- what the page must never see: notes, tags — in the annotator frame ----

  /** A saved annotation's tooltip, in the frame: which one and the page's own text; the frame reads the note. */
  private showSaved(entry: SavedAnnotation, item: Item | null, mark: HTMLElement): void {
    const { annotation: a, anchor: r } = entry;
    const view: FrameView = {
      id: a.id,
      kind: item?.kind ?? a.kind,
      text: item?.text ?? r.newText ?? a.quote.exact,
      fields: item ? fieldsOf(item) : a.fields,
      ...(item?.approximate !== undefined ? { approximate: item.approximate } : {}),
      now: r.status === 'changed' ? r.newText ?? '' : null,
    };
    if (this.state.tooltip) {
      this.state.tooltip = null;
      this.render();
    }
    const serial = ++this.serial;
    this.framed = { serial, editing: false };
    this.frame?.post({ type: 'pm:view', serial, url: pageUrl(this.doc.location), view }, boxOf(mark), false);
  }

  private hideFramed(): void {
    if (!this.framed) return;
    this.frame?.hide(this.framed.serial);
    this.framed = null;
  }

  /** The frame's events: the editor saved (the saved list is read again) or was closed. */
  private onFrame(ev: FrameEvent): void {
    if ('serial' in ev && this.framed?.serial === ev.serial && !this.framed.answered) {
      this.framed.answered = true;
      if (this.state.notice) this.state.notice = null;
    }
    if ((ev.type !== 'pm:saved' && ev.type !== 'pm:closed') || !this.framed || ev.serial !== this.framed.serial) return;
    this.framed = null;
    if (ev.type === 'pm:closed') return this.closeEditor(false);
    void this.saved.refresh().then(
      () => this.closeEditor(true),
      (e) => {
        log('reading the saved annotations again failed:', e);
        this.closeEditor(true);
      },
    );
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
    const box = selectionBox(sel);
    // A second request (menu + shortcut) answers the first one as not saved instead of leaving it hanging.
    this.pendingEditor?.(false);
    const pending = new Promise<boolean>((resolve) => {
      this.pendingEditor = resolve;
    });
    const target = selectionTarget(this.run.items, offs, article.text);
    this.openEditor(target, box);
    return { saved: false, reason: 'editor opened', pending };
  }

  private openEditor(target: SaveTarget, box: Box): void {
    if (!this.run.article) return;
    this.mount();
    this.state.tooltip = null;
    this.render();
    // The record to save, but for the note and tags (the frame adds those); the first save carries the page's text.
    // A new one carries the id this side makes, so a save sent again (a lost reply) stays one record.
    const annotation = { ...this.saved.newAnnotation(target, '', []), ...(target.existing ? {} : { id: randomId() }) };
    const snapshot = !target.existing && this.saved.entries.length === 0 ? this.saved.snapshotPayload() : null;
    const serial = ++this.serial;
    this.framed = { serial, editing: true };
    const frameTarget = { annotation, existingId: target.existing?.id ?? null, ...(snapshot ? { snapshot } : {}) };
    this.frame?.post({ type: 'pm:edit', serial, url: annotation.url, target: frameTarget }, box, true);
    setTimeout(() => {
      if (this.framed?.serial !== serial || this.framed.answered) return;
      this.hideFramed();
      const notice = noEditorNotice();
      this.state.notice = notice;
      this.closeEditor(false);
      setTimeout(() => this.state.notice === notice && ((this.state.notice = null), this.render()), 10_000);
    }, this.options.frameTimeoutMs ?? 8000);
  }

  private closeEditor(saved: boolean): void {
    this.render();
    const back = this.returnFocus;
    this.returnFocus = null;
    if (back && back.isConnected) focusQuietly(back);
    const p = this.pendingEditor;
    this.pendingEditor = null;
    p?.(saved);
  }
}
