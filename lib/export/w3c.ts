import { z } from 'zod';
import {
  AnnotationKind,
  AnnotationSchema,
  TextPositionSelector,
  TextQuoteSelector,
  type Annotation,
} from '../schema/annotation';
import { formatZodError } from '../schema/errors';
import { IsoDate, WebUrl } from '../schema/common';
import { hostOf } from '../util/url';
import { fileTooLarge } from '../evidence/limits';
import { ItemFields, NULL_FIELDS } from '../schema/item';
import { PageChangesSchema, type PageChanges } from '../schema/changes';

/** The collection's extension property carrying each page's change log since first saved. */
export const CHANGES_PROPERTY = 'pledgemark:changes';

/**
 * The JSON export: the W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/).
 * An AnnotationCollection whose first AnnotationPage holds one Annotation per saved annotation:
 * target.source = page URL, target.selector = [TextQuoteSelector, TextPositionSelector],
 * body = the note (TextualBody, purpose commenting) and one TextualBody per tag (purpose tagging),
 * plus a `pledgemark` extension object carrying what the model has no place for (kind, fields…).
 *
 * The schemas below are the one definition of the file format: export builds records that
 * satisfy them, import parses with them.
 */

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

export const TextualBodySchema = z.object({
  type: z.literal('TextualBody'),
  value: z.string(),
  purpose: z.enum(['commenting', 'tagging']),
  format: z.literal('text/plain').optional(),
});
export type TextualBody = z.infer<typeof TextualBodySchema>;

const SelectorSchema = z.discriminatedUnion('type', [TextQuoteSelector, TextPositionSelector]);

export const W3CTargetSchema = z.object({
  source: WebUrl,
  selector: z.array(SelectorSchema).superRefine((sels, ctx) => {
    for (const type of ['TextQuoteSelector', 'TextPositionSelector'] as const) {
      const n = sels.filter((s) => s.type === type).length;
      if (n !== 1) ctx.addIssue({ code: 'custom', message: `expected exactly one ${type}, found ${n}` });
    }
  }),
});

/** What Pledgemark adds to the model (W3C allows extension properties). */
export const PledgemarkExtensionSchema = z.object({
  id: z.string().min(1),
  kind: AnnotationKind,
  title: z.string(),
  site: z.string(),
  context: z.string(),
  fields: ItemFields,
});

export const W3CAnnotationSchema = z.object({
  '@context': z.literal(ANNO_CONTEXT).optional(),
  id: z.string().min(1),
  type: z.literal('Annotation'),
  motivation: z.enum(['highlighting', 'commenting', 'tagging', 'bookmarking', 'describing']).optional(),
  created: IsoDate,
  modified: IsoDate,
  body: z.array(TextualBodySchema).optional(),
  target: W3CTargetSchema,
  /** Optional on import so plain Web Annotations (from other tools) load as free selections. */
  pledgemark: PledgemarkExtensionSchema.optional(),
});
export type W3CAnnotation = z.infer<typeof W3CAnnotationSchema>;

export const W3CCollectionSchema = z
  .object({
    '@context': z.literal(ANNO_CONTEXT),
    type: z.literal('AnnotationCollection'),
    label: z.string().optional(),
    total: z.number().int().nonnegative(),
    first: z.object({
      type: z.literal('AnnotationPage'),
      startIndex: z.number().int().nonnegative().optional(),
      items: z.array(W3CAnnotationSchema),
    }),
    /** Each page's change log since it was first saved (optional; validated when present). */
    [CHANGES_PROPERTY]: z.array(PageChangesSchema).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.total !== c.first.items.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['total'],
        message: `says ${c.total} annotations but first.items holds ${c.first.items.length} (is the file cut short?)`,
      });
    }
  });
export type W3CCollection = z.infer<typeof W3CCollectionSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An IRI for the annotation: urn:uuid:… for UUIDs, else urn:pledgemark:… */
export function annotationIri(id: string): string {
  return UUID.test(id) ? `urn:uuid:${id.toLowerCase()}` : `urn:pledgemark:${encodeURIComponent(id)}`;
}

