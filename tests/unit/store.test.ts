import { afterEach, describe, expect, it } from 'vitest';
import Dexie, { type DBCore } from 'dexie';
import { PledgemarkDB, yearOf } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { normaliseUrl } from '../../lib/util/url';
import { StoreError, QUOTA_MESSAGE, isQuotaError } from '../../lib/store/errors';
import { DEFAULT_SETTINGS } from '../../lib/schema/settings';
import { isSiteEnabled, withSiteEnabled } from '../../lib/settings/sites';
import { annotation, annotations, newAnnotation, quotaAfter } from './store.fixtures';

let n = 0;
const open: PledgemarkDB[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});
function freshRepo(now = () => new Date('2026-11-23T10:00:00.000Z')) {
  n += 1;
  const db = new PledgemarkDB(`pledgemark-test-${n}-${Math.random()}`);
  open.push(db);
  return new AnnotationRepository(db, now);
}

describe('normaliseUrl', () => {
  it('drops the fragment (text fragments too) and keeps the query', () => {
    expect(normaliseUrl('http://a.gov.cn/x.html?id=3#sec2')).toBe('http://a.gov.cn/x.html?id=3');
    expect(normaliseUrl('http://a.gov.cn/x.html#:~:text=abc')).toBe('http://a.gov.cn/x.html');
    expect(normaliseUrl('not a url#frag')).toBe('not a url');
  });
});

describe('yearOf', () => {
  it('takes the deadline year, else the year of createdAt', () => {
    const a = annotation(0);
    expect(yearOf({ ...a, fields: { ...a.fields, deadline: 2025 } })).toBe(2025);
    expect(yearOf({ ...a, fields: { ...a.fields, deadline: '年底' }, createdAt: '2022-03-01T00:00:00.000Z' })).toBe(2022);
    expect(yearOf({ ...a, fields: { ...a.fields, deadline: null }, createdAt: '2023-03-01T00:00:00+08:00' })).toBe(2023);
  });
});

