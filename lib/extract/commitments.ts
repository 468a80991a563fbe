import type { Span } from './text';
import {
  ACTIVITY_OUTCOMES, VAGUE_OBJECT_START, FRAMING_LEADS, FRAMING_PHRASES, MODAL_OUTCOMES, VAGUE_DOCUMENT, VAGUE_OBJECT_END,
  ACTIVITY_VERBS, BARE_COVERAGE_PATTERN, BODY_NOUNS, BODY_VERBS, COMMITMENT_MAX_LENGTH, COMPLETED_SUBJECT_PATTERN, COVERAGE_PATTERN,
  DELIVERY_VERBS, DOCUMENT_NOUNS, DOCUMENT_VERBS, EVENT_PATTERN, LEAD_RESULTS, LEVEL_PATTERN, PROJECT_NOUNS, RESULT_LEADS, START_VERBS,
  STRONG_MODALS, TIME_BOUNDS, TIME_BOUND_PATTERN, TITLE_PATTERN, ZERO_PATTERN,
} from './tables/commitments';
import { escapeRegExp, includesAny } from './text-search';

const CLAUSE_SPLIT = /[，,；;：:。！？!?]/gu;
const OUTCOME_PATTERN = /实现[^，,。；;]{0,20}目标|(?:居|位列|保持)[^，,。；;]{0,12}前列/u;
const VAGUE_AFTER_MODAL = /^(?:增强|树立|坚持|提高|提升|加强|推进|深化|意识)/u;

/** Why a clause is a commitment, or null: the GUIDE's three signals, each read from a table. */
export function commitmentSignal(clause: string): string | null {
  const modal = includesAny(clause, STRONG_MODALS);
  if (modal) {
    const rest = clause.slice(clause.indexOf(modal) + modal.length);
    if (!VAGUE_AFTER_MODAL.test(rest) && includesAny(rest.replace(ACTIVITY_OUTCOMES, ''), MODAL_OUTCOMES)) return 'modal';
    if (hasDeliverable(rest)) return 'modal';
  }
  if (TIME_BOUND_PATTERN.test(clause)) return 'time bound';
  for (const w of TIME_BOUNDS) if (clause.includes(w) && hasDeliverable(clause)) return 'time bound';
  return hasDeliverable(clause);
}

