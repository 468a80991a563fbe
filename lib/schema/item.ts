import { z } from 'zod';

/** What an extracted item is: a numeric target, a reported (achieved) figure, or a commitment without a number. */
export const ItemKind = z.enum(['target', 'reported', 'commitment']);
export type ItemKind = z.infer<typeof ItemKind>;

/** How many items of each kind (every kind present, 0 when none). */
export function countByKind(items: readonly { kind: ItemKind }[]): Record<ItemKind, number> {
  const counts = Object.fromEntries(ItemKind.options.map((k) => [k, 0])) as Record<ItemKind, number>;
  for (const it of items) counts[it.kind]++;
  return counts;
}

export const Comparator = z.enum(['>=', '>', '<=', '<', '=']);
export type Comparator = z.infer<typeof Comparator>;

export const Strength = z.enum(['binding', 'aspirational', 'plain']);
export type Strength = z.infer<typeof Strength>;

/** Whether a section of a report looks back (summary), forward (plan, key points, goals), or neither. */
export const Orientation = z.enum(['backward', 'forward', 'neutral']);
export type Orientation = z.infer<typeof Orientation>;

const Offset = z.number().int().nonnegative();

export const SpanSchema = z.object({ start: Offset, end: Offset, text: z.string() });

export const SectionSchema = z.object({
  title: z.string(),
  start: Offset,
  orientation: Orientation,
  /** The year the section's plan or summary is about (2020 under 「2020年工作要点」), if it says. */
  year: z.number().int().nullable(),
});
export type Section = z.infer<typeof SectionSchema>;

/**
 * The rule that decided an item's kind. For numbers: the section it stands in (`plan section` → target,
 * `summary section` → reported), a word that overrides the section (`status marker` 目前 → reported, `pledge marker`
 * 力争 → target, `later year` 到2025年 in a summary → target), an indicator table's `table column` (基准值, 目标值), or
 * `breakdown` (a bracketed split takes the role of the number before it). For commitments: the signal of the
 * labelling guide that made the clause a pledge (`modal` 确保, `time bound` 年底前, `delivery` 建成, …, `table row`).
 */
export const ReasonRule = z.enum([
  'plan section', 'summary section', 'status marker', 'pledge marker', 'later year', 'table column', 'breakdown',
  'modal', 'time bound', 'delivery', 'document', 'body', 'start', 'coverage', 'outcome', 'level', 'title', 'event', 'zero', 'table row',
]);
export type ReasonRule = z.infer<typeof ReasonRule>;

/**
 * Where a deadline was read: the item's own `clause` (到2025年, 年底前), its `section` heading (2020年工作要点,
 * 「十五五」时期…), the document's `title` (or its date line), or the `table column` header (2025年目标值).
 */
export const DeadlineSource = z.enum(['clause', 'section', 'title', 'table column']);
export type DeadlineSource = z.infer<typeof DeadlineSource>;

/**
 * Why an item is what it is. The section it stands under is the item's own `section` (heading and orientation);
 * this records what the section alone does not say.
 */
export const ReasonSchema = z.object({
  rule: ReasonRule,
  /** The word of the text that fired the rule (确保, 目前, 建成, 目标值), or null when the section alone decided. */
  marker: z.string().nullable(),
  /** Where the deadline came from and the words that gave it; null when the item has no deadline. */
  deadlineFrom: z.object({ source: DeadlineSource, text: z.string() }).nullable(),
});
export type Reason = z.infer<typeof ReasonSchema>;

/**
 * One extracted item. Offsets are UTF-16 code units into the exact string given to `extract`;
 * `text === input.slice(start, end)`. Numeric fields are null for commitments.
 */
/** The item's shape without the offsets check, for shapes that extend it (a table row adds its clause). */
export const ItemObject = z.object({
    kind: ItemKind,
    start: Offset,
    end: Offset,
    text: z.string(),
    /** The sentence (split on 。！？； and line breaks) the item stands in. */
    sentence: SpanSchema,
    /** The nearest section heading above the item, or null before the first heading. */
    section: SectionSchema.nullable(),
    /** The number with multipliers applied (4.5万 → 45000; 百分之九十 → 90). */
    value: z.number().nullable(),
    /** The upper end of a range (200-220元 → value 200, valueMax 220). */
    valueMax: z.number().nullable(),
    /** The unit or measure word as written (万元 is normalised to 元 with the value scaled). */
    unit: z.string().nullable(),
    comparator: Comparator.nullable(),
    /** The year it is due (number), or a period word (年底, 上半年) when no year can be known. */
    deadline: z.union([z.number().int(), z.string()]).nullable(),
    /** The shortest phrase naming what is counted. */
    metric: z.string().nullable(),
    strength: Strength.nullable(),
    /** 近、约、余、多、左右: the number is approximate. */
    approximate: z.boolean(),
    /** Why: the rule that made it a target, reported figure or commitment, and where its deadline came from. Null on items saved before reasons were recorded. */
    reason: ReasonSchema.nullable().default(null),
});

export const ItemSchema = ItemObject.refine((it) => it.end > it.start, { message: 'end must be after start' });

export type Item = z.infer<typeof ItemSchema>;
export const ItemsSchema = z.array(ItemSchema);

/**
 * The parsed fields of an item, as a saved annotation keeps them (all null for a free selection). Picked from
 * the item so that a field added to the item is added here by naming it once.
 */
export const ItemFields = ItemObject.pick({ value: true, valueMax: true, unit: true, comparator: true, deadline: true, metric: true, strength: true })
  // Saved before the flag travelled with a save: such a record's figure was read as exact.
  .extend({ approximate: z.boolean().default(false) });
export type ItemFields = z.infer<typeof ItemFields>;
/** The field names in their one order (CSV columns, the tooltip, exports). */
export const ITEM_FIELD_NAMES = ItemFields.keyof().options;

/** The fields of a free selection: none known. */
export const NULL_FIELDS: Readonly<ItemFields> = Object.freeze({
  ...(Object.fromEntries(ITEM_FIELD_NAMES.map((k) => [k, null])) as { [K in keyof ItemFields]: null }),
  approximate: false,
});

/** An item's parsed fields, without its position, text and context. */
export function fieldsOf(item: Pick<Item, keyof ItemFields>): ItemFields {
  return Object.fromEntries(ITEM_FIELD_NAMES.map((k) => [k, item[k]])) as ItemFields;
}

/**
 * The fields a change log compares between two versions of an item, in the order it reports them (metric names
 * the item rather than measuring it; strength is wording).
 */
export const ComparedField = ItemFields.keyof().extract(['value', 'valueMax', 'unit', 'deadline', 'comparator']);
export type ComparedField = z.infer<typeof ComparedField>;

/**
 * One item as the popup lists it: a full Item satisfies this. Only kind and text are required, so a summary
 * from an older content script (or a test's short one) is still read.
 */
export const PageItemSchema = ItemObject.pick({ kind: true, text: true, value: true, unit: true, deadline: true, metric: true })
  .partial({ value: true, unit: true, deadline: true, metric: true })
  .loose();
export type PageItem = z.infer<typeof PageItemSchema>;