function idFromIri(iri: string): string {
  if (iri.startsWith('urn:uuid:')) return iri.slice('urn:uuid:'.length);
  if (iri.startsWith('urn:pledgemark:')) return decodeURIComponent(iri.slice('urn:pledgemark:'.length));
  return iri;
}

export function toW3C(a: Annotation): W3CAnnotation {
  const body: TextualBody[] = [];
  if (a.note) body.push({ type: 'TextualBody', value: a.note, purpose: 'commenting', format: 'text/plain' });
  for (const tag of a.tags) body.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });
  return {
    '@context': ANNO_CONTEXT,
    id: annotationIri(a.id),
    type: 'Annotation',
    motivation: a.note ? 'commenting' : 'highlighting',
    created: a.createdAt,
    modified: a.updatedAt,
    body,
    target: { source: a.url, selector: [{ ...a.quote }, { ...a.position }] },
    pledgemark: { id: a.id, kind: a.kind, title: a.title, site: a.site, context: a.context, fields: { ...a.fields } },
  };
}

/** Back to Pledgemark's Annotation (not yet validated against AnnotationSchema). */
export function fromW3C(w: W3CAnnotation): Annotation {
  const quote = w.target.selector.find((s) => s.type === 'TextQuoteSelector') as TextQuoteSelector;
  const position = w.target.selector.find((s) => s.type === 'TextPositionSelector') as TextPositionSelector;
  const bodies = w.body ?? [];
  const ext = w.pledgemark;
  return {
    id: ext?.id ?? idFromIri(w.id),
    url: w.target.source,
    title: ext?.title ?? '',
    site: ext?.site ?? hostOf(w.target.source),
    kind: ext?.kind ?? 'selection',
    quote: { type: 'TextQuoteSelector', exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix },
    position: { type: 'TextPositionSelector', start: position.start, end: position.end },
    fields: ext?.fields ?? { ...NULL_FIELDS },
    context: ext?.context ?? '',
    note: bodies.filter((b) => b.purpose === 'commenting').map((b) => b.value).join('\n\n'),
    tags: bodies.filter((b) => b.purpose === 'tagging').map((b) => b.value),
    createdAt: w.created,
    updatedAt: w.modified,
  };
}

export function toW3CCollection(annotations: readonly Annotation[], changes: readonly PageChanges[] = []): W3CCollection {
  return {
    '@context': ANNO_CONTEXT,
    type: 'AnnotationCollection',
    label: 'Pledgemark annotations',
    total: annotations.length,
    first: { type: 'AnnotationPage', startIndex: 0, items: annotations.map(toW3C) },
    ...(changes.length ? { [CHANGES_PROPERTY]: [...changes] } : {}),
  };
}

export function toJsonExport(annotations: readonly Annotation[], changes: readonly PageChanges[] = []): string {
  return `${JSON.stringify(toW3CCollection(annotations, changes), null, 2)}\n`;
}

/** A rejected import file; `message` says what is wrong and where. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/**
 * Parses an export file (an AnnotationCollection, or a bare JSON array of Annotations) into
 * annotations. Any problem rejects the whole file: ImportError("first.items[3].target.selector[0].exact: Required").
 */
export function parseImport(json: string): Annotation[] {
  const tooLarge = fileTooLarge(json, 'import');
  if (tooLarge) throw new ImportError(tooLarge);
  let data: unknown;
  try {
    data = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ImportError(`The file is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  let items: W3CAnnotation[];
  let base: PropertyKey[];
  if (Array.isArray(data)) {
    const r = z.array(W3CAnnotationSchema).safeParse(data);
    if (!r.success) throw new ImportError(`The file was not imported: ${formatZodError(r.error)}`);
    items = r.data;
    base = [];
  } else {
    const r = W3CCollectionSchema.safeParse(data);
    if (!r.success) throw new ImportError(`The file was not imported: ${formatZodError(r.error)}`);
    items = r.data.first.items;
    base = ['first', 'items'];
  }
  const out: Annotation[] = [];
  for (let i = 0; i < items.length; i++) {
    const r = AnnotationSchema.safeParse(fromW3C(items[i]));
    if (!r.success) throw new ImportError(`The file was not imported: ${formatZodError(r.error, 5, [...base, i])}`);
    out.push(r.data);
  }
  return out;
}
