/**
 * The annotator frame's app: the note editor and a saved annotation's tooltip, in an extension page framed in
 * the web page (entrypoints/annotator). The content script tells it which passage (FrameCommand, no note in it);
 * the note and tags are read from and saved to the background, never taken from the page. What it tells the
 * content script back (FrameEvent) says only what happened.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { FrameCommand, FrameEvent, FrameTarget, FrameView } from '../../lib/messages/frame';
import type { Envelope, Request, ResponseFor } from '../../lib/messages/protocol';
import type { Annotation } from '../../lib/schema/annotation';
import { TooltipCard } from '../page/PageUi';
import type { EditorStatus } from '../page/types';
import { Editor, type ShareOption } from './Editor';
import { OutcomeOf } from './OutcomeOf';
import { t } from '../../lib/i18n';

export type Send = <T extends Request>(req: T) => Promise<Envelope<ResponseFor<T['type']>>>;

/** How the app hears the content script's commands and answers it (a window in the frame; a fake in tests). */
export interface AnnotatorPort {
  listen(onCommand: (cmd: FrameCommand) => void): () => void;
  emit(event: FrameEvent): void;
}

type Shown =
  /** `gone`: the note being edited was deleted elsewhere; Save keeps the typed text as a new note. */
  | { mode: 'edit'; serial: number; url: string; target: FrameTarget; note: string; tags: string[]; gone?: boolean; share?: { options: ShareOption[]; chosen: string[] } }
  | { mode: 'view'; serial: number; view: FrameView; saved: Annotation | null }
  | null;

/** The saved annotation `id` of page `url`, from the background (null: not saved, or not answered). */
async function loadSaved(send: Send, url: string, id: string): Promise<Annotation | null> {
  const env = await send({ type: 'annotation/forPage', url });
  if (!env.ok) throw new Error(env.error);
  return env.data.find((a) => a.id === id) ?? null;
}

/** Whether saved annotation `id` of page `url` is gone (false when that cannot be told). */
async function isGone(send: Send, url: string, id: string): Promise<boolean> {
  try {
    return (await loadSaved(send, url, id)) === null;
  } catch {
    return false;
  }
}

/** A fresh id for a note saved anew (random, so a save sent again stays one record). */
function freshId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  return Array.from(c.getRandomValues(new Uint8Array(16)), (x) => x.toString(16).padStart(2, '0')).join('');
}

const NO_BOX = { top: 0, left: 0, bottom: 0, right: 0 };

/**
 * The notebooks this note can go to, and where it is now: a saved note's own notebooks, a new note the notebooks
 * shared by default. None connected (or not answered): no choice shown, and nothing is shared.
 */
