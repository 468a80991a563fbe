import type { Quantity } from './quantities';
import { BARE_MEASURES, COUNTING_VERBS as COUNTING_VERB_LIST, DOING_VERBS, MEASURE_HEADS, METRIC_TRAIL_WORDS, PREDICATE_VERBS } from './tables/metrics';
import { escapeRegExp, WordIndex } from './text-search';
import { BREAKS, CLAUSE_END } from './text';

/**
 * A target's metric: the shortest phrase that names what its number counts, read from the clause around
 * the number. The shapes, in the order they are tried:
 * - a range's second number names what its first does (增长4.5%—5%);
 * - a list of values after one subject list (水果、蔬菜、茶叶产量分别达2050万吨、4200万吨、19万吨): each
 *   value takes its own member with the shared head (蔬菜产量);
 * - a list of counted things after one verb (新建5个A、10个B): the later ones take that verb (新建B);
 * - the subject before a comparator verb (…比例达到95%), or a counting verb with the noun after the number
 *   (新建1所老年大学 → 新建老年大学), a list of names before the number giving way to its head
 *   (开工瑶南新二中、区十二幼等学校5所 → 开工学校);
 * - a kind of measure standing alone (动工率达60%) takes what the clause before names.
 */

/** What a previous item of the same pass left: where it ended and the metric it got. */
export interface PreviousMetric {
  end: number;
  metric: string | null;
}

const MAX_METRIC = 40;
const CJK = '\\u4e00-\\u9fa5';
const alternation = (words: readonly string[]) => [...words].sort((x, y) => y.length - x.length).map(escapeRegExp).join('|');

const METRIC_LEAD = new RegExp(
  '^(?:[\\s“”]*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十0-9]+[)）]|[0-9０-９]{1,2}[.．、](?![0-9０-９]))' +
    '|[\\s“”]*(?:(?:到|至|在|于)?(?:20\\d\\d|２０[０-９]{2})\\s*(?:学)?年(?:底|末|前|内)?(?:前)?|年(?:底|末|内)(?:前)?)' +
    `|[\\s“”]*(?:${alternation(DOING_VERBS)}|努力|保障|全年|每年|每学年|今年|明年|秋季|春季|年内|并|同时|进一步|继续|持续|全面|共|全区|全市|全省|全县|我区|我市|我省|我县|，|,|及|和|与|、|\\)|）))+`,
  'u',
);
const TRAIL_INDEX = new WordIndex([...METRIC_TRAIL_WORDS].sort((x, y) => y.length - x.length));
const COUNTING_VERBS = new Set(COUNTING_VERB_LIST);
const COUNTING_VERB_BEFORE_NUMBER = new RegExp(`(${alternation(COUNTING_VERB_LIST)})(?=[超约近]?[0-9０-９一二三四五六七八九十两百千万])`, 'gu');
const BARE = new Set(BARE_MEASURES);
const DE_BEFORE_HEAD = new RegExp(`的(?=(?:${alternation(MEASURE_HEADS)})$)`, 'u');
/** A ratio stated against its base (比例为符合交流条件教师总数的): the measure ends at its head. */
const RATIO_OF_BASE = new RegExp(`^(.{2,}?(?:${alternation(MEASURE_HEADS)}))(?:为|是|占|不低于|不高于|不少于|达到|达).{2,}的$`, 'u');
/** A baseline inside the phrase (近视率在2019年的基础上每年降低): what it is measured against, not what is measured. */
const BASELINE = /(?:在|以|比|较)(?:19|20)\d\d\s*年(?:底|末)?(?:的)?(?:基础上|水平上)?/u;
const NOUN_AFTER = new RegExp(
  `^(?!、)[${CJK}“”（）()、A-Za-z]{2,24}?(?=的|(?:${alternation(PREDICATE_VERBS)})|达(?=到|[0-9０-９])|[0-9０-９，,。；;：:]|[、及和与](?:[0-9０-９]|累计)|$)`,
  'u',
);
/** A noun that runs on without a stop (30万以上参保孕产妇产前检查、住院分娩等…): its first words. */
const NOUN_RUN = new RegExp(`^[${CJK}“”]{2,12}`, 'u');
/** Qualifiers between the measure word and the noun: 5个以上紧密型…, 50万名3岁以下婴幼儿. */
const NOUN_QUALIFIER = /^(?:以上|以下|左右|多|余)?(?:[（(][\u4e00-\u9fa5]{1,3}[）)])?(?:[0-9０-９]+(?:周岁|岁)(?:以下|以上|及以下|及以上)?)?/u;
const VERB_FIRST = new RegExp(`^(?:${alternation(PREDICATE_VERBS.filter((v) => v.length > 1))})`, 'u');
const NEXT_COMPARATOR = new RegExp(`^(?:${alternation(METRIC_TRAIL_WORDS.filter((w) => w.length > 1 || w === '达' || w === '为'))})?[0-9０-９]`, 'u');
/** A subject that ends in a modal and a counting verb (中央预算内投资拟安排[7350]亿元): the subject is the measure. */
const MODAL_VERB_AT_END = new RegExp(`^(.{2,}?)(?:拟|将|计划|预计|要)(?:${alternation(COUNTING_VERB_LIST)})$`, 'u');
/** 等 that closes a list, not the 等 of 等级, 等同, 等于. */
const LIST_END = /等(?![级同于待次])/gu;
/** The clause's verb phrase after the counted noun, up to the clause's end: 320家A、40家B[实现全流程检查评价全覆盖]. */
function predicateAfter(text: string, from: number, clauseEnd: number): string {
  return PREDICATE.exec(text.slice(from, clauseEnd))?.[1] ?? '';
}

