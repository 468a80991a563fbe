import { LinkDecisionSchema, TrackedReportSchema, type LinkDecision, type TrackDoc, type TrackedReport } from '../schema/track';
import type { SavedTarget, TrackedReportInfo, TrackerDoc } from '../schema/tracker';
import type { Annotation } from '../schema/annotation';
import type { PledgemarkDB } from './db';
import type { AnnotationRepository } from './repository';
import type { PageText, SnapshotRepository, SnapshotSaveResult } from './snapshots';
import { StoreError, toStoreError } from './errors';
import { formatZodError } from '../schema/errors';
import { normaliseUrl } from '../util/url';

/** A decision as the reader makes it: the background gives it its id (one per target and figure) and time. */
export interface DecisionInput {
  target: LinkDecision['target'];
  figure: LinkDecision['figure'];
  /** `undecided` takes a decision back (the linker's suggestion shows again). */
  verdict: LinkDecision['verdict'] | 'undecided';
}

/** One decision per target and figure: deciding again replaces it. */
export function decisionId(d: Pick<LinkDecision, 'target' | 'figure'>): string {
  const end = (e: LinkDecision['target']) => `${normaliseUrl(e.url)}#${e.start}-${e.end}`;
  return `${end(d.target)}|${end(d.figure)}`;
}

/**
 * The promise tracker's storage: which reports are tracked, the reader's link decisions, and the tracked
 * reports' latest snapshots as the linker's input. A page with saved notes is tracked without being added (unless
 * the reader removed it); any other page is added with its snapshot ("Add this report to the tracker").
 */
export class TrackerRepository {
  constructor(
    readonly db: PledgemarkDB,
    private readonly repo: AnnotationRepository,
    private readonly snapshots: SnapshotRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Stores the page's snapshot (a new version only when its text changed) and tracks it; both or neither. */
  async add(page: PageText & { date?: string | null }, keep?: number): Promise<{ report: TrackedReport; snapshot: SnapshotSaveResult }> {
    const url = normaliseUrl(page.url);
    const prepared = await this.snapshots.prepare({ ...page, url });
    const existing = await this.db.trackedReports.get(url);
    const parsed = TrackedReportSchema.safeParse({
      url,
      title: page.title,
      addedAt: existing?.addedAt ?? this.now().toISOString(),
      date: page.date ?? existing?.date ?? null,
    });
    if (!parsed.success) throw new StoreError('invalid', `Invalid tracked report: ${formatZodError(parsed.error)}`);
    try {
      return await this.db.transaction('rw', [this.db.snapshots, this.db.trackedReports, this.db.untracked], async () => {
        const snapshot = await this.snapshots.commit(prepared, keep);
        await this.db.trackedReports.put(parsed.data);
        await this.db.untracked.delete(url);
        return { report: parsed.data, snapshot };
      });
    } catch (e) {
      throw toStoreError(e);
    }
  }

  /** Takes a page out of the tracker: its row goes, and a page with notes is kept out (its notes and snapshots stay). */
  async remove(url: string): Promise<{ removed: boolean }> {
    const u = normaliseUrl(url);
    try {
      return await this.db.transaction('rw', [this.db.trackedReports, this.db.untracked, this.db.annotations], async () => {
        const had = (await this.db.trackedReports.get(u)) !== undefined;
        await this.db.trackedReports.delete(u);
        const notes = await this.db.annotations.where('url').equals(u).count();
        if (notes > 0) await this.db.untracked.put({ url: u, removedAt: this.now().toISOString() });
        return { removed: had || notes > 0 };
      });
    } catch (e) {
      throw toStoreError(e);
    }
  }

  /** Every tracked report: added ones and pages with notes (not removed), each with a stored snapshot or not. */
  async list(): Promise<TrackedReportInfo[]> {
    const [added, untracked, { annotations }, latest] = await Promise.all([
      this.db.trackedReports.toArray(),
      this.db.untracked.toArray(),
      this.repo.allReport(),
      this.snapshots.latestVersions(),
    ]);
    const out = new Map<string, TrackedReportInfo>();
    for (const r of added) {
      const ok = TrackedReportSchema.safeParse(r);
      if (!ok.success) continue;
      out.set(ok.data.url, { ...ok.data, notes: 0, byHand: true, version: latest.get(ok.data.url) ?? null });
    }
    const removed = new Set(untracked.map((r) => r.url));
    // Oldest first, so a page's addedAt is its first note's time.
    const byAge = [...annotations].sort((a: Annotation, b: Annotation) => a.createdAt.localeCompare(b.createdAt));
    for (const a of byAge) {
      if (removed.has(a.url) && !out.has(a.url)) continue;
      const have = out.get(a.url);
      if (have) have.notes++;
      else out.set(a.url, { url: a.url, title: a.title, addedAt: a.createdAt, date: null, notes: 1, byHand: false, version: latest.get(a.url) ?? null });
    }
    return [...out.values()].sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.url.localeCompare(b.url));
  }

