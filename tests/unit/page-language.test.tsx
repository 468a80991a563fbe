// @vitest-environment happy-dom
/**
 * One language in the page UI: with the reader's language set to en, the legend, an item's tooltip, a saved
 * note's tooltip and the note editor hold no Chinese of their own; with zh, no English words beyond the product
 * name and key names. The page's data is chosen so any character of the other script can only be the UI's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { Legend, TooltipCard } from '../../components/page/PageUi';
import { Editor } from '../../components/annotator/Editor';
import { setLanguage, type Lang } from '../../lib/i18n';
import type { EditorInfo, LegendInfo, PageUiActions, TooltipInfo } from '../../components/page/types';

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]/u;
/** What may stay Latin in the zh UI: the product's name and the names of keys. */
const LATIN_ALLOWED = /Pledgemark|Alt|Shift|Ctrl|Enter|Esc/g;

const actions: PageUiActions = { toggleLegend() {}, closeLegend() {}, toggleKind() {}, moveLegend() {} };

function legend(): LegendInfo {
  return { counts: { target: 3, reported: 2, commitment: 1 }, saved: 2, changed: 1, missing: 2, pageChanged: true, collapsed: false, hidden: ['reported'], side: 'right', lazy: true };
}

/** The page's own data: digits and signs only, so it belongs to neither script. */
function tooltip(saved: boolean): TooltipInfo {
  return {
    kind: 'target',
    text: '95%',
    fields: { value: 95, valueMax: null, unit: '%', comparator: '>=', deadline: 2025, metric: null, strength: 'binding' },
    approximate: true,
    saved: saved ? { note: '123', tags: ['2025'], author: '42', conflict: true } : null,
    changed: saved ? { saved: '95%', now: '96%' } : null,
    box: { top: 10, left: 10, bottom: 30, right: 60 },
  } as TooltipInfo;
}

const editorInfo: EditorInfo = { kind: 'reported', quote: '5370', metric: null, context: '', existingId: 'x1' };

/** Every string the reader sees or hears: the text, and the titles, labels and placeholders. */
function shown(root: Element): string {
  const attrs = Array.from(root.querySelectorAll('*')).flatMap((el) => ['title', 'aria-label', 'placeholder'].map((a) => el.getAttribute(a) ?? ''));
  return [root.textContent ?? '', ...attrs].join(' | ');
}

function drawAll(lang: Lang): string {
  setLanguage(lang);
  const host = document.createElement('div');
  document.body.appendChild(host);
  render(
    <div>
      <Legend info={legend()} actions={actions} />
      <TooltipCard info={tooltip(false)} />
      <TooltipCard info={tooltip(true)} />
      <Editor info={editorInfo} note="" tags={[]} status={null} onSave={() => {}} onCancel={() => {}} />
    </div>,
    host,
  );
  const out = shown(host);
  render(null, host);
  host.remove();
  return out;
}

afterEach(() => setLanguage('auto'));

describe('the page UI in one language', () => {
  it('en: no Chinese', () => {
    const text = drawAll('en');
    expect(text).toContain('Target');
    expect(text).toContain('Save');
    expect(text.match(new RegExp(CJK.source, 'gu')) ?? []).toEqual([]);
  });

  it('zh: no English words but the product and key names', () => {
    const text = drawAll('zh');
    expect(text).toContain('目标');
    expect(text).toContain('保存');
    const words = text.replace(LATIN_ALLOWED, '').match(/[A-Za-z]{2,}/g) ?? [];
    expect(words).toEqual([]);
  });
});
