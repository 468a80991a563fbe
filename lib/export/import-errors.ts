import type { Lang } from '../i18n';

/**
 * An import error in words a reporter reads: which annotation, which field, what is wrong with it — with the
 * technical text (the path and the validator's message) kept for a detail line. The technical text is
 * ImportError's ("The file was not imported: first.items[9].target.selector[1].start: Invalid input: expected
 * number, received string; …"); only its first problem is told in words.
 */
export interface ExplainedError {
  summary: string;
  detail: string;
}

type Words = Record<Lang, string>;

/** Path pieces to field names, most specific first. */
const FIELDS: Array<[RegExp, Words]> = [
  [/selector(\[\d+\])?\.(start|end)$/, { en: 'position in the page', zh: '页面位置' }],
  [/selector(\[\d+\])?\.exact$/, { en: 'quoted text', zh: '引文' }],
  [/selector(\[\d+\])?\.(prefix|suffix)$/, { en: 'text around the quote', zh: '引文前后文字' }],
  [/selector/, { en: 'quote and position', zh: '引文和位置' }],
  [/target\.source$/, { en: 'page address', zh: '网页地址' }],
  [/body/, { en: 'note or tags', zh: '笔记或标签' }],
  [/\.(created|modified)$/, { en: 'date', zh: '日期' }],
  [/pledgemark\.kind$/, { en: 'kind', zh: '类别' }],
  [/fields\.value(Max)?$/, { en: 'value', zh: '数值' }],
  [/fields\.unit$/, { en: 'unit', zh: '单位' }],
  [/fields\.comparator$/, { en: 'comparator', zh: '比较方式' }],
  [/fields\.deadline$/, { en: 'deadline', zh: '期限' }],
  [/fields\.metric$/, { en: 'metric', zh: '指标' }],
  [/fields\.strength$/, { en: 'strength', zh: '力度' }],
  [/fields\.approximate$/, { en: '“approximate” mark', zh: '约数标记' }],
  [/pledgemark\.title$/, { en: 'page title', zh: '网页标题' }],
  [/pledgemark\.(site)$/, { en: 'site', zh: '网站' }],
  [/pledgemark\.context$/, { en: 'sentence', zh: '所在句子' }],
  [/(^|\.)id$/, { en: 'id', zh: '编号' }],
  [/^total$/, { en: 'count at the top of the file', zh: '文件开头的总数' }],
];

const PROBLEMS: Array<[RegExp, Words]> = [
  [/^Required$|received undefined/, { en: 'is missing', zh: '缺失' }],
  [/expected number/, { en: 'is not a number', zh: '不是数字' }],
  [/expected string/, { en: 'is not text', zh: '不是文字' }],
  [/expected (array|object)/, { en: 'has the wrong form', zh: '格式不对' }],
  [/http|URL|url/, { en: 'is not an http or https address', zh: '不是 http 或 https 地址' }],
  [/date|ISO/i, { en: 'is not a date', zh: '不是日期' }],
  [/says \d+ annotations/, { en: 'does not match the annotations in it (is the file cut short?)', zh: '与文件中的标注条数不符（文件是否不完整？）' }],
];

const FALLBACK: Record<Lang, { field: string; problem: string }> = {
  en: { field: 'content', problem: 'is not valid' },
  zh: { field: '内容', problem: '无效' },
};

export function explainImportError(technical: string, lang: Lang): ExplainedError {
  const detail = technical;
  if (/not valid JSON/.test(technical)) {
    return { detail, summary: lang === 'zh' ? '这个文件不是有效的 JSON：可能不是 Pledgemark 导出的文件，或已损坏。' : 'This file is not valid JSON: it may not be a Pledgemark export, or it is damaged.' };
  }
  if (/limit/.test(technical) && /over/.test(technical)) {
    return { detail, summary: lang === 'zh' ? '文件超过大小上限。' : technical.replace(/ Nothing was changed\.$/, '') };
  }
  const first = technical.replace(/^The file was not imported:\s*/, '').split('; ')[0];
  const m = /^([^:]+): (.*)$/.exec(first);
  if (!m) return { detail, summary: lang === 'zh' ? '文件的内容无效。' : 'The file\'s content is not valid.' };
  const [, path, what] = m;
  const index = /(?:^|items)\[(\d+)\]/.exec(path);
  const field = FIELDS.find(([re]) => re.test(path))?.[1][lang] ?? FALLBACK[lang].field;
  const problem = PROBLEMS.find(([re]) => re.test(what))?.[1][lang] ?? FALLBACK[lang].problem;
  const n = index ? Number(index[1]) + 1 : null;
  const summary =
    lang === 'zh'
      ? `${n !== null ? `第 ${n} 条标注的` : '文件的'}${field}${problem}。`
      : `${n !== null ? `Annotation ${n}: its` : 'The file: its'} ${field} ${problem}.`;
  return { summary, detail };
}
