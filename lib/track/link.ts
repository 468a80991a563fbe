/**
 * The linker: each target of every report with the reported figures (of the same or other reports) that
 * measure the same metric, and the status they give. Candidates come from an index keyed by the metric's
 * character set and measure kind (never pairwise), then each pair is scored (lib/track/score.ts); the reader's
 * decisions are applied last and win.
 */
import type { Item } from '../schema/item';
import type { LinkDecision, LinkedFigure, TargetLink, TrackDoc } from '../schema/track';
import { applyDecisions } from './decisions';
import { issuerOfDoc } from './issuer';
import { docYear, knownUntil, prepareItem, type DocFacts, type Prepared } from './prepare';
import { LINK_THRESHOLD, scorePair } from './score';
import { statusOf } from './status';
import { MENTION_REASON, MentionIndex } from './mentions';
import { periodSpan } from './period';

export interface LinkOptions {
  /** YYYY-MM-DD: what "the deadline has passed" is measured against. */
  today: string;
  /** The reader's decisions: they win over suggestions. */
  decisions?: readonly LinkDecision[];
  /** Score under which a pair is not linked (default LINK_THRESHOLD). */
  threshold?: number;
}

/** The index: figures under their metric's character set and under each set with one character left out. */
export class FigureIndex {
  private readonly map = new Map<string, number[]>();
  constructor(readonly figures: readonly Prepared[]) {
    figures.forEach((f, i) => {
      if (f.key.length < 2) return;
      for (const k of variants(f)) {
        const list = this.map.get(k);
        if (list) list.push(i);
        else this.map.set(k, [i]);
      }
    });
  }
  /** Figures whose character sets differ from the target's by at most one character either way. */
  candidates(t: Prepared): number[] {
    const out = new Set<number>();
    for (const k of variants(t)) for (const i of this.map.get(k) ?? []) out.add(i);
    return [...out].sort((a, b) => a - b);
  }
}

function variants(p: Prepared): string[] {
  const chars = Array.from(p.chars);
  const head = `${p.kindKey}|`;
  const out = [head + p.chars];
  for (let i = 0; i < chars.length; i++) out.push(head + chars.slice(0, i).join('') + chars.slice(i + 1).join(''));
  return out;
}

const byDoc = (a: TrackDoc, b: TrackDoc) => (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0);

export interface Prepared_ {
  targets: Prepared[];
  figures: Prepared[];
  facts: Map<string, DocFacts>;
}

/** Prepares every item of every report once (docs sorted by key, so nothing depends on input order). */
export function prepareDocs(docs: readonly TrackDoc[]): Prepared_ {
  const targets: Prepared[] = [];
  const figures: Prepared[] = [];
  const facts = new Map<string, DocFacts>();
  for (const doc of [...docs].sort(byDoc)) {
    const year = docYear(doc);
    const own: Prepared[] = [];
    for (const it of [...doc.items].sort((a, b) => a.start - b.start || a.end - b.end)) {
      if (it.kind === 'commitment') continue;
      const p = prepareItem(doc, it, year);
      if (it.kind === 'target') targets.push(p);
      else {
        figures.push(p);
        own.push(p);
      }
    }
    facts.set(doc.doc, { doc, issuer: issuerOfDoc(doc), year, knownUntil: knownUntil(own, year) });
  }
  return { targets, figures, facts };
}

const periodOrder = (p: string | null) => (p ? periodSpan(p)?.[1] ?? Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER);

export function compareFigures(a: LinkedFigure, b: LinkedFigure): number {
  return periodOrder(a.period) - periodOrder(b.period) || (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0) || a.start - b.start || a.end - b.end;
}

export function linkedFigure(f: Prepared, score: number, reasons: string[], source: LinkedFigure['source']): LinkedFigure {
  const it = f.item;
  return {
    doc: f.doc.doc, start: it.start, end: it.end, text: it.text, sentence: it.sentence.text,
    metric: it.metric, value: it.value, unit: it.unit, period: f.period, score, reasons, source,
  };
}

function targetOf(t: Prepared): TargetLink['target'] {
  const it: Item = t.item;
  return {
    doc: t.doc.doc, start: it.start, end: it.end, text: it.text, sentence: it.sentence.text, metric: it.metric,
    value: it.value, valueMax: it.valueMax, unit: it.unit, comparator: it.comparator, deadline: it.deadline, strength: it.strength,
  };
}

/**
 * Links every target of `docs` to the reported figures that measure its metric, with a status for each.
 * One entry per target (docs by key, targets by offset); `figures` is empty when nothing links.
 */
export function linkTargets(docs: readonly TrackDoc[], options: LinkOptions): TargetLink[] {
  const threshold = options.threshold ?? LINK_THRESHOLD;
  const { targets, figures, facts } = prepareDocs(docs);
  const index = new FigureIndex(figures);
  const mentions = new MentionIndex([...docs].sort(byDoc), facts);
  const out: TargetLink[] = [];
  for (const t of targets) {
    const tDoc = facts.get(t.doc.doc)!;
    const linked: LinkedFigure[] = [];
    for (const i of index.candidates(t)) {
      const f = figures[i];
      const s = scorePair(t, f, tDoc, facts.get(f.doc.doc)!);
      if ('refused' in s || s.score < threshold) continue;
      linked.push(linkedFigure(f, s.score, s.reasons, 'suggested'));
    }
    linked.push(...mentions.for(t, tDoc));
    out.push({ target: targetOf(t), figures: linked, status: 'pending', basis: null, why: '' });
  }
  const decided = options.decisions?.length ? applyDecisions(out, docs, facts, options.decisions) : out;
  const byRef = new Map(targets.map((t) => [`${t.doc.doc}\u0000${t.item.start}\u0000${t.item.end}`, t]));
  return decided.map((link) => finish(link, byRef.get(`${link.target.doc}\u0000${link.target.start}\u0000${link.target.end}`), facts, options.today));
}

function finish(link: TargetLink, t: Prepared | undefined, facts: Map<string, DocFacts>, today: string): TargetLink {
  const figures = [...link.figures].sort(compareFigures);
  const period = t?.period ?? null;
  const st = statusOf(
    {
      value: link.target.value, valueMax: link.target.valueMax, comparator: link.target.comparator, unit: link.target.unit,
      approximate: t?.item.approximate ?? false, period, doc: link.target.doc,
    },
    figures.map((f) => ({ doc: f.doc, value: f.value, unit: f.unit, period: f.period, mention: f.value === null && f.reasons.includes(MENTION_REASON) })),
    today,
    facts.get(link.target.doc)?.knownUntil ?? null,
  );
  return { ...link, figures, status: st.status, basis: st.basis, why: st.why };
}

