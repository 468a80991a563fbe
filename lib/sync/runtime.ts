import { z } from 'zod';
import { fnv1a } from '../util/hash';
import { NotebookConfigSchema, NotebookSaveSchema, type NotebookConfig, type NotebookSave, type NotebookView, type SyncState } from '../schema/notebook';
import { AnnotationSchema } from '../schema/annotation';
import { StoreError } from '../store/errors';
import { toStored, type PledgemarkDB } from '../store/db';
import { formatZodError } from '../schema/errors';
import { NotebookBridge, type Replica } from './bridge';
import type { SyncService } from './service';

/**
 * The sync runtime in the background: one session per connected notebook, each a local PouchDB replica kept in
 * live, continuous replication with the server by PouchDB's replicator (retry with back-off while the server is
 * away, checkpoints in _local documents), and the bridge moving records between that replica and Dexie.
 *
 * A Manifest V3 service worker is stopped when idle, and the live replication with it; nothing is lost by that
 * (the changes to send wait in Dexie's syncDocs, the replicator's checkpoints in the replica), and it picks up
 * again when the worker wakes: at start, and on every message (`wake`), so a page asking for its annotations
 * brings in what colleagues shared first (`beforeRead`, bounded in time).
 *
 * The notebooks' connections (with their passwords) are kept in storage.local under NOTEBOOKS_KEY, and the
 * password goes only to that notebook's server: the remote factory is given the one config it connects.
 */

export const NOTEBOOKS_KEY = 'notebooks';

export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export interface RuntimeDeps {
  db: PledgemarkDB;
  storage: KeyValueArea;
  /** The local replica of a notebook (IndexedDB in the browser, memory in tests). */
  replica(name: string): Replica;
  /** The server's database for a connection (HTTP, its credentials sent to that origin only). */
  remote(config: NotebookConfig): Replica;
  now?: () => Date;
  log?: (...args: unknown[]) => void;
  /** How long a page's read waits for a pull at most. */
  readWaitMs?: number;
  /** A pull for a page read is skipped when the last one is more recent than this. */
  freshMs?: number;
  /** Live replication (off in tests that drive every step). */
  live?: boolean;
  /** Notes of these pages changed by a pull (the background tells their tabs). */
  onPulled?: (urls: string[]) => void;
}

const ConfigList = z.array(NotebookConfigSchema);

function message(e: unknown): string {
  if (e instanceof Error) return e.message;
  const x = e as { message?: unknown; reason?: unknown; error?: unknown } | null;
  const m = x?.reason ?? x?.message ?? x?.error;
  return typeof m === 'string' ? m : String(e);
}

/** No answer at all (connection refused, DNS, offline), as opposed to an answer that says no. */
function isOffline(e: unknown): boolean {
  const status = (e as { status?: unknown } | null)?.status;
  return status === undefined || status === 0 || status === 500 && /fetch|ECONNREFUSED|network/i.test(message(e));
}

class Session {
  readonly bridge: NotebookBridge;
  live: PouchDB.ReplicationHandle | null = null;
  state: SyncState['state'] = 'connecting';
  lastSyncAt: string | null = null;
  lastPullAt = 0;
  /** Written to the replica, not yet known to be on the server (the replication has not finished since). */
  unsent = 0;
  error: string | null = null;
  rejected = new Map<string, string>();
  /** push and pull of one notebook run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly config: NotebookConfig,
    readonly local: Replica,
    readonly remote: Replica,
    db: PledgemarkDB,
  ) {
    this.bridge = new NotebookBridge(db, local, { id: config.id, author: config.author });
  }

  run<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

export class SyncRuntime implements SyncService {
  private sessions = new Map<string, Session>();
  private starting: Promise<void> | null = null;
  private pushTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => Date;
  private readonly log: (...args: unknown[]) => void;

  constructor(private readonly deps: RuntimeDeps) {
    this.now = deps.now ?? (() => new Date());
    this.log = deps.log ?? (() => undefined);
  }

  /** Opens every notebook's session (once; again after stop()). Never throws: a bad notebook is its own error. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      for (const config of await this.configs()) this.open(config);
      await Promise.all([...this.sessions.values()].map((s) => this.cycle(s).catch(() => undefined)));
    })();
    return this.starting;
  }

  /** A message arrived: the worker may just have woken; make sure sync runs. */
  wake(): void {
    void this.start();
  }

  async stop(): Promise<void> {
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.pushTimer = null;
    for (const s of this.sessions.values()) s.live?.cancel();
    this.sessions.clear();
    this.starting = null;
  }

  private async configs(): Promise<NotebookConfig[]> {
    const got = (await this.deps.storage.get(NOTEBOOKS_KEY))[NOTEBOOKS_KEY];
    const r = ConfigList.safeParse(got ?? []);
    if (!r.success) {
      this.log('stored notebooks do not read:', formatZodError(r.error));
      return [];
    }
    return r.data;
  }

