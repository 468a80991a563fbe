import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { extract } from '../../lib/extract';
import type { Item } from '../../lib/schema/item';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { handleMessage, type HandlerDeps } from '../../lib/messages/handler';
import { readSnapshotText, sha256Hex } from '../../lib/evidence/snapshot';
import type { Snapshot } from '../../lib/schema/snapshot';
import { PageChangesSchema, type PageChanges } from '../../lib/schema/changes';
import { parseImport, CHANGES_PROPERTY } from '../../lib/export';
import { newAnnotation } from './store.fixtures';
import { V1, V2, items1, items2 } from './store.snapshot-fixtures';

const open: PledgemarkDB[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

let clock = Date.UTC(2026, 10, 1);
function deps(): HandlerDeps & { db: PledgemarkDB } {
  const db = new PledgemarkDB(`snap-msg-${Math.random()}`);
  open.push(db);
  const now = () => new Date((clock += 60_000));
  return { db, repo: new AnnotationRepository(db, now), snapshots: new SnapshotRepository(db, now), now };
}

const URL1 = 'http://www.example.gov.cn/jyj/2020/report.html';

async function ok<T>(p: Promise<{ ok: true; data: unknown } | { ok: false; error: string }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error);
  return r.data as T;
}

describe('snapshot/save', () => {
  it('a page that sends its text only (a long article) gets the items extract() finds in it, with the annotation too', async () => {
    const d = deps();
    const text = readFileSync(new URL('../fixtures/gov-report-sample.txt', import.meta.url), 'utf8');
    await ok(handleMessage({ type: 'annotation/save', annotation: newAnnotation({ url: URL1 }), snapshot: { title: '报告', text } }, d));
    const first = await ok<Snapshot>(handleMessage({ type: 'snapshot/get', url: URL1 }, d));
    expect(first.items.length).toBeGreaterThan(0);
    expect(first.items).toEqual(extract(text));
    const changed = `${text}\n2027年新增学位500个。`;
    expect(await ok(handleMessage({ type: 'snapshot/save', url: URL1, title: '报告', text: changed }, d))).toMatchObject({ version: 2, stored: true });
    expect((await ok<Snapshot>(handleMessage({ type: 'snapshot/get', url: URL1 }, d))).items).toEqual(extract(changed));
  });

  it('stores nothing for a page without annotations unless forced; never the same text twice; a changed text is the next version', async () => {
    const d = deps();
    const save = (text: string, items: Item[], force?: boolean) =>
      ok<{ version: number | null; stored: boolean; previousVersion: number | null }>(
        handleMessage({ type: 'snapshot/save', url: `${URL1}#sec`, title: '要点', text, items, ...(force !== undefined ? { force } : {}) }, d),
      );
    expect(await save(V1, items1())).toEqual({ version: null, stored: false, previousVersion: null });
    expect(await d.db.snapshots.count()).toBe(0);
    expect(await save(V1, items1(), true)).toEqual({ version: 1, stored: true, previousVersion: null });
    expect(await save(V1, items1(), true)).toEqual({ version: 1, stored: false, previousVersion: 1 });
    // Not forced, and the page has no annotation: nothing stored even though the text differs.
    expect(await save(V2, items2())).toEqual({ version: 1, stored: false, previousVersion: 1 });
    await ok(handleMessage({ type: 'annotation/save', annotation: newAnnotation({ url: URL1 }) }, d));
    expect(await save(V2, items2())).toEqual({ version: 2, stored: true, previousVersion: 1 });
    expect(await save(V2, items2())).toEqual({ version: 2, stored: false, previousVersion: 2 });
    expect(await d.db.snapshots.count()).toBe(2);

    const latest = await ok<Snapshot>(handleMessage({ type: 'snapshot/get', url: URL1 }, d));
    expect(latest).toMatchObject({ url: URL1, title: '要点', version: 2, hash: await sha256Hex(V2) });
    expect(readSnapshotText(latest)).toBe(V2);
    expect(latest.items).toEqual(items2());
    const first = await ok<Snapshot>(handleMessage({ type: 'snapshot/get', url: URL1, version: 1 }, d));
    expect(readSnapshotText(first)).toBe(V1);
  });

  it('rejects a bad payload with a path-bearing message and stores nothing', async () => {
    const d = deps();
    const bad = { ...items1()[0], end: -1 };
    const r = await handleMessage({ type: 'snapshot/save', url: URL1, title: 't', text: V1, items: [bad], force: true }, d);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid request: items\[0\]\.end: /) });
    const r2 = await handleMessage({ type: 'snapshot/save', url: 'not a url', title: 't', text: V1, items: [], force: true }, d);
    expect(r2).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid snapshot: url: /) });
    expect(await d.db.snapshots.count()).toBe(0);
  });
});

