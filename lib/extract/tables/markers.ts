/**
 * Tense and modal markers that decide a clause's role where its section does not, and the strength of a target.
 * Each list is plain data: add another province's phrasing here.
 */

/**
 * Words that make a clause a pledge where its section does not say so: in a summary (2020年计划新增…) and on a
 * page with no summary or plan heading (全年将新增…). One table, with where each word counts:
 * - `both`: a pledge in a summary and on a neutral page;
 * - `summaryOnly`: time words and forecasts that look ahead only against a summary's past (明年, 下一步, 年内) —
 *   on a neutral page they date a statement rather than pledge it;
 * - `neutralOnly`: words a summary's own reports also use.
 */
export const PLEDGE_MARKERS: { both: string[]; summaryOnly: string[]; neutralOnly: string[] } = {
  both: [
    '拟', '计划新增', '计划实施', '计划建设', '计划完成', '计划投入', '计划招聘', '计划开办', '计划招生', '计划招收', '力争', '争取', '确保',
    '目标是', '目标为', '将新', '将建成', '将完成', '将投入', '将开办', '将开工', '将竣工', '将实现', '将达到', '将启动', '将改扩建',
  ],
  summaryOnly: ['预计投入', '下一步', '明年', '下半年', '年底前', '年内', '全年'],
  neutralOnly: ['计划新建'],
};

/** In a backward-looking section, these make a clause a pledge (2020年计划新增…). */
export const FUTURE_MARKERS = [...PLEDGE_MARKERS.both, ...PLEDGE_MARKERS.summaryOnly];

/**
 * Of FUTURE_MARKERS, those that look ahead only from part of a year: in a half-year summary 年内 and 下半年 are
 * still to come, in a summary of the whole year they are over (年内完成建设中小学23所 reports the year's work).
 */
export const PART_YEAR_ONLY_MARKERS = ['年内', '下半年', '年底前', '全年'];

/**
 * In a summary of part of a year, a sentence holding one of these looks ahead to the rest of the year as a
 * whole (加快7所学校建设进度，确保今年9月投入使用，新增学位1.47万个): each of its numbers is a pledge, unless its
 * own clause reports (已、完成、累计…).
 */
export const PART_YEAR_AHEAD_MARKERS = ['确保', '力争', '争取', '拟', '全年', '下半年', '年底前', '秋季开学', '开学前'];

/** In a summary of part of a year, a clause with one of these reports what is done even in a forward sentence. */
export const PART_YEAR_DONE_MARKERS = ['已', '完成', '累计', '截至', '目前', '实现了', '共'];

/** A summary (its heading or the document's title) of part of a year. */
export const PART_YEAR_PERIOD = /上半年|前三季度|第[一二三]季度|[一二三]季度|1\s*[-—–至~～]\s*[6-9]月|前半年|年中/u;

/**
 * Markers that look like markers but are not, by the characters around them: 确保了 reports what was ensured.
 * A marker preceded by a `before` or followed by an `after` character is ignored.
 */
export const FUTURE_MARKER_EXCEPTIONS: Record<string, { before?: string; after?: string }> = {
  确保: { after: '了' },
  // 模拟联合国, 虚拟现实: 拟 inside a word, not "plans to".
  拟: { before: '模虚' },
  争取: { after: '到了' },
  // 按计划完成 / 按计划新增: done as planned, a report.
  计划新增: { before: '按' },
  计划实施: { before: '按' },
  计划建设: { before: '按' },
  计划完成: { before: '按' },
  计划投入: { before: '按' },
  计划招聘: { before: '按' },
  计划开办: { before: '按' },
  计划招生: { before: '按' },
  计划招收: { before: '按' },
  // 完成全年目标的120%, 占全年任务的: the year's goal named as a yardstick, not pledged.
  全年: { before: '成占', after: '目任计的' },
};

/** In a forward-looking section, these make a clause report a status or baseline (目前已有…). */
export const STATUS_MARKERS = [
  '目前', '现有', '已有', '现已', '已建成', '已经', '截至', '截止', '基准', '同比', '比上年', '较上年', '上年', '去年',
  '累计已', '共有', '实际完成', '以来', '近年来', '过去', '五年来', '近五年', '至今',
];

/** In a neutral section (problems, environment), a number counts only with one of these. */
export const NEUTRAL_STATUS_MARKERS = ['目前', '现有', '已有', '已', '截至', '截止', '共有', '累计', '实现', '达到', '达'];

/** In a neutral section (no summary or plan heading), these make a clause a pledge (全年将新增…, 计划新增…). */
export const NEUTRAL_FUTURE_MARKERS = [...PLEDGE_MARKERS.both, ...PLEDGE_MARKERS.neutralOnly];

/** In a neutral section, these make a number a forecast or demand, never an item. */
export const FORECAST_MARKERS = ['预计', '预测', '需新增', '缺口', '需求'];

/** Strength of a target: the nearest marker before it in its sentence (or its list's lead-in) decides. */
export const STRENGTH_MARKERS: { binding: string[]; aspirational: string[] } = {
  binding: ['确保', '必须', '务必', '约束性', '严格', '坚决'],
  aspirational: ['力争', '争取', '预期性', '预期目标', '努力', '力求', '尽力'],
};

/**
 * Words that date a pledge within its year when no year is written (年底前完成…). In the order they are tried.
 * `calendar`: parts of the calendar year; `schoolYear`: of the school year; `recurring`: a pledge every year
 * (每年), which is read as a deadline only when nothing else dates the target.
 */
export const PERIOD_WORDS: { calendar: string[]; schoolYear: string[]; recurring: string[] } = {
  calendar: ['年底前', '年底', '年内', '上半年', '下半年'],
  schoolYear: ['每学年', '本学年', '学年内'],
  recurring: ['每年', '年度'],
};

/** A clause under a review heading that quotes an old goal (把“覆盖率达70%”写入…) is neither: see classify. */
export const QUOTED_GOAL_VERBS = ['写入', '列入', '纳入'];

/**
 * A baseline: the number a change starts from (从77%提高到80%以上, 分别从每人每月209元、280元提高到217元) reports
 * where things stand, even in a plan. `before`: 从/由 and what may stand between it and the number; `after`:
 * what may stand between the number and the verb of change with 到/至.
 */
export const BASELINE = {
  before: /[从由][^，。；;,到至]{0,12}$/u,
  after: /^[^，。；;,]{0,12}?(?:提高|提升|增加|扩大|缩小|降低|下降|减少|上升|增长|调整|降|升)(?:到|至)/u,
};

/** In a summary, 争取 that obtains funds (争取中央预算内投资237亿元, 争取专项债券额度) reports what was obtained. */
export const FUNDS_OBTAINED = /争取[^，。；;]{0,16}?(?:资金|投资|债券|额度|补助|支持)/gu;
