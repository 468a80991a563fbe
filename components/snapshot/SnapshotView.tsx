import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatFigure } from '../../lib/util/figure';
import { readSnapshotText } from '../../lib/evidence/snapshot';
import type { Snapshot } from '../../lib/schema/snapshot';
import { ItemKind, countByKind, type Item } from '../../lib/schema/item';
import { KIND_STYLE, kindName } from '../page/styles';
import { safeHref } from '../../lib/util/url';
import { segmentText, withNote } from './segments';
import { NotesOnPage } from './NotesOnPage';
import type { Annotation } from '../../lib/schema/annotation';
import type { SnapshotSource } from './source';

/**
 * A stored snapshot shown as readable text: title, URL, capture time, version selector,
 * and the text with its extracted items highlighted in the page side's kind colours and underline
 * styles. Everything from the snapshot is rendered as Preact text — never as HTML.
 */

export interface SnapshotViewProps {
  source: SnapshotSource;
  url: string;
  /** The version to show first (default: the latest). */
  version?: number;
  /** Called when the reader picks another version (the page updates its address). */
  onVersionChange?: (version: number) => void;
  /** Called with each snapshot shown (the page sets its document title). */
  onLoad?: (snapshot: Snapshot) => void;
  /** The note the page was opened at: its passage is marked and scrolled to. */
  noteId?: string;
}

type State =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'missing' }
  | { status: 'ready'; snapshot: Snapshot; text: string; versions: number[]; notes: Annotation[] };

const KINDS = ItemKind.options;

const CSS = `
.pm-snapshot{font:16px/1.8 system-ui,"Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;color:#1a1a1a;max-width:46em;margin:0 auto;padding:1.5em 1em 4em;}
.pm-snapshot h1{font-size:1.4em;line-height:1.4;margin:0 0 .3em;}
.pm-snap-meta{color:#444;font-size:.9em;margin:.2em 0;word-break:break-all;}
.pm-snap-meta select{font:inherit;margin-left:.3em;}
.pm-snap-legend{display:flex;gap:1.2em;flex-wrap:wrap;list-style:none;padding:0;margin:.8em 0 1.2em;font-size:.9em;}
.pm-snap-text{white-space:pre-wrap;overflow-wrap:anywhere;border-top:1px solid #ccc;padding-top:1em;}
.pm-snap-mark{color:inherit;padding:0;border-radius:2px;text-decoration-line:underline;text-decoration-thickness:2px;text-underline-offset:3px;}
.pm-snap-status{margin:2em 0;font-size:1em;}
.pm-snap-status[role=alert]{color:#a00;}
.pm-snap-note{background:none;outline:2px solid #e69f00;outline-offset:1px;border-radius:2px;}
.pm-snap-notes{border-top:1px solid #ccc;margin-top:2em;}
.pm-snap-notes blockquote{margin:.4em 0;padding-left:.8em;border-left:3px solid #ccc;}
.pm-snap-note-focus blockquote{border-left-color:#e69f00;}
.pm-snap-note-text{margin:.2em 0;font-weight:600;}
.pm-snap-meta code{font-size:.85em;word-break:break-all;}
@media print{.pm-snapshot{max-width:none;padding:0;}.pm-snap-meta select{appearance:none;border:none;}.pm-snap-note{outline-color:#000;}a{color:inherit;}}
${KINDS.map((k) => {
  const s = KIND_STYLE[k];
  return `.pm-snap-mark.pm-kind-${k}{background-color:${s.tint};text-decoration-style:${s.line};text-decoration-color:${s.color};}`;
}).join('\n')}
`;