/** What stands between a list's values: 2050万吨、4200万吨、[19]万吨 (a unit of at most three characters). */
const VALUE_CHAIN = new RegExp(
  `(?:[超约近]?[0-9０-９][0-9０-９.．,]*\\s*(?:[万亿千百]+)?[${CJK}%％‰]{0,3}?(?:以上|以下|左右)?\\s*(?:、|和|及|与)\\s*)+$`,
  'u',
);
const RANGE_GAP = /^\s*(?:-|－|—|——|–|~|～|至|到)\s*$/u;
/** A list member's end: 新建5个[市级托育综合服务中心、]10个… */
const LIST_TAIL = /(?:^|[\u4e00-\u9fa5）)”])\s*(?:、|和|及|与|以及)\s*$/u;
const BENEFICIARY = /为$|为(?:超|约|近|全省|全市|全区|全县)+$/u;
const DOING_AT_END = new RegExp(`(?:${alternation(DOING_VERBS.slice(0, 12))})$`, 'u');
const MEASURE_HEAD_AT_END = new RegExp(`(?:${alternation(MEASURE_HEADS)})$`, 'u');
const PREDICATE = new RegExp(`^(?:、[0-9０-９][^，,。；;]*?)?((?:${alternation(PREDICATE_VERBS.filter((v) => v !== '到' && v !== '免费'))})[^，,。；;：:（(]{2,20})(?=[，,。；;：:（(]|$)`, 'u');
const SEPARATOR = /[、，,和及与\s]/u;
const FRAMED_MODAL = /^.{0,12}?(?:(?:19|20)\d\d\s*年(?:底|末|内)?(?:要|将|拟|计划|力争|争取|确保)+|(?:目标是|目标为|任务是|任务为)(?:要|将|拟|计划|力争|争取|确保)*)/u;
/** Generic words after 的 that frame a count rather than name it (新增百万座学位的任务目标). */
const FRAME_WORDS = /^(?:任务目标|目标任务|目标|任务|要求)/u;
const CHANGE_FIRST = /^(?:提高|提升|增加|降低|下降|增长|减少|扩大)/u;
const DOING_INSIDE = /(?:组织开展|开展|进行)/u;
/** A quoted slogan of many words (“岗位需求+技能培训+技能评价+就业服务”) qualifies the measure without naming it. */
const LONG_QUOTE = /“[^”]{9,}”/gu;
/** A short service done to those counted, up to the clause's end: 为1万名儿童[进行心理健康评估干预]. */
const SERVICE = /^(?:进行|开展)([\u4e00-\u9fa5]{2,10})$/u;

