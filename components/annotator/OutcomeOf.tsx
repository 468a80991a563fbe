/**
 * "Outcome of…" for a saved reported figure, in the annotator frame (our page: the web page cannot read the list):
 * a picker of the reader's saved targets; choosing one links the figure to it by hand in the promise tracker
 * (a decision the linker's suggestions never override), choosing it again takes the link back.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import type { SavedTarget } from '../../lib/schema/tracker';
import type { Send } from './AnnotatorApp';

interface FigureEnd {
  url: string;
  start: number;
  end: number;
  exact: string;
}

export function OutcomeOf({ send, figure, requireTrusted = true }: { send: Send; figure: FigureEnd; requireTrusted?: boolean }) {
  const [targets, setTargets] = useState<SavedTarget[] | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    const r = await send({ type: 'tracker/targets', figure });
    if (r.ok) setTargets(r.data.targets);
    else setError(r.error);
  };
  // The links already made show at once (a link made by hand survives a reload of the page).
  useEffect(() => {
    void load();
  }, [figure.url, figure.start, figure.end]);

  const toggle = async (target: SavedTarget, e: Event) => {
    if (requireTrusted && !e.isTrusted) return;
    setError(null);
    const r = await send({
      type: 'tracker/linkManual',
      target: { url: target.url, start: target.start, end: target.end, exact: target.exact },
      figure,
      linked: !target.linked,
    });
    if (!r.ok) return setError(r.error);
    await load();
  };

  const linked = (targets ?? []).filter((x) => x.linked);
  return (
    <div class="pm-outcome" data-testid="pm-outcome">
      {linked.map((x) => (
        <p class="linked" data-testid="pm-outcome-linked" key={`${x.url} ${x.start}`}>
          {`${t('linkedTo')}: ${x.metric ? `${x.metric} ` : ''}${x.exact}`}
        </p>
      ))}
      <button type="button" data-testid="pm-outcome-of" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('outcomeOf')}
      </button>
      {open && (
        <div class="picker" role="listbox" aria-label={t('pickTarget')} data-testid="pm-outcome-picker">
          <p class="hint">{t('pickTarget')}</p>
          {targets && targets.length === 0 && <p class="hint">{t('noSavedTargets')}</p>}
          {(targets ?? []).map((x) => (
            <button
              type="button"
              role="option"
              aria-selected={x.linked}
              class={x.linked ? 'on' : ''}
              data-testid="pm-outcome-target"
              key={`${x.url} ${x.start}`}
              title={`${x.title} · ${x.url}`}
              onClick={(e) => void toggle(x, e)}
            >
              {x.linked ? '✓ ' : ''}
              {x.metric ? <strong>{x.metric} </strong> : null}
              {x.exact}
              {x.deadline !== null ? ` · ${String(x.deadline)}` : ''}
              <span class="source">{x.title}</span>
            </button>
          ))}
        </div>
      )}
      {error && <p class="status error">{error}</p>}
    </div>
  );
}