  /** Whether `url` is tracked (added, or with notes and not removed). */
  async isTracked(url: string): Promise<boolean> {
    const u = normaliseUrl(url);
    if (await this.db.trackedReports.get(u)) return true;
    if (await this.db.untracked.get(u)) return false;
    return (await this.db.annotations.where('url').equals(u).count()) > 0;
  }

  /** The linker's input: each tracked report with a stored snapshot, its latest version's items. */
  async docs(): Promise<{ docs: TrackDoc[]; info: TrackerDoc[] }> {
    const reports = (await this.list()).filter((r) => r.version !== null);
    const snaps = await Promise.all(reports.map((r) => this.snapshots.get(r.url).catch(() => null)));
    const docs: TrackDoc[] = [];
    const info: TrackerDoc[] = [];
    reports.forEach((r, i) => {
      const s = snaps[i];
      if (!s) return;
      docs.push({ doc: r.url, title: s.title || r.title, url: r.url, date: r.date, items: s.items });
      info.push({ doc: r.url, url: r.url, title: s.title || r.title, date: r.date, version: s.version });
    });
    return { docs, info };
  }

  /** Every stored decision that reads (a bad row is skipped: it never hides the others). */
  async decisions(): Promise<LinkDecision[]> {
    const rows = await this.db.linkDecisions.toArray();
    return rows.flatMap((r) => {
      const ok = LinkDecisionSchema.safeParse(r);
      return ok.success ? [ok.data] : [];
    });
  }

  /**
   * The reader's saved targets, by page and place, each saying whether a decision (by hand or confirmed) links it
   * to `figure`.
   */
  async savedTargets(figure: LinkDecision['figure']): Promise<SavedTarget[]> {
    const [{ annotations }, decisions] = await Promise.all([this.repo.allReport(), this.decisions()]);
    const linked = new Set(decisions.filter((d) => d.verdict !== 'rejected').map((d) => d.id));
    return annotations
      .filter((a) => a.kind === 'target')
      .map((a) => {
        const target = { url: a.url, start: a.position.start, end: a.position.end, exact: a.quote.exact };
        return {
          ...target,
          title: a.title,
          metric: a.fields.metric,
          deadline: a.fields.deadline,
          linked: linked.has(decisionId({ target, figure: { ...figure, url: normaliseUrl(figure.url) } })),
        };
      })
      .sort((x, y) => x.url.localeCompare(y.url) || x.start - y.start);
  }

  /** Stores (or, for `undecided`, deletes) the reader's decision on a link; answers the stored decision or null. */
  async decide(input: DecisionInput): Promise<LinkDecision | null> {
    const target = { ...input.target, url: normaliseUrl(input.target.url) };
    const figure = { ...input.figure, url: normaliseUrl(input.figure.url) };
    const id = decisionId({ target, figure });
    try {
      if (input.verdict === 'undecided') {
        await this.db.linkDecisions.delete(id);
        return null;
      }
      if (target.url === figure.url && target.start === figure.start && target.end === figure.end) {
        throw new StoreError('invalid', 'A target cannot be linked to itself');
      }
      const parsed = LinkDecisionSchema.safeParse({ id, target, figure, verdict: input.verdict, createdAt: this.now().toISOString() });
      if (!parsed.success) throw new StoreError('invalid', `Invalid decision: ${formatZodError(parsed.error)}`);
      await this.db.linkDecisions.put(parsed.data);
      return parsed.data;
    } catch (e) {
      throw toStoreError(e);
    }
  }
}
