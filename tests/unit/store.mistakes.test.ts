import { afterEach, describe, expect, it } from 'vitest';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository, UNDO_WINDOW_MS } from '../../lib/store/repository';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { handleMessage, type HandlerDeps } from '../../lib/messages/handler';
import { sendMessage } from '../../lib/messages/client';
import type { Request, ResponseFor } from '../../lib/messages/protocol';
import { makeBackup } from '../../lib/evidence/backup';
import type { Item } from '../../lib/schema/item';
import { annotation, newAnnotation } from './store.fixtures';
import { V1, item, items1 } from './store.snapshot-fixtures';

const open: PledgemarkDB[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A database with a clock the test moves. */
function setup() {
  const db = new PledgemarkDB(`mistakes-${Math.random()}`);
  open.push(db);
  let t = Date.parse('2026-12-01T10:00:00.000Z');
  const now = () => new Date(t);
  const repo = new AnnotationRepository(db, now);
  const snapshots = new SnapshotRepository(db, now);
  const deps = { repo, snapshots, now };
  const dump = async () => ({
    annotations: await db.annotations.orderBy('id').toArray(),
    snapshots: await db.snapshots.orderBy('[url+version]').toArray(),
    settings: await db.settings.orderBy('key').toArray(),
  });
  return { db, repo, snapshots, deps, dump, later: (ms: number) => (t += ms) };
}

/** The request through the typed client and the handler (as an extension page sends it); its data, or throws. */
async function ask<T extends Request>(deps: HandlerDeps, req: T): Promise<ResponseFor<T['type']>> {
  const r = await sendMessage(req, (m) => handleMessage(m, deps));
  if (!r.ok) throw new Error(r.error);
  return r.data;
}

describe('delete offers undo', () => {
  it('undo after delete restores the note exactly, stored row for row', async () => {
    const { repo, db, deps, later } = setup();
    await repo.importMany([annotation(1, { note: '线人：张三，待核实', tags: ['敏感', '学位'] }), annotation(2)]);
    const before = await db.annotations.get(annotation(1).id);
    expect(await ask(deps, { type: 'annotation/delete', id: annotation(1).id })).toEqual({ deleted: true });
    expect(await repo.get(annotation(1).id)).toBeUndefined();
    expect((await repo.list({})).map((a) => a.id)).toEqual([annotation(2).id]);
    later(5_000);
    expect(await ask(deps, { type: 'annotation/undoDelete', id: annotation(1).id })).toEqual(annotation(1, { note: '线人：张三，待核实', tags: ['敏感', '学位'] }));
    expect(await db.annotations.get(annotation(1).id)).toEqual(before);
    expect(await db.trash.count()).toBe(0);
  });

  it('after the undo window the note is gone from disk, and undo says so', async () => {
    const { repo, db, later } = setup();
    await repo.importMany([annotation(1), annotation(2)]);
    await repo.delete(annotation(1).id);
    later(UNDO_WINDOW_MS + 1);
    expect(await repo.purgeTrash()).toBe(1);
    expect(await db.trash.count()).toBe(0);
    await expect(repo.undoDelete(annotation(1).id)).rejects.toThrow(/can no longer be brought back/);
    // A later delete purges older trash on its way too.
    await repo.delete(annotation(2).id);
    expect(await db.trash.count()).toBe(1);
  });

  it('undo is for extension pages only', async () => {
    const { repo, deps } = setup();
    await repo.importMany([annotation(1)]);
    const { handleMessageFrom } = await import('../../lib/messages/handler');
    await repo.delete(annotation(1).id);
    expect(await handleMessageFrom({ type: 'annotation/undoDelete', id: annotation(1).id }, { kind: 'page', url: annotation(1).url }, deps)).toMatchObject({ ok: false });
    expect(await repo.count()).toBe(0);
  });
});

describe('restore keeps an automatic backup of what it replaces', () => {
  it('backup/previous gives back what was replaced; restoring it brings the database back exactly', async () => {
    const { repo, snapshots, deps, dump } = setup();
    await repo.importMany([annotation(1, { note: '原来的笔记' }), annotation(2)]);
    await snapshots.saveFromPage({ url: annotation(1).url, title: 't', text: V1, items: items1() }, true);
    await repo.setSettings({ autoHighlight: false });
    const original = await dump();
    expect(await ask(deps, { type: 'backup/previous' })).toBeNull();

    const other = JSON.stringify(makeBackup([annotation(7)], [], {}));
    const r = await ask(deps, { type: 'backup/restore', json: other });
    expect(r).toEqual({ annotations: 1, snapshots: 0, settings: 0, backupBefore: '2026-12-01T10:00:00.000Z' });
    expect((await repo.all()).map((a) => a.id)).toEqual([annotation(7).id]);

    const previous = await ask(deps, { type: 'backup/previous' });
    expect(previous).toMatchObject({ filename: 'pledgemark-before-restore-2026-12-01.json', mime: 'application/json' });
    await ask(deps, { type: 'backup/restore', json: previous!.content });
    expect(await dump()).toEqual(original);
  });

  it('keeps a row that does not read, as it was; a rejected restore takes no backup and changes nothing', async () => {
    const { repo, db, deps } = setup();
    await repo.importMany([annotation(1)]);
    await db.annotations.put({ ...annotation(2), year: 2021, search: '', url: 'not a url' });
    expect(await handleMessage({ type: 'backup/restore', json: '{"format":"nope"}' }, deps)).toMatchObject({ ok: false });
    expect(await db.autoBackups.count()).toBe(0);
    await ask(deps, { type: 'backup/restore', json: JSON.stringify(makeBackup([], [], {})) });
    const previous = JSON.parse((await ask(deps, { type: 'backup/previous' }))!.content);
    expect(previous.annotations.map((a: { url: string }) => a.url).sort()).toEqual([annotation(1).url, 'not a url'].sort());
  });
});

describe('a save retried with the same id leaves one record', () => {
  it('the same save sent twice (reply lost): one annotation, one snapshot version, the first copy answered', async () => {
    const { repo, db, deps, later } = setup();
    const id = '5f0c6f2e-8a7b-4c1d-9e2f-0a1b2c3d4e5f';
    const save = { type: 'annotation/save' as const, annotation: newAnnotation({ id, note: 'n' }), snapshot: { title: 't', text: V1, items: items1() } };
    const first = await ask(deps, save);
    later(3_000);
    const again = await ask(deps, save);
    expect(again).toEqual(first);
    expect(first.id).toBe(id);
    expect(await repo.count()).toBe(1);
    expect(await db.snapshots.count()).toBe(1);
  });

  it('an id saved on another page is refused', async () => {
    const { repo, deps } = setup();
    await repo.importMany([annotation(1)]);
    const r = await handleMessage({ type: 'annotation/save', annotation: newAnnotation({ id: annotation(1).id }) }, deps);
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('taken') });
    expect((await repo.get(annotation(1).id))?.url).toBe(annotation(1).url);
  });
});

