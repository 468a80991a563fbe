import type { Orientation } from '../../schema/item';

/**
 * Headings that open a backward-looking (summary) or forward-looking (plan) part of a report.
 * A line is a heading when it is short, has no sentence punctuation and contains one of these phrases.
 * A line containing phrases of both directions (a title such as 「2019年总结和2020年工作要点」) is neutral.
 */
export const HEADING_PHRASES: Record<Orientation, string[]> = {
  backward: [
    '工作总结', '总结', '回顾', '主要成绩', '工作成绩', '取得的成绩', '主要成效', '工作成效', '取得成效',
    '进展情况', '完成情况', '工作情况', '开展情况', '执行情况', '主要做法', '工作进展', '成绩与经验',
    '发展成就', '主要成就', '取得的成就', '工作成果', '主要成果', '工作完成情况', '计划执行情况',
    '工作汇报', '汇报材料', '述职报告', '履职报告', '工作亮点', '创新做法', '创新性做法', '经验做法', '今年以来', '一年来', '过去一年',
  ],
  forward: [
    '工作计划', '工作要点', '工作思路', '工作打算', '工作安排', '工作设想', '下一步工作', '下一步计划', '下一步打算',
    '下半年工作', '发展目标', '主要目标', '预期目标', '目标任务', '主要任务', '重点任务', '重点工作', '重点项目',
    '保障措施', '总体战略', '总体要求', '指导思想', '基本原则', '工作任务', '规划', '重大任务', '目标和任务',
    '工作部署', '工作重点', '今后工作', '预期目标和主要任务', '发展思路', '主要指标', '主要考虑',
  ],
  neutral: [
    '存在问题', '存在的问题', '主要问题', '困难和问题', '困难与问题', '问题和不足', '问题与不足', '不足之处', '面临的困难', '发展环境', '面临形势', '形势分析',
    '发展机遇', '机遇', '挑战',
    // a work report's closing glossary explains terms; it plans nothing
    '名词解释', '名词注释',
  ],
};

/** The longest a heading line may be (characters, after trimming). */
export const HEADING_MAX_LENGTH = 48;

/** Five-year plans, named by their number: 「十四五」 runs 2021–2025. */
export const FIVE_YEAR_PLANS: Record<string, [number, number]> = {
  十一五: [2006, 2010],
  十二五: [2011, 2015],
  十三五: [2016, 2020],
  十四五: [2021, 2025],
  十五五: [2026, 2030],
  十六五: [2031, 2035],
};

/** Heading list markers, highest rank first: 第一章/第一部分, 一、, （一）, 1., （1）. A bare heading ranks below all. */
export const HEADING_RANKS: RegExp[] = [
  /^第[一二三四五六七八九十百]+[章部篇编]/u,
  /^[一二三四五六七八九十]+\s*[、.．]/u,
  /^[（(]\s*[一二三四五六七八九十]+\s*[)）]/u,
  /^[0-9０-９]+\s*[、.．](?![0-9０-９])/u,
  /^[（(]\s*[0-9０-９]+\s*[)）]/u,
];

/** Headings that name their year against the document's plan year: 今年工作安排 (+0), 过去一年工作回顾 (−1). */
export const RELATIVE_YEAR_HEADING: [RegExp, number][] = [
  [/今年|本年度/u, 0],
  [/过去一年|去年|上一年/u, -1],
  [/明年|下一年/u, 1],
];

/** A title that makes a document a government work report, delivered in the year it plans. */
export const WORK_REPORT_TITLE = /政府工作报告/u;

/** A date line in a title: 2026年1月26日, 时间：2026-01-22 (the year is group 1 or 2). */
export const DATE_LINE_YEAR = /((?:19|20)\d\d)\s*年\s*[0-9０-９]{1,2}\s*月|((?:19|20)\d\d)[-/.][01]?\d[-/.][0-3]?\d/u;

/** What may open a paragraph before its first word: spaces and opening quotes (“十五五”时期是…). */
export const PARAGRAPH_LEAD = /^[\s“"「『]+/u;