function hasDeliverable(clause: string): string | null {
  if (COVERAGE_PATTERN.test(clause) || BARE_COVERAGE_PATTERN.test(clause)) return 'coverage';
  if (COMPLETED_SUBJECT_PATTERN.test(clause)) return 'delivery';
  if (ZERO_PATTERN.test(clause)) return 'zero';
  if (OUTCOME_PATTERN.test(clause)) return 'outcome';
  const vagueEnd = VAGUE_OBJECT_END.some((w) => clause.endsWith(w));
  for (const v of DELIVERY_VERBS) {
    const i = clause.indexOf(v);
    // 把农业建成现代化大产业: 把/将…建成 makes one thing into another, it delivers nothing new.
    if (i !== -1 && clause.length - i - v.length >= 2 && !vagueEnd && !/[把将]/u.test(clause.slice(0, i)) && !VAGUE_OBJECT_START.some((w) => clause.startsWith(w, i + v.length))) return 'delivery';
  }
  for (const v of DOCUMENT_VERBS) {
    const i = clause.indexOf(v);
    const object = i === -1 ? '' : clause.slice(i + v.length);
    // 编制了《…》 reports a document already issued.
    if (i !== -1 && !object.startsWith('了') && includesAny(object, DOCUMENT_NOUNS) && !includesAny(object, VAGUE_DOCUMENT)) return 'document';
  }
  for (const v of BODY_VERBS) {
    const i = clause.indexOf(v);
    if (i !== -1 && includesAny(clause.slice(i + v.length), BODY_NOUNS)) return 'body';
  }
  for (const v of START_VERBS) {
    const i = clause.indexOf(v);
    const object = i === -1 ? '' : clause.slice(i + v.length).replace(/[”"]+$/u, '');
    // 启动具备条件的…项目 names no project: those that are ready.
    if (i !== -1 && PROJECT_NOUNS.some((n) => object.endsWith(n)) && !/^(?:谋划|实施|开展|推进|具备条件)/u.test(object)) return 'start';
  }
  return null;
}

/** Any word that can make a clause a commitment: sentences without one are not split into clauses at all. */
export const COMMITMENT_TRIGGER = new RegExp(
  [
    ...[...STRONG_MODALS, ...TIME_BOUNDS, ...DELIVERY_VERBS, ...DOCUMENT_VERBS, ...BODY_VERBS, ...START_VERBS, '全覆盖', '达标', '全部达到', '为零', '“零”', '前列'].map(escapeRegExp),
    // the shapes of LEVEL_PATTERN, TITLE_PATTERN, COMPLETED_SUBJECT_PATTERN, LEAD_RESULTS, ZERO_PATTERN and EVENT_PATTERN
    '同步', '不低于', '达到', '接近', '基本稳定', '倍增', '下达', '争创', '创建', '完工', '具备', '投运', '投产', '出台', '清零', '收官战', '召开',
    OUTCOME_PATTERN.source,
    TIME_BOUND_PATTERN.source,
  ].join('|'),
  'u',
);

/** Clause spans of a sentence, trimmed. */
export function clausesOf(text: string, s: Span): Span[] {
  const out: Span[] = [];
  const seg = text.slice(s.start, s.end);
  let start = 0;
  CLAUSE_SPLIT.lastIndex = 0;
  const push = (a: number, b: number) => {
    while (a < b && /[\s”]/.test(seg[a])) a++;
    const marker = /^(?:[0-9０-９]{1,3}[.．、]\s*|[（(][一二三四五六七八九十0-9]{1,3}[)）]\s*|[一二三四五六七八九十]{1,3}[是、]\s*)/u.exec(seg.slice(a, b));
    if (marker) a += marker[0].length;
    while (b > a && /\s/.test(seg[b - 1])) b--;
    if (b > a) out.push({ start: s.start + a, end: s.start + b });
  };
  for (let m = CLAUSE_SPLIT.exec(seg); m; m = CLAUSE_SPLIT.exec(seg)) {
    push(start, m.index);
    start = m.index + 1;
  }
  push(start, seg.length);
  return out;
}

export function isCommitmentClause(clause: string): string | null {
  if (clause.length < 5 || clause.length > COMMITMENT_MAX_LENGTH * 1.5) return null;
  const lead = clause.replace(/^(?:[一二三四五六七八九十]+是|[0-9]+[.．、]|[（(][一二三四五六七八九十0-9]+[)）])/u, '').replace(/^(?:全力|进一步|要|并|同时|全面|切实)/u, '');
  // Modals inside quotes belong to a slogan, not to this clause.
  const unquoted = lead.replace(/“[^”]*”/gu, '“”');
  if (FRAMING_PHRASES.some((w) => lead.includes(w))) return null;
  // A level a goal list keeps and a title to win pledge whatever leads them (按照国家要求完成…任务, 支持…争创…).
  if (LEVEL_PATTERN.test(unquoted)) return 'level';
  if (TITLE_PATTERN.test(unquoted)) return 'title';
  if (EVENT_PATTERN.test(lead)) return 'event';
  if (FRAMING_LEADS.some((w) => lead.startsWith(w))) return null;
  if (RESULT_LEADS.some((v) => lead.startsWith(v)) && LEAD_RESULTS.test(lead) && !VAGUE_OBJECT_END.some((w) => lead.endsWith(w))) return 'delivery';
  if (ACTIVITY_VERBS.some((v) => lead.startsWith(v)) && !includesAny(unquoted, STRONG_MODALS) && !COVERAGE_PATTERN.test(lead)) {
    // 「推进全面完成…任务」 still pledges a completion; 「推进…挂牌…工作」 does not.
    if (!/(?:全面|如期|按时)完成|完成[^，]*任务/u.test(lead)) return null;
  }
  return commitmentSignal(unquoted);
}
