/**
 * Metric normalisation: two wordings of one metric become one key. Reports name the same thing with different
 * widths (full/half), quotes, brackets, 的, 比例/占比, leading place words (全区, 我市) and verbs (实现, 开展) that
 * say nothing about what is counted; these are removed so that only the words naming the thing remain.
 */

const QUOTES_AND_BRACKETS = /[“”‘’"'「」『』《》〈〉()（）[\]【】〔〕{}<>·•・、，,：:；;\s]/gu;

/** Words that name a share of a whole whatever the metric: 比例 = 占比 = 比重 (only used when the unit is a share). */
const SHARE_WORDS = /(?:所占比例|所占比重|覆盖率|覆盖面|达标率|占比|比例|比重|比率|比)$/u;

/**
 * Words before the thing counted that only place or introduce it. Removed at the start of a metric only: in the
 * middle they can be part of a name (区属中职学校 keeps 区属).
 */
const LEADING_NOISE = [
  '全区', '全市', '全省', '全县', '全镇', '全州', '全系统', '全社会', '全体', '我区', '我市', '我省', '我县', '本区', '本市', '全国各地',
  '共有', '共计', '共', '有', '已', '达到', '达', '实现', '完成', '开展', '实施', '落实', '推进', '推动', '提供', '确保', '力争',
  '保持', '继续', '进一步', '全面', '计划', '预计', '其中', '含',
];
const TRAILING_NOISE = ['突破', '达到', '达', '为', '已', '已达', '共计', '总计', '合计', '共', '约', '超过', '以上', '左右', '提升至', '提高到', '提升到', '上升到', '上升至', '增加至', '扩展到'];

const GROWTH_NAMES = /增速|增幅|增长率/u;
const GROWTH_NAMES_ALL = /增速|增幅|增长率/gu;

/** Words that carry no identity of what is counted wherever they stand. */
const ANYWHERE_NOISE = /的|之|等/gu;
const HAS_ANYWHERE_NOISE = /的|之|等/u;
const HAS_QUOTES_OR_BRACKETS = new RegExp(QUOTES_AND_BRACKETS.source, 'u');

/** A sentence in the same form as metric keys (width, quotes, brackets, 的 dropped), to look keys up in it. */
export function normalizeSentence(s: string): string {
  return foldWidth(s).replace(QUOTES_AND_BRACKETS, '').replace(ANYWHERE_NOISE, '');
}

/** Full-width to half-width, compatibility forms folded (ＡＢＣ１２３ → ABC123, （ → (). */
export function foldWidth(s: string): string {
  // Most text has nothing NFKC changes; the test is much cheaper than the normalisation.
  return COMPAT.test(s) ? s.normalize('NFKC') : s;
}
/** Characters NFKC may change: full-width forms, the ideographic space, compatibility ideographs and symbols, and
 * combining marks and letters outside CJK. A superset is fine (NFKC then just runs). */
const COMPAT = /[^\u0020-\u007e\u3001-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u201c\u201d\u2018\u2019\u00b7\u2014]/u;

const LEADING_FIRST = new Set(LEADING_NOISE.map((w) => w[0]));
const TRAILING_LAST = new Set(TRAILING_NOISE.map((w) => w[w.length - 1]));

function stripLeading(s: string): string {
  let changed = true;
  while (changed && s && LEADING_FIRST.has(s[0])) {
    changed = false;
    for (const w of LEADING_NOISE) {
      if (s.startsWith(w) && s.length > w.length + 1) {
        s = s.slice(w.length);
        changed = true;
      }
    }
  }
  return s;
}

function stripTrailing(s: string): string {
  let changed = true;
  while (changed && s && TRAILING_LAST.has(s[s.length - 1])) {
    changed = false;
    for (const w of TRAILING_NOISE) {
      if (s.endsWith(w) && s.length > w.length + 1) {
        s = s.slice(0, -w.length);
        changed = true;
      }
    }
  }
  return s;
}

/**
 * The comparison key of a metric: width-folded, without quotes, brackets, punctuation, 的, numbers and the
 * words that only introduce or place it. `share` says the figure is a share (unit %): then 比例/占比/覆盖率 at the
 * end are dropped too, since the unit already says it is a share.
 */
export function normalizeMetric(metric: string, share = false): string {
  let s = foldWidth(metric);
  // Tested first: a test allocates nothing, most metrics need neither replacement.
  if (HAS_QUOTES_OR_BRACKETS.test(s)) s = s.replace(QUOTES_AND_BRACKETS, '');
  if (HAS_ANYWHERE_NOISE.test(s)) s = s.replace(ANYWHERE_NOISE, '');
  // Digits and years in a metric are residue of the sentence (从2016年的…), not a name.
  if (/\d/u.test(s)) s = s.replace(/\d+(?:\.\d+)?(?:年度|年底|年|%)?/gu, '');
  s = stripTrailing(stripLeading(s));
  // One change, three names: 增速 = 增幅 = 增长率 = 增长 (the measure kind tells a rate from a level anyway).
  if (GROWTH_NAMES.test(s)) s = s.replace(GROWTH_NAMES_ALL, '增长');
  if (share) {
    const m = SHARE_WORDS.exec(s);
    if (m && s.length - m[0].length >= 2) s = s.slice(0, m.index);
  }
  return stripTrailing(stripLeading(s));
}

/** The character bigrams of a key (a single character is its own gram), in first-seen order, each once. */
export function bigrams(key: string): string[] {
  const chars = Array.from(key);
  if (chars.length < 2) return chars.length ? [chars[0]] : [];
  const seen = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) seen.add(chars[i] + chars[i + 1]);
  return [...seen];
}

/** Dice coefficient of two gram sets. */
export function dice(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  const sb = new Set(b);
  let shared = 0;
  for (const g of a) if (sb.has(g)) shared++;
  return (2 * shared) / (a.length + b.length);
}

/**
 * Characters one key has and the other lacks, both ways. Word order does not matter here (a character set), so
 * 公办和普惠性幼儿园在园幼儿占比 and 公办幼儿园和普惠性民办幼儿园在园幼儿占比 differ only by 民办 on one side.
 */
export function residue(a: string, b: string): { onlyA: string; onlyB: string } {
  const ca = new Set(Array.from(a));
  const cb = new Set(Array.from(b));
  return {
    onlyA: [...ca].filter((c) => !cb.has(c)).join(''),
    onlyB: [...cb].filter((c) => !ca.has(c)).join(''),
  };
}