describe('one corrupt row never blocks listing or exporting the rest', () => {
  it('list, every export format and the backup leave it out; store/problems reports it; it stays in the database', async () => {
    const { repo, db, deps } = setup();
    await repo.importMany([annotation(1), annotation(2)]);
    const badId = 'corrupt-row';
    await db.annotations.put({ ...annotation(3), id: badId, year: 2021, search: '', quote: null } as never);
    expect((await ask(deps, { type: 'annotation/list', query: {} })).map((a) => a.id).sort()).toEqual([annotation(1).id, annotation(2).id].sort());
    expect((await ask(deps, { type: 'annotation/list', query: { limit: 10 } })).length).toBe(2);
    expect((await ask(deps, { type: 'annotation/forPage', url: annotation(3).url }))).toEqual([]);
    for (const format of ['markdown', 'csv', 'json'] as const) {
      const file = await ask(deps, { type: 'export', format });
      expect(file.unreadable).toBe(1);
      expect(file.content).toContain(annotation(1).quote.exact);
      expect(file.content).not.toContain(badId);
    }
    const backup = await ask(deps, { type: 'backup/export' });
    expect(backup.unreadable).toBe(1);
    expect(JSON.parse(backup.content).annotations).toHaveLength(2);
    expect(await ask(deps, { type: 'store/problems' })).toEqual({ annotations: [{ id: badId, error: expect.stringContaining('quote') }] });
    expect(await db.annotations.get(badId)).toBeDefined();
  });
});

describe('versions per page are capped', () => {
  const url = annotation(1).url;
  /** The text with a visitor counter above it, and the hand-made extraction at the shifted offsets. */
  const visit = (n: number, extra = '') => {
    const text = `访问量：${n}\n${V1}${extra}`;
    const items: Item[] = items1().map((it) => item(text, it.text, it.kind, { value: it.value, unit: it.unit, deadline: it.deadline, metric: it.metric, comparator: it.comparator }));
    return { url, title: 't', text, items };
  };

  it('a text that changed around an unchanged extraction makes no new version', async () => {
    const { snapshots } = setup();
    expect(await snapshots.saveFromPage(visit(1), true)).toMatchObject({ version: 1, stored: true });
    for (let n = 2; n < 30; n++) expect(await snapshots.saveFromPage(visit(n), true)).toMatchObject({ version: 1, stored: false });
    expect((await snapshots.versions(url)).map((v) => v.version)).toEqual([1]);
  });

  it('beyond the limit the oldest are pruned, the first (what the notes were taken on) kept; the limit is a setting', async () => {
    const { repo, deps } = setup();
    await repo.importMany([annotation(1)]);
    expect((await ask(deps, { type: 'settings/get' })).maxVersionsPerPage).toBe(10);
    await ask(deps, { type: 'settings/set', settings: { maxVersionsPerPage: 4 } });
    for (let n = 1; n <= 9; n++) {
      const page = visit(n, `\n新建学校${n}所`);
      page.items.push(item(page.text, `新建学校${n}所`, 'target', { value: n, unit: '所' }));
      await ask(deps, { type: 'snapshot/save', ...page, force: n === 1 });
    }
    const versions = await ask(deps, { type: 'snapshot/versions', urls: [url] });
    expect(versions.versions[url].map((v) => v.version)).toEqual([1, 7, 8, 9]);
    expect(await handleMessage({ type: 'settings/set', settings: { maxVersionsPerPage: 1 } }, deps)).toMatchObject({ ok: false });
  });
});
