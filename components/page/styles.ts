/**
 * Colours (Okabe–Ito, colour-blind-safe) and styles. Each kind differs by line style too, not colour alone:
 * target = blue tint + double underline (a solid blue underline reads as a link on gov.cn pages),
 * reported = orange tint + dotted vermillion underline,
 * commitment = bluish-green tint + dashed underline; saved annotations = thick reddish-purple outline + ★ marker.
 */
import type { ItemKind } from '../../lib/schema/item';
import { t, type MessageKey } from '../../lib/i18n';

export const KIND_STYLE: Record<ItemKind, { color: string; tint: string; line: 'double' | 'dotted' | 'dashed' }> = {
  target: { color: '#0072B2', tint: 'rgba(86, 180, 233, 0.22)', line: 'double' },
  reported: { color: '#D55E00', tint: 'rgba(230, 159, 0, 0.22)', line: 'dotted' },
  commitment: { color: '#009E73', tint: 'rgba(0, 158, 115, 0.15)', line: 'dashed' },
};

const KIND_NAME: Record<ItemKind | 'selection', MessageKey> = {
  target: 'pmKindTarget',
  reported: 'pmKindReported',
  commitment: 'pmKindCommitment',
  selection: 'pmKindSelection',
};

/** A kind's name in the UI language (the one glossary: 目标, 已报告, 承诺, 摘录). */
export function kindName(kind: ItemKind | 'selection'): string {
  return t(KIND_NAME[kind]);
}
export const SAVED_COLOR = '#CC79A7';
/** A saved annotation whose text changed: vermillion-red, dashed (not colour alone), with a ⚠ marker. */
export const CHANGED_COLOR = '#C0392B';

/** Styles for the marks in the page (injected once as a <style>; only `mark.pm-*` selectors, no layout changes). */
export function pageCss(): string {
  const kinds = (Object.keys(KIND_STYLE) as ItemKind[])
    .map((k) => {
      const s = KIND_STYLE[k];
      return `mark.pm-mark.pm-kind-${k}{background-color:${s.tint};text-decoration-line:underline;text-decoration-style:${s.line};text-decoration-color:${s.color};text-decoration-thickness:${s.line === 'double' ? 1 : 2}px;text-underline-offset:3px;}`;
    })
    .join('\n');
  return `
mark.pm-mark,mark.pm-saved{color:inherit;background-color:transparent;padding:0;margin:0;border-radius:2px;cursor:pointer;font:inherit;}
${kinds}
mark.pm-mark:focus-visible,mark.pm-saved:focus-visible{outline:2px solid #000;outline-offset:1px;}
mark.pm-saved{outline:3px solid ${SAVED_COLOR};outline-offset:1px;background-color:rgba(204,121,167,0.12);}
mark.pm-saved.pm-saved-end::after{content:"\\2605";color:${SAVED_COLOR};font-size:0.7em;vertical-align:super;margin-left:1px;}
mark.pm-saved.pm-team.pm-saved-end::after{content:"\\25C6\\25C6";letter-spacing:-0.2em;}
mark.pm-saved.pm-changed{outline:3px dashed ${CHANGED_COLOR};background-color:rgba(213,94,0,0.14);}
mark.pm-saved.pm-changed.pm-saved-end::after{content:"\\26A0";color:#fff;background-color:${CHANGED_COLOR};border-radius:2px;padding:0 2px;font-size:0.7em;font-weight:bold;vertical-align:super;margin-left:2px;}
mark.pm-flash{animation:pm-flash 0.5s ease-in-out 3;}
@keyframes pm-flash{50%{background-color:#F0E442;}}
@media print{mark.pm-mark,mark.pm-saved{background:none;outline:none;text-decoration:none;}mark.pm-saved-end::after{content:none;}}
`;
}

