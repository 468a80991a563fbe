import type { Annotation } from '../../lib/schema/annotation';
import { formatFigure } from '../../lib/util/figure';

/**
 * The reader's notes made on the page, under the snapshot's text: what was quoted, the note and tags, and
 * when — so a printed or PDF snapshot carries the notes with the evidence. Plain text only.
 */
export function NotesOnPage({ notes, focus }: { notes: readonly Annotation[]; focus?: string }) {
  if (!notes.length) return null;
  return (
    <section class="pm-snap-notes" data-testid="snapshot-notes">
      <h2>Notes 笔记 ({notes.length})</h2>
      <ol>
        {notes.map((a) => {
          const figure = formatFigure(a.fields, a.kind === 'selection' ? undefined : a.quote.exact);
          return (
            <li key={a.id} class={a.id === focus ? 'pm-snap-note-focus' : undefined} data-testid="snapshot-note">
              <blockquote>{a.context || a.quote.exact}</blockquote>
              {figure && a.fields.metric && <p class="pm-snap-meta">{`${a.fields.metric} · ${figure}`}</p>}
              {a.note && <p class="pm-snap-note-text">{a.note}</p>}
              <p class="pm-snap-meta">
                {a.tags.length ? `${a.tags.join(' · ')} — ` : ''}
                <time dateTime={a.createdAt}>{a.createdAt.slice(0, 16).replace('T', ' ')}</time>
              </p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