describe('annotation/save with a snapshot', () => {
  it('stores the annotation and the first version together; later saves with the same text add no version', async () => {
    const d = deps();
    const a = await ok<{ id: string }>(handleMessage({ type: 'annotation/save', annotation: newAnnotation({ url: URL1 }), snapshot: { title: '要点', text: V1, items: items1() } }, d));
    expect(await d.repo.get(a.id)).toBeTruthy();
    expect((await d.snapshots!.versions(URL1)).map((v) => v.version)).toEqual([1]);
    await ok(handleMessage({ type: 'annotation/save', annotation: newAnnotation({ url: URL1 }), snapshot: { title: '要点', text: V1, items: items1() } }, d));
    expect(await d.db.snapshots.count()).toBe(1);
    expect(await d.db.annotations.count()).toBe(2);
  });

  it('both or neither: a bad snapshot payload saves no annotation; a failed snapshot write rolls the annotation back', async () => {
    const d = deps();
    const r = await handleMessage({ type: 'annotation/save', annotation: newAnnotation({ url: URL1 }), snapshot: { title: '要点', text: V1, items: [{ ...items1()[0], kind: 'goal' }] } }, d);
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('snapshot.items[0].kind') });
    (d.db.snapshots as unknown as { add: () => Promise<never> }).add = () => Promise.reject(new DOMException('full', 'QuotaExceededError'));
    const r2 = await handleMessage({ type: 'annotation/save', annotation: newAnnotation({ url: URL1 }), snapshot: { title: '要点', text: V1, items: items1() } }, d);
    expect(r2).toMatchObject({ ok: false, error: expect.stringContaining('no storage space left') });
    expect(await d.db.annotations.count()).toBe(0);
    expect(await d.db.snapshots.count()).toBe(0);
  });
});

