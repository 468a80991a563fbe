import type { ReasonRule } from '../schema/item';
import type { Span } from './text';
import {
  ACTIVITY_OUTCOMES, VAGUE_OBJECT_START, FRAMING_LEADS, FRAMING_PHRASES, MODAL_OUTCOMES, VAGUE_DOCUMENT, VAGUE_OBJECT_END,
  ACTIVITY_VERBS, BARE_COVERAGE_PATTERN, BODY_NOUNS, BODY_VERBS, COMMITMENT_MAX_LENGTH, COMPLETED_SUBJECT_PATTERN, COVERAGE_PATTERN,
  DELIVERY_VERBS, DOCUMENT_NOUNS, DOCUMENT_VERBS, EVENT_PATTERN, LEAD_RESULTS, LEVEL_PATTERN, PROJECT_NOUNS, RESULT_LEADS, START_VERBS,
  STRONG_MODALS, TIME_BOUNDS, TIME_BOUND_PATTERN, TITLE_PATTERN, ZERO_PATTERN,
} from './tables/commitments';
import { includesAny, WordIndex } from './text-search';

const CLAUSE_SPLIT = /[，,；;：:。！？!?]/gu;
const OUTCOME_PATTERN = /实现[^，,。；;]{0,20}目标|(?:居|位列|保持)[^，,。；;]{0,12}前列/u;
const VAGUE_AFTER_MODAL = /^(?:增强|树立|坚持|提高|提升|加强|推进|深化|意识)/u;

/** Why a clause is a commitment: the guide's signal (ReasonRule) and the word of the clause that gave it. */
export interface CommitmentSignal {
  rule: ReasonRule;
  marker: string;
}

/** The short word of a pattern's match that names its signal (实现…全覆盖 → 全覆盖, 争创… → 争创). */
const MARKER_WORD = /全覆盖|全部达标|全面达标|全部达到|为零|“零”|同步|不低于|达到|接近|基本稳定|倍增|下达|按照国家要求|争创|创建|召开|收官战|清零|完工|竣工|投用|投运|投入使用|具备[^，,。；;]{2}条件|前列|目标/u;

/** The signal `rule` if `pattern` matches `clause`, its marker the match's short word. */
function matched(rule: ReasonRule, pattern: RegExp, clause: string): CommitmentSignal | null {
  const m = pattern.exec(clause);
  return m ? { rule, marker: MARKER_WORD.exec(m[0])?.[0] ?? m[0] } : null;
}

/** Why a clause is a commitment, or null: the GUIDE's three signals, each read from a table. */
export function commitmentSignal(clause: string): CommitmentSignal | null {
  const modal = includesAny(clause, STRONG_MODALS);
  if (modal) {
    const rest = clause.slice(clause.indexOf(modal) + modal.length);
    if (!VAGUE_AFTER_MODAL.test(rest) && includesAny(rest.replace(ACTIVITY_OUTCOMES, ''), MODAL_OUTCOMES)) return { rule: 'modal', marker: modal };
    if (deliverableOf(rest)) return { rule: 'modal', marker: modal };
  }
  const bound = TIME_BOUND_PATTERN.exec(clause);
  if (bound) return { rule: 'time bound', marker: bound[0] };
  for (const w of TIME_BOUNDS) if (clause.includes(w) && deliverableOf(clause)) return { rule: 'time bound', marker: w };
  return deliverableOf(clause);
}