/** Styles inside the shadow root (the page's CSS cannot reach them, and they cannot reach the page). */
export const SHADOW_CSS = `
:host{all:initial;}
*{box-sizing:border-box;}
.pm-ui{font:13px/1.5 "WenQuanYi Zen Hei","Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif;color:#1a1a1a;}
.pm-legend{position:fixed;bottom:12px;z-index:2147483647;background:#fff;border:1px solid #999;border-radius:8px;box-shadow:0 2px 10px rgba(0,0,0,.2);min-width:150px;max-width:260px;}
.pm-legend header{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:4px 8px;}
.pm-legend button{font:inherit;border:1px solid #888;background:#f4f4f4;border-radius:4px;cursor:pointer;padding:0 6px;color:#1a1a1a;}
.pm-legend button:focus-visible{outline:2px solid #0072B2;}
.pm-legend ul{list-style:none;margin:0;padding:4px 8px 8px;}
.pm-legend li{display:flex;align-items:center;gap:6px;white-space:nowrap;}
.pm-legend li.missing{color:#8a3b00;white-space:normal;}
.pm-legend li.changed{color:#8f1d12;white-space:normal;}
.pm-swatch.changed{background:rgba(213,94,0,0.14);outline:3px dashed #C0392B;outline-offset:-3px;border:none;}
.pm-tooltip .pm-changed-label{color:#8f1d12;font-weight:bold;}
.pm-tooltip .pm-changed-pair{border-left:4px solid #C0392B;background:#fdf1ef;padding:4px 8px;margin:0 0 6px;display:grid;gap:2px;word-break:break-all;}
.pm-tooltip .pm-changed-pair .lbl{color:#555;}
.pm-legend li button.kind{all:unset;display:flex;align-items:center;gap:6px;cursor:pointer;border-radius:3px;}
.pm-legend li button.kind:focus-visible{outline:2px solid #0072B2;}
.pm-legend li.off .pm-swatch,.pm-legend li.off .klabel{opacity:.4;}
.pm-legend li.off .klabel{text-decoration:line-through;}
.pm-legend .keys{color:#555;font-size:12px;white-space:normal;padding-top:2px;}
.pm-legend .count{margin-left:auto;font-variant-numeric:tabular-nums;font-weight:bold;}
.pm-swatch{display:inline-block;width:28px;height:14px;border-radius:2px;border-bottom-width:3px;}
.pm-swatch.saved{background:rgba(204,121,167,0.12);outline:3px solid #CC79A7;outline-offset:-3px;border:none;}
.pm-notice{position:fixed;left:12px;bottom:12px;z-index:2147483647;max-width:360px;background:#fff8e1;border:1px solid #8a6d00;border-radius:6px;padding:6px 10px;color:#1a1a1a;box-shadow:0 2px 10px rgba(0,0,0,.2);}
.pm-tooltip{position:fixed;z-index:2147483647;max-width:340px;background:#fff;border:1px solid #555;border-radius:6px;box-shadow:0 3px 12px rgba(0,0,0,.25);padding:8px 10px;pointer-events:none;}
.pm-tooltip .kind{font-weight:bold;margin-bottom:4px;display:flex;gap:6px;align-items:center;}
.pm-tooltip dl{display:grid;grid-template-columns:auto 1fr;gap:1px 10px;margin:0;}
.pm-tooltip dt{color:#555;}
.pm-tooltip dd{margin:0;word-break:break-all;}
.pm-tooltip .hint{margin-top:4px;color:#666;font-size:12px;}
.pm-tooltip .reason{margin:2px 0 4px;color:#444;font-size:12px;}
.pm-editor{position:fixed;z-index:2147483647;width:360px;max-width:calc(100vw - 24px);background:#fff;border:1px solid #444;border-radius:8px;box-shadow:0 6px 24px rgba(0,0,0,.3);padding:12px;}
.pm-editor h2{font-size:14px;margin:0 0 6px;display:flex;align-items:center;gap:6px;}
.pm-editor blockquote{margin:0 0 8px;padding:4px 8px;border-left:4px solid #CC79A7;background:#faf5f8;max-height:80px;overflow:auto;word-break:break-all;}
.pm-editor .context{margin:-4px 0 6px;color:#555;font-size:12px;max-height:54px;overflow:auto;}
.pm-editor label{display:block;margin:6px 0 2px;font-weight:bold;}
.pm-editor textarea,.pm-editor input{width:100%;font:inherit;border:1px solid #888;border-radius:4px;padding:4px 6px;color:#1a1a1a;background:#fff;}
.pm-editor textarea{height:72px;resize:vertical;}
.pm-editor .row{display:flex;gap:8px;justify-content:flex-end;margin-top:10px;align-items:center;}
.pm-editor .status{margin-right:auto;font-size:12px;}
.pm-editor .status.error{color:#B00020;}
.pm-editor .status.ok{color:#006B4F;}
.pm-editor button{font:inherit;border:1px solid #555;border-radius:4px;padding:3px 12px;cursor:pointer;background:#f4f4f4;color:#1a1a1a;}
.pm-editor button.primary{background:#0072B2;border-color:#0072B2;color:#fff;}
.pm-editor button:disabled{opacity:.6;cursor:default;}
.pm-editor .hint{color:#666;font-size:12px;}
`;

export function swatchStyle(kind: ItemKind): Record<string, string> {
  const s = KIND_STYLE[kind];
  return { background: s.tint, borderBottom: `${s.line === 'double' ? 4 : 3}px ${s.line} ${s.color}` };
}

/**
 * The rules that take the marks of the kinds the reader hid in the legend out of view (the text stays, plain);
 * a saved note's mark stays visible inside them.
 */
export function hiddenKindsCss(kinds: Iterable<ItemKind>): string {
  return [...kinds]
    .map((k) => `mark.pm-mark.pm-kind-${k}{background-color:transparent!important;text-decoration:none!important;cursor:auto!important;}`)
    .join('\n');
}
