/**
 * Whether a reported figure measures a target's metric, how sure that is, and why. Strict on purpose: a wrong
 * "met" is worse than "no evidence yet", so any doubt (a different kind of measure, unit, place, a word one
 * side has and the other lacks) is a refusal, not a lower score.
 */
import { sameIssuer } from './issuer';
import { dice, residue } from './normalize';
import { codeResidue, type DocFacts, type Prepared } from './prepare';
import { unitsAgree } from './units';

/** Below this a pair is not linked. */
export const LINK_THRESHOLD = 0.75;
/** A count more than this many times larger or smaller than the target is a different thing (or a misread unit). */
const MAX_RATIO = 50;
/**
 * How many characters one key may have that the other lacks (in any order). None: on the seeds and the corpus
 * every one-character difference that linked was a different thing (中学 vs 中小学, 粮食产量 vs 粮食年产量
 * stable over five years) but one (…普惠性民办幼儿园 vs …普惠性幼儿园).
 */
const MAX_ONE_SIDED = 0;
/** The shortest metric that links across reports whose places are not both known (学校 is too general). */
const MIN_KEY_UNKNOWN_PLACE = 4;

export interface Scored {
  score: number;
  reasons: string[];
}

export type Refusal = { refused: string };

/** Scores a target against a figure; a refusal says why they cannot be the same metric. */
export function scorePair(t: Prepared, f: Prepared, tDoc: DocFacts, fDoc: DocFacts): Scored | Refusal {
  if (t.key.length < 2 || f.key.length < 2) return { refused: 'no metric named' };
  // The cheap checks first: most candidates fail on place, unit or words before their kind is ever read.
  const place = t.doc.doc === f.doc.doc ? 'same' : sameIssuer(tDoc.issuer, fDoc.issuer);
  if (place === 'different') return { refused: `different place (${tDoc.issuer} vs ${fDoc.issuer})` };
  // A report whose place cannot be told may be another place's: only the very same, specific words link to it.
  if (place === 'unknown' && (t.key !== f.key || t.key.length < MIN_KEY_UNKNOWN_PLACE)) return { refused: 'place of one report unknown and the words not the same' };
  if (!unitsAgree(t.unit, f.unit)) return { refused: `different unit (${t.unit} vs ${f.unit})` };
  if (t.key !== f.key) {
    const [onlyT, onlyF] = codeResidue(t.codes, f.codes);
    if (onlyT && onlyF) {
      const { onlyA, onlyB } = residue(t.chars, f.chars);
      return { refused: `different words (${onlyA} vs ${onlyB})` };
    }
    if (onlyT + onlyF > MAX_ONE_SIDED) {
      const { onlyA, onlyB } = residue(t.chars, f.chars);
      return { refused: `words only one side has (${onlyA || onlyB})` };
    }
  }
  if (t.kindKey !== f.kindKey) return { refused: `different measure (${t.kindWords} vs ${f.kindWords})` };
  const tv = t.item.value;
  const fv = f.item.value;
  if (!t.kind.share && !t.kind.growth && tv && fv && tv > 0 && fv > 0 && (tv / fv > MAX_RATIO || fv / tv > MAX_RATIO)) {
    return { refused: `magnitudes too far apart (${fv} vs ${tv})` };
  }
  const similarity = t.key === f.key ? 1 : dice(t.grams, f.grams);
  const reasons: string[] = [];
  reasons.push(t.key === f.key ? `same metric words「${t.key}」` : `metric words「${f.key}」≈「${t.key}」(${similarity.toFixed(2)})`);
  reasons.push(`same measure: ${t.kindWords}`);
  reasons.push(t.unit && f.unit ? `same unit ${t.unit}` : 'unit not stated on one side');
  let score = 0.5 + 0.45 * similarity;
  if (t.unit && f.unit) score += 0.05;
  else score -= 0.05;
  if (t.doc.doc === f.doc.doc) reasons.push('same report');
  else if (place === 'same') reasons.push(`same issuer ${tDoc.issuer}`);
  else {
    reasons.push('the place of one report is not known');
    score -= 0.05;
  }
  return { score: Math.max(0, Math.min(1, Math.round(score * 1000) / 1000)), reasons };
}