  private open(config: NotebookConfig): Session {
    // One session per notebook: a start and a save racing must not leave a second live replication running.
    this.sessions.get(config.id)?.live?.cancel();
    const s = new Session(config, this.deps.replica(replicaName(config)), infoNeverRejects(this.deps.remote(config)), this.deps.db);
    this.sessions.set(config.id, s);
    if (this.deps.live !== false) this.goLive(s);
    return s;
  }

  /** Live, continuous replication both ways; a change pulled from the server goes on into Dexie. */
  private goLive(s: Session): void {
    const live = s.local.sync(s.remote, { live: true, retry: true, back_off_function: (delay: number) => (delay ? Math.min(delay * 2, 60_000) : 1000) });
    s.live = live;
    live
      .on('change', (info: { direction?: string }) => {
        s.lastSyncAt = this.now().toISOString();
        if (info.direction === 'pull') void s.run(() => this.pull(s)).catch((e: unknown) => this.fail(s, e));
      })
      .on('paused', (err: unknown) => {
        if (err) this.fail(s, err);
        else {
          s.state = 'idle';
          s.error = null;
          s.unsent = 0;
          s.lastSyncAt = this.now().toISOString();
        }
      })
      .on('active', () => {
        s.state = 'active';
      })
      .on('denied', (err: unknown) => this.fail(s, err))
      .on('error', (err: unknown) => this.fail(s, err));
    void live.catch?.(() => undefined);
  }

  private fail(s: Session, e: unknown): void {
    s.state = isOffline(e) ? 'offline' : 'error';
    s.error = message(e);
  }

  private async pull(s: Session): Promise<void> {
    const r = await s.bridge.pull();
    s.lastPullAt = Date.now();
    for (const x of r.rejected) s.rejected.set(x.docId, x.error);
    if (r.urls.length) this.deps.onPulled?.(r.urls);
  }

  /** Dexie → replica, a one-shot replication both ways, replica → Dexie. */
  private async cycle(s: Session): Promise<void> {
    await s.run(async () => {
      s.unsent += (await s.bridge.push()).sent;
      try {
        s.state = 'active';
        // One direction after the other, each awaited: a failed two-way sync() leaves its other half's rejection
        // unhandled.
        await s.local.replicate.to(s.remote, { retry: false });
        await s.local.replicate.from(s.remote, { retry: false });
        s.state = 'idle';
        s.error = null;
        s.unsent = 0;
        s.lastSyncAt = this.now().toISOString();
      } catch (e) {
        this.fail(s, e);
      }
      await this.pull(s);
    });
  }

  async list(): Promise<NotebookView[]> {
    return (await this.configs()).map(view);
  }

  async save(input: NotebookSave): Promise<NotebookView> {
    const given = NotebookSaveSchema.parse(input);
    const all = await this.configs();
    const before = all.find((c) => c.id === given.id);
    const password = given.password ?? before?.password;
    if (password === undefined) throw new StoreError('invalid', 'Invalid notebook: a password is needed');
    const r = NotebookConfigSchema.safeParse({ ...given, password });
    if (!r.success) throw new StoreError('invalid', `Invalid notebook: ${formatZodError(r.error)}`);
    const config = r.data;
    await this.deps.storage.set({ [NOTEBOOKS_KEY]: [...all.filter((c) => c.id !== config.id), config] });
    const old = this.sessions.get(config.id);
    if (old) {
      old.live?.cancel();
      this.sessions.delete(config.id);
      // Another database: the replica and what was sent belong to the old one; every shared note goes again.
      if (before && replicaName(before) !== replicaName(config)) {
        await old.local.destroy().catch(() => undefined);
        await this.requeue(config.id);
      }
    }
    if (this.starting) {
      const s = this.open(config);
      void this.cycle(s).catch(() => undefined);
    }
    return view(config);
  }

  /** Marks every annotation shared with `notebook` to be sent anew (a new database or replica). */
  private async requeue(notebook: string): Promise<void> {
    const db = this.deps.db;
    await db.transaction('rw', db.annotations, db.syncDocs, async () => {
      await db.syncDocs.where('[notebook+dirty]').between([notebook, 0], [notebook, 1], true, true).delete();
      const ids: string[] = [];
      await db.annotations.each((row) => {
        if (Array.isArray(row.notebooks) && row.notebooks.includes(notebook)) ids.push(row.id);
      });
      await db.syncDocs.bulkPut(ids.map((id) => ({ notebook, id, rev: null, dirty: 1 as const, change: 1 })));
    });
  }

  async remove(id: string): Promise<boolean> {
    const all = await this.configs();
    const gone = all.find((c) => c.id === id);
    if (!gone) return false;
    await this.deps.storage.set({ [NOTEBOOKS_KEY]: all.filter((c) => c.id !== id) });
    const s = this.sessions.get(id);
    s?.live?.cancel();
    this.sessions.delete(id);
    await (s?.local ?? this.deps.replica(replicaName(gone))).destroy().catch(() => undefined);
    // The notes stay on this machine, no longer shared with a notebook that is not there.
    const db = this.deps.db;
    await db.transaction('rw', db.annotations, db.syncDocs, async () => {
      await db.syncDocs.where('[notebook+dirty]').between([id, 0], [id, 1], true, true).delete();
      const changed: ReturnType<typeof toStored>[] = [];
      await db.annotations.each((row) => {
        if (!Array.isArray(row.notebooks) || !row.notebooks.includes(id)) return;
        const r = AnnotationSchema.safeParse(row);
        if (!r.success) return;
        const { notebooks, conflict, ...rest } = r.data;
        const left = (notebooks ?? []).filter((n) => n !== id);
        changed.push(toStored({ ...rest, ...(left.length ? { notebooks: left } : {}), ...(conflict && conflict.notebook !== id ? { conflict } : {}) }));
      });
      if (changed.length) await db.annotations.bulkPut(changed);
    });
    return true;
  }

