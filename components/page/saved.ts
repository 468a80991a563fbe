/**
 * The reader's saved annotations on this page: one list of { annotation, where it stands now, its marks }.
 * Loaded once the items are marked, re-anchored on the article text as it is now (position → quote → fuzzy:
 * anchored, changed or orphaned), marked, and kept with the page's snapshot. An annotation the reader has just
 * saved is placed at the offsets it was saved at: it was made on this very text.
 */
import { selectorsFor } from '../../lib/anchor/dom';
import { sentenceAround } from '../../lib/anchor/sentence';
import { reanchor, prepareText, type ReanchorResult } from '../../lib/evidence/reanchor';
import type { Envelope, Request, ResponseFor } from '../../lib/messages/protocol';
import type { Annotation, AnnotationKind, NewAnnotation } from '../../lib/schema/annotation';
import type { AnchorReport } from '../../lib/schema/changes';
import type { Item, ItemFields } from '../../lib/schema/item';
import { log } from '../../lib/util/log';
import { normaliseUrl } from '../../lib/util/url';
import { CHANGED_CLASS, SAVED_CLASS, TEAM_CLASS, markSpans, unwrapMarks, type MarkSpec } from './highlight';
import type { PageRun } from './run';

export type Send = <T extends Request>(req: T) => Promise<Envelope<ResponseFor<T['type']>>>;

/** One saved annotation as it stands on the page now. */
export interface SavedAnnotation {
  annotation: Annotation;
  /** Where it was found again (orphaned: nowhere). */
  anchor: ReanchorResult;
  /** Its mark elements in the article (none when orphaned). */
  marks: HTMLElement[];
}

/** What the reader is about to save: an item, a free selection, or a saved annotation (note and tags edited). */
export interface SaveTarget {
  kind: AnnotationKind;
  start: number;
  end: number;
  fields: ItemFields;
  context: string;
  existing: Annotation | null;
}

/** The page URL an annotation belongs to, keyed as the store keys it. */
export function pageUrl(loc: Location = location): string {
  return normaliseUrl(loc.href);
}

/** Up to this many characters of article text, a snapshot is sent with its items (saves the background the extraction). */
export const ITEMS_SENT_MAX_CHARS = 200_000;

export class SavedAnnotations {
  entries: SavedAnnotation[] = [];
  /**
   * Which saved annotation each saved mark stands for. Kept here, in the content script's memory, and never
   * written to the page: a data attribute would tell the page's scripts which passages were saved, and by which id.
   */
  private byMark = new WeakMap<Element, SavedAnnotation>();
  /** snapshot/save stored a new version of this page's text after an earlier one (the page changed). */
  pageChanged = false;

  constructor(
    private readonly doc: Document,
    private readonly send: Send,
    private readonly run: PageRun,
    /** Called when what the UI shows of the saved annotations changed outside a call's own return. */
    private readonly changed: () => void,
  ) {}

  get annotations(): Annotation[] {
    return this.entries.map((e) => e.annotation);
  }

  /** Asks the background for this page's annotations, places them, and keeps a snapshot when there are any. */
  async load(): Promise<void> {
    if (!this.run.container || !this.run.article) return;
    let list: Annotation[];
    try {
      const env = await this.send({ type: 'annotation/forPage', url: pageUrl(this.doc.location) });
      if (!env.ok) return log('annotation/forPage failed:', env.error);
      list = env.data;
    } catch (e) {
      return log('annotation/forPage failed:', e);
    }
    this.place(list);
    if (list.length) await this.saveSnapshot(false);
  }

  /** Reads this page's annotations again and places them afresh (they changed elsewhere); throws when unanswered. */
  async reload(): Promise<void> {
    if (!this.run.container || !this.run.article) return;
    const env = await this.send({ type: 'annotation/forPage', url: pageUrl(this.doc.location) });
    if (!env.ok) throw new Error(env.error);
    this.place(env.data);
  }

  /** Re-anchors `list` on the article text as it is now and marks it (replacing the saved marks there were). */
  place(list: Annotation[]): void {
    const container = this.run.container;
    const old = this.entries.flatMap((e) => e.marks);
    if (old.length) unwrapMarks(old);
    this.entries = [];
    const article = old.length ? this.run.reread() : this.run.article;
    if (!container || !article) return;
    // A malformed record is orphaned, never thrown into the page.
    const prepared = prepareText(article.text);
    this.entries = list.map((annotation) => {
      let anchor: ReanchorResult;
      try {
        anchor = reanchor(annotation, prepared);
      } catch (e) {
        log('re-anchoring failed:', e);
        anchor = { status: 'orphaned', method: null, oldText: annotation.quote?.exact ?? '' };
      }
      return { annotation, anchor, marks: [] };
    });
    this.mark(this.entries);
    // Shown at once: the snapshot that follows waits for the background.
    this.changed();
  }

  /** Adds an annotation just saved on this text, at the offsets it was saved at. */
  private add(annotation: Annotation): void {
    const { start, end } = annotation.position;
    const exact = annotation.quote.exact;
    const entry: SavedAnnotation = { annotation, anchor: { status: 'anchored', method: 'position', start, end, oldText: exact, newText: exact }, marks: [] };
    this.entries.push(entry);
    this.mark([entry]);
  }

