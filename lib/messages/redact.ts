import type { Caller } from './access';
import type { Envelope } from './protocol';

/**
 * A content script gets the annotations of its page without their notes and tags. It needs only where they
 * stand (quote, position, kind) to mark them; the notes are shown and edited in the annotator frame, our page,
 * which reads them itself. So the reader's notes never enter the web page's renderer, where a compromised page
 * could read a content script's memory.
 */
const ANSWERS_WITH_NOTES = new Set(['annotation/forPage', 'annotation/save', 'annotation/update', 'annotation/undoDelete']);

type WithNotes = { note?: unknown; tags?: unknown; conflict?: unknown; notebooks?: unknown };
/**
 * A conflict's competing versions are notes and tags too: they go as well; so do the notebooks a note is shared
 * with (the reader's own names for them). The author stays: the page marks a colleague's highlight as theirs.
 */
const blank = <T extends WithNotes>(a: T): T => {
  if (!a || typeof a !== 'object') return a;
  const { conflict: _conflict, notebooks: _notebooks, ...rest } = a;
  return { ...rest, note: '', tags: [] } as T;
};

export function withoutNotesFor(caller: Caller, type: unknown, answer: Envelope<unknown>): Envelope<unknown> {
  if (!answer.ok || caller.kind !== 'page' || caller.frame || typeof type !== 'string' || !ANSWERS_WITH_NOTES.has(type)) return answer;
  const data = answer.data;
  return { ok: true, data: Array.isArray(data) ? data.map((a) => blank(a as WithNotes)) : blank(data as WithNotes) };
}
