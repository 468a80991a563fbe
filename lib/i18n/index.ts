/**
 * A tiny typed dictionary for the extension's own UI (popup, options, context menu).
 * Chinese for zh-* browser languages, English otherwise. Add a key to `en` and TypeScript
 * insists on it in `zh`.
 */
const en = {
  appName: 'Pledgemark',
  saveToPledgemark: 'Save to Pledgemark',
  saveSelectionCommand: 'Save the selected text to Pledgemark',
  tabThisPage: 'This page',
  tabAllSaved: 'All saved',
  kindTarget: 'Targets',
  kindReported: 'Reported',
  kindCommitment: 'Commitments',
  kindSelection: 'Selections',
  itemsOnPage: 'Found on this page',
  noItems: 'Nothing found on this page.',
  savedOnPage: 'Saved on this page',
  noSaved: 'Nothing saved yet.',
  notReport: 'This page was not detected as a report.',
  runHere: 'Run Pledgemark on this page',
  running: 'Running…',
  cannotRunHere: 'Pledgemark cannot run on this page.',
  permissionDenied: 'Permission was not granted.',
  siteSwitch: 'Run on this site',
  search: 'Search quotes, notes, titles, tags',
  allKinds: 'All kinds',
  allTags: 'All tags',
  allYears: 'All years',
  allSites: 'All sites',
  showMore: 'Show more',
  shown: 'shown',
  of: 'of',
  exportMarkdown: 'Markdown',
  exportCsv: 'CSV',
  exportJson: 'JSON',
  export: 'Export',
  import: 'Import JSON',
  imported: 'Imported',
  unchanged: 'already saved',
  importFailed: 'Import rejected, nothing was changed:',
  note: 'Note',
  tags: 'Tags (comma-separated)',
  save: 'Save',
  delete: 'Delete',
  edit: 'Edit',
  cancel: 'Cancel',
  loading: 'Loading…',
  error: 'Error',
  optionsTitle: 'Pledgemark settings',
  sitesHeading: 'Sites',
  sitesHelp: 'Pledgemark runs on gov.cn sites. Add other sites here; switch single sites off below.',
  extraSites: 'Extra sites',
  disabledSites: 'Sites switched off',
  addSite: 'Add',
  remove: 'Remove',
  sitePlaceholder: 'www.example.com',
  invalidSite: 'Enter a host name such as www.example.com',
  autoHighlight: 'Highlight automatically when a report page opens',
  highlighting: 'Highlighting',
  kindsToShow: 'Kinds to show',
  saved: 'Saved',
  none: 'None',
} as const;

export type MessageKey = keyof typeof en;
type Dictionary = Record<MessageKey, string>;

const zh: Dictionary = {
  appName: 'Pledgemark',
  saveToPledgemark: '保存到 Pledgemark',
  saveSelectionCommand: '把选中的文字保存到 Pledgemark',
  tabThisPage: '本页',
  tabAllSaved: '全部已保存',
  kindTarget: '目标',
  kindReported: '已完成',
  kindCommitment: '承诺',
  kindSelection: '摘录',
  itemsOnPage: '本页找到',
  noItems: '本页没有找到内容。',
  savedOnPage: '本页已保存',
  noSaved: '还没有保存任何内容。',
  notReport: '本页未被识别为工作报告。',
  runHere: '在本页运行 Pledgemark',
  running: '运行中…',
  cannotRunHere: 'Pledgemark 无法在本页运行。',
  permissionDenied: '未获得权限。',
  siteSwitch: '在本网站运行',
  search: '搜索摘录、笔记、标题、标签',
  allKinds: '全部类型',
  allTags: '全部标签',
  allYears: '全部年份',
  allSites: '全部网站',
  showMore: '显示更多',
  shown: '条已显示',
  of: '共',
  exportMarkdown: 'Markdown',
  exportCsv: 'CSV',
  exportJson: 'JSON',
  export: '导出',
  import: '导入 JSON',
  imported: '已导入',
  unchanged: '条已存在',
  importFailed: '导入被拒绝，未做任何更改：',
  note: '笔记',
  tags: '标签（逗号分隔）',
  save: '保存',
  delete: '删除',
  edit: '编辑',
  cancel: '取消',
  loading: '加载中…',
  error: '错误',
  optionsTitle: 'Pledgemark 设置',
  sitesHeading: '网站',
  sitesHelp: 'Pledgemark 默认在 gov.cn 网站运行。可在此添加其他网站，或在下方关闭单个网站。',
  extraSites: '其他网站',
  disabledSites: '已关闭的网站',
  addSite: '添加',
  remove: '移除',
  sitePlaceholder: 'www.example.com',
  invalidSite: '请输入主机名，例如 www.example.com',
  autoHighlight: '打开报告页面时自动高亮',
  highlighting: '高亮',
  kindsToShow: '显示的类型',
  saved: '已保存',
  none: '无',
};

export type Lang = 'en' | 'zh';
const dictionaries: Record<Lang, Dictionary> = { en, zh };

/** zh for zh, zh-CN, zh-Hant-TW…; en for everything else. */
export function pickLang(language: string | undefined | null): Lang {
  return /^zh(-|_|$)/i.test(language ?? '') ? 'zh' : 'en';
}

function browserLanguage(): string | undefined {
  return typeof navigator !== 'undefined' ? navigator.language : undefined;
}

/** The UI string for `key` in the browser's language (or `lang` when given). */
export function t(key: MessageKey, lang: Lang = pickLang(browserLanguage())): string {
  return dictionaries[lang][key];
}
