import { diffSnapshots, type ItemQuote } from '../evidence/diff';
import { PageChangesSchema, type ChangeEntry, type PageChanges } from '../schema/changes';
import type { Snapshot } from '../schema/snapshot';
import { normaliseUrl } from '../util/url';
import { StoreError } from './errors';
import type { SnapshotRepository } from './snapshots';

/** The change log (lib/schema/changes.ts) between two snapshots of a page, older first. Pure. */
export function changesBetween(a: Snapshot, b: Snapshot): PageChanges {
  const [older, newer] = a.version <= b.version ? [a, b] : [b, a];
  const d = diffSnapshots(older, newer);
  const q = (x: ItemQuote) => ({ text: x.text, sentence: x.sentence });
  // In the later version's text order: altered and added by their new position, removed by their old one.
  const entries: Array<{ at: number; entry: ChangeEntry }> = [
    ...d.removed.map((r) => ({ at: r.quote.start, entry: { change: 'removed' as const, kind: r.kind, metric: r.metric, fields: [], old: q(r.quote), new: null } })),
    ...d.added.map((r) => ({ at: r.quote.start, entry: { change: 'added' as const, kind: r.kind, metric: r.metric, fields: [], old: null, new: q(r.quote) } })),
    ...d.altered.map((r) => ({
      at: r.newQuote.start,
      entry: {
        change: 'altered' as const,
        kind: r.kind,
        metric: r.metric,
        fields: r.changes.map((c) => ({ field: c.field, old: c.old, new: c.new })),
        old: q(r.oldQuote),
        new: q(r.newQuote),
      },
    })),
  ];
  entries.sort((x, y) => x.at - y.at);
  return PageChangesSchema.parse({
    url: newer.url,
    fromVersion: older.version,
    toVersion: newer.version,
    capturedFrom: older.capturedAt,
    capturedTo: newer.capturedAt,
    entries: entries.map((e) => e.entry),
    sameText: older.hash === newer.hash,
  });
}

/** An empty log: the page has fewer than two versions. */
export function noChanges(url: string): PageChanges {
  return { url: normaliseUrl(url), fromVersion: null, toVersion: null, capturedFrom: null, capturedTo: null, entries: [] };
}

/**
 * page/changes: between `from` and `to` when given; else between the version before `to` (or
 * before the latest) and it. A missing version is a clear error.
 */
export async function pageChanges(snapshots: SnapshotRepository, url: string, from?: number, to?: number): Promise<PageChanges> {
  const latest = await snapshots.latestVersion(url);
  if (latest === null) return noChanges(url);
  const toV = to ?? latest;
  const fromV = from ?? toV - 1;
  if (fromV < 1 || fromV === toV) {
    if (from === undefined) return noChanges(url);
    throw new StoreError('invalid', `Cannot compare version ${fromV} with version ${toV} of ${normaliseUrl(url)}`);
  }
  const [a, b] = await Promise.all([snapshots.get(url, fromV), snapshots.get(url, toV)]);
  if (!a) throw new StoreError('not-found', `No stored version ${fromV} of ${normaliseUrl(url)}`);
  if (!b) throw new StoreError('not-found', `No stored version ${toV} of ${normaliseUrl(url)}`);
  return changesBetween(a, b);
}

/**
 * For exports: each page's changes since its first stored version, for every page with two or
 * more versions (a log with no entries: the text changed, none of its targets or figures did).
 */
export async function changesSinceFirst(snapshots: SnapshotRepository, urls: readonly string[]): Promise<PageChanges[]> {
  const wanted = new Set(urls.map(normaliseUrl));
  // One read of every snapshot's key (no text) instead of a query per page: an export of 10,000 notes
  // spans hundreds of pages, and each IndexedDB round trip costs about half a millisecond.
  const latest = await snapshots.latestVersions();
  const out: PageChanges[] = [];
  for (const u of wanted) {
    const v = latest.get(u);
    if (v === undefined || v < 2) continue;
    out.push(await pageChanges(snapshots, u, 1, v));
  }
  return out;
}
