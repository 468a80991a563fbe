import type { DeadlineSource, Item, ItemKind, ReasonRule } from '../schema/item';
import { currentLang, t, type Lang, type MessageKey } from './index';

/**
 * An item's reason as one line for a reader: its kind, the rule with the word that fired it, the heading it stands
 * under and where its deadline came from — 「目标：承诺词「确保」 · 2020年工作要点 · 期限：条款「到2025年」」.
 */

const KIND: Record<ItemKind, MessageKey> = { target: 'reasonTarget', reported: 'reasonReported', commitment: 'reasonCommitment' };
const RULE: Record<ReasonRule, MessageKey> = {
  'plan section': 'rulePlanSection', 'summary section': 'ruleSummarySection', 'status marker': 'ruleStatusMarker',
  'pledge marker': 'rulePledgeMarker', 'later year': 'ruleLaterYear', 'table column': 'ruleTableColumn', breakdown: 'ruleBreakdown',
  modal: 'ruleModal', 'time bound': 'ruleTimeBound', delivery: 'ruleDelivery', document: 'ruleDocument', body: 'ruleBody',
  start: 'ruleStart', coverage: 'ruleCoverage', outcome: 'ruleOutcome', level: 'ruleLevel', title: 'ruleTitle', event: 'ruleEvent',
  zero: 'ruleZero', 'table row': 'ruleTableRow',
};
const SOURCE: Record<DeadlineSource, MessageKey> = {
  clause: 'deadlineClause', section: 'deadlineSection', title: 'deadlineTitle', 'table column': 'deadlineTableColumn',
};

/** The line, or null for an item without a reason (saved before reasons were recorded). */
export function reasonLine(item: Pick<Item, 'kind' | 'reason' | 'section'>, lang?: Lang): string | null {
  const r = item.reason;
  if (!r) return null;
  const l = lang ?? currentLang();
  const zh = l === 'zh';
  const quote = (s: string) => (zh ? `「${s}」` : ` “${s}”`);
  const colon = zh ? '：' : ': ';
  const parts = [`${t(KIND[item.kind], l)}${colon}${t(RULE[r.rule], l)}${r.marker ? quote(r.marker) : ''}`];
  if (item.section) parts.push(item.section.title);
  const d = r.deadlineFrom;
  // Words already shown (the heading just named, the column header that decided) are not quoted again.
  const shown = d && ((d.source === 'section' && d.text === item.section?.title) || d.text === r.marker);
  if (d) parts.push(`${t('deadlineFrom', l)}${colon}${t(SOURCE[d.source], l)}${shown ? '' : quote(d.text)}`);
  return parts.join(' · ');
}
