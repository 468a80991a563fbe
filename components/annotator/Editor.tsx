/**
 * The note and tag editor, drawn in the annotator frame (an extension page): what the reader types here never
 * reaches the web page's scripts (its key and input events stay in the frame's own, cross-origin document).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { Swatch, kindLabel, parseTags } from '../page/PageUi';
import type { EditorInfo, EditorStatus } from '../page/types';
import { ShareChoice } from '../popup/Share';
import { t } from '../../lib/i18n';

/** A notebook the note can be shared in (no server, no credentials: the frame needs only the choice). */
export interface ShareOption {
  id: string;
  db: string;
}

export interface EditorProps {
  info: EditorInfo;
  /** The saved note and tags (empty for a new annotation). */
  note: string;
  tags: string[];
  status: EditorStatus;
  /** `trusted`: the reader's own input event (isTrusted), not a script's synthetic one. */
  /** Where the note can be shared, and where it is (or, for a new note, where it goes by default). */
  share?: { options: ShareOption[]; chosen: string[] };
  onSave(note: string, tags: string[], trusted: boolean, notebooks?: string[]): void;
  onCancel(): void;
}

export function Editor({ info, note: savedNote, tags: savedTags, status, share, onSave, onCancel }: EditorProps) {
  // Remounted per opening (key = serial), so the form starts from the saved note/tags and keeps what is typed.
  const [note, setNote] = useState(savedNote);
  const [tags, setTags] = useState(savedTags.join(', '));
  const [chosen, setChosen] = useState<string[] | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    noteRef.current?.focus();
  }, []);
  const busy = status?.kind === 'busy';
  // Saves from the originating click/keydown, whose isTrusted tells the reader's input from a script's.
  const submit = (e: Event) => {
    e.preventDefault();
    if (!busy) onSave(note, parseTags(tags), e.isTrusted, share ? (chosen ?? share.chosen) : undefined);
  };
  const context = info.context && info.context !== info.quote ? info.context : '';
  return (
    <form
      class="pm-editor"
      role="dialog"
      aria-label={t('pmNoteDialog')}
      data-testid="pm-editor"
      onSubmit={(e) => e.preventDefault()}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey || (e.target as Element).tagName === 'INPUT')) submit(e);
      }}
    >
      <h2>
        <Swatch kind={info.kind} />
        {kindLabel(info.kind)}
        {info.existingId ? ` · ${t('pmSaved')}` : ''}
      </h2>
      <blockquote data-testid="pm-editor-quote">{info.quote}</blockquote>
      {(info.metric || context) && (
        <p class="context" data-testid="pm-editor-context">
          {info.metric ? `${info.metric}${context ? ' · ' : ''}` : ''}
          {context.length > 120 ? `${context.slice(0, 120)}…` : context}
        </p>
      )}
      <label for="pm-note">{t('pmRowNote')}</label>
      <textarea id="pm-note" data-testid="pm-note" ref={noteRef} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
      <label for="pm-tags">{t('pmRowTags')}</label>
      <input id="pm-tags" data-testid="pm-tags" value={tags} placeholder={t('pmTagsPlaceholder')} onInput={(e) => setTags((e.currentTarget as HTMLInputElement).value)} />
      <div class="hint">{t('pmTagsHint')}</div>
      {share && <ShareChoice notebooks={share.options} chosen={chosen ?? share.chosen} onChange={setChosen} disabled={busy} />}
      <div class="row">
        <span class={`status ${status?.kind ?? ''}`} data-testid="pm-editor-status" role="status">
          {status?.text ?? ''}
        </span>
        <button type="button" data-testid="pm-cancel" onClick={onCancel}>
          {t('pmCancel')}
        </button>
        <button type="button" class="primary" data-testid="pm-save" disabled={busy} onClick={submit}>
          {t('pmSave')}
        </button>
      </div>
    </form>
  );
}
