/**
 * The sync runtime in Chromium's real MV3 service worker (PouchDB's IndexedDB and HTTP adapters, the replicator):
 * a notebook connected from an extension page, against pouchdb-server on loopback (which answers CORS, so no host
 * permission is needed for this test). A shared note reaches the server; an unshared one never does; a colleague's
 * document arrives with its author; the state says idle with nothing pending.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, startServer, type Browser, type TestServer } from './harness';
import { startCouch, type CouchServer } from '../helpers/couch-server';
import { newAnnotation } from '../unit/store.fixtures';
import { toDoc } from '../../lib/sync/mapping';
import { annotation } from '../unit/store.fixtures';

let srv: TestServer;
let b: Browser;
let couch: CouchServer;
const DB = `e2e-team-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  couch = await startCouch();
  await couch.addUser('alice', 'pw-alice');
  await couch.createDb(DB, ['alice']);
  srv = await startServer();
  b = await launchBrowser(srv.port);
}, 90_000);

afterAll(async () => {
  await b?.close();
  await srv?.close();
  await couch?.stop();
});

const send = (page: Page, msg: unknown) => page.evaluate(`chrome.runtime.sendMessage(${JSON.stringify(msg)})`) as Promise<any>;
const serverDocs = async () => (await couch.request(`${DB}/_all_docs?include_docs=true`)).body.rows.map((r: { doc: Record<string, unknown> }) => r.doc);

describe('shared notebook sync in the extension’s service worker', () => {
  it('connects, sends only the shared note, receives a colleague’s, and reports its state', async () => {
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/popup.html`);
    const notebook = { id: 'team', server: couch.url, db: DB, username: 'alice', password: 'pw-alice', author: '张三', shareByDefault: false };
    expect(await send(page, { type: 'notebook/save', notebook })).toMatchObject({ ok: true, data: { id: 'team', hasPassword: true } });

    const mine = await send(page, { type: 'annotation/save', annotation: newAnnotation({ id: 'e2e-shared', note: '共享的笔记' }) });
    await send(page, { type: 'annotation/save', annotation: newAnnotation({ id: 'e2e-private', note: '私人笔记' }) });
    expect(mine.ok).toBe(true);
    expect(await send(page, { type: 'annotation/share', id: 'e2e-shared', notebooks: ['team'] })).toMatchObject({ ok: true, data: { notebooks: ['team'], author: '张三' } });
    await expect.poll(async () => (await serverDocs()).map((d: { _id: string }) => d._id), { timeout: 10_000 }).toEqual(['annotation:e2e-shared']);
    expect(JSON.stringify(await serverDocs())).not.toContain('私人笔记');

    const theirs = { ...toDoc(annotation(7, { id: 'from-li-si', note: '李四的笔记' }), '李四') };
    expect((await couch.request(`${DB}/annotation:from-li-si`, { method: 'PUT', body: theirs })).status).toBe(201);
    await expect
      .poll(async () => (await send(page, { type: 'annotation/list', query: { author: '李四' } })).data?.map((a: { id: string }) => a.id), { timeout: 10_000 })
      .toEqual(['from-li-si']);
    const states = await send(page, { type: 'notebook/syncNow' });
    expect(states).toMatchObject({ ok: true, data: [{ notebook: 'team', state: 'idle', pending: 0, conflicts: 0, error: null }] });
    await page.close();
  });
});
