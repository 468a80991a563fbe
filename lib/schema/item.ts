import { z } from 'zod';

/** What an extracted item is: a numeric target, a reported (achieved) figure, or a commitment without a number. */
export const ItemKind = z.enum(['target', 'reported', 'commitment']);
export type ItemKind = z.infer<typeof ItemKind>;

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
 * One extracted item. Offsets are UTF-16 code units into the exact string given to `extract`;
 * `text === input.slice(start, end)`. Numeric fields are null for commitments.
 */
export const ItemSchema = z
  .object({
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
  })
  .refine((it) => it.end > it.start, { message: 'end must be after start' });

export type Item = z.infer<typeof ItemSchema>;
export const ItemsSchema = z.array(ItemSchema);
