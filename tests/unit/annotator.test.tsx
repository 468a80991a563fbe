// @vitest-environment jsdom
/**
 * The annotator frame's app and port: the note and tags come from the background, never from the command (which
 * a page could try to forge); a save needs the reader's own input; the port takes its channel only from the
 * parent window with the frame's nonce, and commands only in the channel's shapes.
 */
import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { AnnotatorApp, type AnnotatorPort, type Send } from '../../components/annotator/AnnotatorApp';
import { windowPort } from '../../components/annotator/port';
import type { FrameCommand, FrameEvent } from '../../lib/messages/frame';
import type { Annotation } from '../../lib/schema/annotation';

const NONCE = 'n'.repeat(24);
const URL_ = 'http://www.haizhu.gov.cn/report/a.html';
const FIELDS = { value: 5370, valueMax: null, unit: '个', comparator: null, deadline: 2025, metric: '新增学位', strength: null, approximate: false };
const NOW = new Date().toISOString();
const SAVED: Annotation = {
  id: 'a1',
  url: URL_,
  title: 't',
  site: 'www.haizhu.gov.cn',
  kind: 'target',
  quote: { type: 'TextQuoteSelector', exact: '5370个', prefix: '', suffix: '' },
  position: { type: 'TextPositionSelector', start: 10, end: 15 },
  fields: FIELDS,
  context: '新增学位5370个。',
  note: '真正的笔记',
  tags: ['来源'],
  createdAt: NOW,
  updatedAt: NOW,
};

function mount(requireTrusted = true) {
  const sent: { type: string; [k: string]: unknown }[] = [];
  const send = (async (req: { type: string }) => {
    sent.push(req);
    if (req.type === 'annotation/forPage') return { ok: true, data: [SAVED] };
    if (req.type === 'annotation/update' || req.type === 'annotation/save') return { ok: true, data: SAVED };
    return { ok: false, error: 'unexpected' };
  }) as unknown as Send;
  const events: FrameEvent[] = [];
  let onCommand: (cmd: FrameCommand) => void = () => {};
  const port: AnnotatorPort = {
    listen(cb) {
      onCommand = cb;
      return () => {};
    },
    emit: (ev) => events.push(ev),
  };
  const el = document.createElement('div');
  document.body.appendChild(el);
  render(<AnnotatorApp port={port} send={send} requireTrusted={requireTrusted} />, el);
  return { el, sent, events, command: (cmd: FrameCommand) => onCommand(cmd) };
}

/** Lets effects (run after a frame) and the fake background's answers happen. */
async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) await new Promise((r) => setTimeout(r, 10));
}

const target = (note: string) => ({
  annotation: { url: URL_, title: 't', site: 'www.haizhu.gov.cn', kind: 'target' as const, quote: SAVED.quote, position: SAVED.position, fields: FIELDS, context: SAVED.context, note, tags: [] },
  existingId: 'a1',
});

describe('the annotator frame', () => {
  it('shows the saved note and tags read from the background, not what the command carries', async () => {
    const f = mount();
    await settle();
    expect(f.events[0]).toEqual({ type: 'pm:ready' });
    f.command({ type: 'pm:edit', nonce: NONCE, serial: 1, url: URL_, target: target('FORGED by the page') });
    await settle();
    expect(f.el.querySelector<HTMLTextAreaElement>('[data-testid="pm-note"]')!.value).toBe('真正的笔记');
    expect(f.el.querySelector<HTMLInputElement>('[data-testid="pm-tags"]')!.value).toBe('来源');
    expect(f.sent).toContainEqual({ type: 'annotation/forPage', url: URL_ });
    expect(f.events.some((e) => e.type === 'pm:size' && e.serial === 1)).toBe(true);
    // Only the reader saves: a script's click (not trusted) sends nothing.
    f.el.querySelector<HTMLButtonElement>('[data-testid="pm-save"]')!.click();
    await settle();
    expect(f.sent.some((r) => r.type === 'annotation/update')).toBe(false);
    // A saved annotation's tooltip: the note from the background; events carry no note.
    f.command({ type: 'pm:view', nonce: NONCE, serial: 2, url: URL_, view: { id: 'a1', kind: 'target', text: '5370个', fields: FIELDS, now: null } });
    await settle();
    expect(f.el.querySelector('[data-testid="pm-tooltip"]')!.textContent).toContain('真正的笔记');
    expect(JSON.stringify(f.events)).not.toContain('真正的笔记');
  });

  it('saves the note and tags typed (update of a saved one) and says only "saved"', async () => {
    const f = mount(false);
    await settle();
    f.command({ type: 'pm:edit', nonce: NONCE, serial: 3, url: URL_, target: target('') });
    await settle();
    const note = f.el.querySelector<HTMLTextAreaElement>('[data-testid="pm-note"]')!;
    note.value = '新的笔记';
    note.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    f.el.querySelector<HTMLButtonElement>('[data-testid="pm-save"]')!.click();
    await settle();
    expect(f.sent).toContainEqual({ type: 'annotation/update', id: 'a1', note: '新的笔记', tags: ['来源'] });
    expect(f.events.at(-1)).toEqual({ type: 'pm:saved', serial: 3 });
    expect(f.el.querySelector('[data-testid="pm-editor"]')).toBeNull();
  });

  it('the port takes its channel only from the parent, with the nonce, and commands only in shape', async () => {
    const listeners: ((e: MessageEvent) => void)[] = [];
    const parent = {} as Window;
    const win = { parent, addEventListener: (_: string, l: (e: MessageEvent) => void) => listeners.push(l) } as unknown as Window;
    const port = windowPort(win, NONCE);
    const got: FrameCommand[] = [];
    port.listen((c) => got.push(c));
    const hello = (data: unknown, source: unknown) => {
      const mc = new MessageChannel();
      for (const l of listeners) l({ data, source, ports: [mc.port2] } as unknown as MessageEvent);
      return mc.port1;
    };
    const cmd = { type: 'pm:hide', nonce: NONCE, serial: 1 };
    // From another window (a page that framed annotator.html itself), or with another nonce: no channel.
    for (const p of [hello({ type: 'pm:connect', nonce: NONCE }, {}), hello({ type: 'pm:connect', nonce: 'x'.repeat(24) }, parent)]) p.postMessage(cmd);
    await settle();
    expect(got).toEqual([]);
    const ours = hello({ type: 'pm:connect', nonce: NONCE }, parent);
    ours.postMessage({ ...cmd, nonce: 'y'.repeat(24) });
    ours.postMessage({ type: 'pm:edit', nonce: NONCE, serial: 2 }); // not a command's shape
    ours.postMessage(cmd);
    await settle();
    expect(got).toEqual([cmd]);
    for (const p of [ours]) p.close();
  });
});