  private mark(entries: SavedAnnotation[]): void {
    const container = this.run.container;
    const article = this.run.article;
    if (!container || !article) return;
    const specs = new Map<MarkSpec, SavedAnnotation>();
    for (const e of entries) {
      const span = spanOf(e);
      if (!span) continue;
      const changed = e.anchor.status === 'changed';
      const spec: MarkSpec = {
        ...span,
        className: [SAVED_CLASS, ...(changed ? [CHANGED_CLASS] : []), ...(e.annotation.author ? [TEAM_CLASS] : [])].join(' '),
        attrs: {},
      };
      specs.set(spec, e);
    }
    if (!specs.size) return;
    markSpans(container, article, [...specs.keys()], (el, spec) => {
      const entry = specs.get(spec);
      if (!entry) return;
      entry.marks.push(el);
      this.byMark.set(el, entry);
    });
    // markSpans kept the run's map up to date (a long article is not walked again), unless the page changed it.
    if (article.stale) {
      const after = this.run.reread();
      if (after && after.text !== article.text) log('article text changed after marking');
    }
    // The first piece of each is keyboard-focusable, so focus shows the tooltip.
    for (const e of specs.values()) if (e.marks[0]) e.marks[0].tabIndex = 0;
  }

  /** The saved annotation a mark stands for: its own saved mark, or an item's mark at exactly its place. */
  entryAt(mark: HTMLElement, item: Item | null): SavedAnnotation | null {
    const el = mark.closest(`mark.${SAVED_CLASS}`) ?? mark.querySelector(`mark.${SAVED_CLASS}`);
    const own = el ? this.byMark.get(el) : undefined;
    if (own && this.entries.includes(own)) return own;
    if (!item) return null;
    return this.entries.find((e) => e.anchor.start === item.start && e.anchor.end === item.end && spanOf(e)) ?? null;
  }

  /** The marks of the saved annotation `id` (none when it is not placed). */
  marksOf(id: string): HTMLElement[] {
    return this.entries.find((e) => e.annotation.id === id)?.marks.filter((m) => m.isConnected) ?? [];
  }

  /** How many were found (with their text, or changed) and how many not: the legend's line. */
  tally(): { saved: number; changed: number; missing: number } {
    const found = this.entries.filter((e) => spanOf(e)).length;
    const changed = this.entries.filter((e) => e.anchor.status === 'changed').length;
    return { saved: found, changed, missing: this.entries.length - found };
  }

  /** Each saved annotation of the page as re-anchored now (for page/summary and the popup). */
  reports(): AnchorReport[] {
    return this.entries.map(({ annotation, anchor }) => ({
      id: annotation.id,
      status: anchor.status,
      method: anchor.method,
      oldText: anchor.oldText,
      newText: anchor.status === 'orphaned' ? null : anchor.newText ?? null,
    }));
  }

  /**
   * What a snapshot of this page stores: the article text and every item extracted from it — the text only for
   * a long article (the background extracts the same items from it; see SnapshotPayload).
   */
  snapshotPayload(): { title: string; text: string; items?: Item[] } | null {
    if (!this.run.article) return null;
    return { title: this.run.detection?.title || this.doc.title || (this.doc.location?.hostname ?? ''), text: this.run.article.text, ...(this.run.article.text.length <= ITEMS_SENT_MAX_CHARS ? { items: this.run.allItems } : {}) };
  }

  /**
   * Sends the page's text to be kept as a snapshot version (the background stores it only when it differs from
   * the latest one, and — unless `force` — only for a page with annotations). A new version after an earlier
   * one means the page changed since it was last seen.
   */
  async saveSnapshot(force: boolean): Promise<void> {
    const payload = this.snapshotPayload();
    if (!payload) return;
    try {
      const env = await this.send({ type: 'snapshot/save', url: pageUrl(this.doc.location), ...payload, ...(force ? { force: true } : {}) });
      if (!env.ok) return log('snapshot/save failed:', env.error);
      if (env.data.stored && env.data.previousVersion !== null) this.pageChanged = true;
      this.changed();
    } catch (e) {
      log('snapshot/save failed:', e);
    }
  }

  /** The record to save for `target`, on the article text as it is now. */
  newAnnotation(target: SaveTarget, note: string, tags: string[]): NewAnnotation {
    const text = this.run.article!.text;
    const { quote, position } = selectorsFor(text, target.start, target.end);
    const loc = this.doc.location;
    return {
      url: pageUrl(loc),
      title: this.run.detection?.title || this.doc.title || loc.hostname,
      site: loc.hostname,
      kind: target.kind,
      quote,
      position,
      fields: target.fields,
      context: target.context || sentenceAround(text, target.start, target.end),
      note,
      tags,
    };
  }

  /**
   * Reads this page's annotations again after the annotator frame saved one: a new one is placed at the offsets
   * it was saved at (it was made on this very text), a known one takes its new note and tags.
   */
  async refresh(): Promise<void> {
    const env = await this.send({ type: 'annotation/forPage', url: pageUrl(this.doc.location) });
    if (!env.ok) throw new Error(env.error);
    const text = this.run.article?.text ?? '';
    for (const a of env.data) {
      const known = this.entries.find((e) => e.annotation.id === a.id);
      if (known) known.annotation = a;
      else if (text.slice(a.position.start, a.position.end) === a.quote.exact) this.add(a);
    }
    this.changed();
  }

  /** Forgets every saved annotation (their marks went with the run's clear()). */
  clear(): void {
    this.entries = [];
    this.byMark = new WeakMap();
    this.pageChanged = false;
  }
}

/** Where a saved annotation stands in the article now, or null when it was not found. */
export function spanOf(e: SavedAnnotation): { start: number; end: number } | null {
  const { status, start, end } = e.anchor;
  return status !== 'orphaned' && start !== undefined && end !== undefined && end > start ? { start, end } : null;
}