function deliverableOf(clause: string): CommitmentSignal | null {
  const shape =
    matched('coverage', COVERAGE_PATTERN, clause) ?? matched('coverage', BARE_COVERAGE_PATTERN, clause) ??
    matched('delivery', COMPLETED_SUBJECT_PATTERN, clause) ?? matched('zero', ZERO_PATTERN, clause) ?? matched('outcome', OUTCOME_PATTERN, clause);
  if (shape) return shape;
  const vagueEnd = VAGUE_OBJECT_END.some((w) => clause.endsWith(w));
  for (const v of DELIVERY_VERBS) {
    const i = clause.indexOf(v);
    // 把农业建成现代化大产业: 把/将…建成 makes one thing into another, it delivers nothing new.
    if (i !== -1 && clause.length - i - v.length >= 2 && !vagueEnd && !/[把将]/u.test(clause.slice(0, i)) && !VAGUE_OBJECT_START.some((w) => clause.startsWith(w, i + v.length))) return { rule: 'delivery', marker: v };
  }
  for (const v of DOCUMENT_VERBS) {
    const i = clause.indexOf(v);
    const object = i === -1 ? '' : clause.slice(i + v.length);
    // 编制了《…》 reports a document already issued.
    if (i !== -1 && !object.startsWith('了') && includesAny(object, DOCUMENT_NOUNS) && !includesAny(object, VAGUE_DOCUMENT)) return { rule: 'document', marker: v };
  }
  for (const v of BODY_VERBS) {
    const i = clause.indexOf(v);
    if (i !== -1 && includesAny(clause.slice(i + v.length), BODY_NOUNS)) return { rule: 'body', marker: v };
  }
  for (const v of START_VERBS) {
    const i = clause.indexOf(v);
    const object = i === -1 ? '' : clause.slice(i + v.length).replace(/[”"]+$/u, '');
    // 启动具备条件的…项目 names no project: those that are ready.
    if (i !== -1 && PROJECT_NOUNS.some((n) => object.endsWith(n)) && !/^(?:谋划|实施|开展|推进|具备条件)/u.test(object)) return { rule: 'start', marker: v };
  }
  return null;
}

/**
 * Any word that can make a clause a commitment: sentences without one are not split into clauses at all. A
 * prefilter, so a superset will do: 目标 and 前列 stand for OUTCOME_PATTERN, 年实现/年全面 (with 年底, 年内,
 * 完成, 建成, 月前) for TIME_BOUND_PATTERN.
 */
const TRIGGER_WORDS = [
  ...STRONG_MODALS, ...TIME_BOUNDS, ...DELIVERY_VERBS, ...DOCUMENT_VERBS, ...BODY_VERBS, ...START_VERBS, '全覆盖', '达标', '全部达到', '为零', '“零”',
  '前列', '目标', '年实现', '年全面',
  // the shapes of LEVEL_PATTERN, TITLE_PATTERN, COMPLETED_SUBJECT_PATTERN, LEAD_RESULTS, ZERO_PATTERN and EVENT_PATTERN
  '同步', '不低于', '达到', '接近', '基本稳定', '倍增', '下达', '争创', '创建', '完工', '具备', '投运', '投产', '出台', '清零', '收官战', '召开',
];
const TRIGGER_INDEX = new WordIndex(TRIGGER_WORDS);
const TRIGGER_FIRST = new Uint8Array(65536);
for (const w of TRIGGER_WORDS) TRIGGER_FIRST[w.charCodeAt(0)] = 1;

/** Whether text[start, end) holds a trigger word: one pass over its characters, a table lookup each. */
export function hasCommitmentTrigger(text: string, start = 0, end = text.length): boolean {
  for (let i = start; i < end; i++) if (TRIGGER_FIRST[text.charCodeAt(i)] === 1 && TRIGGER_INDEX.startingAt(text, i) !== null) return true;
  return false;
}

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

export function isCommitmentClause(clause: string): CommitmentSignal | null {
  if (clause.length < 5 || clause.length > COMMITMENT_MAX_LENGTH * 1.5) return null;
  const lead = clause.replace(/^(?:[一二三四五六七八九十]+是|[0-9]+[.．、]|[（(][一二三四五六七八九十0-9]+[)）])/u, '').replace(/^(?:全力|进一步|要|并|同时|全面|切实)/u, '');
  // Modals inside quotes belong to a slogan, not to this clause.
  const unquoted = lead.replace(/“[^”]*”/gu, '“”');
  if (FRAMING_PHRASES.some((w) => lead.includes(w))) return null;
  // A level a goal list keeps and a title to win pledge whatever leads them (按照国家要求完成…任务, 支持…争创…).
  const leadFree = matched('level', LEVEL_PATTERN, unquoted) ?? matched('title', TITLE_PATTERN, unquoted) ?? matched('event', EVENT_PATTERN, lead);
  if (leadFree) return leadFree;
  if (FRAMING_LEADS.some((w) => lead.startsWith(w))) return null;
  const result = RESULT_LEADS.some((v) => lead.startsWith(v)) && !VAGUE_OBJECT_END.some((w) => lead.endsWith(w)) ? LEAD_RESULTS.exec(lead) : null;
  if (result) return { rule: 'delivery', marker: result[0].replace(/^(?:推动|加快)|、$/gu, '') };
  if (ACTIVITY_VERBS.some((v) => lead.startsWith(v)) && !includesAny(unquoted, STRONG_MODALS) && !COVERAGE_PATTERN.test(lead)) {
    // 「推进全面完成…任务」 still pledges a completion; 「推进…挂牌…工作」 does not.
    if (!/(?:全面|如期|按时)完成|完成[^，]*任务/u.test(lead)) return null;
  }
  return commitmentSignal(unquoted);
}
