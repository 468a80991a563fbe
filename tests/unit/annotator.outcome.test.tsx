// @vitest-environment jsdom
/**
 * "Outcome of…" in the annotator frame: a saved reported figure is linked by hand to one of the reader's saved
 * targets; the link is stored (it shows again when the frame opens anew, as after a reload) and the tracker lists
 * the figure on that target as linked by the reader. The frame talks to the real handler as our frame on the page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { readFileSync } from 'node:fs';
import { AnnotatorApp, type AnnotatorPort, type Send } from '../../components/annotator/AnnotatorApp';
import type { FrameCommand } from '../../lib/messages/frame';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { handleMessage, handleMessageFrom } from '../../lib/messages/handler';
import { extract } from '../../lib/extract';
import { fieldsOf, type Item } from '../../lib/schema/item';
import type { NewAnnotation } from '../../lib/schema/annotation';
import type { TrackerView } from '../../lib/schema/tracker';

const cwd = process.cwd();
const plan = readFileSync(`${cwd}/seeds/panyu-2019-summary-2020-plan.txt`, 'utf8');
const later = readFileSync(`${cwd}/tests/fixtures/pages/panyu-2020-summary.txt`, 'utf8');
const PLAN = 'http://www.panyu.gov.cn/report/plan.html';
const LATER = 'http://www.panyu.gov.cn/report/later.html';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function note(url: string, text: string, it: Item): NewAnnotation {
  return {
    url, title: url === PLAN ? '番禺计划' : '番禺总结', site: 'www.panyu.gov.cn', kind: it.kind,
    quote: { type: 'TextQuoteSelector', exact: it.text, prefix: text.slice(Math.max(0, it.start - 8), it.start), suffix: text.slice(it.end, it.end + 8) },
    position: { type: 'TextPositionSelector', start: it.start, end: it.end },
    fields: fieldsOf(it), context: it.sentence.text, note: '', tags: [],
  };
}

async function setup() {
  const db = new PledgemarkDB(`outcome-${Math.random()}`);
  cleanups.push(() => db.close());
  const deps = { repo: new AnnotationRepository(db), snapshots: new SnapshotRepository(db) };
  const planItems = extract(plan);
  const laterItems = extract(later);
  const target = planItems.find((it) => it.kind === 'target' && it.metric === '改扩建公办幼儿园')!;
  const figure = laterItems.find((it) => it.kind === 'reported' && it.text === '28个')!;
  expect(target).toBeDefined();
  expect(figure).toBeDefined();
  await handleMessage({ type: 'annotation/save', annotation: note(PLAN, plan, target), snapshot: { title: '番禺计划', text: plan, items: planItems } }, deps);
  const saved = await handleMessage({ type: 'annotation/save', annotation: note(LATER, later, figure), snapshot: { title: '番禺总结', text: later, items: laterItems } }, deps);
  if (!saved.ok) throw new Error(saved.error);
  // The frame on the later report: our page framed in that web page.
  const send = ((req: unknown) => handleMessageFrom(req, { kind: 'page', url: LATER, frame: true }, deps)) as unknown as Send;
  const open = () => {
    let onCommand: ((cmd: FrameCommand) => void) | null = null;
    const port: AnnotatorPort = { listen: (cb) => ((onCommand = cb), () => {}), emit: () => {} };
    const el = document.createElement('div');
    document.body.appendChild(el);
    render(<AnnotatorApp port={port} send={send} requireTrusted={false} />, el);
    const a = saved.data as { id: string } & NewAnnotation;
    // The app listens once it has mounted (an effect).
    void until(() => onCommand).then(() => onCommand!({ type: 'pm:edit', serial: 1, url: LATER, target: { annotation: note(LATER, later, figure), existingId: a.id } } as FrameCommand));
    const close = () => {
      render(null, el);
      el.remove();
    };
    cleanups.push(close);
    return { el, close };
  };
  return { deps, open, target, figure };
}

const until = async (fn: () => unknown, ms = 3000) => {
  for (const end = Date.now() + ms; !fn(); await new Promise((r) => setTimeout(r, 10))) if (Date.now() > end) throw new Error('timed out');
};

describe('outcome of… (the annotator frame)', () => {
  it('links a saved reported figure to a saved target by hand; the link holds when the frame opens anew and shows in the tracker', async () => {
    const { deps, open } = await setup();
    const first = open();
    await until(() => first.el.querySelector('[data-testid="pm-outcome-of"]'));
    expect(first.el.querySelector('[data-testid="pm-outcome-linked"]')).toBeNull();
    (first.el.querySelector('[data-testid="pm-outcome-of"]') as HTMLButtonElement).click();
    await until(() => first.el.querySelectorAll('[data-testid="pm-outcome-target"]').length === 1);
    const option = first.el.querySelector('[data-testid="pm-outcome-target"]') as HTMLButtonElement;
    expect(option.textContent).toContain('改扩建公办幼儿园');
    option.click();
    await until(() => first.el.querySelector('[data-testid="pm-outcome-linked"]'));
    expect(first.el.querySelector('[data-testid="pm-outcome-linked"]')!.textContent).toContain('30所');
    first.close();

    // Opened anew (as after a reload): the link is read back.
    const again = open();
    await until(() => again.el.querySelector('[data-testid="pm-outcome-linked"]'));

    // The tracker shows the figure on that target, linked by the reader.
    const view = await handleMessage({ type: 'tracker/links' }, deps);
    if (!view.ok) throw new Error(view.error);
    const row = (view.data as TrackerView).rows.find((r) => r.target.doc === PLAN && r.target.metric === '改扩建公办幼儿园');
    expect(row?.figures.map((f) => [f.doc, f.text, f.source])).toEqual([[LATER, '28个', 'manual']]);

    // Chosen again: the link goes.
    (again.el.querySelector('[data-testid="pm-outcome-of"]') as HTMLButtonElement).click();
    await until(() => again.el.querySelector('[data-testid="pm-outcome-target"]'));
    (again.el.querySelector('[data-testid="pm-outcome-target"]') as HTMLButtonElement).click();
    await until(() => !again.el.querySelector('[data-testid="pm-outcome-linked"]'));
  });
});
