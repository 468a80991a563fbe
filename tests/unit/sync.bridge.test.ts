import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { AnnotationSchema, type Annotation } from '../../lib/schema/annotation';
import { NotebookBridge } from '../../lib/sync/bridge';
import { docIdOf, fromDoc, toDoc } from '../../lib/sync/mapping';
import { startCouch, type CouchServer } from '../helpers/couch-server';
import { NodePouch, memoryReplica } from '../helpers/pouch';
import { annotation, newAnnotation } from './store.fixtures';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { compressText, readSnapshotText } from '../../lib/evidence/snapshot';

/**
 * The bridge (lib/sync/bridge.ts) between Dexie and a notebook, against a real CouchDB-compatible server on
 * loopback (pouchdb-server --in-memory, tests/helpers/couch-server.ts): two "machines", each its own Dexie database
 * and in-memory PouchDB replica, replicating with PouchDB's replicator through the server.
 */

let couch: CouchServer;
beforeAll(async () => {
  couch = await startCouch();
  await couch.addUser('alice', 'pw-alice');
  await couch.addUser('bob', 'pw-bob');
}, 60_000);
afterAll(async () => {
  await couch?.stop();
});

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  await couch.online();
  for (const x of open.splice(0)) await x.close();
});

const NB = 'nb-team';

async function newDb(): Promise<string> {
  const name = `team-${Math.random().toString(36).slice(2, 10)}`;
  await couch.createDb(name, ['alice', 'bob']);
  return name;
}

function machine(dbName: string, who: 'alice' | 'bob', author: string) {
  const db = new PledgemarkDB(`bridge-${who}-${Math.random()}`);
  let t = 0;
  const repo = new AnnotationRepository(db, () => new Date(Date.UTC(2026, 11, 1, 0, 0, t++)));
  const local = memoryReplica(who);
  const remote = new NodePouch(couch.url + dbName, { skip_setup: true, auth: { username: who, password: `pw-${who}` } });
  const bridge = new NotebookBridge(db, local, { id: NB, author });
  open.push(db);
  /** One full round, as the runtime does it: Dexie → replica → server → replica → Dexie. */
  const sync = async () => {
    const pushed = await bridge.push();
    await local.replicate.to(remote);
    await local.replicate.from(remote);
    const pulled = await bridge.pull();
    return { pushed, pulled };
  };
  return { db, repo, local, remote, bridge, sync };
}

const serverDocs = async (dbName: string) =>
  (await couch.request(`${dbName}/_all_docs?include_docs=true`)).body.rows.map((r: { doc: Record<string, unknown> }) => r.doc) as Array<Record<string, unknown>>;

describe('mapping between an annotation and its CouchDB document (pure)', () => {
  it('round-trips every field; the document holds neither the notebooks nor a conflict; the id is kept', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.string(), fc.array(fc.string({ minLength: 1 }), { maxLength: 4 }), (i, note, tags) => {
        const a: Annotation = { ...annotation(i, { note, tags }), notebooks: ['other', NB], author: '张三' };
        const doc = toDoc(a, 'ignored');
        expect(doc._id).toBe(`annotation:${a.id}`);
        expect(doc).not.toHaveProperty('notebooks');
        expect(doc).not.toHaveProperty('conflict');
        expect(doc).not.toHaveProperty('id');
        const back = fromDoc(JSON.parse(JSON.stringify({ ...doc, _rev: '1-x' })), NB);
        expect(back).toEqual({ ok: true, annotation: { ...AnnotationSchema.parse(a), notebooks: [NB] } });
      }),
      { numRuns: 60 },
    );
  });

  it('the reader’s own note takes the notebook’s author name; a colleague’s keeps theirs; the editor is the reader', () => {
    expect(toDoc(annotation(1), '我')).toMatchObject({ author: '我', editedBy: '我' });
    expect(toDoc({ ...annotation(1), author: '李四' }, '我')).toMatchObject({ author: '李四', editedBy: '我' });
  });

  it('a document that is not a valid annotation is an error with the reason, never a throw', () => {
    const good = toDoc(annotation(2), 'x');
    expect(fromDoc(null, NB)).toMatchObject({ ok: false });
    expect(fromDoc({ ...good, _id: 'snapshot:1' }, NB)).toMatchObject({ ok: false, error: 'not an annotation document' });
    expect(fromDoc({ ...good, type: 'note' }, NB)).toMatchObject({ ok: false });
    expect(fromDoc({ ...good, schema: 99 }, NB)).toMatchObject({ ok: false, error: expect.stringContaining('newer format') });
    const r = fromDoc({ ...good, quote: { type: 'TextQuoteSelector', exact: '' } }, NB);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/quote/);
  });
});