export function metricOf(
  text: string,
  q: Quantity,
  clauseStart: number,
  clauseEnd: number,
  floor = clauseStart,
  prev: PreviousMetric | null = null,
): string | null {
  const e = numberLeftEdge(text, q.numStart, clauseStart);
  if (prev && prev.metric && prev.end >= clauseStart && prev.end <= e && RANGE_GAP.test(text.slice(prev.end, e))) return prev.metric;
  const after = nounAfter(text, q.end, clauseEnd);
  let from = Math.max(clauseStart, floor);
  // A number glued into the phrase (公交与轨道50米内换乘比例) does not cut it.
  if (from > clauseStart && !SEPARATOR.test(text.slice(from, e))) from = clauseStart;
  const listed = listedMetric(text, clauseStart, e);
  if (listed) return listed;
  const local = text.slice(from, e);
  // 新建5个A、[10]个B: a later member of a list of counted things takes the list's verb.
  if (from > clauseStart && after && LIST_TAIL.test(local)) {
    const verb = verbBeforeList(text.slice(clauseStart, from));
    return `${verb}${after.noun}${verb ? '' : predicateAfter(text, after.end, clauseEnd)}`.slice(0, MAX_METRIC);
  }
  const m = phraseMetric(local, 0, after && { ...after, predicate: () => predicateAfter(text, after.end, clauseEnd), percent: q.unit === '%' });
  if (m && BARE.has(m)) return `${from > clauseStart ? (prev?.metric ?? '') : previousClauseSubject(text, clauseStart)}${m}`.slice(0, MAX_METRIC);
  return prev?.metric && prev.end >= clauseStart - 60 ? elliptical(m, local, prev.metric) : m;
}

/**
 * A metric the clause leaves half-said takes the rest from the target before it: 全年新增[2.31]万个 after
 * 新增公办义务教育学位1.47万个 → 新增公办义务教育学位; 散居孤儿从1536元提高到[1567]元 after 集中供养孤儿基本生活
 * 保障标准从…提高到… → 散居孤儿基本生活保障标准 (the word both name, 孤儿, joins them).
 */
function elliptical(m: string | null, raw: string, prevMetric: string): string | null {
  if (m === null) return m;
  if (COUNTING_VERBS.has(m)) {
    const v = lastCountingVerb(prevMetric);
    return v === -1 ? m : `${m}${prevMetric.slice(v)}`.slice(0, MAX_METRIC);
  }
  if (!raw.includes('从') || MEASURE_HEAD_AT_END.test(m) || /标准$/u.test(m)) return m;
  const own = m.replace(/[（(][^）)]*[）)]$/u, '');
  if (prevMetric.startsWith(own) && prevMetric.length > own.length) return prevMetric;
  const k = own.length >= 2 ? prevMetric.indexOf(own.slice(-2)) : -1;
  return k === -1 || k + 2 >= prevMetric.length ? m : `${own}${prevMetric.slice(k + 2)}`.slice(0, MAX_METRIC);
}

/** Where the thing counted starts in a metric, after its last counting verb (回收接转新增[公办义务教育学位]). */
function lastCountingVerb(metric: string): number {
  for (let i = metric.length - 2; i >= 0; i--) for (let n = 3; n >= 2; n--) if (COUNTING_VERBS.has(metric.slice(i, i + n))) return i + n;
  return -1;
}

/** How far back a long subject list before 分别 may begin, and how far back an elided one is looked for. */
const LIST_REACH = 120;
const ELIDED_LIST_REACH = 200;

/**
 * A value of a list (学前教育毛入园率、义务教育巩固率分别达到90%、[99]%): its own member of the subject list.
 * A list whose subject is left out (2020年分别达到98%、[99]%) takes the list before it in the text.
 */
