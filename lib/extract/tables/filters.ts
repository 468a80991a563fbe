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

/** Words right before 「N年」 that make it a record measured over years, not a rule's span: 连续9年居全国首位, 历时12年. */
export const RECORD_SPAN_BEFORE = /(?:连续|近|历时|已连续)\s*$/u;

/** What follows a unit that names a kind of thing rather than counts it: 30万吨级航道, 500千伏变电站. */
export const CLASS_SUFFIX = '级';
/** Units that name a class when a noun follows directly: voltage (500千伏变电站, 1000千伏输电线路). */
export const CLASS_UNITS = ['千伏', '万伏', '伏'];
/** A capacity unit followed by a project's name names the project's class: 30万吨乙烯项目. */
export const CAPACITY_PROJECT = { units: ['吨'], after: /^[\u4e00-\u9fa5]{1,6}?(?:项目|装置|基地)/u };
/** Time units naming a policy or a concept when a noun follows: 144小时过境免签, 15分钟社区生活圈; 每天24小时. */
export const TIME_NAME = { units: ['小时', '分钟'], after: /^[\u4e00-\u9fa5]{0,4}?(?:圈|过境|免签|直通|通关)/u, before: /(?:每天|每日|全天)$/u };

/** 「N次全会」「N次会议」: the name of a plenum or congress session (省委十二届八次全会, 市十六届人大三次会议). */
export const SESSION_AFTER = /^(?:[、和及][一二三四五六七八九十0-9]+次)*(?:全会|会议|全体会议|代表大会)/u;
/** 「三次产业」「一二三次产业」: the economy's sectors, not a count. */
export const SECTOR_AFTER = /^产业/u;

/** 「N条…措施」: the name of a policy package (30条防汛避险救灾硬措施, 十条支持措施, 18条具体举措). */
export const POLICY_PACKAGE_AFTER = /^[\u4e00-\u9fa5]{0,8}?(?:措施|举措)/u;

/**
 * A pool a measure is taken over, not a count: 104种工业产品中，…; 203个地表水国考断面水质优良率达100%.
 * `inside`: what follows the number up to 中 and a comma; `rate`: a rate of the counted things in the same clause.
 */
export const POOL_AFTER = { inside: /^[\u4e00-\u9fa5]{1,12}中[，,]/u, rate: /^[\u4e00-\u9fa5“”]{1,14}?(?:率|比例|占比)(?:达到|达|为|均|提高到|提升至)?\s*[0-9０-９]/u };

/** A number qualifying a group (占比超过10%的有44种, 50万元以上的行政村占比达68%): its group is measured by the next number. */
export const QUALIFIER_AFTER = /^的[^，,。；;]{0,14}?[0-9０-９]/u;

/** 「N项主要指标」「N个方面工作」: the count of the text's own list (its indicators, tasks, areas of work). */
export const OWN_LIST_UNITS = ['项', '个', '大类'];
export const OWN_LIST_AFTER = /^(?:主要指标|任务举措|方面(?:的)?工作|方面：|方面:)/u;

/** Words before an age that make it a measure (人均预期寿命达到80岁), not an age limit (3周岁幼儿). */
export const MEASURED_AGE_BEFORE = /寿命/u;
