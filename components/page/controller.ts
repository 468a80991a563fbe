/**
 * The page side of Pledgemark, put together: the settings, then the first paint and the run (firstPaint.ts,
 * run.ts), the saved annotations (saved.ts), the page UI (ui.ts) and the tab messages (tab.ts). Every entry
 * point catches and logs: nothing is thrown into the page.
 */
import type { Detection } from '../../lib/article/detect';
import type { ArticleText } from '../../lib/article/text';
import { offsetsToRange } from '../../lib/anchor/dom';
import type { Envelope } from '../../lib/messages/protocol';
import type { PageSummary, PageTable, TabRequest } from '../../lib/messages/tab';
import type { Annotation } from '../../lib/schema/annotation';
import type { AnchorReport } from '../../lib/schema/changes';
import { countByKind, type Item } from '../../lib/schema/item';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/schema/settings';
import { log } from '../../lib/util/log';
import { PUB_DATE_META, readPubDate } from '../../lib/article/date';
import { setLanguage } from '../../lib/i18n';
import { afterPaint, perfMark, prepare, prepareProvisional, stillUsable, watchForLateContent, LATE_CONTENT_MS, type Prepared } from './firstPaint';
import { HOST_TAG } from './mount';
import { PageRun } from './run';
import { SavedAnnotations, pageUrl, type Send } from './saved';
import { handleTab } from './tab';
import { PageUiController, type PageUiOptions, type SelectionAnswer } from './ui';
import type { PageUiActions } from './types';

export type { Send };
export type PageOptions = PageUiOptions;

export class PageController {
  settings: Settings = DEFAULT_SETTINGS;
  /** Where the settings came from (the content script's entry sets it; read by the e2e test). */
  settingsFrom: 'prefetch' | 'storage' | 'background' | 'defaults' = 'defaults';
  /** The items are marked and the UI is up. */
  ran = false;
  /** Called once the item highlights are in the DOM (the content script marks 'pm-painted' after a frame). */
  onHighlighted: (() => void) | null = null;
  stopWatching: (() => void) | null = null;
  private readonly marks: PageRun;
  private readonly savedList: SavedAnnotations;
  private readonly ui: PageUiController;
  private running: Promise<void> | null = null;

  constructor(
    private readonly doc: Document,
    private readonly send: Send,
    options: PageOptions = {},
  ) {
    this.marks = new PageRun(doc);
    this.savedList = new SavedAnnotations(doc, send, this.marks, () => this.ui.render());
    this.ui = new PageUiController(doc, this.marks, this.savedList, options);
  }

  get detection(): Detection | null {
    return this.marks.detection;
  }
  get container(): Element | null {
    return this.marks.container;
  }
  get article(): ArticleText | null {
    return this.marks.article;
  }
  get items(): Item[] {
    return this.marks.items;
  }
  get allItems(): Item[] {
    return this.marks.allItems;
  }
  get saved(): Annotation[] {
    return this.savedList.annotations;
  }
  /** The marks of saved annotation `id` (the page's DOM does not say which marks are whose). */
  savedMarks(id: string): HTMLElement[] {
    return this.savedList.marksOf(id);
  }
  get pageChanged(): boolean {
    return this.savedList.pageChanged;
  }
  /** The UI's (closed) shadow root, for tests. */
  get uiRoot(): ShadowRoot | null {
    return this.ui.root;
  }
  get actions(): PageUiActions {
    return this.ui.actions;
  }

  /**
   * Auto start. The settings message is sent first; while it is in flight everything is made ready without
   * touching the page (detection, article text, the extraction of the part of the article in or near the
   * viewport). Nothing is marked until the settings say auto-highlight is on; then the viewport's items are
   * marked at once (first paint), and the rest of the work (the full extraction, the other marks, the UI)
   * follows in idle time.
   */
  async start(): Promise<void> {
    const asked = this.send({ type: 'settings/get' });
    perfMark('pm-asked');
    let prep: Prepared | null = null;
    try {
      prep = this.prepareProvisional() ?? this.prepare(false);
    } catch (e) {
      log('preparation failed:', e);
    }
    perfMark('pm-prepared');
    try {
      const env = await asked;
      if (env.ok) this.settings = env.data;
      else log('settings/get failed, using defaults:', env.error);
    } catch (e) {
      log('settings/get failed, using defaults:', e);
    }
    // The page UI speaks the reader's language (the browser's when unset), like the extension's pages.
    setLanguage(this.settings.language);
    perfMark('pm-settings');
    const host = this.doc.location?.hostname ?? '';
    if (this.settings.disabledSites.includes(host)) return;
    if (!this.settings.autoHighlight) return;
    await this.run(false, prep ?? undefined);
    if (!this.ran) this.watchForLateContent();
  }

  prepare(force: boolean, detection?: Detection): Prepared | null {
    return prepare(this.doc, force, detection);
  }

  prepareProvisional(): Prepared | null {
    return prepareProvisional(this.doc);
  }

