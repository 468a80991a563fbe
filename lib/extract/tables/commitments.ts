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

/**
 * A named project or site followed by its completion (首儿所通州院区基本完工, 22号线…基本具备开通条件): the
 * subject is named before the verb, so the clause ends with it.
 */
export const COMPLETED_SUBJECT_PATTERN = /^[^，,。；;]{4,}?(?:基本)?(?:完工|竣工|建成投用|建成投运|投入使用|具备(?:开通|通车|运营|投用)条件)$/u;

/**
 * Leads that drive a named thing to a result (推动出台…方案, 推动…项目建成投运, 加快建成…): unlike the other
 * activity verbs (推进…全覆盖 describes ongoing work), with one of these results the clause pledges the result.
 */
export const RESULT_LEADS = ['推动', '加快'];
export const LEAD_RESULTS = /(?:出台|开工建设|建成投运|建成投用|建成|投产|竣工|全覆盖)(?:满产)?(?:$|、)|^(?:推动|加快)(?:出台|建成)/u;

/**
 * A clause that names what a plan's goal list pledges without a number: a level to keep or reach
 * (居民收入增长和经济增长同步, …指标达到国家要求, …比重保持基本稳定, 经济总量实现倍增, …接近发达经济体水平).
 */
export const LEVEL_PATTERN =
  /增长(?:基本)?同步$|不低于|达到[^，,。；;]{0,16}(?:要求|水平)$|接近[^，,。；;]{0,16}水平$|保持基本稳定$|实现倍增$|完成[^，,。；;]{0,12}(?:国家|省)下达[^，,。；;]{0,6}任务$|按照国家要求完成/u;

/** Verbs that pledge to win a named title (争创国家农业高新技术产业示范区, 创建国家未来产业先导区); 争创佳绩/一流 names none. */
export const TITLE_PATTERN = /争创(?!工作|佳绩|一流|先进|优异|更好)[^，,。；;]{2,}|创建(?:[^，,。；;]{0,12})?(?:国家|全国|国际|世界)[^，,。；;]{2,}(?:区|城市|试点|基地|集群|中心|实验室)$/u;

/** A whole population or set covered, standing alone (70周岁以上户籍老年人意外伤害保险全覆盖, 全覆盖开展…评估). */
export const BARE_COVERAGE_PATTERN = /^(?!做到|推进|确保|在)[^，,。；;]{4,}全覆盖$/u;

/**
 * Shapes that pledge whatever leads them, so they are read before the framing leads (按照…, 对…, 支持…): a level a
 * goal list keeps, a title to win, a named event convened (召开全省服务业发展大会), a final campaign fought
 * (打好…三年行动“收官战”), a population covered (对…所售产品全覆盖开展快检).
 */
export const EVENT_PATTERN = /^召开[^，,。；;]{2,}大会$|打好[^，,。；;]*收官战|全覆盖开展/u;

/** A zero reached (零就业家庭动态清零), unless kept (保持…清零) or pursued as work (持续推动…清零). */
export const ZERO_PATTERN = /^(?!保持|持续|推动|推进)[^，,。；;]{2,}清零$/u;

/** Verbs that pledge a deliverable when their object is a named document … */
export const DOCUMENT_VERBS = ['出台', '印发', '制定', '修订', '编制', '拟制', '发布', '颁布'];
export const DOCUMENT_NOUNS = ['《', '方案', '意见', '规划', '标准', '办法', '细则', '指引', '制度', '规定', '条例', '计划', '指南', '清单', '纲要', '规范', '预案'];

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
  // a comparison or a trend to hold (确保…增幅高于…增幅, 确保…排放总量持续下降), a zero, a level restored
  '高于', '下降', '清零', '恢复至', '恢复到', '稳定',
  // a thing won for the region (争取…落地四川, 争取…在粤布局, 争取…纳入国家规划, 争取设立…, 争取尽早消除…)
  '落地', '布局', '纳入', '设立', '消除',
];

/** Outcome words that name an activity, not a result (确保创建工作顺利推进): removed before MODAL_OUTCOMES are looked for. */
export const ACTIVITY_OUTCOMES = /(?:创建|创成|达标|评为|获评)(?:工作|活动|行动)/gu;

/** Clauses led by these describe or frame rather than pledge (是…之年, 紧紧围绕…, 按照…原则). */
export const FRAMING_LEADS = ['是', '以', '为', '对', '按照', '根据', '通过', '围绕', '紧紧围绕', '坚持', '着力', '聚焦', '允许', '指导', '鼓励', '支持', '引导', '坚定不移'];

/**
 * A report's closing formulas: they pledge the plan as a whole (完成以上目标任务, 确保实现…良好开局, 力争取得更好结果),
 * nothing checkable of their own.
 */
export const CLOSING_FORMULAS = ['以上目标', '上述目标', '这些目标', '今年目标任务', '全年目标任务', '全年各项目标', '良好开局', '更好结果', '最好结果', '更好成绩'];

/** Phrases that mark a clause as framing, wherever they stand. */
export const FRAMING_PHRASES = ['的基础上', '小康社会', '之年', '关于印发', '的通知', '朝着', '本规划', '本方案', '本意见', ...CLOSING_FORMULAS];

/** Modifiers that make a document generic rather than named (制定切实可行的方案). */
export const VAGUE_DOCUMENT = ['切实可行', '相关', '有关', '相应', '各类', '各项', '具体'];

/** Objects that open with a comparison are a direction, not a deliverable (建成更加先进的教育设施). */
export const VAGUE_OBJECT_START = ['更加', '更高', '更好', '更为', '一批', '一系列', '建设一批'];

/** Objects too vague to check (建成…教育体系). */
export const VAGUE_OBJECT_END = ['体系', '格局', '氛围', '局面', '环境', '生态', '理念', '新路子', '机制'];

/** Activity verbs that alone make no commitment (推进、深化、加强…): a clause led by one needs a stronger signal. */
export const ACTIVITY_VERBS = ['推进', '深化', '加强', '开展', '组织', '持续', '做好', '提升', '提高', '完善', '探索', '推动', '强化', '加快', '健全', '优化', '促进', '支持', '鼓励', '引导'];

/** The longest a commitment clause may be (characters). */
export const COMMITMENT_MAX_LENGTH = 60;