describe('sharing from the note editor', () => {
  function mountWithNotebooks(saved: Annotation | null, choices: { id: string; db: string; shareByDefault: boolean }[]) {
    const sent: { type: string; [k: string]: unknown }[] = [];
    const send = (async (req: { type: string; [k: string]: unknown }) => {
      sent.push(req);
      if (req.type === 'annotation/forPage') return { ok: true, data: saved ? [saved] : [] };
      if (req.type === 'notebook/choices') return { ok: true, data: choices };
      if (req.type === 'annotation/save') return { ok: true, data: { ...SAVED, id: 'new1', notebooks: ['team'] } };
      if (req.type === 'annotation/update') return { ok: true, data: saved };
      if (req.type === 'annotation/share') return { ok: true, data: { ...SAVED, notebooks: req.notebooks } };
      return { ok: false, error: 'unexpected' };
    }) as unknown as Send;
    let onCommand: (cmd: FrameCommand) => void = () => {};
    const port: AnnotatorPort = { listen: (cb) => ((onCommand = cb), () => {}), emit: () => {} };
    const el = document.createElement('div');
    document.body.appendChild(el);
    render(<AnnotatorApp port={port} send={send} requireTrusted={false} />, el);
    return { el, sent, command: async (cmd: FrameCommand) => (await settle(), onCommand(cmd)) };
  }
  const boxes = (el: Element) => [...el.querySelectorAll<HTMLInputElement>('[data-testid="share-notebook"]')];

  it('a new note starts shared where the notebook says so by default; unticking keeps it in this browser only', async () => {
    const f = mountWithNotebooks(null, [
      { id: 'team', db: 'newsroom', shareByDefault: true },
      { id: 'desk', db: 'desk', shareByDefault: false },
    ]);
    await f.command({ type: 'pm:edit', nonce: NONCE, serial: 1, url: URL_, target: { ...target(''), existingId: null } });
    await settle();
    expect(boxes(f.el).map((b) => [b.dataset.notebook, b.checked])).toEqual([['team', true], ['desk', false]]);
    boxes(f.el)[0].click();
    await settle();
    f.el.querySelector<HTMLButtonElement>('[data-testid="pm-save"]')!.click();
    await settle();
    // The background shared it by default; the reader's choice (none) follows the save.
    expect(f.sent.find((r) => r.type === 'annotation/share')).toEqual({ type: 'annotation/share', id: 'new1', notebooks: [] });
  });

  it('a saved note shows where it is shared; a changed choice is sent, an unchanged one sends nothing', async () => {
    const f = mountWithNotebooks({ ...SAVED, notebooks: [] }, [{ id: 'team', db: 'newsroom', shareByDefault: true }]);
    await f.command({ type: 'pm:edit', nonce: NONCE, serial: 1, url: URL_, target: target('') });
    await settle();
    expect(boxes(f.el).map((b) => b.checked)).toEqual([false]);
    f.el.querySelector<HTMLButtonElement>('[data-testid="pm-save"]')!.click();
    await settle();
    expect(f.sent.some((r) => r.type === 'annotation/share')).toBe(false);
    await f.command({ type: 'pm:edit', nonce: NONCE, serial: 2, url: URL_, target: target('') });
    await settle();
    boxes(f.el)[0].click();
    await settle();
    f.el.querySelector<HTMLButtonElement>('[data-testid="pm-save"]')!.click();
    await settle();
    expect(f.sent.filter((r) => r.type === 'annotation/share')).toEqual([{ type: 'annotation/share', id: 'a1', notebooks: ['team'] }]);
  });

  it('no notebook connected: no choice shown', async () => {
    const f = mountWithNotebooks(null, []);
    await f.command({ type: 'pm:edit', nonce: NONCE, serial: 1, url: URL_, target: { ...target(''), existingId: null } });
    await settle();
    expect(f.el.querySelector('[data-testid="share-choice"]')).toBeNull();
    expect(f.el.querySelector('[data-testid="pm-editor"]')).not.toBeNull();
  });
});
