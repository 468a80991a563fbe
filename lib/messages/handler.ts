import type { z } from 'zod';
import { buildExport, parseImport, ImportError } from '../export';
import type { AnnotationRepository } from '../store/repository';
import type { SnapshotRepository } from '../store/snapshots';
import { StoreError, toStoreError } from '../store/errors';
import { formatZodError } from '../schema/errors';
import { exportBackup, previousBackup, restoreBackup } from '../store/backup';
import { TEXT_CAPS } from '../evidence/limits';
import { changesSinceFirst, pageChanges } from '../store/changes';
import { extract, type Item } from '../extract';
import { RequestSchema, ResponseSchemas, type Envelope, type Request, type ResponseFor } from './protocol';
import { authorise, type Caller } from './access';
import type { SyncService } from '../sync/service';
import { testConnection, type FetchLike } from '../sync/connection';
import { TrackerRepository } from '../store/tracker';
import { linkTargets } from '../track';
import { filterRows, summarise } from '../tracker/view';
import { buildTrackerExport } from '../export/tracker';
import type { TrackerFilter, TrackerView } from '../schema/tracker';
import { normaliseUrl } from '../util/url';

/** What the handler works on; the background passes the real ones, tests pass fake-indexeddb ones. */
export interface HandlerDeps {
  repo: AnnotationRepository;
  snapshots?: SnapshotRepository;
  now?: () => Date;
  /** Shared notebooks (absent: none can be connected here). */
  sync?: SyncService;
  /** How "Test connection" reaches a server (the global fetch in the background; a fake in tests). */
  fetch?: FetchLike;
}

function syncOf(deps: HandlerDeps): SyncService {
  if (!deps.sync) throw new StoreError('storage', 'Notebooks are not available here');
  return deps.sync;
}

/** Runs a store write, then tells the sync runtime there is something to send. */
async function thenSync<T>(deps: HandlerDeps, write: Promise<T>): Promise<T> {
  const out = await write;
  deps.sync?.changed();
  return out;
}

type AnyResponse = ResponseFor<Request['type']>;

/** A page's snapshot with its items: those the page sent, or (a long page sends its text only) extracted here. */
function withItems(p: { title: string; text: string; items?: Item[] }): { title: string; text: string; items: Item[] } {
  return { title: p.title, text: p.text, items: p.items ?? extract(p.text) };
}

function snapshotsOf(deps: HandlerDeps): SnapshotRepository {
  if (!deps.snapshots) throw new StoreError('storage', 'Snapshots are not available here');
  return deps.snapshots;
}

function trackerOf(deps: HandlerDeps): TrackerRepository {
  return new TrackerRepository(deps.repo.db, deps.repo, snapshotsOf(deps), deps.now);
}

/**
 * The last computed tracker view per database, kept while nothing was written to the database (any table) and the
 * day is the same: reading every tracked snapshot and linking takes most of a second with 2,000 targets, and the
 * tracker page and the popup ask on every open. The background computes it again after a change, in idle time.
 */
const viewCache = new WeakMap<object, { key: string; view: TrackerView }>();

/** The tracker's rows as of today (cached, see viewCache), only those `filter` shows when given. */
async function trackerView(deps: HandlerDeps, filter?: TrackerFilter): Promise<TrackerView> {
  const today = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
  const db = deps.repo.db;
  const key = `${db.writes}|${today}`;
  let cached = viewCache.get(db);
  if (!cached || cached.key !== key) {
    cached = { key, view: await computeTrackerView(deps, today) };
    viewCache.set(db, cached);
  }
  const view = cached.view;
  return filter ? { ...view, rows: filterRows(view.rows, filter) } : view;
}

/** The linker over the tracked reports' latest snapshots, the reader's decisions applied, saved targets marked. */
async function computeTrackerView(deps: HandlerDeps, today: string): Promise<TrackerView> {
  const tracker = trackerOf(deps);
  const [{ docs, info }, decisions, { annotations }] = await Promise.all([tracker.docs(), tracker.decisions(), deps.repo.allReport()]);
  const links = linkTargets(docs, { today, decisions });
  const rows = links.map((l) => ({ ...l, saved: false }));
  // The targets the reader saved: on the same page, the same quote nearest the offsets it was saved at (the
  // snapshot read may be a later version than the note's, and a quote such as 30所 may stand twice).
  const byDocText = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const key = `${r.target.doc}\u0000${r.target.text}`;
    byDocText.set(key, [...(byDocText.get(key) ?? []), i]);
  });
  for (const a of annotations) {
    if (a.kind !== 'target') continue;
    const candidates = byDocText.get(`${normaliseUrl(a.url)}\u0000${a.quote.exact}`);
    if (!candidates) continue;
    const nearest = candidates.reduce((best, i) => (Math.abs(rows[i].target.start - a.position.start) < Math.abs(rows[best].target.start - a.position.start) ? i : best));
    rows[nearest].saved = true;
  }
  return { today, docs: info, rows };
}

