/**
 * Phrase lists that shape a target's metric — the shortest phrase naming what is counted. Plain data: add
 * another report's phrasing here; the logic that reads them is lib/extract/metric.ts.
 */

/** Words that stand between what is counted and its number (…比例达到95%): stripped from the end. */
export const METRIC_TRAIL_WORDS = [
  '达到', '达', '为', '提升至', '提高至', '提高到', '提升到', '增加至', '增加到', '扩展到', '扩大到', '扩大至', '降低至', '降至',
  '下降至', '控制在', '保持', '保持在', '不低于', '不少于', '至少', '超过', '高于', '超', '不超过', '低于', '占', '实现', '稳定在',
  '在', '前', '第', '共', '从', '分别', '均', '全省', '全市', '全区', '全县', '全国',
];

/**
 * Verbs that count what follows the number and belong to the measure: 新建1所老年大学 → 新建老年大学,
 * 惠及3万名学生 → 惠及学生.
 */
export const COUNTING_VERBS = [
  '新增', '新建', '新开办', '新开发', '建设', '建成', '培育', '培养', '创建', '创成', '完成', '开工', '开办', '改造', '改扩建', '扩建',
  '实施', '招聘', '引进', '举办', '打造', '评选', '选树', '认定', '推广', '投入', '安排', '提供', '增加', '投用', '启动', '组建',
  '成立', '推荐', '表彰', '遴选', '资助', '惠及', '引导', '动员', '吸引', '带动', '救助', '开发', '募集', '新改扩建', '改造提升', '建有',
];

/**
 * Verbs of doing that open a clause but name no measure (推进30所公办幼儿园的改扩建 → 公办幼儿园的改扩建):
 * dropped from the metric's start. Longest first is not needed: each is tried in turn, repeatedly.
 */
export const DOING_VERBS = [
  '加快推进', '持续推进', '全力推进', '大力推进', '扎实推进', '稳步推进', '推进', '推动', '组织开展', '持续开展', '深入开展', '开展',
  '加快', '加大', '落实', '实现', '强化', '深化', '扩大', '狠抓', '重点', '高质量', '积极', '大力', '着力', '力争', '争取', '确保', '计划',
  '预计', '拟', '将', '要', '让', '使', '对', '面向', '围绕', '包括', '其中',
];

/**
 * The kind of a measure standing alone (动工率达60%, 预算投资9807万元): it needs what it measures, which the
 * clause before names (改扩建公办幼儿园30所，动工率达60%).
 */
export const BARE_MEASURES = [
  '动工率', '开工率', '完工率', '达标率', '覆盖率', '覆盖面', '完成率', '合格率', '优良率', '达成率', '使用率', '比例', '比率', '占比',
  '投资', '预算投资', '总投资', '年度投资', '计划投资', '产量', '产值', '增长', '规模', '面积', '总量', '数量', '增幅', '增速', '累计',
];

/** Heads that name a kind of measure: 的 before them is dropped (交流轮岗的比例 → 交流轮岗比例). */
export const MEASURE_HEADS = ['比例', '比重', '占比', '率', '覆盖面', '人数', '数量', '总数', '规模', '标准'];

/**
 * Verbs that begin what happens to the counted things, ending the noun after the number:
 * 5个县（市、区）开展全域幸福河湖建设 → the noun is 县（市、区）.
 */
export const PREDICATE_VERBS = [
  '开展', '实现', '达到', '完成', '建成', '提升', '提高', '获得', '提供', '免费', '进行', '参加', '接受', '享受', '入读', '统筹',
  '整县', '线上', '到',
];
