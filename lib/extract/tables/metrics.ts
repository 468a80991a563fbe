/**
 * Phrase lists that shape a target's metric — the shortest phrase naming what is counted. Plain data: add
 * another report's phrasing here; the logic that reads them is lib/extract/metric.ts.
 */

/** Words that stand between what is counted and its number (…比例达到95%): stripped from the end. */
export const METRIC_TRAIL_WORDS = [
  '达到', '达', '为', '提升至', '提高至', '提高到', '提升到', '增加至', '增加到', '扩展到', '扩大到', '扩大至', '降低至', '降至',
  '下降至', '控制在', '保持', '保持在', '不低于', '不少于', '至少', '超过', '高于', '超', '不超过', '低于', '占', '实现', '稳定在',
  '在', '排', '前', '第', '共',
];

/** Verbs that count what follows the number and belong to the measure: 新建1所老年大学 → 新建老年大学. */
export const COUNTING_VERBS = [
  '新增', '新建', '新开办', '建设', '建成', '培育', '培养', '创建', '创成', '完成', '开工', '开办', '改造', '改扩建', '扩建', '实施',
  '招聘', '引进', '举办', '打造', '评选', '选树', '认定', '推广', '投入', '安排', '提供', '增加', '投用', '启动', '组建', '成立',
  '推荐', '表彰', '遴选', '资助',
];
