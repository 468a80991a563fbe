import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { readFileSync } from 'node:fs';
import { PledgemarkDB, searchTextOf } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { verifySnapshot } from '../../lib/evidence/snapshot';
import { SnapshotSchema } from '../../lib/schema/snapshot';
import { AnnotationSchema } from '../../lib/schema/annotation';

/**
 * Every Dexie version's upgrade is tested against a FROZEN fixture of the previous version
 * (tests/fixtures/db/v1.json, written from the v1 schema; never edited).
 */
interface Fixture {
  dbVersion: number;
  stores: Record<string, string>;
  tables: { annotations: Array<Record<string, unknown>>; settings: Array<{ key: string; value: unknown }>; snapshots: Array<Record<string, unknown>> };
}
const fixture: Fixture = JSON.parse(readFileSync(new URL('../fixtures/db/v1.json', import.meta.url), 'utf8'));

const open: Dexie[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** Writes the fixture's rows into a database that knows only the v1 schema (as it was), then closes it. */
async function seedV1(name: string, tables: Fixture['tables'] = fixture.tables): Promise<void> {
  const v1 = new Dexie(name);
  v1.version(1).stores({
    annotations: 'id, url, site, kind, *tags, createdAt, year',
    settings: 'key',
    snapshots: '[url+version], url, capturedAt',
  });
  await v1.open();
  await v1.table('annotations').bulkAdd(structuredClone(tables.annotations));
  await v1.table('settings').bulkAdd(structuredClone(tables.settings));
  await v1.table('snapshots').bulkAdd(structuredClone(tables.snapshots));
  expect(v1.verno).toBe(1);
  v1.close();
}

function byKey<T extends object>(rows: T[], key: (r: T) => string): T[] {
  return [...rows].sort((a, b) => key(a).localeCompare(key(b)));
}
const snapKey = (r: { url?: unknown; version?: unknown }) => `${r.url} ${String(r.version).padStart(6, '0')}`;

describe('Dexie schema upgrade v1 → current, on the frozen v1 fixture', () => {
  it('the fixture is what the v1 schema stored: valid records, every annotation field present', async () => {
    expect(fixture.dbVersion).toBe(1);
    expect(fixture.tables.annotations.length).toBeGreaterThanOrEqual(4);
    for (const a of fixture.tables.annotations) expect(AnnotationSchema.safeParse(a).success).toBe(true);
    for (const s of fixture.tables.snapshots) expect(await verifySnapshot(SnapshotSchema.parse(s))).toBe(true);
    const kinds = new Set(fixture.tables.annotations.map((a) => a.kind));
    expect(kinds).toEqual(new Set(['target', 'reported', 'commitment', 'selection']));
  });

  it('keeps every record field for field (annotations with their derived fields, settings, snapshots)', async () => {
    const name = `migration-${Math.random()}`;
    await seedV1(name);
    const db = new PledgemarkDB(name);
    open.push(db);
    await db.open();
    expect(db.verno).toBe(5);
    // Versions 3, 4 and 5 only add tables; they start empty.
    expect(await db.trash.count()).toBe(0);
    expect(await db.autoBackups.count()).toBe(0);
    expect(await db.syncDocs.count()).toBe(0);
    expect(await db.trackedReports.count()).toBe(0);
    expect(await db.untracked.count()).toBe(0);
    expect(await db.linkDecisions.count()).toBe(0);
    expect(byKey(await db.annotations.toArray(), (r) => r.id)).toEqual(byKey(fixture.tables.annotations, (r) => String(r.id)));
    expect(byKey(await db.settings.toArray(), (r) => r.key)).toEqual(byKey(fixture.tables.settings, (r) => r.key));
    expect(byKey(await db.snapshots.toArray(), snapKey)).toEqual(byKey(fixture.tables.snapshots, snapKey));

    // And they read back through the repositories and the new index.
    const repo = new AnnotationRepository(db);
    const snaps = new SnapshotRepository(db);
    expect(await repo.count()).toBe(fixture.tables.annotations.length);
    expect((await repo.list({ year: 2020 })).map((a) => a.id).sort()).toEqual(
      fixture.tables.annotations.filter((a) => a.year === 2020).map((a) => a.id).sort(),
    );
    // A setting the v1 database never had reads as its default.
    expect(await repo.getSettings()).toEqual({ enabledSites: ['www.example.com'], disabledSites: ['news.gov.cn'], autoHighlight: false, kinds: ['target', 'reported'], maxVersionsPerPage: 10, citationTemplate: '', language: 'auto' });
    const url = String(fixture.tables.snapshots[0].url);
    expect(await snaps.versions(url)).toEqual([
      { version: 1, capturedAt: fixture.tables.snapshots[0].capturedAt },
      { version: 2, capturedAt: fixture.tables.snapshots[1].capturedAt },
    ]);
    // Its items were saved before items carried a reason: they read back with reason null, nothing else added.
    const saved = fixture.tables.snapshots[1] as { items: object[] };
    expect(await snaps.get(url)).toEqual({ ...saved, items: saved.items.map((it) => ({ ...it, reason: null })) });
  });

  it('the upgrade rebuilds stale derived fields and leaves a malformed row exactly as it was', async () => {
    const name = `migration-stale-${Math.random()}`;
    const rows = structuredClone(fixture.tables.annotations);
    rows[0].search = 'stale';
    rows[0].year = 1999;
    const broken = { id: 'broken-row', url: 'http://x.gov.cn/', kind: 'target', createdAt: '2020-01-01T00:00:00.000Z', year: 2020 };
    await seedV1(name, { ...fixture.tables, annotations: [...rows, broken] });
    const db = new PledgemarkDB(name);
    open.push(db);
    const first = await db.annotations.get(String(rows[0].id));
    expect(first?.year).toBe(2020);
    expect(first?.search).toBe(searchTextOf(fixture.tables.annotations[0] as never));
    expect(first).toEqual(fixture.tables.annotations[0]);
    expect(await db.annotations.get('broken-row')).toEqual(broken);
    expect(await db.annotations.count()).toBe(rows.length + 1);
  });

  it('v3 → v5 (sync bookkeeping): every row of every v3 table is kept, and the old annotations read unshared', async () => {
    const name = `migration-v3-${Math.random()}`;
    const v3 = new Dexie(name);
    v3.version(3).stores({
      annotations: 'id, url, site, kind, *tags, createdAt, year',
      settings: 'key',
      snapshots: '[url+version], url, capturedAt, [url+capturedAt]',
      trash: 'id, deletedAt',
      autoBackups: 'takenAt',
    });
    await v3.open();
    const rows = structuredClone(fixture.tables.annotations);
    await v3.table('annotations').bulkAdd(rows.slice(1));
    await v3.table('settings').bulkAdd(structuredClone(fixture.tables.settings));
    await v3.table('snapshots').bulkAdd(structuredClone(fixture.tables.snapshots));
    const trashed = { id: String(rows[0].id), deletedAt: '2026-11-30T00:00:00.000Z', row: rows[0] };
    await v3.table('trash').add(structuredClone(trashed));
    await v3.table('autoBackups').add({ takenAt: '2026-11-29T00:00:00.000Z', reason: 'before-restore', content: '{"x":1}' });
    v3.close();

    const db = new PledgemarkDB(name);
    open.push(db);
    await db.open();
    expect(db.verno).toBe(5);
    expect(byKey(await db.annotations.toArray(), (r) => r.id)).toEqual(byKey(rows.slice(1), (r) => String(r.id)));
    expect(await db.trash.toArray()).toEqual([trashed]);
    expect(await db.autoBackups.count()).toBe(1);
    expect(byKey(await db.snapshots.toArray(), snapKey)).toEqual(byKey(fixture.tables.snapshots, snapKey));
    expect(await db.syncDocs.count()).toBe(0);
    const repo = new AnnotationRepository(db);
    const all = await repo.all();
    expect(all).toHaveLength(rows.length - 1);
    for (const a of all) {
      expect(a.notebooks).toBeUndefined();
      expect(a.author).toBeUndefined();
      expect(a.conflict).toBeUndefined();
    }
    // Undo of a delete made under v3 still brings the note back, unshared (nothing queued to send).
    await repo.undoDelete(trashed.id).catch(() => undefined);
    expect(await db.syncDocs.count()).toBe(0);
  });
});

/** The v3 schema as it was released (versions 1 to 3), to write a v3 database the way that release did. */
function v3Schema(db: Dexie): void {
  db.version(1).stores({ annotations: 'id, url, site, kind, *tags, createdAt, year', settings: 'key', snapshots: '[url+version], url, capturedAt' });
  db.version(2).stores({ annotations: 'id, url, site, kind, *tags, createdAt, year', settings: 'key', snapshots: '[url+version], url, capturedAt, [url+capturedAt]' });
  db.version(3).stores({
    annotations: 'id, url, site, kind, *tags, createdAt, year',
    settings: 'key',
    snapshots: '[url+version], url, capturedAt, [url+capturedAt]',
    trash: 'id, deletedAt',
    autoBackups: 'takenAt',
  });
}

describe('Dexie schema upgrade v3 → current, through v4 (the tracker tables)', () => {
  it('keeps every record of every v3 table and adds the tracker tables, empty', async () => {
    const name = `migration-v3-${Math.random()}`;
    const v3 = new Dexie(name);
    v3Schema(v3);
    await v3.open();
    const [kept, gone] = fixture.tables.annotations;
    const trash = [{ id: String(gone.id), deletedAt: '2026-11-30T10:00:00.000Z', row: structuredClone(gone) }];
    const autoBackups = [{ takenAt: '2026-11-29T09:00:00.000Z', reason: 'before-restore', content: '{"format":"pledgemark-backup"}\n' }];
    await v3.table('annotations').bulkAdd(structuredClone([kept, ...fixture.tables.annotations.slice(2)]));
    await v3.table('settings').bulkAdd(structuredClone(fixture.tables.settings));
    await v3.table('snapshots').bulkAdd(structuredClone(fixture.tables.snapshots));
    await v3.table('trash').bulkAdd(trash);
    await v3.table('autoBackups').bulkAdd(autoBackups);
    const before = Object.fromEntries(await Promise.all(v3.tables.map(async (t) => [t.name, await t.toArray()] as const)));
    expect(v3.verno).toBe(3);
    v3.close();

    const db = new PledgemarkDB(name);
    open.push(db);
    await db.open();
    expect(db.verno).toBe(5);
    for (const [table, rows] of Object.entries(before)) expect(await db.table(table).toArray()).toEqual(rows);
    expect((before.annotations as unknown[]).length).toBe(fixture.tables.annotations.length - 1);
    expect(await db.trackedReports.toArray()).toEqual([]);
    expect(await db.linkDecisions.toArray()).toEqual([]);
    // The new tables take rows after the upgrade.
    await db.trackedReports.put({ url: 'http://www.gz.gov.cn/a.html', title: 't', addedAt: '2026-12-01T00:00:00.000Z', date: null });
    expect(await db.trackedReports.count()).toBe(1);
  });
});
