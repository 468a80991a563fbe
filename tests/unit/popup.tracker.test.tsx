// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { readFileSync } from 'node:fs';
import { PopupApp } from '../../components/popup/App';
import type { PopupApi, ActiveTab } from '../../components/popup/api';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { handleMessage, handleMessageFrom } from '../../lib/messages/handler';
import { sendMessage, sendToTab } from '../../lib/messages/client';
import type { TabRequest } from '../../lib/messages/tab';
import { extract } from '../../lib/extract';
import { setLanguage } from '../../lib/i18n';
import { annotation } from './store.fixtures';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  setLanguage('auto');
});

const text = readFileSync(`${process.cwd()}/seeds/panyu-2019-summary-2020-plan.txt`, 'utf8');
const URL_ = 'http://www.panyu.gov.cn/jyj/2020/plan.html';
const q = (root: ParentNode, id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;

function setup(today = '2020-06-01') {
  const db = new PledgemarkDB(`popup-tracker-${Math.random()}`);
  cleanups.push(() => db.close());
  const now = () => new Date(`${today}T08:00:00.000Z`);
  const deps = { repo: new AnnotationRepository(db, now), snapshots: new SnapshotRepository(db, now), now };
  const tabRequests: TabRequest[] = [];
  const opened: string[] = [];
  const tab: ActiveTab = { id: 7, url: URL_, title: '番禺' };
  const summary = { url: URL_, title: '番禺', detected: true, counts: { target: 1, reported: 0, commitment: 0 }, items: [{ kind: 'target', text: 'x' }] };
  const api: PopupApi = {
    send: (req) => sendMessage(req, (m) => handleMessage(m, deps)),
    // The content script's answer to page/track: it sends tracker/add for its own page, as a content script.
    toTab: (id, req) =>
      sendToTab(id, req, async (m) => {
        tabRequests.push(m as TabRequest);
        const r = m as TabRequest;
        if (r.type === 'page/summary') return { ok: true, data: summary };
        if (r.type === 'page/track') {
          const env = await handleMessageFrom({ type: 'tracker/add', url: URL_, title: '番禺', text, items: extract(text), date: '2020-04-10' }, { kind: 'page', url: URL_ }, deps);
          return { ok: true, data: env.ok ? { tracked: true } : { tracked: false, reason: env.error } };
        }
        return { ok: false, error: 'no' };
      }),
    activeTab: async () => tab,
    inject: async () => ({ ok: true, data: null }),
    requestHostPermission: async () => true,
    download: () => undefined,
    openPage: (p) => void opened.push(p),
    copy: async () => undefined,
  };
  const el = document.createElement('div');
  document.body.appendChild(el);
  cleanups.push(() => {
    render(null, el);
    el.remove();
  });
  return { api, el, deps, tabRequests, opened };
}

describe('popup: the promise tracker', () => {
  it('adds a read page without notes in one click, then shows the summary line that opens the tracker page', async () => {
    setLanguage('en');
    const { api, el, tabRequests, opened, deps } = setup();
    render(<PopupApp api={api} />, el);
    await vi.waitFor(() => expect(q(el, 'tracker-add')).not.toBeNull());
    // Nothing tracked yet: no line.
    expect(q(el, 'tracker-summary')).toBeNull();
    q(el, 'tracker-add')!.click();
    await vi.waitFor(() => expect(q(el, 'tracker-added')).not.toBeNull());
    expect(tabRequests).toContainEqual({ type: 'page/track' });
    expect(q(el, 'tracker-add')).toBeNull();
    const expected = await handleMessage({ type: 'tracker/summary' }, deps);
    if (!expected.ok) throw new Error(expected.error);
    const s = expected.data as { dueThisYear: number; overdue: number; met: number };
    expect(s.dueThisYear).toBeGreaterThan(0);
    await vi.waitFor(() => expect(q(el, 'tracker-summary')?.textContent).toBe(`${s.dueThisYear} due this year · ${s.overdue} overdue · ${s.met} met`));
    q(el, 'tracker-summary')!.click();
    expect(opened).toEqual(['/tracker.html']);
  });

  it('the line in Chinese; no add button on a page with notes (it is tracked already)', async () => {
    setLanguage('zh');
    const { api, el, deps } = setup();
    await deps.repo.importMany([annotation(0, { url: URL_ })]);
    await handleMessage({ type: 'tracker/add', url: 'http://www.panyu.gov.cn/other.html', title: 'o', text, items: extract(text) }, deps);
    render(<PopupApp api={api} />, el);
    await vi.waitFor(() => expect(q(el, 'tracker-summary')?.textContent).toMatch(/^今年到期 \d+ · 逾期 \d+ · 已达成 \d+$/));
    expect(q(el, 'tracker-add')).toBeNull();
  });
});