  async syncNow(id?: string): Promise<SyncState[]> {
    await this.start();
    const targets = [...this.sessions.values()].filter((s) => id === undefined || s.config.id === id);
    await Promise.all(targets.map((s) => this.cycle(s)));
    return this.states();
  }

  async states(): Promise<SyncState[]> {
    const configs = await this.configs();
    const conflicts = new Map<string, number>();
    await this.deps.db.annotations.each((row) => {
      const nb = (row as { conflict?: { notebook?: unknown } }).conflict?.notebook;
      if (typeof nb === 'string') conflicts.set(nb, (conflicts.get(nb) ?? 0) + 1);
    });
    return Promise.all(
      configs.map(async (c): Promise<SyncState> => {
        const s = this.sessions.get(c.id);
        const pending = await this.deps.db.syncDocs.where('[notebook+dirty]').equals([c.id, 1]).count();
        const rejected = s ? [...s.rejected].map(([docId, error]) => ({ docId, error })) : [];
        return {
          notebook: c.id,
          state: s ? s.state : 'off',
          lastSyncAt: s?.lastSyncAt ?? null,
          pending: pending + (s?.unsent ?? 0),
          conflicts: conflicts.get(c.id) ?? 0,
          error: s?.error ?? null,
          ...(rejected.length ? { rejected } : {}),
        };
      }),
    );
  }

  async defaults(): Promise<{ notebooks: string[]; author: string } | undefined> {
    const on = (await this.configs()).filter((c) => c.shareByDefault);
    return on.length ? { notebooks: on.map((c) => c.id), author: on[0].author } : undefined;
  }

  async storedPassword(id: string): Promise<string | undefined> {
    return (await this.configs()).find((c) => c.id === id)?.password;
  }

  async authorFor(notebook?: string): Promise<string | undefined> {
    const all = await this.configs();
    return (all.find((c) => c.id === notebook) ?? all[0])?.author;
  }

  changed(): void {
    // Several writes in a row (an import, typing) go out as one push.
    if (this.pushTimer) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      void this.start().then(() =>
        Promise.all(
          [...this.sessions.values()].map((s) =>
            s
              .run(async () => {
                s.unsent += (await s.bridge.push()).sent;
                // Without live replication (stopped, or off) the change goes out by a one-shot replication.
                if (!s.live) {
                  await s.local.replicate.to(s.remote);
                  s.unsent = 0;
                }
              })
              .catch((e: unknown) => this.fail(s, e)),
          ),
        ),
      );
    }, 50);
  }

  async beforeRead(_url: string): Promise<void> {
    const wait = this.deps.readWaitMs ?? 1500;
    const fresh = this.deps.freshMs ?? 2000;
    const work = (async () => {
      await this.start();
      await Promise.all(
        [...this.sessions.values()]
          .filter((s) => Date.now() - s.lastPullAt > fresh)
          .map((s) =>
            s
              .run(async () => {
                await s.local.replicate.from(s.remote, { retry: false }).catch((e: unknown) => this.fail(s, e));
                await this.pull(s);
              })
              .catch((e: unknown) => this.fail(s, e)),
          ),
      );
    })();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([work, new Promise<void>((r) => (timer = setTimeout(r, wait)))]);
    clearTimeout(timer);
  }
}

/**
 * PouchDB's replicator asks the source for info() after each batch to report progress, and does not handle that
 * call failing: a server that goes away mid-replication leaves an unhandled rejection behind. The failure itself
 * reaches the replication anyway (its next request fails), so a failed info() answers an empty one instead.
 */
export function infoNeverRejects(db: Replica): Replica {
  const info = db.info.bind(db);
  const safe = (callback?: unknown) => {
    const p = info().catch(() => ({ db_name: db.name, doc_count: 0, update_seq: 0 }));
    // PouchDB's own code calls it with a callback too.
    if (typeof callback === 'function') p.then((r) => callback(null, r));
    return p;
  };
  db.info = safe as Replica['info'];
  return db;
}

function view(c: NotebookConfig): NotebookView {
  const { password, ...rest } = c;
  return { ...rest, hasPassword: password.length > 0 };
}

/** One local replica per notebook and database: a connection moved to another database starts a new one. */
export function replicaName(c: Pick<NotebookConfig, 'id' | 'server' | 'db'>): string {
  let origin = c.server;
  try {
    origin = new URL(c.server).origin;
  } catch {
    // kept as given
  }
  return `pledgemark-notebook-${c.id}-${fnv1a(`${origin}/${c.db}`)}`;
}

