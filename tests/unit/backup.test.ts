import { afterEach, describe, expect, it } from 'vitest';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { handleMessage, type HandlerDeps } from '../../lib/messages/handler';
import { makeSnapshot } from '../../lib/evidence/snapshot';
import type { Snapshot } from '../../lib/schema/snapshot';
import { BACKUP_FORMAT } from '../../lib/evidence/backup';
import { QUOTA_MESSAGE } from '../../lib/store/errors';
import { annotations, quotaAfter } from './store.fixtures';

const open: PledgemarkDB[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function deps(name = `backup-${Math.random()}`): HandlerDeps & { db: PledgemarkDB } {
  const db = new PledgemarkDB(name);
  open.push(db);
  return { db, repo: new AnnotationRepository(db), snapshots: new SnapshotRepository(db), now: () => new Date('2026-11-23T12:00:00.000Z') };
}

/** Every stored row of every table, in key order (derived fields included): "identical records". */
async function dump(db: PledgemarkDB) {
  return {
    annotations: await db.annotations.orderBy('id').toArray(),
    settings: await db.settings.orderBy('key').toArray(),
    snapshots: await db.snapshots.orderBy('[url+version]').toArray(),
  };
}

async function snapshotsFor(n: number): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  for (let i = 0; i < n; i++) {
    const url = `http://www.site${i % 7}.gov.cn/jyj/report-${i % 50}.html?id=${i % 50}`;
    const prev = out.filter((s) => s.url === url).at(-1) ?? null;
    const text = `第${i}版：到2025年，新增公办学位${1000 + i}个。\n完成投资${i}.5亿元。`;
    const s = await makeSnapshot(url, `报告 ${i}`, text, [], prev, new Date(Date.UTC(2026, 0, 1 + i)));
    out.push(s!);
  }
  return out;
}

async function seed(d: ReturnType<typeof deps>, nAnnotations = 40, nSnapshots = 12) {
  await d.repo.importMany(annotations(nAnnotations));
  for (const s of await snapshotsFor(nSnapshots)) await d.snapshots!.put(s);
  await d.repo.setSettings({ enabledSites: ['www.example.com'], autoHighlight: false, kinds: ['target'] });
}

async function exportBackupJson(d: HandlerDeps): Promise<string> {
  const r = await handleMessage({ type: 'backup/export' }, d);
  if (!r.ok) throw new Error(r.error);
  const file = r.data as { filename: string; mime: string; content: string };
  expect(file.filename).toBe('pledgemark-backup-2026-11-23.json');
  expect(file.mime).toBe('application/json');
  return file.content;
}

describe('backup → wipe → restore', () => {
  it('gives identical records: every field of every annotation, snapshot and setting', async () => {
    const name = `backup-roundtrip-${Math.random()}`;
    const d = deps(name);
    await seed(d);
    const before = await dump(d.db);
    expect(before.annotations).toHaveLength(40);
    expect(before.snapshots).toHaveLength(12);
    expect(before.settings).toHaveLength(3);
    const json = await exportBackupJson(d);
    expect(JSON.parse(json)).toMatchObject({ format: BACKUP_FORMAT, version: 1 });

    // Wipe: the whole database is deleted.
    await d.db.delete();
    const fresh = deps(name);
    expect(await fresh.db.annotations.count()).toBe(0);

    const r = await handleMessage({ type: 'backup/restore', json }, fresh);
    expect(r).toEqual({ ok: true, data: { annotations: 40, snapshots: 12, settings: 3 } });
    expect(await dump(fresh.db)).toEqual(before);
    // The restored data works through the repositories too.
    expect(await fresh.repo.getSettings()).toMatchObject({ enabledSites: ['www.example.com'], autoHighlight: false, kinds: ['target'] });
    expect((await fresh.snapshots!.get(before.snapshots[0].url, before.snapshots[0].version))?.textGz).toBe(before.snapshots[0].textGz);
  });

  it('restore replaces what was there (records not in the backup are gone)', async () => {
    const src = deps();
    await seed(src, 5, 2);
    const json = await exportBackupJson(src);
    const dst = deps();
    await seed(dst, 30, 6);
    await dst.repo.setSettings({ disabledSites: ['a.gov.cn'] });
    expect(await handleMessage({ type: 'backup/restore', json }, dst)).toMatchObject({ ok: true });
    expect(await dump(dst.db)).toEqual(await dump(src.db));
  });
});