  /** Watches a page that is not (yet) a report for its article filled in by script; runs once it is one. */
  watchForLateContent(windowMs = LATE_CONTENT_MS, debounceMs = 400): void {
    this.stopWatching = watchForLateContent(this.doc, () => this.ran, () => void this.run(false), windowMs, debounceMs);
  }

  /** Detects, extracts and highlights. `force` runs on the best container (or <body>) even when not a report. */
  run(force: boolean, prepared?: Prepared): Promise<void> {
    const job = (this.running ?? Promise.resolve()).then(() => this.runNow(force, prepared)).catch((e) => log('run failed:', e));
    this.running = job;
    return job;
  }

  /** Resolves when the run under way (if any) has finished. */
  async settled(): Promise<void> {
    if (this.running) await this.running;
  }

  private async runNow(force: boolean, prepared?: Prepared): Promise<void> {
    this.stopWatching?.();
    this.clear();
    const prep = stillUsable(prepared, force) ?? this.prepare(force);
    const kinds = new Set(this.settings.kinds);
    const marked = await this.marks.mark(prep, force, kinds, () => this.onHighlighted?.());
    if (!marked) return;
    this.ran = true;
    this.ui.show();
    void afterPaint(this.doc.defaultView).then(() => perfMark('pm-done'));
    await this.loadSaved();
  }

  /** Removes every mark and the UI state (idempotent). */
  clear(): void {
    this.marks.clear();
    this.savedList.clear();
    this.ui.reset();
  }

  async loadSaved(): Promise<void> {
    await this.savedList.load();
    this.ui.render();
  }

  /**
   * The saved notes changed elsewhere (the popup, another tab): when they are this page's (or any page's), its
   * list is read again and re-marked, so a deleted note's mark goes and an imported one shows, without a reload.
   */
  async savedChanged(url?: string): Promise<Envelope<{ reloaded: boolean }>> {
    try {
      await this.settled();
      if (!this.ran || (url !== undefined && url !== pageUrl(this.doc.location))) return { ok: true, data: { reloaded: false } };
      await this.savedList.reload();
      this.ui.render();
      return { ok: true, data: { reloaded: true } };
    } catch (e) {
      log('reading the saved notes again failed:', e);
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Places `list` as this page's saved annotations (replacing the ones there were). */
  showSaved(list: Annotation[]): void {
    this.savedList.place(list);
    this.ui.render();
  }

  snapshotPayload(): { title: string; text: string; items?: Item[] } | null {
    return this.savedList.snapshotPayload();
  }

  saveSnapshot(force: boolean): Promise<void> {
    return this.savedList.saveSnapshot(force);
  }

  summary(): PageSummary {
    return {
      url: pageUrl(this.doc.location),
      title: this.marks.detection?.title || this.doc.title,
      detected: this.ran,
      counts: countByKind(this.items),
      items: this.items,
      anchors: this.anchorReports(),
      pageChanged: this.pageChanged,
    };
  }

  /** The page's publication date from its CMS meta tags (YYYY-MM-DD), or null. */
  pubDate(): string | null {
    for (const name of PUB_DATE_META) {
      const meta = this.doc.querySelector(`meta[name="${name}"], meta[property="${name}"]`);
      const date = readPubDate(meta?.getAttribute('content'));
      if (date) return date;
    }
    return null;
  }

  /** Adds this page to the promise tracker with its article text and extraction (page/track from the popup). */
  async track(): Promise<{ tracked: boolean; reason?: string }> {
    const payload = this.snapshotPayload();
    if (!payload) return { tracked: false, reason: 'not-read' };
    const env = await this.send({ type: 'tracker/add', url: pageUrl(this.doc.location), ...payload, date: this.pubDate() });
    return env.ok ? { tracked: true } : { tracked: false, reason: env.error };
  }

  /** Every item with the clause it stands in (page/table): cut from the article text the items were found in. */
  table(): PageTable {
    const text = this.article?.text ?? '';
    const url = pageUrl(this.doc.location);
    const title = this.marks.detection?.title || this.doc.title;
    return { url, title, items: this.items.map((it) => ({ ...it, clause: text.slice(it.sentence.start, it.sentence.end) })) };
  }

  /** Each saved annotation of the page as re-anchored now (for page/summary and the popup). */
  anchorReports(): AnchorReport[] {
    return this.savedList.reports();
  }

  handleTab(req: TabRequest): Promise<Envelope<unknown>> {
    return handleTab(this, req);
  }

  scrollTo(index: number): boolean {
    return this.marks.scrollTo(index);
  }

  openEditorFor(mark: HTMLElement): boolean {
    return this.ui.openEditorFor(mark);
  }

  editSelection(): SelectionAnswer {
    if (!this.ran) return { saved: false, reason: 'Pledgemark has not run on this page' };
    return this.ui.editSelection();
  }

  /** A DOM Range for an article offset range (for tests and debugging). */
  rangeFor(start: number, end: number): Range | null {
    return this.article ? offsetsToRange(this.article, start, end) : null;
  }

  isOwnUi(el: Element): boolean {
    return el.tagName.toLowerCase() === HOST_TAG;
  }
}
