/**
 * Shared notebooks: the first sync of 10,000 shared annotations from the server into an empty profile, and one
 * incremental change arriving by live replication. Against pouchdb-server --in-memory on loopback
 * (tests/helpers/couch-server.ts); the profile is Dexie on fake-indexeddb and an in-memory PouchDB replica (the
 * browser uses IndexedDB for both), the same bridge and replicator as the extension.
 *
 * Baselines, same run, same database: a plain `GET /db/_all_docs?include_docs=true` (every document in one
 * answer, parsed) for the first sync; a plain GET of the changed document for the incremental change.
 */
import { performance } from 'node:perf_hooks';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { PledgemarkDB } from '../lib/store/db';
import { NotebookBridge } from '../lib/sync/bridge';
import { SyncRuntime, type KeyValueArea } from '../lib/sync/runtime';
import { toDoc } from '../lib/sync/mapping';
import { startCouch } from '../tests/helpers/couch-server';
import { NodePouch, memoryReplica } from '../tests/helpers/pouch';
import { makeAnnotations } from './popup';
import type { BenchResult } from './result';

export const N = 10_000;
export const FIRST_SYNC_LIMIT_MS = 30_000;
export const INCREMENTAL_LIMIT_MS = 2_000;

export async function benchSync(): Promise<BenchResult[]> {
  const couch = await startCouch();
  try {
    await couch.addUser('reader', 'pw-reader');
    await couch.createDb('bench', ['reader']);
    const docs = makeAnnotations(N).map((a) => toDoc(a, '同事'));
    for (let i = 0; i < docs.length; i += 1000) {
      const r = await couch.request('bench/_bulk_docs', { method: 'POST', body: { docs: docs.slice(i, i + 1000) } });
      if (r.status >= 300) throw new Error(`seeding the bench database: ${r.status}`);
    }
    const auth = `Basic ${Buffer.from('reader:pw-reader').toString('base64')}`;

    // Baseline: every document in one plain request.
    let t = performance.now();
    const all = await (await fetch(`${couch.url}bench/_all_docs?include_docs=true`, { headers: { authorization: auth } })).json();
    const allDocsMs = performance.now() - t;
    if (all.rows.length !== N) throw new Error(`_all_docs gave ${all.rows.length} rows`);

    // First sync into an empty profile: replicate the server into the replica, then the bridge into Dexie.
    const db = new PledgemarkDB(`bench-sync-${Date.now()}`, { indexedDB, IDBKeyRange });
    const local = memoryReplica('bench');
    const remote = new NodePouch(`${couch.url}bench`, { skip_setup: true, auth: { username: 'reader', password: 'pw-reader' } });
    t = performance.now();
    await local.replicate.from(remote, { batch_size: 1000, batches_limit: 4 });
    const replicatedMs = performance.now() - t;
    const bridge = new NotebookBridge(db, local, { id: 'team', author: '我' });
    const pulled = await bridge.pull();
    const firstMs = performance.now() - t;
    const count = await db.annotations.count();
    if (count !== N || pulled.rejected.length) throw new Error(`first sync stored ${count} of ${N} (${pulled.rejected.length} rejected)`);

    // Incremental: the profile's runtime in live replication; a colleague edits one note on the server.
    const data: Record<string, unknown> = {
      notebooks: [{ id: 'team', server: couch.url, db: 'bench', username: 'reader', password: 'pw-reader', author: '我', shareByDefault: false }],
    };
    const storage: KeyValueArea = { get: async (k) => ({ [k]: data[k] }), set: async (items) => void Object.assign(data, items) };
    const runtime = new SyncRuntime({
      db,
      storage,
      replica: () => local,
      remote: () => remote,
    });
    await runtime.start();
    const target = docs[1234]._id;
    const current = (await couch.request(`bench/${encodeURIComponent(target)}`)).body;
    t = performance.now();
    await couch.request(`bench/${encodeURIComponent(target)}`, { method: 'PUT', body: { ...current, note: '同事刚改的', updatedAt: new Date().toISOString() } });
    const id = target.slice('annotation:'.length);
    let incMs = Number.POSITIVE_INFINITY;
    while (performance.now() - t < 10_000) {
      if ((await db.annotations.get(id))?.note === '同事刚改的') {
        incMs = performance.now() - t;
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    t = performance.now();
    await (await fetch(`${couch.url}bench/${encodeURIComponent(target)}`, { headers: { authorization: auth } })).json();
    const getMs = performance.now() - t;
    await runtime.stop();
    db.close();
    return [
      {
        name: `shared notebook: first sync of ${N.toLocaleString('en')} annotations into an empty profile (replication ${(replicatedMs / 1000).toFixed(1)} s, into Dexie ${((firstMs - replicatedMs) / 1000).toFixed(1)} s)`,
        ms: firstMs,
        baselineMs: allDocsMs,
        baselineName: '_all_docs?include_docs=true',
        limitMs: FIRST_SYNC_LIMIT_MS,
        pass: firstMs < FIRST_SYNC_LIMIT_MS,
      },
      {
        name: 'shared notebook: a colleague’s edit arrives (live)',
        ms: incMs,
        baselineMs: getMs,
        baselineName: 'GET of that document',
        limitMs: INCREMENTAL_LIMIT_MS,
        pass: incMs < INCREMENTAL_LIMIT_MS,
      },
    ];
  } finally {
    await couch.stop();
  }
}

// `npx tsx bench/sync.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  benchSync().then((rows) => {
    for (const r of rows) console.log(`${r.name}: ${r.ms.toFixed(0)} ms (baseline ${r.baselineName}: ${r.baselineMs.toFixed(0)} ms) ${r.pass ? 'PASS' : 'FAIL'} (limit ${r.limitMs} ms)`);
  });
}
