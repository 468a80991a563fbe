// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountInto } from '../helpers/mount';
import { readFileSync } from 'node:fs';
import { TrackerApp, FIRST_ROWS, type TrackerApi } from '../../components/tracker/TrackerApp';
import { chartModel, periodX } from '../../components/tracker/chart';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { handleMessage } from '../../lib/messages/handler';
import { sendMessage } from '../../lib/messages/client';
import { extract } from '../../lib/extract';
import { setLanguage } from '../../lib/i18n';
import type { ExportFile } from '../../lib/export';
import type { TrackerRow, TrackerView } from '../../lib/schema/tracker';

const cwd = process.cwd();
const plan = readFileSync(`${cwd}/seeds/panyu-2019-summary-2020-plan.txt`, 'utf8');
const later = readFileSync(`${cwd}/tests/fixtures/pages/panyu-2020-summary.txt`, 'utf8');
const PLAN = 'http://www.panyu.gov.cn/report/plan.html';
const LATER = 'http://www.panyu.gov.cn/report/later.html';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  setLanguage('auto');
});

const mount = (vnode: preact.ComponentChild): HTMLElement => mountInto(cleanups, vnode);

async function seeded() {
  const db = new PledgemarkDB(`tracker-page-${Math.random()}`);
  cleanups.push(() => db.close());
  const now = () => new Date('2026-12-01T08:00:00.000Z');
  const deps = { repo: new AnnotationRepository(db, now), snapshots: new SnapshotRepository(db, now), now };
  await handleMessage({ type: 'tracker/add', url: PLAN, title: '番禺区2020年工作计划', text: plan, items: extract(plan), date: '2020-04-10' }, deps);
  await handleMessage({ type: 'tracker/add', url: LATER, title: '番禺区2020年工作总结', text: later, items: extract(later), date: '2021-03-15' }, deps);
  const downloads: ExportFile[] = [];
  const api: TrackerApi = { send: (req) => sendMessage(req, (m) => handleMessage(m, deps)), download: (f) => void downloads.push(f) };
  return { api, downloads, db };
}

const q = (root: ParentNode, sel: string) => root.querySelector(sel) as HTMLElement | null;
const rowFor = (root: ParentNode, metric: string) =>
  [...root.querySelectorAll('[data-testid="tracker-row"]')].find((r) => r.querySelector('.metric')?.textContent === metric) as HTMLElement | undefined;