describe('page/changes and snapshot/versions', () => {
  async function twoVersions() {
    const d = deps();
    await ok(handleMessage({ type: 'annotation/save', annotation: newAnnotation({ url: URL1 }), snapshot: { title: '要点', text: V1, items: items1() } }, d));
    await ok(handleMessage({ type: 'snapshot/save', url: URL1, title: '要点', text: V2, items: items2() }, d));
    return d;
  }

  it('an empty log for a page with fewer than two versions', async () => {
    const d = deps();
    const c = await ok<PageChanges>(handleMessage({ type: 'page/changes', url: URL1 }, d));
    expect(c).toEqual({ url: URL1, fromVersion: null, toVersion: null, capturedFrom: null, capturedTo: null, entries: [] });
  });

  it('lists altered, added and removed targets and figures with both versions\' quotes, in page order', async () => {
    const d = await twoVersions();
    const c = await ok<PageChanges>(handleMessage({ type: 'page/changes', url: `${URL1}#x` }, d));
    expect(PageChangesSchema.parse(c)).toEqual(c);
    expect(c).toMatchObject({ url: URL1, fromVersion: 1, toVersion: 2 });
    expect(c.capturedFrom! < c.capturedTo!).toBe(true);
    expect(c.entries).toEqual([
      {
        change: 'altered', kind: 'target', metric: '公办学位',
        fields: [{ field: 'value', old: 5370, new: 5000 }, { field: 'deadline', old: 2020, new: 2021 }],
        old: { text: '新增公办学位5370个', sentence: '到2020年底，新增公办学位5370个' },
        new: { text: '新增公办学位5000个', sentence: '到2021年底，新增公办学位5000个' },
      },
      { change: 'removed', kind: 'reported', metric: '义务教育学校', fields: [], old: { text: '建成义务教育学校12所', sentence: '建成义务教育学校12所' }, new: null },
      { change: 'added', kind: 'target', metric: '普惠性幼儿园', fields: [], old: null, new: { text: '新建普惠性幼儿园8所', sentence: '新建普惠性幼儿园8所' } },
    ]);
    // Explicit from/to (either order of the diff is older → newer); a missing version is a clear error.
    expect((await ok<PageChanges>(handleMessage({ type: 'page/changes', url: URL1, from: 1, to: 2 }, d))).entries).toHaveLength(3);
    expect(await handleMessage({ type: 'page/changes', url: URL1, from: 1, to: 5 }, d)).toEqual({ ok: false, error: `No stored version 5 of ${URL1}` });
  });

  it('snapshot/versions answers the versions and capture times of each page that has any', async () => {
    const d = await twoVersions();
    const v = await ok<{ versions: Record<string, Array<{ version: number; capturedAt: string }>> }>(
      handleMessage({ type: 'snapshot/versions', urls: [URL1, 'http://none.gov.cn/'] }, d),
    );
    expect(Object.keys(v.versions)).toEqual([URL1]);
    expect(v.versions[URL1].map((x) => x.version)).toEqual([1, 2]);
    const s1 = await d.snapshots!.get(URL1, 1);
    expect(v.versions[URL1][0].capturedAt).toBe(s1!.capturedAt);
  });

  it('exports carry the change log: Markdown section, JSON pledgemark:changes (re-imports), CSV page_changed', async () => {
    const d = await twoVersions();
    await ok(handleMessage({ type: 'annotation/save', annotation: newAnnotation({ url: 'http://www.example.gov.cn/other.html' }) }, d));
    const md = await ok<{ content: string }>(handleMessage({ type: 'export', format: 'markdown' }, d));
    expect(md.content).toContain('#### Changes since first saved');
    expect(md.content).toContain('- value: 5370 → 5000');
    expect(md.content).toContain('- Before: 新增公办学位5370个 — 到2020年底，新增公办学位5370个');
    expect(md.content).toContain('- Now: 新建普惠性幼儿园8所');
    expect(md.content.match(/Changes since first saved/g)).toHaveLength(1);

    const json = await ok<{ content: string }>(handleMessage({ type: 'export', format: 'json' }, d));
    const doc = JSON.parse(json.content);
    expect(doc[CHANGES_PROPERTY]).toHaveLength(1);
    expect(doc[CHANGES_PROPERTY][0]).toMatchObject({ url: URL1, fromVersion: 1, toVersion: 2 });
    expect(parseImport(json.content)).toHaveLength(2);
    doc[CHANGES_PROPERTY][0].entries[0].change = 'edited';
    expect(() => parseImport(JSON.stringify(doc))).toThrow(/pledgemark:changes"?\]?\[0\]\.entries\[0\]\.change/);

    const csv = await ok<{ content: string }>(handleMessage({ type: 'export', format: 'csv' }, d));
    const lines = csv.content.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0].endsWith(',page_changed')).toBe(true);
    const byUrl = (u: string) => lines.find((l) => l.includes(u))!;
    expect(byUrl(URL1).endsWith(',yes')).toBe(true);
    expect(byUrl('other.html').endsWith(',no')).toBe(true);
  });
});
