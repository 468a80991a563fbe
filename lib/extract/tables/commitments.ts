import { STRENGTH_MARKERS } from './markers';

/**
 * What makes a forward-looking clause without a number a commitment (GUIDE.md, "Commitments without a number").
 */

/** An explicit time bound. */
export const TIME_BOUNDS = [
  '年底前', '年内', '年底', '上半年', '下半年', '年前', '月底前', '月前', '前完成', '按时', '如期', '限期', '本学期', '今年',
];
export const TIME_BOUND_PATTERN = /(?:到|至|于)?20\d\d年(?:底|前|内|完成|实现|建成|全面)|\d{1,2}月(?:底)?前/u;

/** Strong modals. */
export const STRONG_MODALS = ['确保', '力争', '争取', '必须', '务必'];

/**
 * A commitment's strength: the strong modals, split by the strength-marker table. Only the words that can
 * make a clause a commitment count: 严格, 努力 describe the manner of work, not how firmly it is promised.
 */
export const COMMITMENT_STRENGTH_MARKERS = {
  binding: STRENGTH_MARKERS.binding.filter((w) => STRONG_MODALS.includes(w)),
  aspirational: STRENGTH_MARKERS.aspirational.filter((w) => STRONG_MODALS.includes(w)),
};

/** Completion verbs that pledge a deliverable by themselves. */
export const DELIVERY_VERBS = ['建成', '完成', '投入使用', '投用', '开工', '竣工', '开办', '挂牌', '交付使用', '落成'];

/** Verbs that pledge a deliverable when their object is a named document … */
export const DOCUMENT_VERBS = ['出台', '印发', '制定', '修订', '编制', '拟制', '发布', '颁布'];
export const DOCUMENT_NOUNS = ['《', '方案', '意见', '规划', '标准', '办法', '细则', '指引', '制度', '规定', '条例', '计划', '指南', '清单', '纲要', '规范'];

/** … a named body … */
export const BODY_VERBS = ['成立', '组建', '设立', '挂牌成立'];
export const BODY_NOUNS = ['中心', '工作组', '小组', '队', '团队', '集团', '联盟', '委员会', '协会', '学院', '学校', '基地', '工作室', '研究院', '办公室', '专班'];

/** … or a named construction project. */
export const START_VERBS = ['启动'];
export const PROJECT_NOUNS = ['工程', '项目', '建设', '改造', '校区', '扩建'];

/** 实现…全覆盖 and similar outcome phrases. */
export const COVERAGE_PATTERN = /(?:实现|落实|实行|实施)[^，,。；;]{0,30}(?:全覆盖(?!的)|全部达标|全面达标|“零”|为零)|全部达到[^，,。；;]{0,20}标准|全面达标/u;

/** Outcomes a strong modal (确保, 力争) must pledge to make the clause checkable. */
export const MODAL_OUTCOMES = [
  '实现', '成为', '取得', '达到', '保持', '完成', '位列', '缔结', '入驻', '建成', '通过', '挂牌', '投用', '开工', '竣工',
  // a standard to meet (确保教师平均工资收入水平不低于当地公务员), a zero (确保安全事故零发生), a title to win (力争创建省级示范性高中)
  '不低于', '不少于', '不超过', '不高于', '零发生', '零事故', '零伤亡', '创建', '创成', '获评', '评为', '达标',
];

/** Outcome words that name an activity, not a result (确保创建工作顺利推进): removed before MODAL_OUTCOMES are looked for. */
export const ACTIVITY_OUTCOMES = /(?:创建|创成|达标|评为|获评)(?:工作|活动|行动)/gu;

/** Clauses led by these describe or frame rather than pledge (是…之年, 紧紧围绕…, 按照…原则). */
export const FRAMING_LEADS = ['是', '以', '为', '对', '按照', '根据', '通过', '围绕', '紧紧围绕', '坚持', '着力', '聚焦', '允许', '指导', '鼓励', '支持', '引导', '坚定不移'];

/** Phrases that mark a clause as framing, wherever they stand. */
export const FRAMING_PHRASES = ['的基础上', '小康社会', '之年', '关于印发', '的通知', '朝着', '本规划', '本方案', '本意见'];

/** Modifiers that make a document generic rather than named (制定切实可行的方案). */
export const VAGUE_DOCUMENT = ['切实可行', '相关', '有关', '相应', '各类', '各项', '具体'];

/** Objects that open with a comparison are a direction, not a deliverable (建成更加先进的教育设施). */
export const VAGUE_OBJECT_START = ['更加', '更高', '更好', '更为'];

/** Objects too vague to check (建成…教育体系). */
export const VAGUE_OBJECT_END = ['体系', '格局', '氛围', '局面', '环境', '生态', '理念', '新路子', '机制'];

/** Activity verbs that alone make no commitment (推进、深化、加强…): a clause led by one needs a stronger signal. */
export const ACTIVITY_VERBS = ['推进', '深化', '加强', '开展', '组织', '持续', '做好', '提升', '完善', '探索', '推动', '强化', '加快', '健全', '优化', '促进', '支持', '鼓励', '引导'];

/** The longest a commitment clause may be (characters). */
export const COMMITMENT_MAX_LENGTH = 60;
