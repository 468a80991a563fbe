import type { Quantity } from './quantities';
import { COUNTING_VERBS as COUNTING_VERB_LIST, METRIC_TRAIL_WORDS } from './tables/metrics';
import { WordIndex } from './text-search';

/**
 * A target's metric: the shortest phrase that names what its number counts, read from the clause around
 * the number — the subject before a comparator verb (…比例达到95%), or a counting verb with the noun after
 * the number (新建1所老年大学 → 新建老年大学).
 */

const METRIC_LEAD = /^(?:[\s“”]*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十0-9]+[)）]|[0-9０-９]{1,2}[.．、](?![0-9０-９]))|[\s“”]*(?:到|至|在|于)?(?:20\d\d)?\s*(?:学)?年(?:底|末)?(?:前)?|[\s“”]*(?:力争|争取|确保|保障|努力|计划|拟|全年|每年|秋季|春季|年内|要|将|并|同时|其中|推进|推动|全面|进一步|继续|持续|累计|预计|共|全区|全市|全省|我区|我市|，|,|及|和|与|、))+/;
const TRAIL_WORDS = [...METRIC_TRAIL_WORDS].sort((x, y) => y.length - x.length);
const COUNTING_VERBS = new Set(COUNTING_VERB_LIST);
const NOUN_AFTER = /^[\u4e00-\u9fa5“”（）()A-Za-z]{2,24}?(?=的|达到|达|实现|完成|提升|提高|获得|[0-9０-９，,。；;、：:]|等|$)/;

function countingVerbAtEnd(s: string): string {
  for (let n = 3; n >= 2; n--) if (s.length >= n && COUNTING_VERBS.has(s.slice(-n))) return s.slice(-n);
  return '';
}

const TRAIL_INDEX = new WordIndex(TRAIL_WORDS);

function stripTrail(s: string): string {
  let end = s.length;
  for (let w = TRAIL_INDEX.endingAt(s, end); w !== null; w = TRAIL_INDEX.endingAt(s, end)) end -= w.length;
  return end === s.length ? s : s.slice(0, end);
}

const isTrimChar = (c: number) => c <= 32 || c === 0x3000 || c === 0xff0c /* ， */ || c === 44 || c === 0xff1a || c === 58 || c === 0xff1b || c === 59;

export function metricOf(text: string, q: Quantity, clauseStart: number, clauseEnd: number, floor = clauseStart): string | null {
  const from = Math.max(clauseStart, floor);
  // Cut comparator symbols, 约/近 and spaces right before the number without a regex.
  let e = q.numStart;
  for (let c = text.charCodeAt(e - 1); e > from && (c <= 32 || c === 0x3000 || c === 0x7ea6 || c === 0x8fd1 || c === 60 || c === 61 || c === 62 || c === 0xff1c || c === 0xff1e || (c >= 0x2264 && c <= 0x2267)); c = text.charCodeAt(e - 1)) e--;
  let before = stripTrail(text.slice(from, e).replace(METRIC_LEAD, ''));
  let k = before.length;
  while (k > 0 && isTrimChar(before.charCodeAt(k - 1))) k--;
  before = before.slice(0, k).trim();
  let afterStart = q.end;
  if (text.charCodeAt(afterStart) === 0x7684 /* 的 */) afterStart++;
  const noun = NOUN_AFTER.exec(text.slice(afterStart, Math.max(afterStart, clauseEnd)))?.[0]?.replace(/[“”]/g, '');
  const verb = countingVerbAtEnd(before);
  if (noun && noun.length >= 2 && (!before || verb || !/[\u4e00-\u9fa5]{3,}/.test(before.slice(-4)) || (before.length <= 5 && /^[\u4e00-\u9fa5]{2,}$/.test(before)))) {
    return `${verb}${noun}`.slice(0, 40);
  }
  if (!before) return noun ?? null;
  return before.slice(-40);
}