function listedMetric(text: string, clauseStart: number, e: number): string | null {
  let start = clauseStart;
  const shared = text.slice(start, e).includes('分别');
  // Most numbers stand in no list: only a joint right before the number (、[99]%) can end a values chain.
  if (!shared && !LIST_JOINT_CODES.has(text.charCodeAt(skipSpacesBack(text, e, start) - 1))) return null;
  if (shared) start = clauseStartBefore(text, clauseStart, LIST_REACH);
  const clause = text.slice(start, e);
  const chain = VALUE_CHAIN.exec(clause);
  const index = chain && chain.index > 0 ? countValues(chain[0]) : 0;
  const head = index > 0 ? clause.slice(0, chain!.index) : clause;
  if (index === 0 && !head.includes('分别')) return null;
  const m = phraseMetric(head, index, null);
  if (m || !head.includes('分别') || subjectOf(head.slice(0, head.lastIndexOf('分别')))) return m;
  const window = Math.max(0, start - ELIDED_LIST_REACH);
  const k = text.slice(window, start).lastIndexOf('分别');
  if (k === -1) return null;
  const before = window + k;
  return memberOf(subjectOf(text.slice(clauseStartBefore(text, before, LIST_REACH), before)), index);
}

const LIST_JOINT_CODES = new Set([...'、和及与'].map((c) => c.charCodeAt(0)));

function skipSpacesBack(text: string, e: number, min: number): number {
  while (e > min && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 0x3000)) e--;
  return e;
}

/** The start of the clause holding `pos`, looking back at most `reach` characters. */
function clauseStartBefore(text: string, pos: number, reach: number): number {
  let s = pos;
  const min = Math.max(0, pos - reach);
  while (s > min && (BREAKS[text.charCodeAt(s - 1)] & CLAUSE_END) === 0) s--;
  return s;
}

/** Where the phrase before a number ends: comparator symbols, 约/近 and spaces right before it are cut. */
function numberLeftEdge(text: string, numStart: number, min: number): number {
  let e = numStart;
  for (let c = text.charCodeAt(e - 1); e > min && (c <= 32 || c === 0x3000 || c === 0x7ea6 || c === 0x8fd1 || c === 60 || c === 61 || c === 62 || c === 0xff1c || c === 0xff1e || (c >= 0x2264 && c <= 0x2267)); c = text.charCodeAt(e - 1)) e--;
  return e;
}

const countValues = (chain: string) => (chain.match(/(?:、|和|及|与)/gu) ?? []).length;

interface After {
  noun: string;
  /** What happens to the counted things, when the clause goes on with a verb (开展全域幸福河湖建设). */
  predicate: () => string;
  percent: boolean;
  /** The noun follows the number's unit directly, without 的 (100%家访). */
  direct: boolean;
}

/**
 * The metric from the phrase before the number and the noun after it. `index` is the number's place in a
 * list of values (分别达90%、[95]%), which picks its member of a subject list.
 */
function phraseMetric(raw: string, index: number, after: After | null): string | null {
  let b = subjectOf(raw);
  const shared = /分别/u.test(raw) || index > 0;
  b = stripTrail(b.replace(/分别/gu, ''));
  if (shared && b.includes('、') && !/[0-9０-９]/u.test(b)) return memberOf(b, index);
  if (index > 0) return null;
  const named = namesListHead(b);
  if (named !== null) return named ? named : after ? `${leadingCountingVerb(b)}${after.noun}`.slice(0, MAX_METRIC) : null;
  if (after) return withNoun(b, raw, after);
  return b ? (MODAL_VERB_AT_END.exec(b)?.[1] ?? b).slice(-MAX_METRIC) : null;
}

