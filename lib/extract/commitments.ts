import type { Span } from './text';
import {
  ACTIVITY_VERBS, BODY_NOUNS, BODY_VERBS, COMMITMENT_MAX_LENGTH, COVERAGE_PATTERN, DELIVERY_VERBS, DOCUMENT_NOUNS,
  DOCUMENT_VERBS, PROJECT_NOUNS, START_VERBS, STRONG_MODALS, TIME_BOUNDS, TIME_BOUND_PATTERN,
} from './tables/commitments';
import { includesAny } from './context';

const CLAUSE_SPLIT = /[，,；;：:。！？!?]/gu;
const OUTCOME_PATTERN = /实现[^，,。；;]{0,20}目标|(?:居|位列|保持)[^，,。；;]{0,12}前列/u;
const VAGUE_AFTER_MODAL = /^(?:增强|树立|坚持|提高|提升|加强|推进|深化|意识)/u;

/** Why a clause is a commitment, or null: the GUIDE's three signals, each read from a table. */
export function commitmentSignal(clause: string): string | null {
  const modal = includesAny(clause, STRONG_MODALS);
  if (modal) {
    const rest = clause.slice(clause.indexOf(modal) + modal.length);
    if (!VAGUE_AFTER_MODAL.test(rest) || hasDeliverable(rest)) return 'modal';
  }
  if (TIME_BOUND_PATTERN.test(clause)) return 'time bound';
  for (const w of TIME_BOUNDS) if (clause.includes(w) && hasDeliverable(clause)) return 'time bound';
  return hasDeliverable(clause);
}

function hasDeliverable(clause: string): string | null {
  if (COVERAGE_PATTERN.test(clause)) return 'coverage';
  if (OUTCOME_PATTERN.test(clause)) return 'outcome';
  for (const v of DELIVERY_VERBS) {
    const i = clause.indexOf(v);
    if (i !== -1 && clause.length - i - v.length >= 2) return 'delivery';
  }
  for (const v of DOCUMENT_VERBS) {
    const i = clause.indexOf(v);
    if (i !== -1 && includesAny(clause.slice(i + v.length), DOCUMENT_NOUNS)) return 'document';
  }
  for (const v of BODY_VERBS) {
    const i = clause.indexOf(v);
    if (i !== -1 && includesAny(clause.slice(i + v.length), BODY_NOUNS)) return 'body';
  }
  for (const v of START_VERBS) {
    const i = clause.indexOf(v);
    if (i !== -1 && includesAny(clause.slice(i + v.length), PROJECT_NOUNS)) return 'start';
  }
  return null;
}

/** Clause spans of a sentence, trimmed. */
export function clausesOf(text: string, s: Span): Span[] {
  const out: Span[] = [];
  const seg = text.slice(s.start, s.end);
  let start = 0;
  CLAUSE_SPLIT.lastIndex = 0;
  const push = (a: number, b: number) => {
    while (a < b && /[\s“”]/.test(seg[a]) && seg[a] !== '“') a++;
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
  const lead = clause.replace(/^(?:[一二三四五六七八九十]+是|[0-9]+[.．、]|[（(][一二三四五六七八九十0-9]+[)）])/u, '');
  if (/^(?:以|为|在|对|按照|根据|通过|围绕|坚持|着力|聚焦)/u.test(lead) && !includesAny(lead, STRONG_MODALS)) return null;
  if (ACTIVITY_VERBS.some((v) => lead.startsWith(v)) && !includesAny(lead, STRONG_MODALS) && !COVERAGE_PATTERN.test(lead)) {
    // 「推进全面完成…」 still pledges a completion; 「推进…建设」 alone does not.
    if (!/完成|建成|投用|投入使用|挂牌/.test(lead)) return null;
  }
  return commitmentSignal(lead);
}
