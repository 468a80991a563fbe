import { afterEach, describe, expect, it } from 'vitest';
import { PledgemarkDB } from '../../lib/store/db';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { AnnotationRepository } from '../../lib/store/repository';
import { changesBetween } from '../../lib/store/changes';
import { readSnapshotText, sha256Hex } from '../../lib/evidence/snapshot';
import { QUOTA_MESSAGE } from '../../lib/store/errors';
import { newAnnotation } from './store.fixtures';
import { V1, V2, items1, items2 } from './store.snapshot-fixtures';

const open: PledgemarkDB[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});
let clock = Date.UTC(2026, 0, 1);
function fresh() {
  const db = new PledgemarkDB(`store-snap-${Math.random()}`);
  open.push(db);
  const now = () => new Date((clock += 1000));
  return { db, snaps: new SnapshotRepository(db, now), repo: new AnnotationRepository(db, now) };
}
const URL1 = 'http://www.example.gov.cn/a.html?id=1';
const page = (text: string, items = text === V1 ? items1() : text === V2 ? items2() : []) => ({ url: `${URL1}#frag`, title: 't', text, items });

describe('SnapshotRepository', () => {
  it('numbers versions per URL, lists them from the index with capture times, keeps a revert as a new version', async () => {
    const { snaps } = fresh();
    expect(await snaps.versions(URL1)).toEqual([]);
    expect(await snaps.latestVersion(URL1)).toBeNull();
    expect((await snaps.saveFromPage(page(V1), true)).version).toBe(1);
    expect((await snaps.saveFromPage(page(V2), true)).version).toBe(2);
    // Back to the first text: a change since the last snapshot, stored (the evidence of the revert).
    expect(await snaps.saveFromPage(page(V1), true)).toEqual({ version: 3, stored: true, previousVersion: 2 });
    expect(await snaps.saveFromPage(page(V1), true)).toEqual({ version: 3, stored: false, previousVersion: 3 });
    const vs = await snaps.versions(URL1);
    expect(vs.map((v) => v.version)).toEqual([1, 2, 3]);
    for (const v of vs) expect((await snaps.get(URL1, v.version))!.capturedAt).toBe(v.capturedAt);
    expect(readSnapshotText((await snaps.get(URL1, 3))!)).toBe(V1);
    expect(Object.keys(await snaps.versionsOf([URL1, `${URL1}#x`, 'http://none.gov.cn/']))).toEqual([URL1]);
    expect((await snaps.all()).length).toBe(3);
  });

  it('a version stored between prepare and commit is not overwritten: the new one comes after it, an identical one is skipped', async () => {
    const { snaps } = fresh();
    await snaps.saveFromPage(page(V1), true);
    const preparedV2 = await snaps.prepare(page(V2));
    const preparedX = await snaps.prepare(page('另一个文本'));
    expect(preparedV2.snapshot?.version).toBe(2);
    expect(await snaps.commit(preparedX)).toEqual({ version: 2, stored: true, previousVersion: 1 });
    expect(await snaps.commit(preparedV2)).toEqual({ version: 3, stored: true, previousVersion: 2 });
    expect((await snaps.get(URL1, 3))!.hash).toBe(await sha256Hex(V2));
    expect(await snaps.commit(await snaps.prepare(page(V2)))).toMatchObject({ stored: false, version: 3 });
  });

  it('stores only for a page with annotations unless forced', async () => {
    const { snaps, repo } = fresh();
    expect(await snaps.saveFromPage(page(V1))).toEqual({ version: null, stored: false, previousVersion: null });
    await repo.save(newAnnotation({ url: URL1 }));
    expect(await snaps.saveFromPage(page(V1))).toEqual({ version: 1, stored: true, previousVersion: null });
  });

  it('a quota error reaches the caller as the clear message and stores nothing', async () => {
    const { snaps, db } = fresh();
    (db.snapshots as unknown as { add: () => Promise<never> }).add = () => Promise.reject(new DOMException('full', 'QuotaExceededError'));
    await expect(snaps.saveFromPage(page(V1), true)).rejects.toMatchObject({ code: 'quota', message: QUOTA_MESSAGE });
    expect(await db.snapshots.count()).toBe(0);
  });

  it('a stored row that went bad is reported, not handed on', async () => {
    const { snaps, db } = fresh();
    await snaps.saveFromPage(page(V1), true);
    await db.snapshots.update([URL1, 1], { hash: 'nope' });
    await expect(snaps.get(URL1)).rejects.toThrow(/^Invalid stored snapshot: hash: /);
  });
});

describe('changesBetween', () => {
  it('is the same log whichever order the versions are given in, and empty between identical extractions', async () => {
    const { snaps } = fresh();
    await snaps.saveFromPage(page(V1), true);
    await snaps.saveFromPage(page(V2), true);
    const [a, b] = [(await snaps.get(URL1, 1))!, (await snaps.get(URL1, 2))!];
    expect(changesBetween(b, a)).toEqual(changesBetween(a, b));
    expect(changesBetween(a, b).entries.map((e) => e.change)).toEqual(['altered', 'removed', 'added']);
    expect(changesBetween(a, { ...a, version: 5 }).entries).toEqual([]);
  });
});