/** The subject before the number joined with the noun after it, by which of the two names what is counted. */
function withNoun(b: string, raw: string, after: After): string | null {
  const { noun, predicate, percent } = after;
  const verb = countingVerbAtEnd(b);
  if (verb) return `${b.endsWith(`累计${verb}`) ? '累计' : ''}${verb}${noun}`.slice(0, MAX_METRIC);
  // 上半年集中立项的[25]个中小学: the phrase before modifies the noun.
  if (b.endsWith('的')) return `${b}${noun}`.slice(-MAX_METRIC);
  if (!b) {
    // 为超8000名孤独症儿童免费提供… counts the children served; 50%的X达到… is a share of X; 5个县开展… counts those that do.
    if (BENEFICIARY.test(raw)) return `${noun}${SERVICE.exec(predicate())?.[1] ?? ''}`;
    if (percent) return MEASURE_HEAD_AT_END.test(noun) ? noun : `${noun}${after.direct && noun.length <= 4 ? '覆盖率' : '比例'}`;
    return `${noun}${predicate()}`.slice(0, MAX_METRIC);
  }
  // 随迁子女100%统筹安排入读公办学校: the share of the subject that the verb phrase after the number reaches.
  if (percent && VERB_FIRST.test(noun) && !CHANGE_FIRST.test(noun)) return `${b.slice(b.lastIndexOf('的') + 1)}${noun}比例`.slice(-MAX_METRIC);
  // A subject that ends in a verb of doing (各级各类学校组织开展) or is a list of names (桥兴中学、…和象达中学) names nothing counted.
  if (DOING_AT_END.test(b) || b.includes('、') || !/[\u4e00-\u9fa5]{3,}/u.test(b.slice(-4)) || (b.length <= 5 && /^[\u4e00-\u9fa5]{2,}$/u.test(b))) return noun;
  return b.slice(-MAX_METRIC);
}

/** The subject phrase: list markers, time words and verbs of doing dropped from the start, comparator words from the end. */
function subjectOf(raw: string): string {
  let s = raw;
  // An unclosed bracket opens the phrase: 目标（中考成绩排广州市前[4]名）.
  const open = Math.max(s.lastIndexOf('（'), s.lastIndexOf('('));
  if (open !== -1 && s.indexOf('）', open) === -1 && s.indexOf(')', open) === -1) s = s.slice(open + 1);
  s = stripTrail(s.replace(METRIC_LEAD, '').replace(/^[“”\s]+$/u, ''));
  // 从77%提高到80%: the subject stands before 从 (for the 77 too, and its rate: 从每人每月1536元).
  s = stripTrail(s.replace(/从(?:每[\u4e00-\u9fa5]{1,4})?$/u, ''));
  const from = s.lastIndexOf('从');
  if (from > 0 && /[0-9０-９]/u.test(s.slice(from))) s = stripTrail(s.slice(0, from));
  s = trimEnd(s);
  // 天津2025年计划新建、改扩建中小学校 / 任务目标是计划新建…: the place, year or frame before the modal names nothing counted.
  const framed = FRAMED_MODAL.exec(s);
  if (framed && s.length - framed[0].length >= 2) s = s.slice(framed[0].length);
  const ratio = RATIO_OF_BASE.exec(s);
  if (ratio) s = ratio[1];
  s = s.replace(BASELINE, '');
  // 为在岗养老护理员…开展职业技能培训: what is done, after the verb of doing, is what is counted.
  const doing = DOING_INSIDE.exec(s);
  if (doing && doing.index > 0 && s.length - doing.index - doing[0].length >= 2) s = s.slice(doing.index + doing[0].length);
  return s.replace(LONG_QUOTE, '').replace(DE_BEFORE_HEAD, '');
}

function stripTrail(s: string): string {
  let end = s.length;
  for (let w = TRAIL_INDEX.endingAt(s, end); w !== null; w = TRAIL_INDEX.endingAt(s, end)) end -= w.length;
  return trimEnd(end === s.length ? s : s.slice(0, end));
}

const isTrimChar = (c: number) => c <= 32 || c === 0x3000 || c === 0xff0c /* ， */ || c === 44 || c === 0xff1a || c === 58 || c === 0xff1b || c === 59 || c === 0x3001 /* 、 */;

