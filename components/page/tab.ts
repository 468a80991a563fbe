/** The content script's answers to the popup's and the background's tab messages (lib/messages/tab.ts). */
import type { Envelope } from '../../lib/messages/protocol';
import type { PageSummary, PageTable, TabRequest } from '../../lib/messages/tab';
import type { SelectionAnswer } from './ui';

/** What the tab messages act on (the PageController). */
export interface TabTarget {
  /** Resolves when the run under way (if any) has finished. */
  settled(): Promise<void>;
  summary(): PageSummary;
  table(): PageTable;
  run(force: boolean): Promise<void>;
  scrollTo(index: number): boolean;
  editSelection(): SelectionAnswer;
  /** Sends the page to the promise tracker (tracker/add). */
  track(): Promise<{ tracked: boolean; reason?: string }>;
}

export async function handleTab(page: TabTarget, req: TabRequest): Promise<Envelope<unknown>> {
  try {
    switch (req.type) {
      case 'page/summary':
        await page.settled();
        return { ok: true, data: page.summary() };
      case 'page/table':
        await page.settled();
        return { ok: true, data: page.table() };
      case 'page/run':
        await page.run(true);
        return { ok: true, data: page.summary() };
      case 'page/track':
        await page.settled();
        return { ok: true, data: await page.track() };
      case 'page/scrollTo':
        return { ok: true, data: { found: page.scrollTo(req.index) } };
      case 'page/saveSelection': {
        const r = page.editSelection();
        if (!r.pending) return { ok: true, data: { saved: false, reason: r.reason } };
        const saved = await r.pending;
        return { ok: true, data: saved ? { saved: true } : { saved: false, reason: 'cancelled' } };
      }
      default:
        return { ok: false, error: `Unknown page message ${(req as { type: string }).type}` };
    }
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
