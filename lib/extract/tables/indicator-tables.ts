/**
 * Indicator tables, real or flattened one cell a line: which header cells name value columns, and which
 * of those hold baselines (reported) or targets.
 */
export const VALUE_COLUMN = /^(?:.{0,8}(?:基准值|目标值|现状值|预期值|完成值|实际值|规划值|学位数|数量|数值|基数|基期值)|(?:19|20)\d\d\s*年(?:底|末)?(?:目标|基准|现状|实际|预期|完成)?)$/u;
export const HEADER_CELL = new RegExp(`^(?:类别|序号|指标|指标名称|名称|项目|项目名称|新建项目|属性|指标属性|单位|计量单位|备注)$|${VALUE_COLUMN.source}`, 'u');
export const BASELINE_COLUMN = /基准|现状|完成|实际|基数|基期|现有/u;
export const TARGET_COLUMN = /目标|预期|规划/u;
/** A cell that holds no value (the baseline of a new indicator). */
export const PLACEHOLDER_CELL = /^(?:—+|-+|－+|\/|／|无|\\)$/u;
/** The 属性 column of Chinese plans: binding (约束性) or expected (预期性) indicators. */
export const ATTRIBUTE_CELL: Record<string, 'binding' | 'aspirational'> = { 约束性: 'binding', 预期性: 'aspirational' };
/** A line longer than this ends a flattened table. */
export const TABLE_MAX_CELL = 60;