describe('AnnotationRepository', () => {
  it('saves with a fresh UUID and ISO times, and finds it by page URL without the fragment', async () => {
    const repo = freshRepo();
    const saved = await repo.save(newAnnotation({ url: 'http://www.example.gov.cn/r.html?p=1#top' }));
    expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(saved.createdAt).toBe('2026-11-23T10:00:00.000Z');
    expect(saved.updatedAt).toBe(saved.createdAt);
    expect(saved.url).toBe('http://www.example.gov.cn/r.html?p=1');
    const page = await repo.forPage('http://www.example.gov.cn/r.html?p=1#:~:text=x');
    expect(page).toEqual([saved]);
    expect(await repo.forPage('http://www.example.gov.cn/r.html?p=2')).toEqual([]);
    // derived fields never leak out
    expect(Object.keys(page[0])).not.toContain('year');
    expect(Object.keys(page[0])).not.toContain('search');
  });

  it('rejects an invalid annotation before touching the DB', async () => {
    const repo = freshRepo();
    const bad = newAnnotation({ quote: { type: 'TextQuoteSelector', exact: '', prefix: '', suffix: '' } });
    await expect(repo.save(bad)).rejects.toThrow(/quote\.exact/);
    await expect(repo.save({ ...newAnnotation(), url: 'nope' } as never)).rejects.toBeInstanceOf(StoreError);
    expect(await repo.count()).toBe(0);
  });

  it('updates note and tags (trimmed, de-duplicated) and bumps updatedAt; unknown id is not-found', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const repo = freshRepo(() => new Date((t += 1000)));
    const a = await repo.save(newAnnotation());
    const b = await repo.update(a.id, { note: '核实数字', tags: [' 学位 ', '学位', 'x'] });
    expect(b.note).toBe('核实数字');
    expect(b.tags).toEqual(['学位', 'x']);
    expect(b.updatedAt > a.updatedAt).toBe(true);
    expect(b.createdAt).toBe(a.createdAt);
    const c = await repo.update(a.id, { tags: [] });
    expect(c.note).toBe('核实数字');
    expect(c.tags).toEqual([]);
    await expect(repo.update('missing', { note: 'x' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('deletes and says whether it did', async () => {
    const repo = freshRepo();
    const a = await repo.save(newAnnotation());
    expect(await repo.delete(a.id)).toBe(true);
    expect(await repo.delete(a.id)).toBe(false);
    expect(await repo.count()).toBe(0);
  });

  it('lists newest first and filters by kind, tag, year, site and text (combined)', async () => {
    const repo = freshRepo();
    const all = annotations(60);
    await repo.importMany(all);
    const listed = await repo.list({});
    expect(listed).toHaveLength(60);
    for (let i = 1; i < listed.length; i++) expect(listed[i - 1].createdAt >= listed[i].createdAt).toBe(true);

    const expectSame = async (query: Parameters<typeof repo.list>[0], pred: (a: (typeof all)[number]) => boolean) => {
      const got = (await repo.list(query)).map((a) => a.id).sort();
      const want = all.filter(pred).map((a) => a.id).sort();
      expect(want.length).toBeGreaterThan(0);
      expect(got).toEqual(want);
    };
    await expectSame({ kind: 'reported' }, (a) => a.kind === 'reported');
    await expectSame({ tag: 't1' }, (a) => a.tags.includes('t1'));
    await expectSame({ site: 'www.site3.gov.cn' }, (a) => a.site === 'www.site3.gov.cn');
    await expectSame({ year: 2025 }, (a) => yearOf(a) === 2025);
    await expectSame({ year: 2022 }, (a) => yearOf(a) === 2022);
    await expectSame({ text: '待核实' }, (a) => a.note.includes('待核实'));
    await expectSame({ text: '学位1007' }, (a) => a.quote.exact.includes('学位1007'));
    await expectSame({ text: 'T2' }, (a) => a.tags.includes('t2')); // tags, case-insensitive
    await expectSame({ text: '报告 13' }, (a) => a.title.includes('报告 13'));
    await expectSame({ tag: '学位', kind: 'target', site: 'www.site0.gov.cn' }, (a) => a.tags.includes('学位') && a.kind === 'target' && a.site === 'www.site0.gov.cn');
    await expectSame({ year: 2025, kind: 'target', text: '学位' }, (a) => yearOf(a) === 2025 && a.kind === 'target');
    expect(await repo.list({ kind: 'target', site: 'nowhere' })).toEqual([]);
    const limited = await repo.list({ limit: 5 });
    expect(limited).toEqual(listed.slice(0, 5));
    const limitedFiltered = await repo.list({ kind: 'target', limit: 3 });
    expect(limitedFiltered).toEqual(listed.filter((a) => a.kind === 'target').slice(0, 3));
  });

  it('offers the distinct sites, tags and years as facets', async () => {
    const repo = freshRepo();
    await repo.importMany(annotations(30));
    const f = await repo.facets();
    expect(f.sites).toHaveLength(7);
    expect(f.tags).toEqual(expect.arrayContaining(['学位', 't0', 't1', 't2']));
    expect(f.years[0]).toBe(2025);
    expect([...f.years].sort((a, b) => b - a)).toEqual(f.years);
  });

  it('lists fast with 10,000 rows: the first page and index lookups beat one full read of the table', async () => {
    const repo = freshRepo();
    await repo.importMany(annotations(10_000));
    expect(await repo.count()).toBe(10_000);
    const best = async (fn: () => Promise<unknown>) => {
      let ms = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await fn();
        ms = Math.min(ms, performance.now() - t0);
      }
      return ms;
    };
    // Baseline, same run: reading every row once (what a list without indexes would at least cost).
    const fullRead = await best(() => repo.db.annotations.toArray());
    const first = await repo.list({ limit: 200 });
    const bySite = await repo.list({ site: 'www.site2.gov.cn', kind: 'reported' });
    const byText = await repo.list({ text: '学位9999' });
    expect(first).toHaveLength(200);
    expect(bySite.length).toBeGreaterThan(0);
    expect(bySite.every((a) => a.site === 'www.site2.gov.cn' && a.kind === 'reported')).toBe(true);
    expect(byText.map((a) => a.id)).toEqual([annotation(8999).id]);
    const firstMs = await best(() => repo.list({ limit: 200 }));
    const siteMs = await best(() => repo.list({ site: 'www.site2.gov.cn', kind: 'reported' }));
    const tagMs = await best(() => repo.list({ tag: 't1', year: 2025 }));
    const textMs = await best(() => repo.list({ text: '学位9999' }));
    expect(firstMs).toBeLessThan(fullRead / 2);
    expect(siteMs).toBeLessThan(fullRead);
    expect(tagMs).toBeLessThan(fullRead);
    // the text search scans (one pass over the rows); disaster bound only
    expect(textMs).toBeLessThan(Math.max(5000, fullRead * 5));
  });

  it('imports all-or-nothing: one bad record rejects the batch with its index, nothing is written', async () => {
    const repo = freshRepo();
    await repo.save(newAnnotation());
    const batch: unknown[] = annotations(10);
    batch[3] = { ...annotation(3), quote: { type: 'TextQuoteSelector', prefix: '', suffix: '' } };
    await expect(repo.importMany(batch)).rejects.toThrow(/\[3\]\.quote\.exact: Required/);
    expect(await repo.count()).toBe(1);
  });

  it('re-importing the same records does not duplicate them, and keeps newer local edits', async () => {
    const repo = freshRepo();
    const batch = annotations(20);
    expect(await repo.importMany(batch)).toEqual({ imported: 20, unchanged: 0 });
    expect(await repo.importMany(batch)).toEqual({ imported: 0, unchanged: 20 });
    expect(await repo.count()).toBe(20);
    const edited = await repo.update(batch[0].id, { note: 'local edit' });
    await repo.importMany(batch);
    expect((await repo.get(batch[0].id))?.note).toBe(edited.note);
    const newer = { ...batch[1], note: 'from file', updatedAt: '2030-01-01T00:00:00.000Z' };
    expect(await repo.importMany([newer])).toEqual({ imported: 1, unchanged: 0 });
    expect(await repo.get(batch[1].id)).toEqual(newer);
  });

  it('turns a quota error into a clear message and leaves nothing half-written (import)', async () => {
    const repo = freshRepo();
    // 2,500 records are written in chunks of 1,000: let the first chunk through, fail the second.
    quotaAfter(repo.db, 1);
    const err = await repo.importMany(annotations(2500)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('quota');
    expect((err as StoreError).message).toBe(QUOTA_MESSAGE);
    expect(await repo.count()).toBe(0);
  });

  it('turns a quota error into a clear message on save', async () => {
    const repo = freshRepo();
    quotaAfter(repo.db, 0);
    await expect(repo.save(newAnnotation())).rejects.toMatchObject({ code: 'quota', message: QUOTA_MESSAGE });
    expect(await repo.count()).toBe(0);
  });

  it('recognises quota errors wrapped by Dexie', () => {
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError({ name: 'BulkError', failures: [{ name: 'QuotaExceededError' }] })).toBe(true);
    expect(isQuotaError(new Error('x'))).toBe(false);
  });

  it('parses reads: a corrupt row is reported, not handed on', async () => {
    const repo = freshRepo();
    await repo.db.annotations.put({ ...annotation(1), year: 2021, search: '', url: 'not a url' });
    // Never handed on half-formed: left out of the list, reported, and kept in the database as it was.
    expect(await repo.list({})).toEqual([]);
    expect((await repo.allReport()).unreadable).toEqual([{ id: annotation(1).id, error: expect.stringContaining('url') }]);
    expect(await repo.db.annotations.count()).toBe(1);
    await expect(repo.get(annotation(1).id)).rejects.toThrow(/url/);
  });

  it('keeps settings: defaults, partial updates, validation', async () => {
    const repo = freshRepo();
    expect(await repo.getSettings()).toEqual(DEFAULT_SETTINGS);
    const s = await repo.setSettings({ autoHighlight: false, enabledSites: ['www.example.com'] });
    expect(s).toEqual({ ...DEFAULT_SETTINGS, autoHighlight: false, enabledSites: ['www.example.com'] });
    expect(await repo.getSettings()).toEqual(s);
    await expect(repo.setSettings({ kinds: ['nonsense'] } as never)).rejects.toThrow(/kinds\[0\]/);
    await expect(repo.setSettings({ enabledSites: ['http://x.com/'] })).rejects.toThrow(/host name/);
    expect(await repo.getSettings()).toEqual(s);
    // a corrupt stored value falls back to the default for that key only
    await repo.db.settings.put({ key: 'kinds', value: 'garbage' });
    expect(await repo.getSettings()).toEqual(s);
  });
});

/** Counts reads of the annotations table (DBCore get/getMany/query/openCursor/count); `afterRead` runs once after the next query. */
function readCounter(db: PledgemarkDB) {
  const state = { reads: 0, afterRead: null as null | (() => Promise<void>) };
  db.use({
    stack: 'dbcore',
    name: 'read-counter',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(name) {
          const t = down.table(name);
          if (name !== 'annotations') return t;
          const count = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => (...a: A) => {
            state.reads++;
            return f(...a);
          };
          return {
            ...t,
            get: count(t.get),
            getMany: count(t.getMany),
            openCursor: count(t.openCursor),
            count: count(t.count),
            query: (req) => {
              state.reads++;
              return t.query(req).then(async (res) => {
                const hook = state.afterRead;
                state.afterRead = null;
                if (hook) await hook();
                return res;
              });
            },
          };
        },
      };
    },
  });
  return state;
}

describe('AnnotationRepository row cache (every row in memory for export and search)', () => {
  it('answers a warm list, search and filter from memory; every write path drops it', async () => {
    const repo = freshRepo();
    const reads = readCounter(repo.db);
    await repo.importMany(annotations(30));
    await repo.warm();
    const warmReads = reads.reads;
    expect(warmReads).toBeGreaterThan(0);
    const all = await repo.list({});
    expect(all).toHaveLength(30);
    expect((await repo.list({ text: '待核实' })).length).toBeGreaterThan(0);
    expect((await repo.list({ kind: 'target', limit: 2 })).length).toBe(2);
    expect(await repo.list({ limit: 5 })).toEqual(all.slice(0, 5));
    expect(reads.reads).toBe(warmReads); // nothing read from the database

    // save
    const saved = await repo.save(newAnnotation({ url: 'http://www.example.gov.cn/new.html' }));
    expect((await repo.list({})).map((a) => a.id)).toContain(saved.id);
    // update
    await repo.update(saved.id, { note: '新的备注 XYZ' });
    expect((await repo.list({ text: 'xyz' })).map((a) => a.id)).toEqual([saved.id]);
    // delete
    await repo.delete(saved.id);
    expect((await repo.list({})).map((a) => a.id)).not.toContain(saved.id);
    // import
    await repo.importMany([annotation(500)]);
    expect(await repo.list({})).toHaveLength(31);
    // a write that bypasses the repository (a backup restore writes the tables itself)
    await repo.warm();
    await repo.db.annotations.clear();
    expect(await repo.list({})).toEqual([]);
    await repo.db.annotations.bulkPut(annotations(3).map((a) => ({ ...a, year: yearOf(a), search: a.note.toLowerCase() })));
    expect(await repo.list({})).toHaveLength(3);
  });

  it('never keeps a full read that a write overlapped', async () => {
    const repo = freshRepo();
    const reads = readCounter(repo.db);
    await repo.importMany(annotations(10));
    // A write lands while the full read is in flight (after IndexedDB answered, before the rows are kept).
    reads.afterRead = () => Dexie.ignoreTransaction(() => repo.db.annotations.put({ ...annotation(77), year: 2025, search: '' })).then(() => undefined);
    const during = await repo.list({});
    expect(during).toHaveLength(10); // what the read saw
    const after = await repo.list({});
    expect(after.map((a) => a.id)).toContain(annotation(77).id);
    expect(after).toHaveLength(11);
  });

  it('one order everywhere: createdAt then id, newest first — cold first page, warm list, index filter agree', async () => {
    const repo = freshRepo();
    const same = '2024-05-01T08:00:00.000Z';
    await repo.importMany(annotations(12).map((a, i) => ({ ...a, createdAt: i < 8 ? same : a.createdAt, updatedAt: i < 8 ? same : a.updatedAt })));
    const coldFirst = await repo.list({ limit: 6 });
    const coldKind = await repo.list({ kind: 'target', limit: 10 });
    await repo.warm();
    const warm = await repo.list({});
    expect(coldFirst).toEqual(warm.slice(0, 6));
    expect(coldKind).toEqual(warm.filter((a) => a.kind === 'target').slice(0, 10));
    for (let i = 1; i < warm.length; i++) {
      const [x, y] = [warm[i - 1], warm[i]];
      expect(x.createdAt > y.createdAt || (x.createdAt === y.createdAt && x.id > y.id)).toBe(true);
    }
  });
});

describe('site switches', () => {
  it('runs on gov.cn by default, on extra sites when added, never on disabled ones', () => {
    const s = DEFAULT_SETTINGS;
    expect(isSiteEnabled(s, 'www.gz.gov.cn')).toBe(true);
    expect(isSiteEnabled(s, 'www.example.com')).toBe(false);
    const on = withSiteEnabled(s, 'www.example.com', true);
    expect(isSiteEnabled(on, 'www.example.com')).toBe(true);
    const off = withSiteEnabled(on, 'www.gz.gov.cn', false);
    expect(isSiteEnabled(off, 'www.gz.gov.cn')).toBe(false);
    expect(isSiteEnabled(withSiteEnabled(off, 'www.gz.gov.cn', true), 'www.gz.gov.cn')).toBe(true);
    expect(isSiteEnabled(withSiteEnabled(on, 'www.example.com', false), 'www.example.com')).toBe(false);
  });
});
