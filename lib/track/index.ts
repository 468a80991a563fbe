/**
 * The promise tracker's linking, pure and DOM-free. Stages, each its own module:
 * normalize (metric words → key) → kind (measure kind) → period (what a figure is for, when a target is due) →
 * prepare (all of it per item) → index (candidates by metric characters and kind) → score (same metric or not,
 * with reasons) → status (met … overdue) → decisions (the reader's, which win).
 */
export { linkTargets, LinkIndex, prepareDocs, type LinkOptions } from './link';
export { normalizeMetric, bigrams, dice, residue, foldWidth } from './normalize';
export { measureKind, kindKey, describeKind, type MeasureKind } from './kind';
export { figurePeriod, targetPeriod, relatePeriods, periodSpan, periodEndDate } from './period';
export { scorePair, LINK_THRESHOLD } from './score';
export { statusOf, compare } from './status';
export { applyDecisions, findItem } from './decisions';
export { issuerOf, issuerInText, issuerOfDoc, siteOf, sameIssuer } from './issuer';
export { unitKey, unitsAgree } from './units';
