/**
 * "Done, without a number": a later report of the same place that says a target's thing was completed (已完成,
 * 建成, 实现) in a sentence that gives no figure. Such a mention gives the status no-figure, never met. Only
 * reports whose text is given are read; sentences are found through an index of their character pairs.
 */
import type { LinkedFigure, TrackDoc } from '../schema/track';
import { sameIssuer } from './issuer';
import { normalizeSentence } from './normalize';
import type { DocFacts, Prepared } from './prepare';
import { periodSpan } from './period';

export const MENTION_REASON = 'a later report says it was done, without a number';

const SENTENCE = /[^。！？；;!?\n]+/gu;
const DONE = /已完成|全面完成|顺利完成|如期完成|圆满完成|提前完成|超额完成|已建成|全面建成|建成投用|建成使用|已实现|全面实现|实现全覆盖|已落实|全部完成/u;
const NOT_DONE = /未完成|尚未|没有|未能|仍未|正在|推进中|力争|确保|计划|将|要/u;
/** A mention names the thing in at least this many characters (完成 alone names nothing). */
const MIN_KEY = 4;

interface Mention {
  doc: TrackDoc;
  start: number;
  end: number;
  text: string;
  norm: string;
  facts: DocFacts;
}

export class MentionIndex {
  private readonly mentions: Mention[] = [];
  private readonly byGram = new Map<string, number[]>();

  constructor(docs: readonly TrackDoc[], facts: Map<string, DocFacts>) {
    for (const doc of docs) {
      if (!doc.text) continue;
      const f = facts.get(doc.doc)!;
      for (const m of doc.text.matchAll(SENTENCE)) {
        const s = m[0];
        if (/[0-9０-９]/u.test(s) || !DONE.test(s) || NOT_DONE.test(s)) continue;
        const lead = s.length - s.trimStart().length;
        const text = s.trim();
        const id = this.mentions.length;
        this.mentions.push({ doc, start: m.index! + lead, end: m.index! + lead + text.length, text, norm: normalizeSentence(text), facts: f });
        const grams = new Set<string>();
        const chars = Array.from(this.mentions[id].norm);
        for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
        for (const g of grams) {
          const list = this.byGram.get(g);
          if (list) list.push(id);
          else this.byGram.set(g, [id]);
        }
      }
    }
  }

  /** Mentions of the target's metric in reports of the same place dated after what the target's report knew. */
  for(t: Prepared, tFacts: DocFacts): LinkedFigure[] {
    if (!this.mentions.length || Array.from(t.key).length < MIN_KEY || t.kind.growth || t.kind.share) return [];
    const chars = Array.from(t.key);
    let rarest: number[] | undefined;
    for (let i = 0; i + 1 < chars.length; i++) {
      const list = this.byGram.get(chars[i] + chars[i + 1]);
      if (!list) return [];
      if (!rarest || list.length < rarest.length) rarest = list;
    }
    const out: LinkedFigure[] = [];
    for (const id of rarest ?? []) {
      const m = this.mentions[id];
      if (m.doc.doc === t.doc.doc || sameIssuer(tFacts.issuer, m.facts.issuer) !== 'same' || !m.norm.includes(t.key)) continue;
      // Done by the deadline's year or later; with no deadline, in a report about a later year than the target's.
      const due = t.period ? periodSpan(t.period) : null;
      if (m.facts.year === null || (due ? m.facts.year * 12 + 11 < due[1] : tFacts.year === null || m.facts.year <= tFacts.year)) continue;
      out.push({
        doc: m.doc.doc, start: m.start, end: m.end, text: m.text, sentence: m.text, metric: t.item.metric, value: null, unit: null,
        period: String(m.facts.year), score: 0.8, reasons: [MENTION_REASON, `names「${t.key}」`, `same issuer ${tFacts.issuer}`], source: 'suggested',
      });
    }
    return out;
  }
}
