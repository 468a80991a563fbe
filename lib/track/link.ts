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

/** An index key: a character set's size and the sum of its codes (a set's deletions are found by subtraction). */
const setKey = (size: number, sum: number) => size * 0x1000000 + sum;

/**
 * The index: each target filed under its metric's character set and under that set with each one character left
 * out, by size and code sum, within its issuer (a report of unknown place: within the report itself). A figure
 * then finds, in a few number lookups and without building strings, every target of its own place whose set
 * equals its own, lacks one of its characters, or has one more; and, by its exact key, the targets a report of
 * unknown place may share with it. Each candidate is checked exactly afterwards (a sum can collide). Not
 * pairwise: the work grows with the figures, not with their product.
 */
export class LinkIndex {
  private readonly spaces = new Map<string, { full: Map<number, number[]>; lessOne: Map<number, number[]> }>();
  /** All targets by exact key, and those of reports of unknown place by exact key. */
  private readonly exactAll = new Map<string, number[]>();
  private readonly exactUnknown = new Map<string, number[]>();

  /** `issuer` gives a report's place (null: unknown). */
  constructor(readonly targets: readonly Prepared[], private readonly issuer: (doc: string) => string | null) {
    targets.forEach((t, i) => {
      if (t.key.length < 2 || !t.codes.length) return;
      const place = issuer(t.doc.doc);
      const space = this.space(place === null ? `doc:${t.doc.doc}` : `place:${place}`, true)!;
      let sum = 0;
      for (const c of t.codes) sum += c;
      add(space.full, setKey(t.codes.length, sum), i);
      for (const c of t.codes) add(space.lessOne, setKey(t.codes.length - 1, sum - c), i);
      add(this.exactAll, t.key, i);
      if (place === null) add(this.exactUnknown, t.key, i);
    });
  }

  private space(name: string, create = false) {
    let s = this.spaces.get(name);
    if (!s && create) this.spaces.set(name, (s = { full: new Map(), lessOne: new Map() }));
    return s;
  }

  /** For each target, the figures (by index, ascending) that may measure its metric. */
  candidates(figures: readonly Prepared[]): number[][] {
    const out: number[][] = this.targets.map(() => []);
    const seen = new Set<number>();
    let lastDoc = '';
    let space: ReturnType<LinkIndex['space']>;
    let place: string | null = null;
    for (let fi = 0; fi < figures.length; fi++) {
      const f = figures[fi];
      if (f.key.length < 2 || !f.codes.length) continue;
      if (f.doc.doc !== lastDoc) {
        lastDoc = f.doc.doc;
        place = this.issuer(lastDoc);
        space = this.space(place === null ? `doc:${lastDoc}` : `place:${place}`);
      }
      seen.clear();
      if (space) {
        const n = f.codes.length;
        let sum = 0;
        for (let k = 0; k < n; k++) sum += f.codes[k];
        take(space.full.get(setKey(n, sum)), fi, seen, out);
        take(space.lessOne.get(setKey(n, sum)), fi, seen, out);
        for (let k = 0; k < n; k++) take(space.full.get(setKey(n - 1, sum - f.codes[k])), fi, seen, out);
      }
      take((place === null ? this.exactAll : this.exactUnknown).get(f.key), fi, seen, out);
    }
    return out;
  }
}

function take(list: number[] | undefined, fi: number, seen: Set<number>, out: number[][]): void {
  if (!list) return;
  for (const ti of list) {
    if (seen.has(ti)) continue;
    seen.add(ti);
    out[ti].push(fi);
  }
}

function add<K>(map: Map<K, number[]>, key: K, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

/** Items by offset (extraction gives them so; a copy is sorted only when they are not). */
function inOrder(items: TrackDoc['items']): TrackDoc['items'] {
  for (let i = 1; i < items.length; i++) {
    if (items[i - 1].start > items[i].start || (items[i - 1].start === items[i].start && items[i - 1].end > items[i].end)) {
      return [...items].sort((a, b) => a.start - b.start || a.end - b.end);
    }
  }
  return items;
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
    for (const it of inOrder(doc.items)) {
      if (it.kind === 'commitment') continue;
      const p = prepareItem(doc, it, year);
      if (it.kind === 'target') targets.push(p);
      else {
        figures.push(p);
        own.push(p);
      }
    }
    let known: number | null | undefined;
    // Read only for a report whose targets have figures of other reports (it needs every own figure's period).
    facts.set(doc.doc, { doc, issuer: issuerOfDoc(doc), year, get knownUntil() { return (known ??= knownUntil(own, year)); } });
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
  const candidates = new LinkIndex(targets, (d) => facts.get(d)?.issuer ?? null).candidates(figures);
  const mentions = new MentionIndex([...docs].sort(byDoc), facts);
  const out: TargetLink[] = [];
  for (const [ti, t] of targets.entries()) {
    const tDoc = facts.get(t.doc.doc)!;
    const linked: LinkedFigure[] = [];
    for (const i of candidates[ti]) {
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
    () => facts.get(link.target.doc)?.knownUntil ?? null,
  );
  return { ...link, figures, status: st.status, basis: st.basis, why: st.why };
}