function trimEnd(s: string): string {
  let k = s.length;
  while (k > 0 && isTrimChar(s.charCodeAt(k - 1))) k--;
  return s.slice(0, k).trim();
}

/**
 * One member of a subject list with the list's shared head: in 水果、蔬菜、茶叶产量 the head 产量 is what
 * the last member has beyond the first's length (蔬菜产量); members as long as each other share nothing
 * (学前教育毛入园率、九年义务教育巩固率).
 */
function memberOf(list: string, index: number): string | null {
  const members = list.split('、').filter(Boolean);
  // …高等教育毛入学率和新增劳动力人均受教育年限: the last two joined by 和 are two members when both are full phrases.
  const pair = /^(.{4,})(?:和|及|与)(.{4,})$/u.exec(members[members.length - 1]);
  if (pair && members.length > 1) members.splice(members.length - 1, 1, pair[1], pair[2]);
  if (index >= members.length) return null;
  const last = members[members.length - 1];
  if (index === members.length - 1) return last;
  const first = members[0];
  const head = last.length - first.length >= 2 && !MEASURE_HEAD_AT_END.test(first) ? last.slice(first.length) : '';
  return `${members[index]}${head}`.slice(0, MAX_METRIC);
}

/**
 * A list of names before the number gives way to its head: 开工瑶南新二中、区十二幼等学校 → 开工学校. Returns
 * null when the phrase holds no such list, '' when the head is the noun after the number (…等4所学校).
 */
function namesListHead(b: string): string | null {
  let k = -1;
  LIST_END.lastIndex = 0;
  for (let m = LIST_END.exec(b); m; m = LIST_END.exec(b)) k = m.index;
  if (k === -1) return null;
  const head = b.slice(k + 1);
  const verb = leadingCountingVerb(b.slice(0, k));
  // Kinds of two characters each (心理、法律、维权、调解等个案服务) say what is counted: they stay.
  if (b.slice(verb.length, k).split('、').every((w) => w.length <= 2)) return null;
  if (!head) return '';
  return head.length >= 2 ? `${verb}${head}`.slice(0, MAX_METRIC) : null;
}

/** The counting verb that opens a phrase, with what stands before it (布局实施人工智能… → 布局实施). */
function leadingCountingVerb(s: string): string {
  const first = s.split('、')[0];
  COUNTING_VERB_BEFORE_NUMBER.lastIndex = 0;
  for (let n = 3; n >= 2; n--) {
    for (let i = 0; i + n <= Math.min(first.length, 6); i++) if (COUNTING_VERBS.has(first.slice(i, i + n))) return first.slice(0, i + n);
  }
  return '';
}

function countingVerbAtEnd(s: string): string {
  for (let n = 4; n >= 2; n--) if (s.length >= n && COUNTING_VERBS.has(s.slice(-n))) return s.slice(-n);
  return '';
}

/** The counting verb of a list of counted things (新建5个A、[10]个B), read before its first number. */
function verbBeforeList(s: string): string {
  let verb = '';
  COUNTING_VERB_BEFORE_NUMBER.lastIndex = 0;
  for (let m = COUNTING_VERB_BEFORE_NUMBER.exec(s); m; m = COUNTING_VERB_BEFORE_NUMBER.exec(s)) verb = m[1];
  return verb;
}

