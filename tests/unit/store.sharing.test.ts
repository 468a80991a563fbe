import { afterEach, describe, expect, it } from 'vitest';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { AnnotationSchema, NewAnnotationSchema } from '../../lib/schema/annotation';
import { withoutNotesFor } from '../../lib/messages/redact';
import { handleMessage } from '../../lib/messages/handler';
import { annotation, newAnnotation } from './store.fixtures';

const dbs: PledgemarkDB[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

function fresh() {
  const db = new PledgemarkDB(`sharing-${Math.random()}`);
  dbs.push(db);
  let tick = 0;
  const repo = new AnnotationRepository(db, () => new Date(Date.UTC(2026, 11, 1, 0, 0, tick++)));
  const queued = async (notebook: string) =>
    (await db.syncDocs.where('[notebook+dirty]').equals([notebook, 1]).toArray()).map((r) => r.id).sort();
  return { db, repo, queued };
}

describe('sharing fields on the annotation record', () => {
  it('a record written before sharing existed reads unchanged; the sharing fields round-trip when present', () => {
    const old = annotation(3);
    expect(AnnotationSchema.parse(old)).toEqual(old);
    const shared = {
      ...old,
      notebooks: ['nb1'],
      author: '李四',
      conflict: {
        notebook: 'nb1',
        versions: [
          { rev: '2-a', author: '李四', note: 'a', tags: [], updatedAt: old.updatedAt },
          { rev: '2-b', author: '王五', note: 'b', tags: ['x'], updatedAt: old.updatedAt },
        ],
      },
    };
    expect(AnnotationSchema.parse(shared)).toEqual(shared);
    // A conflict is two versions at least; an empty author is refused.
    expect(AnnotationSchema.safeParse({ ...shared, conflict: { notebook: 'nb1', versions: [shared.conflict.versions[0]] } }).success).toBe(false);
    expect(AnnotationSchema.safeParse({ ...old, author: '' }).success).toBe(false);
  });

  it('the page side cannot choose what is shared: a save drops notebooks, author and conflict', () => {
    const parsed = NewAnnotationSchema.parse({ ...newAnnotation(), notebooks: ['nb1'], author: 'evil', conflict: { notebook: 'x', versions: [] } });
    expect(parsed).not.toHaveProperty('notebooks');
    expect(parsed).not.toHaveProperty('author');
    expect(parsed).not.toHaveProperty('conflict');
  });

  it('a content script never gets a conflict’s competing notes, nor the notebooks; the author stays', () => {
    const a = {
      ...annotation(1),
      note: 'secret',
      notebooks: ['secret-notebook'],
      author: '李四',
      conflict: { notebook: 'secret-notebook', versions: [{ rev: '1-a', note: 'secret a', tags: ['t'], updatedAt: annotation(1).updatedAt }] },
    };
    const out = withoutNotesFor({ kind: 'page', url: a.url }, 'annotation/forPage', { ok: true, data: [a] });
    expect(JSON.stringify(out)).not.toContain('secret');
    expect(out).toMatchObject({ ok: true, data: [{ author: '李四', note: '', tags: [] }] });
  });
});

describe('the repository queues what the sync must send, in the same transaction as the change', () => {
  it('an unshared note queues nothing; a note saved shared by default is queued for its notebooks', async () => {
    const { db, repo, queued } = fresh();
    await repo.save(newAnnotation({ id: 'local-only' }));
    expect(await db.syncDocs.count()).toBe(0);
    const a = await repo.save(newAnnotation({ id: 'shared' }), { notebooks: ['nb1', 'nb2'], author: '张三' });
    expect(a).toMatchObject({ notebooks: ['nb1', 'nb2'], author: '张三' });
    expect(await queued('nb1')).toEqual(['shared']);
    expect(await queued('nb2')).toEqual(['shared']);
  });

  it('update, delete and undo of a shared note queue it again (change count bumped); of a local one, nothing', async () => {
    const { db, repo, queued } = fresh();
    await repo.save(newAnnotation({ id: 'local' }));
    await repo.save(newAnnotation({ id: 's' }), { notebooks: ['nb1'], author: '张三' });
    await db.syncDocs.update(['nb1', 's'], { dirty: 0, rev: '1-abc' });
    await repo.update('local', { note: 'x' });
    expect(await queued('nb1')).toEqual([]);
    await repo.update('s', { note: 'edited' });
    expect(await db.syncDocs.get(['nb1', 's'])).toEqual({ notebook: 'nb1', id: 's', rev: '1-abc', dirty: 1, change: 2 });
    await db.syncDocs.update(['nb1', 's'], { dirty: 0 });
    await repo.delete('s');
    expect(await queued('nb1')).toEqual(['s']);
    await repo.delete('local');
    expect(await db.syncDocs.count()).toBe(1);
  });

  it('share sets exactly the notebooks given: added and removed ones are queued, the author set once', async () => {
    const { repo, queued } = fresh();
    await repo.save(newAnnotation({ id: 'n' }));
    expect(await repo.share('n', ['nb1', 'nb2'], '张三')).toMatchObject({ notebooks: ['nb1', 'nb2'], author: '张三' });
    expect([await queued('nb1'), await queued('nb2')]).toEqual([['n'], ['n']]);
    const after = await repo.share('n', ['nb2'], '另一个名字');
    expect(after).toMatchObject({ notebooks: ['nb2'], author: '张三' });
    const none = await repo.share('n', [], '张三');
    expect(none.notebooks).toBeUndefined();
    await expect(repo.share('missing', ['nb1'], 'x')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('filters by notebook and author', async () => {
    const { repo } = fresh();
    await repo.importMany([
      annotation(1, { notebooks: ['nb1'], author: '李四' }),
      annotation(2, { notebooks: ['nb2'], author: '王五' }),
      annotation(3),
    ]);
    expect((await repo.list({ notebook: 'nb1' })).map((a) => a.author)).toEqual(['李四']);
    expect((await repo.list({ author: '王五', limit: 5 })).map((a) => a.notebooks)).toEqual([['nb2']]);
  });

  it('resolveConflict keeps the chosen revision or the merge, clears the conflict and queues the notebook', async () => {
    const { db, repo, queued } = fresh();
    const base = annotation(5, { notebooks: ['nb1'], author: '李四', note: 'mine' });
    const conflict = {
      notebook: 'nb1',
      versions: [
        { rev: '2-a', author: '李四', note: 'mine', tags: [], updatedAt: base.updatedAt },
        { rev: '2-b', author: '王五', note: 'theirs', tags: ['t'], updatedAt: base.updatedAt },
      ],
    };
    await repo.importMany([{ ...base, conflict }]);
    await db.syncDocs.clear();
    await expect(repo.resolveConflict(base.id, { rev: '9-z' })).rejects.toThrow(/no competing revision/);
    const picked = await repo.resolveConflict(base.id, { rev: '2-b' });
    expect(picked).toMatchObject({ note: 'theirs', tags: ['t'], author: '王五' });
    expect(picked.conflict).toBeUndefined();
    expect(await queued('nb1')).toEqual([base.id]);
    await expect(repo.resolveConflict(base.id, { rev: '2-b' })).rejects.toThrow(/not in conflict/);
    await repo.importMany([{ ...base, updatedAt: '2030-01-01T00:00:00.000Z', conflict }]);
    const merged = await repo.resolveConflict(base.id, { merged: { note: 'mine + theirs', tags: ['t', ' t ', ''] } });
    expect(merged).toMatchObject({ note: 'mine + theirs', tags: ['t'] });
  });

  it('a restore queues every shared note it brings back, and nothing else', async () => {
    const { db, repo, queued } = fresh();
    await repo.importMany([annotation(1, { notebooks: ['nb1'], author: '李四' }), annotation(2)]);
    const backup = await handleMessage({ type: 'backup/export' }, repo);
    await db.syncDocs.clear();
    const r = await handleMessage({ type: 'backup/restore', json: backup.ok ? (backup.data as { content: string }).content : '' }, repo);
    expect(r.ok).toBe(true);
    expect(await queued('nb1')).toEqual([annotation(1).id]);
    expect(await db.syncDocs.count()).toBe(1);
  });
});