async function answer(req: Request, deps: HandlerDeps): Promise<unknown> {
  const { repo } = deps;
  switch (req.type) {
    case 'annotation/save': {
      // A notebook shared by default gets every new annotation (the reader chose that in the options page).
      const share = await deps.sync?.defaults();
      if (!req.snapshot) return thenSync(deps, repo.save(req.annotation, share));
      // The annotation and its page's snapshot: one transaction, both or neither.
      const snaps = snapshotsOf(deps);
      const keep = (await repo.getSettings()).maxVersionsPerPage;
      const prepared = await snaps.prepare({ url: req.annotation.url, ...withItems(req.snapshot) });
      const db = repo.db;
      try {
        return await thenSync(
          deps,
          db.transaction('rw', db.annotations, db.snapshots, db.syncDocs, async () => {
            const saved = await repo.save(req.annotation, share);
            await snaps.commit(prepared, keep);
            return saved;
          }),
        );
      } catch (e) {
        throw toStoreError(e);
      }
    }
    case 'annotation/update':
      return thenSync(deps, repo.update(req.id, { note: req.note, tags: req.tags }));
    case 'annotation/delete':
      return { deleted: await thenSync(deps, repo.delete(req.id)) };
    case 'annotation/undoDelete':
      return thenSync(deps, repo.undoDelete(req.id));
    case 'annotation/forPage':
      // What colleagues shared on this page comes in first (bounded wait: the page is never held up for long).
      await deps.sync?.beforeRead(req.url);
      return repo.forPage(req.url);
    case 'annotation/share': {
      const sync = syncOf(deps);
      const known = new Set((await sync.list()).map((n) => n.id));
      const unknown = req.notebooks.filter((n) => !known.has(n));
      if (unknown.length) throw new StoreError('invalid', `No notebook connected with id ${unknown.join(', ')}`);
      return thenSync(deps, repo.share(req.id, req.notebooks, await sync.authorFor(req.notebooks[0])));
    }
    case 'annotation/resolveConflict':
      return thenSync(deps, repo.resolveConflict(req.id, req.choice));
    case 'notebook/list':
      return syncOf(deps).list();
    case 'notebook/save':
      return syncOf(deps).save(req.notebook);
    case 'notebook/remove':
      return { removed: await syncOf(deps).remove(req.id) };
    case 'notebook/syncNow':
      return syncOf(deps).syncNow(req.id);
    case 'notebook/state':
      return syncOf(deps).states();
    case 'notebook/test': {
      const { password: typed, ...conn } = req.notebook;
      const password = typed ?? (await deps.sync?.storedPassword?.(conn.id));
      if (password === undefined) throw new StoreError('invalid', 'Type the password to test this notebook');
      const fetchFn: FetchLike = deps.fetch ?? ((url, init) => fetch(url, init));
      return testConnection({ ...conn, password }, fetchFn);
    }
    case 'notebook/choices':
      return (await syncOf(deps).list()).map((n) => ({ id: n.id, db: n.db, shareByDefault: n.shareByDefault }));
    case 'annotation/list':
      return repo.list(req.query);
    case 'annotation/facets':
      return repo.facets();
    case 'export': {
      // Rows that do not read are left out and counted: they never stop the export of the rest.
      const { annotations: all, unreadable } = req.url !== undefined ? await repo.forPageReport(req.url) : await repo.allReport();
      const list = req.query !== undefined ? await repo.list(req.query) : all;
      const changes = deps.snapshots ? await changesSinceFirst(deps.snapshots, list.map((a) => a.url)) : [];
      const file = buildExport(req.format, list, deps.now?.() ?? new Date(), changes);
      return unreadable.length ? { ...file, unreadable: unreadable.length } : file;
    }
    case 'import':
      return thenSync(deps, repo.importMany(parseImport(req.json)));
    case 'snapshot/get':
      return snapshotsOf(deps).get(req.url, req.version);
    case 'snapshot/save': {
      const keep = (await repo.getSettings()).maxVersionsPerPage;
      return snapshotsOf(deps).saveFromPage({ url: req.url, ...withItems(req) }, req.force ?? false, keep);
    }
    case 'snapshot/versions':
      return { versions: await snapshotsOf(deps).versionsOf(req.urls) };
    case 'page/changes':
      return pageChanges(snapshotsOf(deps), req.url, req.from, req.to);
    case 'backup/export':
      return exportBackup(repo.db, deps.now?.() ?? new Date());
    case 'backup/restore': {
      const restored = await restoreBackup(repo.db, req.json, TEXT_CAPS, deps.now?.() ?? new Date());
      // The restored shared notes go to their notebooks again (a note the backup lacks is not deleted there: a
      // restore replaces this machine's store, never the team's).
      await thenSync(deps, repo.requeueShared());
      return restored;
    }
    case 'backup/previous':
      return previousBackup(repo.db);
    case 'store/problems':
      return { annotations: (await repo.allReport()).unreadable };
    case 'settings/get':
      return repo.getSettings();
    case 'settings/set':
      return repo.setSettings(req.settings);
    case 'tracker/add': {
      const keep = (await repo.getSettings()).maxVersionsPerPage;
      const { report, snapshot } = await trackerOf(deps).add({ url: req.url, date: req.date ?? null, ...withItems(req) }, keep);
      return { url: report.url, version: snapshot.version, stored: snapshot.stored };
    }
    case 'tracker/list':
      return { reports: await trackerOf(deps).list() };
    case 'tracker/remove':
      return trackerOf(deps).remove(req.url);
    case 'tracker/links':
      return trackerView(deps, req.filter);
    case 'tracker/summary': {
      const view = await trackerView(deps);
      return summarise(view.rows, view.today);
    }
    case 'tracker/decide':
      return trackerOf(deps).decide({ target: req.target, figure: req.figure, verdict: req.verdict });
    case 'tracker/targets':
      return { targets: await trackerOf(deps).savedTargets(req.figure) };
    case 'tracker/linkManual':
      return trackerOf(deps).decide({ target: req.target, figure: req.figure, verdict: req.linked ? 'manual' : 'undecided' });
    case 'tracker/export': {
      const view = await trackerView(deps, req.filter);
      return buildTrackerExport(req.format, view.rows, view.docs, view.today);
    }
  }
}

