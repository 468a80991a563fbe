import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { handleMessage, handleMessageFrom } from '../../lib/messages/handler';
import { extract } from '../../lib/extract';
import { selectorsFor } from '../../lib/anchor/dom';
import type { Request, ResponseFor } from '../../lib/messages/protocol';
import { summarise, filterRows, facets } from '../../lib/tracker/view';
import { TRACKER_CSV_COLUMNS } from '../../lib/export/tracker';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}.txt`, import.meta.url), 'utf8');
const PLAN = 'http://www.panyu.gov.cn/jyj/2020/plan.html';
const LATER = 'http://www.panyu.gov.cn/jyj/2021/report.html';

const dbs: PledgemarkDB[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

async function setup(today = '2026-12-01') {
  const db = new PledgemarkDB(`tracker-${Math.random()}`);
  dbs.push(db);
  const now = () => new Date(`${today}T09:00:00.000Z`);
  const repo = new AnnotationRepository(db, now);
  const snapshots = new SnapshotRepository(db, now);
  const deps = { repo, snapshots, now };
  const send = async <T extends Request>(req: T): Promise<ResponseFor<T['type']>> => {
    const r = await handleMessage(req, deps);
    if (!r.ok) throw new Error(r.error);
    return r.data as ResponseFor<T['type']>;
  };
  return { db, repo, snapshots, deps, send };
}

describe('the tracker (storage and messages) on real seed text', () => {
  const text = seed('panyu-2019-summary-2020-plan');
  const items = extract(text);
  const targets = items.filter((it) => it.kind === 'target');

  it('a page added by hand is tracked with its snapshot; every target of it is a row, with its quote', async () => {
    const { send } = await setup();
    expect(targets.length).toBeGreaterThan(3);
    const added = await send({ type: 'tracker/add', url: `${PLAN}#top`, title: '番禺', text, items, date: '2020-04-10' });
    expect(added).toEqual({ url: PLAN, version: 1, stored: true });
    // Adding again stores nothing new.
    expect(await send({ type: 'tracker/add', url: PLAN, title: '番禺', text, items })).toEqual({ url: PLAN, version: 1, stored: false });
    const { reports } = await send({ type: 'tracker/list' });
    expect(reports).toEqual([{ url: PLAN, title: '番禺', addedAt: '2026-12-01T09:00:00.000Z', date: '2020-04-10', notes: 0, byHand: true, version: 1 }]);
    const view = await send({ type: 'tracker/links' });
    expect(view.today).toBe('2026-12-01');
    expect(view.docs).toEqual([{ doc: PLAN, url: PLAN, title: '番禺', date: '2020-04-10', version: 1 }]);
    const own = view.rows.filter((r) => r.target.doc === PLAN);
    expect(own.map((r) => [r.target.start, r.target.end]).sort((a, b) => a[0] - b[0])).toEqual(targets.map((t) => [t.start, t.end]));
    for (const r of own) {
      expect(text.slice(r.target.start, r.target.end)).toBe(r.target.text);
      expect(r.saved).toBe(false);
      // A target due in 2020 (or any year before today's) is never pending in 2026.
      if (typeof r.target.deadline === 'number' && r.target.deadline < 2026) expect(r.status).not.toBe('pending');
    }
  });

  it('the text only (a long page): the background extracts the same items', async () => {
    const { send } = await setup();
    await send({ type: 'tracker/add', url: PLAN, title: '番禺', text });
    const view = await send({ type: 'tracker/links' });
    expect(view.rows.filter((r) => r.target.doc === PLAN).length).toBe(targets.length);
  });

  it('a page with notes is tracked on its own; a saved target is marked saved; remove keeps the notes', async () => {
    const { send, repo } = await setup();
    const t = targets[0];
    const { quote, position } = selectorsFor(text, t.start, t.end);
    await send({
      type: 'annotation/save',
      annotation: {
        url: PLAN, title: '番禺计划', site: 'www.panyu.gov.cn', kind: 'target', quote, position,
        fields: { value: t.value, valueMax: t.valueMax, unit: t.unit, comparator: t.comparator, deadline: t.deadline, metric: t.metric, strength: t.strength, approximate: t.approximate },
        context: t.sentence.text, note: '', tags: [],
      },
      snapshot: { title: '番禺计划', text, items },
    });
    const { reports } = await send({ type: 'tracker/list' });
    expect(reports).toMatchObject([{ url: PLAN, title: '番禺计划', notes: 1, byHand: false, version: 1 }]);
    const view = await send({ type: 'tracker/links' });
    expect(view.rows.filter((r) => r.saved).map((r) => r.target.text)).toEqual([t.text]);
    expect((await send({ type: 'tracker/links', filter: { saved: true } })).rows.length).toBe(1);

    expect(await send({ type: 'tracker/remove', url: PLAN })).toEqual({ removed: true });
    expect((await send({ type: 'tracker/list' })).reports).toEqual([]);
    expect((await send({ type: 'tracker/links' })).rows).toEqual([]);
    expect(await repo.count()).toBe(1);
    // Added again by hand: back.
    await send({ type: 'tracker/add', url: PLAN, title: '番禺计划', text, items });
    expect((await send({ type: 'tracker/list' })).reports).toMatchObject([{ url: PLAN, notes: 1, byHand: true }]);
  });

  it('decisions: stored once per target and figure, replaced, taken back; never a target on itself', async () => {
    const { send, db } = await setup();
    await send({ type: 'tracker/add', url: PLAN, title: '番禺', text, items });
    const [a] = targets;
    const fig = items.find((it) => it.kind === 'reported')!;
    const target = { url: PLAN, start: a.start, end: a.end, exact: a.text };
    const figure = { url: `${LATER}#x`, start: fig.start, end: fig.end, exact: fig.text };
    const d = await send({ type: 'tracker/decide', target, figure, verdict: 'manual' });
    expect(d).toMatchObject({ verdict: 'manual', figure: { url: LATER }, createdAt: '2026-12-01T09:00:00.000Z' });
    await send({ type: 'tracker/decide', target, figure, verdict: 'rejected' });
    expect(await db.linkDecisions.toArray()).toEqual([{ ...d, verdict: 'rejected' }]);
    expect(await send({ type: 'tracker/decide', target, figure, verdict: 'undecided' })).toBeNull();
    expect(await db.linkDecisions.count()).toBe(0);
    const self = await handleMessage({ type: 'tracker/decide', target, figure: { ...target }, verdict: 'manual' }, { repo: new AnnotationRepository(db), snapshots: new SnapshotRepository(db) });
    expect(self).toEqual({ ok: false, error: 'A target cannot be linked to itself' });
    // A bad request changes nothing and says what is wrong.
    const bad = await handleMessage({ type: 'tracker/decide', target: { ...target, exact: '' }, figure, verdict: 'manual' }, { repo: new AnnotationRepository(db), snapshots: new SnapshotRepository(db) });
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('Invalid request') });
  });

  it('a content script may add only its own page (forged sender), and gets nothing back but the version', async () => {
    const { deps, db } = await setup();
    const r = await handleMessageFrom({ type: 'tracker/add', url: LATER, title: 't', text, items }, { kind: 'page', url: PLAN }, deps);
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('Refused') });
    expect(await db.trackedReports.count()).toBe(0);
    expect(await db.snapshots.count()).toBe(0);
    for (const type of ['tracker/list', 'tracker/links', 'tracker/summary'] as const) {
      expect(await handleMessageFrom({ type }, { kind: 'page', url: PLAN, frame: true }, deps)).toMatchObject({ ok: false });
    }
  });

  it('summary and exports agree with the rows; CSV has a BOM, each row both quotes and links', async () => {
    const { send } = await setup('2020-06-01');
    await send({ type: 'tracker/add', url: PLAN, title: '番禺', text, items });
    const view = await send({ type: 'tracker/links' });
    const summary = await send({ type: 'tracker/summary' });
    expect(summary).toEqual(summarise(view.rows, '2020-06-01'));
    expect(summary.total).toBe(view.rows.length);
    const due2020 = view.rows.filter((r) => r.target.deadline === 2020 && r.status !== 'met' && r.status !== 'exceeded' && r.status !== 'overdue').length;
    expect(summary.dueThisYear).toBe(due2020);
    expect(due2020).toBeGreaterThan(0);

    const csv = await send({ type: 'tracker/export', format: 'csv' });
    expect(csv.filename).toBe('pledgemark-tracker-2020-06-01.csv');
    expect(csv.content.startsWith('\uFEFFstatus,why,metric,')).toBe(true);
    const lines = csv.content.slice(1).trimEnd().split('\r\n');
    expect(lines.length).toBe(view.rows.length + 1);
    expect(lines[0].split(',')).toEqual([...TRACKER_CSV_COLUMNS]);
    const first = view.rows[0];
    expect(csv.content).toContain(first.target.text);
    expect(csv.content).toContain(`${PLAN}#:~:text=`);

    const md = await send({ type: 'tracker/export', format: 'markdown', filter: { year: 2020 } });
    expect(md.content.startsWith('# Pledgemark — promise tracker (2020-06-01)')).toBe(true);
    const shown = filterRows(view.rows, { year: 2020 });
    expect(md.content.split('\n## ').length - 1).toBe(shown.length);
    expect(facets(view.rows).years).toContain(2020);
  });

  it('backup and restore carry the tracker (reports added by hand, pages taken out, decisions); an older file leaves it as it is', async () => {
    const a = await setup();
    await a.send({ type: 'tracker/add', url: PLAN, title: '番禺', text, items, date: '2020-04-10' });
    const [t0] = targets;
    const fig = items.find((it) => it.kind === 'reported')!;
    await a.send({ type: 'tracker/decide', target: { url: PLAN, start: t0.start, end: t0.end, exact: t0.text }, figure: { url: LATER, start: fig.start, end: fig.end, exact: fig.text }, verdict: 'manual' });
    await a.db.untracked.put({ url: LATER, removedAt: '2026-12-01T09:00:00.000Z' });
    const file = await a.send({ type: 'backup/export' });
    const parsed = JSON.parse(file.content);
    expect(parsed.tracker.reports.map((r: { url: string }) => r.url)).toEqual([PLAN]);
    expect(parsed.tracker.decisions).toHaveLength(1);
    expect(parsed.tracker.untracked).toEqual([{ url: LATER, removedAt: '2026-12-01T09:00:00.000Z' }]);

    const b = await setup();
    await b.send({ type: 'backup/restore', json: file.content });
    expect(await b.db.trackedReports.toArray()).toEqual(await a.db.trackedReports.toArray());
    expect(await b.db.linkDecisions.toArray()).toEqual(await a.db.linkDecisions.toArray());
    expect(await b.db.untracked.toArray()).toEqual(await a.db.untracked.toArray());
    expect((await b.send({ type: 'tracker/list' })).reports.map((r) => r.url)).toEqual([PLAN]);

    // A file written before the tracker (no tracker section): the tracker's records stay.
    const { tracker: _t, ...older } = parsed;
    await b.send({ type: 'backup/restore', json: JSON.stringify(older) });
    expect(await b.db.linkDecisions.count()).toBe(1);
    expect(await b.db.trackedReports.count()).toBe(1);
    // And the automatic backup taken before that restore holds them too.
    const previous = await b.send({ type: 'backup/previous' });
    expect(JSON.parse(previous!.content).tracker.decisions).toHaveLength(1);
  });
});