describe('a rejected backup changes nothing', () => {
  async function expectRejected(json: string, error: RegExp) {
    const d = deps();
    await seed(d, 12, 3);
    const before = await dump(d.db);
    const r = await handleMessage({ type: 'backup/restore', json }, d);
    expect(r.ok).toBe(false);
    const message = r.ok ? '' : r.error;
    expect(message).toMatch(/^Backup rejected, nothing was changed: /);
    expect(message).toMatch(error);
    expect(await dump(d.db)).toEqual(before);
  }

  async function goodBackup(): Promise<Record<string, any>> {
    const d = deps();
    await seed(d, 6, 4);
    return JSON.parse(await exportBackupJson(d));
  }

  it('truncated JSON', async () => {
    const json = JSON.stringify(await goodBackup());
    await expectRejected(json.slice(0, Math.floor(json.length / 2)), /\(root\): not valid JSON/);
  });

  it('a bad annotation field, named by its path', async () => {
    const b = await goodBackup();
    b.annotations[3].quote.exact = '';
    await expectRejected(JSON.stringify(b), /annotations\[3\]\.quote\.exact: /);
    const c = await goodBackup();
    delete c.annotations[1].createdAt;
    await expectRejected(JSON.stringify(c), /annotations\[1\]\.createdAt: Required/);
  });

  it('a bad snapshot payload (text that is not gzip; a bad hash), named by its path', async () => {
    const b = await goodBackup();
    b.snapshots[2].textGz = 'AAAAAAAA';
    await expectRejected(JSON.stringify(b), /snapshots\[2\]\.textGz: snapshot text is not valid gzip data/);
    const c = await goodBackup();
    c.snapshots[0].hash = 'xyz';
    await expectRejected(JSON.stringify(c), /snapshots\[0\]\.hash: /);
  });

  it('a bad settings value, named by its path; not a backup at all', async () => {
    const b = await goodBackup();
    b.settings.kinds = ['targets'];
    await expectRejected(JSON.stringify(b), /settings\.kinds\[0\]: /);
    await expectRejected(JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld' }), /format: not a Pledgemark backup/);
  });
});

describe('a storage-quota error mid-restore', () => {
  it('leaves the database as it was (a table bulkPut throws QuotaExceededError) and says so', async () => {
    const src = deps();
    await seed(src, 20, 5);
    const json = await exportBackupJson(src);
    const d = deps();
    await seed(d, 8, 2);
    const before = await dump(d.db);
    // Annotations are written (and all tables cleared) before the snapshots' bulkPut fails.
    (d.db.snapshots as unknown as { bulkPut: () => Promise<never> }).bulkPut = () =>
      Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const r = await handleMessage({ type: 'backup/restore', json }, d);
    expect(r).toEqual({ ok: false, error: `Restore failed, nothing was changed. ${QUOTA_MESSAGE}` });
    expect(await dump(d.db)).toEqual(before);
  });

  it('leaves the database as it was when the IndexedDB write itself fails mid-way (DBCore)', async () => {
    const src = deps();
    await seed(src, 1200, 3); // more than one write chunk
    const json = await exportBackupJson(src);
    const d = deps();
    await seed(d, 8, 2);
    const before = await dump(d.db);
    d.db.close();
    // Middleware goes on before the database opens.
    const db = new PledgemarkDB(d.db.name);
    open.push(db);
    // clear ×3 and the first annotation chunk pass; the second chunk fails.
    const calls = quotaAfter(db, 4);
    const r = await handleMessage({ type: 'backup/restore', json }, { repo: new AnnotationRepository(db), snapshots: new SnapshotRepository(db) });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain('no storage space left');
    expect(calls()).toBeGreaterThan(4);
    db.close();
    const reopened = new PledgemarkDB(d.db.name);
    open.push(reopened);
    expect(await dump(reopened)).toEqual(before);
  });
});
