/**
 * The reader's decisions on top of the linker's suggestions: a rejected suggestion is dropped, a confirmed one
 * is marked confirmed, a manual link is added (even where the linker saw nothing). Decisions name items by page
 * (URL, or the document key for a file) and quote; the offsets are tried first, then the quote nearest them.
 */
import type { Item } from '../schema/item';
import type { LinkDecision, LinkedFigure, TargetLink, TrackDoc } from '../schema/track';
import { docYear, prepareItem, type DocFacts } from './prepare';

interface Place {
  url: string;
  start: number;
  end: number;
  exact: string;
}

const docMatches = (d: TrackDoc, url: string) => d.url === url || d.doc === url;

/** The item a decision's place names: same offsets, else the same quote nearest the offsets. */
export function findItem(docs: readonly TrackDoc[], place: Place): { doc: TrackDoc; item: Item } | null {
  let best: { doc: TrackDoc; item: Item; distance: number } | null = null;
  for (const doc of docs) {
    if (!docMatches(doc, place.url)) continue;
    for (const item of doc.items) {
      if (item.start === place.start && item.end === place.end) return { doc, item };
      if (item.text === place.exact || item.text.includes(place.exact) || place.exact.includes(item.text)) {
        const distance = Math.abs(item.start - place.start);
        if (!best || distance < best.distance || (distance === best.distance && doc.doc < best.doc.doc)) best = { doc, item, distance };
      }
    }
  }
  return best && { doc: best.doc, item: best.item };
}

const sameRef = (a: { doc: string; start: number; end: number }, b: { doc: string; start: number; end: number }) =>
  a.doc === b.doc && a.start === b.start && a.end === b.end;

/** Applies decisions in order of creation (a later decision on the same pair wins). */
export function applyDecisions(links: readonly TargetLink[], docs: readonly TrackDoc[], _facts: Map<string, DocFacts>, decisions: readonly LinkDecision[]): TargetLink[] {
  const out = links.map((l) => ({ ...l, figures: [...l.figures] }));
  const sorted = [...decisions].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  for (const d of sorted) {
    const t = findItem(docs, d.target);
    const f = findItem(docs, d.figure);
    if (!t || !f || t.item.kind !== 'target') continue;
    const link = out.find((l) => l.target.doc === t.doc.doc && l.target.start === t.item.start && l.target.end === t.item.end);
    if (!link) continue;
    const ref = { doc: f.doc.doc, start: f.item.start, end: f.item.end };
    // A target is never its own evidence.
    if (sameRef(ref, link.target)) continue;
    const at = link.figures.findIndex((x) => sameRef(x, ref));
    if (d.verdict === 'rejected') {
      if (at !== -1) link.figures.splice(at, 1);
      continue;
    }
    const source = d.verdict === 'confirmed' ? 'confirmed' : 'manual';
    if (at !== -1) {
      link.figures[at] = { ...link.figures[at], source, score: 1, reasons: [...link.figures[at].reasons, `${source} by the reader`] };
      continue;
    }
    const p = prepareItem(f.doc, f.item, docYear(f.doc));
    const fig: LinkedFigure = {
      doc: f.doc.doc, start: f.item.start, end: f.item.end, text: f.item.text, sentence: f.item.sentence.text,
      metric: f.item.metric, value: f.item.value, unit: f.item.unit, period: p.period, score: 1, reasons: [`${source} by the reader`], source,
    };
    link.figures.push(fig);
  }
  return out;
}
