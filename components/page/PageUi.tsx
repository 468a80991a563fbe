/**
 * The in-page UI (legend, the tooltip of an item), rendered by Preact inside a shadow root: only what the page
 * shows anyway. The note editor and a saved annotation's tooltip are drawn in the annotator frame
 * (components/annotator), with the formatting helpers here. Text only, never HTML.
 */
import { Fragment, type Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ItemKind } from '../../lib/schema/item';
import type { AnnotationKind } from '../../lib/schema/annotation';
import { kindName, swatchStyle } from './styles';
import { t, type MessageKey } from '../../lib/i18n';
import type { Box, LegendInfo, PageUiActions, PageUiState, TooltipInfo } from './types';

const KINDS = ItemKind.options;

export function kindLabel(kind: AnnotationKind): string {
  return kindName(kind);
}

const COMPARATOR: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };
const STRENGTH: Record<string, MessageKey> = { binding: 'pmStrengthBinding', aspirational: 'pmStrengthAspirational', plain: 'pmStrengthPlain' };

/** Splits what the reader typed in the tags box: commas (either width), semicolons or whitespace. */
export function parseTags(s: string): string[] {
  const out: string[] = [];
  for (const t of s.split(/[,，;；\s]+/)) {
    const tag = t.trim();
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

import { formatValue } from '../../lib/util/figure';
export { formatValue };

/** Places a popup of size (w, h) below the box, or above when there is no room; kept inside the viewport. */
export function place(box: Box, w: number, h: number): { top: number; left: number } {
  const vw = typeof window !== 'undefined' ? window.innerWidth : 1024;
  const vh = typeof window !== 'undefined' ? window.innerHeight : 768;
  let top = box.bottom + 6;
  if (top + h > vh - 8 && box.top - h - 6 >= 8) top = box.top - h - 6;
  top = Math.max(8, Math.min(top, vh - h - 8));
  const left = Math.max(8, Math.min(box.left, vw - w - 8));
  return { top, left };
}

export function Swatch({ kind }: { kind: AnnotationKind }) {
  if (kind === 'selection') return <span class="pm-swatch saved" aria-hidden="true" />;
  return <span class="pm-swatch" style={swatchStyle(kind)} aria-hidden="true" />;
}

export function Legend({ info, actions }: { info: LegendInfo; actions: PageUiActions }) {
  const hidden = new Set(info.hidden ?? []);
  const side = info.side ?? 'right';
  return (
    <section class="pm-legend" data-testid="pm-legend" data-side={side} aria-label={t('pmLegendLabel')} style={side === 'left' ? { left: '12px' } : { right: '12px' }}>
      <header>
        <strong>Pledgemark</strong>
        <span>
          <button type="button" data-testid="pm-legend-move" onClick={actions.moveLegend} title={t('legendMove')} aria-label={t('legendMove')}>
            {side === 'right' ? '⇤' : '⇥'}
          </button>{' '}
          <button type="button" data-testid="pm-legend-toggle" aria-expanded={!info.collapsed} onClick={actions.toggleLegend} title={info.collapsed ? t('legendShow') : t('legendCollapse')}>
            {info.collapsed ? '▸' : '▾'}
          </button>{' '}
          <button type="button" data-testid="pm-legend-close" onClick={actions.closeLegend} title={t('legendClose')} aria-label={t('legendClose')}>
            ×
          </button>
        </span>
      </header>
      {!info.collapsed && (
        <ul>
          {KINDS.map((k) => (
            <li key={k} class={hidden.has(k) ? 'off' : ''}>
              <button
                type="button"
                class="kind"
                data-testid={`pm-legend-kind-${k}`}
                aria-pressed={!hidden.has(k)}
                title={hidden.has(k) ? t('legendShowKind') : t('legendHideKind')}
                onClick={() => actions.toggleKind(k)}
              >
                <Swatch kind={k} />
                <span class="klabel">{kindName(k)}</span>
              </button>
              <span class="count" data-testid={`pm-legend-${k}`}>
                {info.counts[k]}
              </span>
            </li>
          ))}
          <li>
            <span class="pm-swatch saved" aria-hidden="true" />
            <span>{t('pmSaved')}</span>
            <span class="count" data-testid="pm-legend-saved">
              {info.saved}
            </span>
          </li>
          {(info.changed ?? 0) > 0 && (
            <li class="changed" title={t('pmChangedTitle')}>
              <span class="pm-swatch changed" aria-hidden="true" />
              <span>⚠ {t('pmChanged')}</span>
              <span class="count" data-testid="pm-legend-changed">
                {info.changed}
              </span>
            </li>
          )}
          {info.missing > 0 && (
            <li class="missing" title={t('pmMissingTitle')}>
              <span data-testid="pm-legend-missing-text">
                {info.missing === 1 ? t('pmMissingOne') : t('pmMissingMany').replace('{n}', String(info.missing))}
              </span>
              <span class="count" data-testid="pm-legend-missing">
                {info.missing}
              </span>
            </li>
          )}
          {info.pageChanged && (
            <li class="changed" data-testid="pm-legend-page-changed">
              <span>{t('pmPageChanged')}</span>
            </li>
          )}
          {info.lazy && (
            <li class="keys" data-testid="pm-legend-lazy">
              {t('legendLazy')}
            </li>
          )}
          <li class="keys" data-testid="pm-legend-keys">
            {t('legendKeys')}
          </li>
        </ul>
      )}
    </section>
  );
}

const clip = (t: string) => (t.length > 80 ? `${t.slice(0, 80)}…` : t);

/** The tooltip on a mark, placed next to it. */
export function Tooltip({ info }: { info: TooltipInfo }) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState(() => place(info.box, 320, 160));
  useEffect(() => {
    const el = ref.current;
    if (el) setPos(place(info.box, el.offsetWidth || 320, el.offsetHeight || 160));
  }, [info]);
  return <TooltipCard info={info} cardRef={ref} style={{ top: `${pos.top}px`, left: `${pos.left}px` }} />;
}

/**
 * The tooltip's card: kind, parsed fields and, for a saved annotation (drawn only in the annotator frame), the
 * note, the tags and what changed.
 */
export function TooltipCard({ info, cardRef, style }: { info: TooltipInfo; cardRef?: Ref<HTMLDivElement>; style?: Record<string, string> }) {
  const f = info.fields;
  const rows: [string, string][] = [];
  rows.push([t('pmRowText'), info.text.length > 60 ? `${info.text.slice(0, 60)}…` : info.text]);
  if (f.metric) rows.push([t('pmRowMetric'), f.metric]);
  const v = formatValue(f, info.approximate);
  if (v) rows.push([t('pmRowValue'), v]);
  if (f.comparator) rows.push([t('pmRowComparator'), COMPARATOR[f.comparator] ?? f.comparator]);
  if (f.deadline !== null) rows.push([t('pmRowDeadline'), String(f.deadline)]);
  if (f.strength) rows.push([t('pmRowStrength'), STRENGTH[f.strength] ? t(STRENGTH[f.strength]) : f.strength]);
  if (info.saved) {
    if (info.saved.author) rows.push([t('pmRowAuthor'), info.saved.author]);
    if (info.saved.note) rows.push([t('pmRowNote'), info.saved.note]);
    if (info.saved.conflict) rows.push([t('pmRowConflict'), t('pmConflictText')]);
    if (info.saved.tags.length) rows.push([t('pmRowTags'), info.saved.tags.join(', ')]);
  }
  return (
    <div class="pm-tooltip" role="tooltip" data-testid="pm-tooltip" ref={cardRef} style={style}>
      <div class="kind">
        <Swatch kind={info.kind} />
        <span data-testid="pm-tooltip-kind">{kindLabel(info.kind)}</span>
        {info.saved && <span>{info.changed ? '⚠' : '★'}</span>}
        {info.changed && <span class="pm-changed-label">{t('pmChanged')}</span>}
      </div>
      {info.changed && (
        <div class="pm-changed-pair" data-testid="pm-tooltip-changed">
          <div>
            <span class="lbl">{t('pmSavedThen')}</span> <span data-testid="pm-tooltip-saved-text">{clip(info.changed.saved)}</span>
          </div>
          <div>
            <span class="lbl">{t('pmNow')}</span> <span data-testid="pm-tooltip-now-text">{clip(info.changed.now)}</span>
          </div>
        </div>
      )}
      {info.reason && (
        <div class="reason" data-testid="pm-tooltip-reason">
          {info.reason}
        </div>
      )}
      <dl>
        {rows.map(([k, val]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd>{val}</dd>
          </Fragment>
        ))}
      </dl>
      <div class="hint">{info.saved ? t('pmHintEdit') : t('pmHintSave')}</div>
    </div>
  );
}

export function PageUi({ state, actions }: { state: PageUiState; actions: PageUiActions }) {
  return (
    <div class="pm-ui">
      {state.legend && <Legend info={state.legend} actions={actions} />}
      {state.tooltip && <Tooltip info={state.tooltip} />}
      {state.notice && (
        <div class="pm-notice" role="status" data-testid="pm-notice">
          {state.notice}
        </div>
      )}
    </div>
  );
}