/**
 * Validates the request, runs it, validates the answer. Never throws: every failure comes back as
 * { ok: false, error } with a message for the reader. It does not ask who sent the request: the background's
 * listener goes through handleMessageFrom; this is for callers that are the extension itself (and tests).
 */
export async function handleMessage(request: unknown, deps: HandlerDeps | AnnotationRepository): Promise<Envelope<AnyResponse>> {
  return handleFrom(request, { kind: 'extension' }, deps);
}

/**
 * The background's one entry point: like handleMessage, after checking that `caller` (lib/messages/access
 * classifySender) may send this request. A refused request runs nothing.
 */
export async function handleMessageFrom(request: unknown, caller: Caller, deps: HandlerDeps | AnnotationRepository): Promise<Envelope<AnyResponse>> {
  return handleFrom(request, caller, deps);
}

async function handleFrom(request: unknown, caller: Caller, deps: HandlerDeps | AnnotationRepository): Promise<Envelope<AnyResponse>> {
  const d: HandlerDeps = 'repo' in deps ? deps : { repo: deps };
  const parsed = RequestSchema.safeParse(request);
  if (!parsed.success) return { ok: false, error: `Invalid request: ${formatZodError(parsed.error)}` };
  const req = parsed.data;
  try {
    const refused = await authorise(req, caller, async (id) => (await d.repo.urlOf(id)) ?? null);
    if (refused) return { ok: false, error: refused };
    const data = await answer(req, d);
    const schema = ResponseSchemas[req.type] as z.ZodType<AnyResponse>;
    const out = schema.safeParse(data);
    if (!out.success) return { ok: false, error: `Invalid response to ${req.type}: ${formatZodError(out.error)}` };
    return { ok: true, data: out.data };
  } catch (e) {
    if (e instanceof StoreError || e instanceof ImportError) return { ok: false, error: e.message };
    return { ok: false, error: `${req.type} failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
