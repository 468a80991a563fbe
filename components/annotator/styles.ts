import { SHADOW_CSS } from '../page/styles';

/**
 * The annotator frame's styles: the in-page UI's, with the card drawn at the frame's origin (the content script
 * places and sizes the frame itself) on a transparent page.
 */
export const FRAME_CSS = `${SHADOW_CSS.replace(':host{all:initial;}', '')}
html,body{margin:0;padding:0;background:transparent;overflow:hidden;}
body{font:13px/1.5 "WenQuanYi Zen Hei","Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif;color:#1a1a1a;}
.pm-frame-card{display:block;width:360px;}
.pm-editor{position:static;width:360px;max-width:none;box-shadow:none;}
.pm-tooltip{position:static;display:inline-block;max-width:340px;box-shadow:none;}
.share-choice{border:1px solid #d0d7de;border-radius:6px;margin:6px 0;padding:2px 8px 4px;}
.share-choice legend{font-size:12px;color:#57606a;padding:0 4px;}
.share-choice .check{display:inline-flex;align-items:center;gap:4px;margin-right:10px;}
.share-choice .help{font-size:12px;color:#57606a;}
.pm-outcome{width:360px;box-sizing:border-box;padding:6px 12px 10px;background:#fff;border:1px solid #d0d7de;border-top:none;border-radius:0 0 8px 8px;}
.pm-outcome > button{font:inherit;border:1px solid #d0d7de;background:#f6f8fa;border-radius:6px;padding:2px 8px;cursor:pointer;}
.pm-outcome .linked{margin:0 0 4px;color:#116329;font-weight:600;}
.pm-outcome .picker{display:flex;flex-direction:column;gap:2px;max-height:180px;overflow-y:auto;margin-top:6px;}
.pm-outcome .picker button{font:inherit;text-align:left;border:1px solid transparent;background:none;border-radius:4px;padding:2px 4px;cursor:pointer;}
.pm-outcome .picker button:hover{background:#f6f8fa;border-color:#d0d7de;}
.pm-outcome .picker button.on{background:#dafbe1;}
.pm-outcome .picker .source{display:block;color:#656d76;font-size:11px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;}
.pm-outcome .hint{margin:0;color:#656d76;font-size:12px;}
`;