describe('the bridge against a loopback CouchDB-compatible server', () => {
  it('a shared note reaches the other machine with the same id and its author; an unshared one never leaves', async () => {
    const dbName = await newDb();
    const A = machine(dbName, 'alice', '张三');
    const B = machine(dbName, 'bob', '李四');
    const shared = await A.repo.save(newAnnotation({ id: 'shared-1', note: '核实数据来源' }), { notebooks: [NB], author: '张三' });
    await A.repo.save(newAnnotation({ id: 'private-1', note: '只给自己看' }));
    expect((await A.sync()).pushed).toEqual({ sent: 1, errors: [] });
    const docs = await serverDocs(dbName);
    expect(docs.map((d) => d._id)).toEqual([docIdOf('shared-1')]);
    expect(JSON.stringify(docs)).not.toContain('只给自己看');
    expect(docs[0]).toMatchObject({ type: 'annotation', author: '张三', note: '核实数据来源' });

    const { pulled } = await B.sync();
    expect(pulled.rejected).toEqual([]);
    const got = await B.repo.get('shared-1');
    expect(got).toEqual({ ...shared, notebooks: [NB], author: '张三' });
    expect(await B.repo.get('private-1')).toBeUndefined();
    // Nothing echoes back: A pulling its own note changes nothing, and a second round sends nothing.
    expect((await A.sync()).pulled.applied).toBe(0);
    expect((await B.sync()).pushed.sent).toBe(0);
  });

  it('an edit on B arrives on A; a delete on A arrives on B as a tombstone', async () => {
    const dbName = await newDb();
    const A = machine(dbName, 'alice', '张三');
    const B = machine(dbName, 'bob', '李四');
    await A.repo.save(newAnnotation({ id: 'n1' }), { notebooks: [NB], author: '张三' });
    await A.sync();
    await B.sync();
    await B.repo.update('n1', { note: 'B 改过', tags: ['核实'] });
    await B.sync();
    await A.sync();
    expect(await A.repo.get('n1')).toMatchObject({ note: 'B 改过', tags: ['核实'], author: '张三' });

    expect(await A.repo.delete('n1')).toBe(true);
    await A.sync();
    // On the server: a tombstone (a deleted revision in the changes feed), not a missing document.
    expect((await couch.request(`${dbName}/${encodeURIComponent(docIdOf('n1'))}`)).status).toBe(404);
    const feed = await couch.request(`${dbName}/_changes`);
    expect(feed.body.results.find((r: { id: string }) => r.id === docIdOf('n1'))).toMatchObject({ deleted: true, changes: [{ rev: expect.stringMatching(/^3-/) }] });
    await B.sync();
    expect(await B.repo.get('n1')).toBeUndefined();
    // Unsharing is a deletion in that notebook too; the note stays on the machine that unshared it.
    await A.repo.save(newAnnotation({ id: 'n2' }), { notebooks: [NB], author: '张三' });
    await A.sync();
    await B.sync();
    expect(await B.repo.get('n2')).toBeDefined();
    await A.repo.share('n2', [], '张三');
    await A.sync();
    await B.sync();
    expect(await B.repo.get('n2')).toBeUndefined();
    expect(await A.repo.get('n2')).toBeDefined();
  });

  it('a document that fails validation is reported with its id and reason, and the rest still arrives', async () => {
    const dbName = await newDb();
    const A = machine(dbName, 'alice', '张三');
    const B = machine(dbName, 'bob', '李四');
    for (let i = 0; i < 3; i++) await A.repo.save(newAnnotation({ id: `ok-${i}` }), { notebooks: [NB], author: '张三' });
    await A.sync();
    // Written by another program straight into the database.
    const bad = { ...toDoc(annotation(9), 'x'), _id: 'annotation:broken', url: 'not a url' };
    expect((await couch.request(`${dbName}/annotation:broken`, { method: 'PUT', body: bad })).status).toBe(201);
    expect((await couch.request(`${dbName}/other-thing`, { method: 'PUT', body: { hello: 1 } })).status).toBe(201);
    const { pulled } = await B.sync();
    expect(pulled.rejected).toEqual([{ docId: 'annotation:broken', error: expect.stringMatching(/url/) }]);
    expect((await B.repo.all()).map((a) => a.id).sort()).toEqual(['ok-0', 'ok-1', 'ok-2']);
  });

  it('simultaneous edits: both machines show the conflict with both versions and authors; the choice replicates', async () => {
    const dbName = await newDb();
    const A = machine(dbName, 'alice', '张三');
    const B = machine(dbName, 'bob', '李四');
    await A.repo.save(newAnnotation({ id: 'c1', note: 'first' }), { notebooks: [NB], author: '张三' });
    await A.sync();
    await B.sync();
    // B edits; A edits the same note before seeing B's edit.
    await B.repo.update('c1', { note: 'B 的版本' });
    await B.sync();
    await A.repo.update('c1', { note: 'A 的版本' });
    await A.sync();
    await B.sync();
    await A.sync();
    for (const m of [A, B]) {
      const c = (await m.repo.get('c1'))!;
      expect(c.conflict?.notebook).toBe(NB);
      expect(c.conflict!.versions.map((v) => v.note).sort()).toEqual(['A 的版本', 'B 的版本']);
      // Each version names who wrote it (the note's first author stays 张三 on the annotation).
      expect(Object.fromEntries(c.conflict!.versions.map((v) => [v.note, v.author]))).toEqual({ 'A 的版本': '张三', 'B 的版本': '李四' });
      expect(c.author).toBe('张三');
    }
    const conflicts = await couch.request(`${dbName}/${encodeURIComponent(docIdOf('c1'))}?conflicts=true`);
    expect(conflicts.body._conflicts).toHaveLength(1);
    // A local edit while in conflict is kept and does not settle it silently.
    await A.repo.resolveConflict('c1', { merged: { note: 'A 的版本 + B 的版本', tags: ['合并'] } });
    await A.sync();
    await B.sync();
    const after = await couch.request(`${dbName}/${encodeURIComponent(docIdOf('c1'))}?conflicts=true`);
    expect(after.body._conflicts).toBeUndefined();
    expect(after.body.note).toBe('A 的版本 + B 的版本');
    const onB = (await B.repo.get('c1'))!;
    expect(onB.conflict).toBeUndefined();
    expect(onB).toMatchObject({ note: 'A 的版本 + B 的版本', tags: ['合并'] });
  });

  it('offline: changes queue locally, the replication fails, and after the server is back nothing is lost', async () => {
    const dbName = await newDb();
    const A = machine(dbName, 'alice', '张三');
    const B = machine(dbName, 'bob', '李四');
    await couch.offline();
    for (let i = 0; i < 3; i++) await A.repo.save(newAnnotation({ id: `off-${i}`, note: `离线 ${i}` }), { notebooks: [NB], author: '张三' });
    expect((await A.bridge.push()).sent).toBe(3);
    await expect(A.local.replicate.to(A.remote)).rejects.toBeTruthy();
    await couch.online();
    await A.sync();
    await B.sync();
    expect((await B.repo.all()).map((a) => a.note).sort()).toEqual(['离线 0', '离线 1', '离线 2']);
  });

  it('a change made while the push was running stays queued (nothing dropped between the read and the mark)', async () => {
    const dbName = await newDb();
    const A = machine(dbName, 'alice', '张三');
    await A.repo.save(newAnnotation({ id: 'race' }), { notebooks: [NB], author: '张三' });
    const origGet = A.local.get.bind(A.local);
    let once = true;
    A.local.get = (async (...args: Parameters<typeof origGet>) => {
      if (once) {
        once = false;
        await A.repo.update('race', { note: 'typed during the push' });
      }
      return origGet(...args);
    }) as typeof origGet;
    await A.bridge.push();
    expect(await A.bridge.pending()).toBe(1);
    await A.bridge.push();
    expect(await A.bridge.pending()).toBe(0);
    expect((await A.local.get(docIdOf('race'))).note).toBe('typed during the push');
  });

  it('checkpoints: a restarted bridge and replication go on from where they stopped', async () => {
    const dbName = await newDb();
    const A = machine(dbName, 'alice', '张三');
    for (let i = 0; i < 20; i++) await A.repo.save(newAnnotation({ id: `cp-${i}` }), { notebooks: [NB], author: '张三' });
    await A.sync();
    const B = machine(dbName, 'bob', '李四');
    const first = await B.sync();
    expect(first.pulled.applied).toBe(20);
    // The replicator wrote its checkpoint on the server and in the replica (_local documents).
    const local = await B.local.allDocs();
    expect(local.total_rows).toBe(20);
    // "Restart": a new bridge over the same replica and Dexie; one more note on the server.
    await A.repo.save(newAnnotation({ id: 'cp-new' }), { notebooks: [NB], author: '张三' });
    await A.sync();
    const again = await B.local.replicate.from(B.remote);
    expect((again as { docs_read: number }).docs_read).toBe(1);
    const bridge2 = new NotebookBridge(B.db, B.local, { id: NB, author: '李四' });
    const pulled = await bridge2.pull();
    expect(pulled.applied).toBe(1);
    expect(await B.repo.count()).toBe(21);
  });

  it('a wrong password is refused by the server (401), and nothing is written there', async () => {
    const dbName = await newDb();
    const wrong = new NodePouch(couch.url + dbName, { skip_setup: true, auth: { username: 'alice', password: 'nope' } });
    const local = memoryReplica('wrong');
    await local.put({ _id: 'annotation:x', a: 1 });
    const err = await local.replicate.to(wrong).then(
      () => null,
      (e: { status?: number }) => e,
    );
    expect(err?.status).toBe(401);
    expect(await serverDocs(dbName)).toEqual([]);
  });

  it('the snapshot versions a shared note rests on go with it, and arrive as the next versions of that page', async () => {
    const dbName = await newDb();
    const A = machine(dbName, 'alice', '张三');
    const B = machine(dbName, 'bob', '李四');
    const url = newAnnotation().url;
    const other = 'http://www.other.gov.cn/private.html';
    const snapsA = new SnapshotRepository(A.db);
    await snapsA.saveFromPage({ url, title: 't', text: '2020年，新增公办学位5370个，完成既定任务。', items: [] }, true);
    await snapsA.saveFromPage({ url, title: 't', text: '2020年，新增公办学位5380个，完成既定任务。', items: [] }, true);
    await snapsA.saveFromPage({ url: other, title: 't', text: '不共享的页面', items: [] }, true);
    await A.repo.save(newAnnotation({ id: 'with-evidence' }), { notebooks: [NB], author: '张三' });
    await A.repo.save(newAnnotation({ id: 'private', url: other }));
    await A.sync();
    const docs = await serverDocs(dbName);
    expect(docs.filter((d) => String(d._id).startsWith('snapshot:'))).toHaveLength(2);
    expect(JSON.stringify(docs)).not.toContain(compressText('不共享的页面'));

    // B has its own first version of the page (another text): A's two come after it, same texts and hashes.
    const snapsB = new SnapshotRepository(B.db);
    await snapsB.saveFromPage({ url, title: 't', text: 'B 自己看到的版本', items: [] }, true);
    const { pulled } = await B.sync();
    expect(pulled.rejected).toEqual([]);
    expect((await snapsB.versions(url)).map((v) => v.version)).toEqual([1, 2, 3]);
    const texts = await Promise.all([1, 2, 3].map(async (v) => readSnapshotText((await snapsB.get(url, v))!)));
    expect(texts).toEqual(['B 自己看到的版本', '2020年，新增公办学位5370个，完成既定任务。', '2020年，新增公办学位5380个，完成既定任务。']);
    expect(await snapsB.get(other)).toBeNull();
    // A second round adds nothing; a snapshot document whose text does not match its hash is refused.
    const forged = { ...docs.find((d) => String(d._id).startsWith('snapshot:'))! };
    delete forged._rev;
    const forgedId = String(forged._id).replace(/:[0-9a-f]{64}$/, `:${'0'.repeat(64)}`);
    await couch.request(`${dbName}/${encodeURIComponent(forgedId)}`, { method: 'PUT', body: { ...forged, _id: forgedId, hash: '0'.repeat(64) } });
    const again = await B.sync();
    expect(again.pulled.rejected).toEqual([{ docId: forgedId, error: 'the text does not match its hash' }]);
    expect((await snapsB.versions(url)).length).toBe(3);
  });
});