describe('the tracker page', () => {
  it('one row per target: quotes, status chip, chart, deep links and stored copies; confirm, reject, filters, exports', async () => {
    setLanguage('en');
    const { api, downloads } = await seeded();
    const root = mount(<TrackerApp api={api} />);
    await vi.waitFor(() => expect(rowFor(root, '新开办中小学')).toBeDefined());
    const row = rowFor(root, '新开办中小学')!;
    expect(q(row, '[data-testid="status"]')?.getAttribute('data-status')).toBe('met');
    expect(q(row, '[data-testid="status"]')?.textContent).toBe('met');
    expect(q(row, '[data-testid="figure-text"]')?.textContent).toBe('5所');
    expect(q(row, '[data-testid="figure-sentence"]')?.textContent).toContain('全年新开办中小学5所');
    expect(q(row, '[data-testid="target-sentence"]')?.textContent).toContain('新开办中小学5所');
    const links = [...row.querySelectorAll('[data-testid="deep-link"]')].map((a) => (a as HTMLAnchorElement).getAttribute('href'));
    expect(links.map((h) => h!.split('#')[0])).toEqual([PLAN, LATER]);
    expect(links.every((h) => h!.includes('#:~:text='))).toBe(true);
    const copies = [...row.querySelectorAll('[data-testid="snapshot-link"]')].map((a) => new URLSearchParams((a as HTMLAnchorElement).getAttribute('href')!.split('?')[1]).get('url'));
    expect(copies).toEqual([PLAN, LATER]);
    expect(row.querySelectorAll('svg .figure-dot').length).toBe(1);
    // Page text is text, never HTML.
    expect(row.innerHTML).not.toContain('<script');

    // Confirm: the figure is marked confirmed by the reader.
    (q(row, '[data-testid="confirm-link"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(q(rowFor(root, '新开办中小学')!, '.source')?.textContent).toBe('confirmed by you'));
    // Undo the confirmation, then reject: the figure goes, the status with it; the bar's undo brings it back.
    (q(rowFor(root, '新开办中小学')!, '[data-testid="undo-decision"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(q(rowFor(root, '新开办中小学')!, '[data-testid="reject-link"]')).not.toBeNull());
    (q(rowFor(root, '新开办中小学')!, '[data-testid="reject-link"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(rowFor(root, '新开办中小学')!.querySelectorAll('[data-testid="figure"]').length).toBe(0));
    expect(q(rowFor(root, '新开办中小学')!, '[data-testid="status"]')?.getAttribute('data-status')).toBe('overdue');
    (q(root, '[data-testid="undo-reject"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(q(rowFor(root, '新开办中小学')!, '[data-testid="status"]')?.getAttribute('data-status')).toBe('met'));

    // Filters: status met narrows to met rows only; the year filter to that deadline.
    const status = q(root, '[data-testid="filter-status"]') as HTMLSelectElement;
    status.value = 'met';
    status.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() => {
      const chips = [...root.querySelectorAll('[data-testid="status"]')].map((c) => c.getAttribute('data-status'));
      expect(chips.length).toBeGreaterThan(0);
      expect(new Set(chips)).toEqual(new Set(['met']));
    });
    // Export what the filter shows.
    (q(root, '[data-testid="export-csv"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0].content.startsWith('\uFEFF')).toBe(true);
    expect(downloads[0].content).toContain('全年新开办中小学5所');
    expect(downloads[0].content).not.toContain('改扩建公办幼儿园30所');
    (q(root, '[data-testid="export-markdown"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(downloads).toHaveLength(2));
    expect(downloads[1].content).toContain(`](<${LATER}#:~:text=`);
  });

  it('the tracked reports, each removable', async () => {
    setLanguage('zh');
    const { api } = await seeded();
    const root = mount(<TrackerApp api={api} />);
    await vi.waitFor(() => expect(root.querySelectorAll('[data-testid="tracked-report"]').length).toBe(2));
    expect(q(root, '[data-testid="tracker-page-summary"]')?.textContent).toMatch(/^今年到期 \d+ · 逾期 \d+ · 已达成 \d+$/);
    const laterItem = [...root.querySelectorAll('[data-testid="tracked-report"]')].find((li) => li.textContent?.includes('工作总结'))!;
    (laterItem.querySelector('[data-testid="remove-report"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(root.querySelectorAll('[data-testid="tracked-report"]').length).toBe(1));
    await vi.waitFor(() => expect(rowFor(root, '新开办中小学')).toBeDefined());
    expect(q(rowFor(root, '新开办中小学')!, '[data-testid="status"]')?.getAttribute('data-status')).toBe('overdue');
  });

  it('2,000 targets: the first rows are drawn at once, the rest later', async () => {
    const rows: TrackerRow[] = Array.from({ length: 2000 }, (_, i) => syntheticRow(i));
    const view: TrackerView = { today: '2026-12-01', docs: [{ doc: PLAN, url: PLAN, title: 'p', date: null, version: 1 }], rows };
    const api: TrackerApi = {
      send: (async (req: { type: string }) => (req.type === 'tracker/links' ? { ok: true, data: view } : { ok: true, data: { reports: [] } })) as TrackerApi['send'],
      download: () => undefined,
    };
    // Without an IntersectionObserver the rest follows on timers (the browser adds rows as the reader scrolls).
    vi.stubGlobal('IntersectionObserver', undefined);
    cleanups.push(() => vi.unstubAllGlobals());
    const root = mount(<TrackerApp api={api} />);
    await vi.waitFor(() => expect(root.querySelectorAll('[data-testid="tracker-row"]').length).toBe(FIRST_ROWS));
    expect(q(root, '[data-testid="rows-count"]')?.textContent).toContain('2000');
    await vi.waitFor(() => expect(root.querySelectorAll('[data-testid="tracker-row"]').length).toBeGreaterThan(FIRST_ROWS * 3), { timeout: 10_000 });
  });
});

export function syntheticRow(i: number): TrackerRow {
  const value = 100 + i;
  return {
    target: { doc: PLAN, start: i * 20, end: i * 20 + 5, text: `${value}个`, sentence: `到${2020 + (i % 6)}年，新增学位${value}个。`, metric: `新增学位${i}`, value, valueMax: null, unit: '个', comparator: '>=', deadline: 2020 + (i % 6), strength: i % 2 ? 'binding' : 'plain' },
    figures: i % 3 ? [] : [{ doc: PLAN, start: i * 20 + 40000, end: i * 20 + 40005, text: `${value + 5}个`, sentence: `新增学位${value + 5}个。`, metric: `新增学位${i}`, value: value + 5, unit: '个', period: String(2020 + (i % 6)), score: 0.9, reasons: ['same metric'], source: 'suggested' }],
    status: i % 3 ? (2020 + (i % 6) < 2026 ? 'overdue' : 'pending') : 'met',
    basis: i % 3 ? null : 0,
    why: '',
    saved: i % 10 === 0,
  };
}

describe('the small chart', () => {
  it('places periods on a year axis and spans the target', () => {
    expect([periodX('2019'), periodX('2019-H1'), periodX('2019-H2'), periodX('2016-2020'), periodX(null), periodX('上半年')]).toEqual([2019, 2019.25, 2019.75, 2020, null, null]);
    const m = chartModel(syntheticRow(0))!;
    expect(m.points).toEqual([{ x: 2020, y: 105, figure: 0 }]);
    expect(m.target).toEqual({ x: 2020, y: 100, yMax: null });
    expect(m.xMin).toBeLessThan(m.xMax);
    expect(m.yMin).toBe(0);
    expect(m.yMax).toBe(105);
    expect(chartModel({ ...syntheticRow(1), target: { ...syntheticRow(1).target, value: null } })).toBeNull();
  });
});
