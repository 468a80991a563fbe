/**
 * Phrases that make a number "other" (not a measured quantity). Each list is data; the rules that read
 * them live in ../others.ts.
 */

/** Nouns that follow 「N个/项/条」 in slogans and enumerations of the text itself (四个意识, 六个重点). */
export const ENUMERATION_NOUNS = [
  '意识', '自信', '责任', '作风', '清单', '维护', '覆盖', '重点', '层面', '方面', '关键', '聚焦', '延伸', '规定', '主要任务', '任务', '底线',
  '评价', '全面', '一体', '出新出彩', '引路人', '相统一', '服务', '只增不减', '优先', '坚持', '必须', '统一', '结合',
  '原则', '要求', '环节', '维度', '转变', '突破', '提升', '行动', '工程', '体系', '机制', '抓手', '着力点', '率先',
  '建设', '制度', '计划', '字', '有', '不', '度', '100%', '一流', '定位', '理念', '目标', '领域', '融合', '示范',
  '先行', '班子',
];

/** Measure words after which a Chinese-numeral quantity is an enumeration of the text itself (一是…). */
export const ENUMERATION_MEASURES = '个项条位大套';

/** Technology and protocol names that look like numbers with units (5G, IPv6). */
export const TECH_NAMES = /^(?:[2-6]G(?![0-9A-Za-z])|[Ii][Pp][Vv][46])/;
export const TECH_NAME_BEFORE = /(?:[Ii][Pp][Vv]|[A-Za-z])$/;

/** Prefixes that make a number part of an identifier: 粤ICP备05083207号, 表1, 附件2. */
export const IDENTIFIER_BEFORE = ['备', '表', '图', '附件', '附表', '编号', '文号', '电话', '热线', '邮编', '传真', '网站标识码', '标识码', '〔', '['];

/** Units after which 「以下/以上」 qualifies a group rather than sets a target (12班以下学校). */
export const THRESHOLD_UNITS = ['班', '岁', '周岁', '年'];

/** Words after 「前N…」 or 「N个…中」 that make a number the size of a ranking pool (前50人中). */
export const RANKING_POOL_AFTER = /^[^，,。；;]{0,12}?(?:中)?(?:排名|排第|位列第|名列第|中排|中位列|中名列|中居)/u;

/** 第N… is an ordinal (第36个教师节) except before these (第14名, 第63位: a rank). */
export const RANK_UNITS = ['名', '位'];
/** 「前N名」 is a rank goal only after these (排广州市前4名); elsewhere it bounds a pool (进入全省前100名). */
export const RANK_GOAL_BEFORE = /(?:排|排名|位列|位居|名列|居)[^，,。；;]{0,8}$/u;
/** A rank in Chinese numerals is only 第N名 (第一位 is a figure of speech: 放在第一位). */
export const RANK_UNITS_CHINESE = ['名'];

/** Verbs before 「N条」 that make it the name of a policy document (落实减负40条). */
export const DOCUMENT_ARTICLE_VERBS = ['落实', '贯彻', '执行', '学习'];