function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** The tooltip of a highlighted item: its kind and parsed fields, as plain text. */
export function describeItem(it: Item): string {
  const parts: string[] = [kindName(it.kind)];
  if (it.metric) parts.push(it.metric);
  const figure = formatFigure(it, it.text);
  if (figure !== null) parts.push(figure);
  if (it.deadline !== null) parts.push(`→ ${it.deadline}`);
  return parts.join(' · ');
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function SnapshotView({ source, url, version, onVersionChange, onLoad, noteId }: SnapshotViewProps) {
  const [wanted, setWanted] = useState<number | undefined>(version);
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => setWanted(version), [version]);

  useEffect(() => {
    let live = true;
    if (!url) {
      setState({ status: 'error', message: 'No page given: open snapshot.html?url=…&version=N' });
      return;
    }
    setState({ status: 'loading' });
    // Notes are extra: a failure to list them leaves the snapshot readable.
    const notes = source.notes ? source.notes(url).catch(() => []) : Promise.resolve([]);
    Promise.all([source.get(url, wanted), source.versions(url), notes]).then(
      ([snapshot, versions, notes]) => {
        if (!live) return;
        if (!snapshot) return setState({ status: 'missing' });
        let text: string;
        try {
          text = readSnapshotText(snapshot);
        } catch (e) {
          return setState({ status: 'error', message: `This snapshot cannot be read: ${messageOf(e)}` });
        }
        const all = versions.includes(snapshot.version) ? versions : [...versions, snapshot.version].sort((a, b) => a - b);
        setState({ status: 'ready', snapshot, text, versions: all, notes });
        onLoad?.(snapshot);
      },
      (e) => live && setState({ status: 'error', message: `Could not load the snapshot: ${messageOf(e)}` }),
    );
    return () => {
      live = false;
    };
  }, [source, url, wanted]);

  const ready = state.status === 'ready' ? state : null;
  const focus = ready?.notes.find((a) => a.id === noteId);
  // The note's passage is marked only where its saved text still stands at its saved offsets in this version.
  const focusFits = !!ready && !!focus && ready.text.slice(focus.position.start, focus.position.end) === focus.quote.exact;
  const segments = useMemo(() => {
    if (!ready) return [];
    const runs = segmentText(ready.text, ready.snapshot.items);
    return focus && focusFits ? withNote(runs, focus.position.start, focus.position.end) : runs;
  }, [ready?.text, ready?.snapshot, focus, focusFits]);
  useEffect(() => {
    if (focusFits) document.querySelector('[data-note-focus]')?.scrollIntoView({ block: 'center' });
  }, [focusFits, segments]);

  if (state.status !== 'ready') {
    return (
      <div class="pm-snapshot">
        <style>{CSS}</style>
        {state.status === 'loading' && <p class="pm-snap-status" role="status">Loading snapshot…</p>}
        {state.status === 'missing' && (
          <p class="pm-snap-status" role="status">
            No snapshot is stored for {url}
            {wanted !== undefined ? ` (version ${wanted})` : ''}.
          </p>
        )}
        {state.status === 'error' && (
          <p class="pm-snap-status" role="alert">
            {state.message}
          </p>
        )}
      </div>
    );
  }

  const { snapshot, versions } = state;
  const href = safeHref(snapshot.url);
  const counts = countByKind(segments.flatMap((s) => (s.item ? [s.item] : [])));
  const latest = versions[versions.length - 1];

  return (
    <div class="pm-snapshot">
      <style>{CSS}</style>
      <header>
        <h1 data-testid="snapshot-title">{snapshot.title || snapshot.url}</h1>
        <p class="pm-snap-meta" data-testid="snapshot-url">
          {href ? (
            <a href={href} target="_blank" rel="noopener noreferrer">
              {snapshot.url}
            </a>
          ) : (
            snapshot.url
          )}
        </p>
        <p class="pm-snap-meta">
          Captured <time dateTime={snapshot.capturedAt}>{formatTime(snapshot.capturedAt)}</time>
          {' · '}
          <label>
            Version
            <select
              data-testid="snapshot-version"
              value={String(snapshot.version)}
              onChange={(e) => {
                const v = Number((e.currentTarget as HTMLSelectElement).value);
                setWanted(v);
                onVersionChange?.(v);
              }}
            >
              {versions.map((v) => (
                <option key={v} value={String(v)}>
                  {v === latest ? `${v} (latest)` : String(v)}
                </option>
              ))}
            </select>
          </label>
          {` of ${versions.length}`}
        </p>
        <p class="pm-snap-meta" data-testid="snapshot-hash">
          SHA-256 <code>{snapshot.hash}</code>
        </p>
        <ul class="pm-snap-legend" aria-label="Legend">
          {KINDS.map((k) => (
            <li key={k}>
              <mark class={`pm-snap-mark pm-kind-${k}`}>{kindName(k)}</mark> {counts[k]}
            </li>
          ))}
        </ul>
      </header>
      <article class="pm-snap-text" lang="zh-CN" data-testid="snapshot-text">
        {segments.map((s, i) => {
          const run = s.item ? (
            <mark key={i} class={`pm-snap-mark pm-kind-${s.item.kind}`} data-kind={s.item.kind} data-index={s.index} title={describeItem(s.item)}>
              {s.text}
            </mark>
          ) : (
            s.text
          );
          // The first run of the note's passage is where the page scrolls to.
          const first = s.note && !segments[i - 1]?.note;
          return s.note ? (
            <mark key={`n${i}`} class="pm-snap-note" data-testid="snapshot-note-mark" {...(first ? { 'data-note-focus': '' } : {})}>
              {run}
            </mark>
          ) : (
            run
          );
        })}
      </article>
      <NotesOnPage notes={state.notes} focus={noteId} />
    </div>
  );
}