/** The noun after the number (建设十所[样板化智慧安保校园]); a list of names before its head keeps the head. */
function nounAfter(text: string, end: number, clauseEnd: number): { noun: string; end: number; direct: boolean } | null {
  const rest = text.slice(end, Math.max(end, clauseEnd));
  let at = NOUN_QUALIFIER.exec(rest)![0].length;
  const direct = at === 0 && rest.charCodeAt(0) !== 0x7684;
  if (rest.charCodeAt(at) === 0x7684 /* 的 */) at++;
  // A bracket right after the unit opens an aside (31123人(公办17280…)), not the noun.
  if (rest.charCodeAt(at) === 0xff08 || rest.charCodeAt(at) === 40) return null;
  const m = NOUN_AFTER.exec(rest.slice(at)) ?? NOUN_RUN.exec(rest.slice(at));
  if (!m) return null;
  let noun = m[0];
  let stop = at + noun.length;
  // A verb right after the number is what is counted (24小时[提供免费心理疏导]): read on to the punctuation.
  if (VERB_FIRST.test(noun)) {
    const whole = /^[^，,。；;：:、（(0-9０-９]{2,24}/u.exec(rest.slice(at));
    if (whole) return { noun: whole[0], end: end + at + whole[0].length, direct };
  }
  // 5个紧密型城市医疗集团、区级覆盖率达80%: after 、 stands the next number's subject.
  const cut = noun.lastIndexOf('、');
  if (cut > 0 && NEXT_COMPARATOR.test(rest.slice(stop))) {
    noun = noun.slice(0, cut);
    stop = at + cut;
  }
  // X的Y: what is counted is Y of X (30所公办幼儿园的改扩建工程); a list of qualities gives way (吸引力强、带动面广的消费场景).
  if (rest.charCodeAt(stop) === 0x7684) {
    const more = NOUN_AFTER.exec(rest.slice(stop + 1));
    // 对20个中考考点的保管室、监控室…进行改造: what 进行 acts on is the parts, the count is of X.
    if (more && !rest.startsWith('进行', stop + 1 + more[0].length) && !FRAME_WORDS.test(more[0])) {
      noun = noun.includes('、') ? more[0] : `${noun}的${more[0]}`;
      stop += 1 + more[0].length;
    }
  }
  noun = noun.replace(/[“”]/gu, '');
  if (/(?:以上|以下|左右)$/u.test(noun) || noun.length < 2) return null;
  return { noun: listHead(noun), end: end + stop, direct };
}

/** A list of names closed by 等 gives way to its head when the head says enough (视力、听力等残疾儿童 → 残疾儿童). */
function listHead(noun: string): string {
  let k = -1;
  LIST_END.lastIndex = 0;
  for (let m = LIST_END.exec(noun); m; m = LIST_END.exec(noun)) k = m.index;
  return k !== -1 && noun.length - k - 1 >= 3 ? noun.slice(k + 1) : noun;
}

/**
 * What the clause before names, for a kind of measure standing alone: 改扩建公办幼儿园30所，[动工率]达60% →
 * 改扩建公办幼儿园. Only within the sentence, and only a phrase without a number's tail.
 */
function previousClauseSubject(text: string, clauseStart: number): string {
  const sep = text.charCodeAt(clauseStart - 1);
  if (sep !== 0xff0c && sep !== 44 && sep !== 0x3001) return '';
  let s = clauseStart - 1;
  const min = Math.max(0, s - 40);
  while (s > min && !/[，,。；;：:！？\n]/u.test(text[s - 1])) s--;
  const prevClause = text.slice(s, clauseStart - 1);
  const digit = prevClause.search(/[0-9０-９]/u);
  const phrase = subjectOf(digit === -1 ? prevClause : prevClause.slice(0, digit));
  return /^[\u4e00-\u9fa5“”（）()]{2,20}$/u.test(phrase) ? phrase : '';
}

/** A city and district before a name (广州市海珠区华海双语学校): the report's own place, no part of the measure. */
const PLACE_PREFIX = /^[\u4e00-\u9fa5]{2,3}(?:省|市)[\u4e00-\u9fa5]{2,3}(?:市|区|县)(?=[\u4e00-\u9fa5]{4,})/u;
/** A facility built with the school (配套学校及地下停车库建设工程) and the word 建设工程 after a school's name. */
const ATTACHED_WORKS = /及[\u4e00-\u9fa5]{2,12}?建设工程|(?<=学校|小学|中学|幼儿园)建设工程/u;

/**
 * A table row's label as a metric: a project row names the school whose places it counts, without the
 * city and district the whole report is about or the works built with it.
 */
export function tidyLabel(label: string | null): string | null {
  if (label === null) return null;
  return label.replace(PLACE_PREFIX, '').replace(ATTACHED_WORKS, '');
}