async function shareChoice(send: Send, saved: Annotation | null): Promise<{ options: ShareOption[]; chosen: string[] } | undefined> {
  try {
    const env = await send({ type: 'notebook/choices' });
    if (!env.ok || !env.data.length) return undefined;
    const chosen = saved ? (saved.notebooks ?? []) : env.data.filter((n) => n.shareByDefault).map((n) => n.id);
    return { options: env.data.map((n) => ({ id: n.id, db: n.db })), chosen };
  } catch {
    return undefined;
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function AnnotatorApp({ port, send, requireTrusted = true }: { port: AnnotatorPort; send: Send; requireTrusted?: boolean }) {
  const [shown, setShown] = useState<Shown>(null);
  const [status, setStatus] = useState<EditorStatus>(null);
  const latest = useRef(-1);
  const card = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const stop = port.listen((cmd) => void command(cmd));
    port.emit({ type: 'pm:ready' });
    return stop;
  }, []);

  const command = async (cmd: FrameCommand): Promise<void> => {
    latest.current = cmd.serial;
    if (cmd.type === 'pm:hide') return setShown(null);
    let saved: Annotation | null = null;
    let error: string | null = null;
    const id = cmd.type === 'pm:edit' ? cmd.target.existingId : cmd.view.id;
    if (id) {
      try {
        saved = await loadSaved(send, cmd.url, id);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
    }
    if (latest.current !== cmd.serial) return; // a newer command came meanwhile
    if (cmd.type === 'pm:view') return setShown({ mode: 'view', serial: cmd.serial, view: cmd.view, saved });
    const share = await shareChoice(send, saved);
    if (latest.current !== cmd.serial) return;
    const gone = !!id && !error && !saved;
    setStatus(error ? { kind: 'error', text: `${t('noteUnreadable')} ${error}` } : gone ? { kind: 'error', text: t('noteGoneSaveAnew') } : null);
    setShown({ mode: 'edit', serial: cmd.serial, url: cmd.url, target: cmd.target, note: saved?.note ?? '', tags: saved?.tags ?? [], gone, share });
  };

  // Tells the content script the size of what is drawn (it sizes the frame and shows it), now and on resizes.
  useLayoutEffect(() => {
    const el = card.current;
    if (!shown || !el) return;
    const serial = shown.serial;
    const tell = () => {
      const r = el.getBoundingClientRect();
      port.emit({ type: 'pm:size', serial, width: Math.ceil(r.width), height: Math.ceil(r.height) });
    };
    tell();
    const RO = (globalThis as { ResizeObserver?: typeof ResizeObserver }).ResizeObserver;
    if (!RO) return;
    const ro = new RO(tell);
    ro.observe(el);
    return () => ro.disconnect();
  }, [shown]);

  if (!shown) return null;
  if (shown.mode === 'view') {
    const { view, saved } = shown;
    const info = {
      kind: view.kind,
      text: view.text,
      fields: view.fields,
      approximate: view.approximate,
      saved: saved ? { note: saved.note, tags: saved.tags, ...(saved.author ? { author: saved.author } : {}), ...(saved.conflict ? { conflict: true } : {}) } : null,
      changed: saved && view.now !== null ? { saved: saved.quote.exact, now: view.now } : null,
      box: NO_BOX,
    };
    return <TooltipCard info={info} cardRef={card} />;
  }

  const { target, serial } = shown;
  const a = target.annotation;
  const close = (event: FrameEvent) => {
    setShown(null);
    setStatus(null);
    port.emit(event);
  };
  const save = async (note: string, tags: string[], trusted: boolean, notebooks?: string[]) => {
    // Only the reader saves: a synthetic event (a script's) is ignored.
    if (requireTrusted && !trusted) return;
    setStatus({ kind: 'busy', text: t('saving') });
    let error: string;
    try {
      const env = target.existingId && !shown.gone
        ? await send({ type: 'annotation/update', id: target.existingId, note, tags })
        : await send({ type: 'annotation/save', annotation: { ...a, ...(shown.gone ? { id: freshId() } : {}), note, tags }, ...(target.snapshot ? { snapshot: target.snapshot } : {}) });
      if (env.ok) {
        // The reader's sharing choice, after the note is saved (the save itself never shares on the page's word).
        if (notebooks && !sameSet(notebooks, env.data.notebooks ?? [])) {
          const shared = await send({ type: 'annotation/share', id: env.data.id, notebooks });
          if (!shared.ok) {
            setStatus({ kind: 'error', text: `${t('notSaved')} ${shared.error}` });
            return setShown({ ...shown, note, tags, target: { ...target, existingId: env.data.id }, gone: false });
          }
        }
        return close({ type: 'pm:saved', serial });
      }
      error = env.error;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    // The editor stays open with what the reader typed: nothing is lost. A note deleted meanwhile (the popup,
    // another tab) is offered to be saved anew.
    if (target.existingId && !shown.gone && (await isGone(send, shown.url, target.existingId))) {
      setStatus({ kind: 'error', text: t('noteGoneSaveAnew') });
      return setShown({ ...shown, note, tags, gone: true });
    }
    setStatus({ kind: 'error', text: `${t('notSaved')} ${error}` });
    setShown({ ...shown, note, tags });
  };
  return (
    <div ref={card} class="pm-frame-card">
      <Editor
        key={serial}
        info={{ kind: a.kind, quote: a.quote.exact, metric: a.fields.metric, context: a.context, existingId: shown.gone ? null : target.existingId }}
        note={shown.note}
        tags={shown.tags}
        status={status}
        share={shown.share}
        onSave={(note, tags, trusted, notebooks) => void save(note, tags, trusted, notebooks)}
        onCancel={() => close({ type: 'pm:closed', serial })}
      />
      {a.kind === 'reported' && target.existingId && !shown.gone && (
        <OutcomeOf send={send} requireTrusted={requireTrusted} figure={{ url: a.url, start: a.position.start, end: a.position.end, exact: a.quote.exact }} />
      )}
    </div>
  );
}
