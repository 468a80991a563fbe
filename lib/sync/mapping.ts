import { AnnotationSchema, type Annotation, type ConflictVersion } from '../schema/annotation';
import { fnv1a } from '../util/hash';
import { SnapshotSchema, type Snapshot } from '../schema/snapshot';
import { formatZodError } from '../schema/errors';
import { normaliseUrl } from '../util/url';

/**
 * The mapping between an annotation (the record Dexie stores) and its CouchDB document in a notebook. Pure: no
 * database, no network.
 *
 * The document id is the annotation id with a type prefix (`annotation:<id>`), so the same note has the same
 * document on every machine and other record types (a page's snapshot versions, the tracker's decisions) can live
 * in the same database under their own prefixes. The body is the annotation's own fields, flat, as a CouchDB user
 * reading the database would expect, plus `type`, `schema`, `author` (who wrote the note) and `editedBy` (whose
 * machine wrote this revision: a conflict shows who made each competing edit). What is local only never goes out: which
 * notebooks the reader shared it with, and a conflict not yet settled.
 */

export const ANNOTATION_PREFIX = 'annotation:';
/** Documents of the snapshot versions (the page's text as it was) a shared annotation rests on. */
export const SNAPSHOT_PREFIX = 'snapshot:';
/** Reserved for the promise tracker's link decisions (not written yet). */
export const DECISION_PREFIX = 'decision:';
export const DOC_SCHEMA = 1;

type Shared = Omit<Annotation, 'id' | 'notebooks' | 'author' | 'conflict'>;

export interface AnnotationDoc extends Shared {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _conflicts?: string[];
  type: 'annotation';
  schema: number;
  author: string;
  /**
   * Who wrote this revision (the display name set on the machine that sent it). `author` stays the note's first
   * author; in a conflict each competing revision is shown with the colleague who made it.
   */
  editedBy?: string;
}

export const docIdOf = (annotationId: string): string => ANNOTATION_PREFIX + annotationId;

/** The annotation id a document stands for; null for documents that are not annotations (skipped, not errors). */
export function annotationIdOf(docId: string): string | null {
  return docId.startsWith(ANNOTATION_PREFIX) && docId.length > ANNOTATION_PREFIX.length ? docId.slice(ANNOTATION_PREFIX.length) : null;
}

/**
 * The document for an annotation, written on the machine of `reader` (the name set for the notebook): the author
 * when the annotation names none (the reader's own note), and the editor of this revision.
 */
export function toDoc(a: Annotation, reader: string): AnnotationDoc {
  const { id, notebooks: _n, author: own, conflict: _c, ...shared } = a;
  return { _id: docIdOf(id), type: 'annotation', schema: DOC_SCHEMA, author: own ?? reader, editedBy: reader, ...shared };
}

export type FromDoc = { ok: true; annotation: Annotation } | { ok: false; error: string };

/**
 * The annotation a document from `notebook` holds, validated like every other boundary: a document that is not a
 * valid annotation (another program wrote it, a newer version's format) is an error to report, never a crash and
 * never half a record.
 */
export function fromDoc(doc: unknown, notebook: string): FromDoc {
  if (!doc || typeof doc !== 'object') return { ok: false, error: 'not a JSON object' };
  const d = doc as Record<string, unknown>;
  const id = typeof d._id === 'string' ? annotationIdOf(d._id) : null;
  if (id === null) return { ok: false, error: 'not an annotation document' };
  if (d.type !== 'annotation') return { ok: false, error: `type is ${JSON.stringify(d.type)}, not "annotation"` };
  if (typeof d.schema === 'number' && d.schema > DOC_SCHEMA) return { ok: false, error: `written in a newer format (${d.schema}); update Pledgemark` };
  const { _id, _rev, _deleted, _conflicts, _revisions, _attachments, type, schema, author, editedBy: _e, ...fields } = d;
  const candidate = { ...fields, id, notebooks: [notebook], ...(author !== undefined ? { author } : {}) };
  const r = AnnotationSchema.safeParse(candidate);
  if (!r.success) return { ok: false, error: formatZodError(r.error) };
  let url: string;
  try {
    url = normaliseUrl(r.data.url);
  } catch {
    url = r.data.url;
  }
  return { ok: true, annotation: { ...r.data, url } };
}

/** A competing revision as the reader sees it in a conflict; null when that revision is not a valid annotation. */
export function conflictVersionOf(doc: unknown, notebook: string): ConflictVersion | null {
  const r = fromDoc(doc, notebook);
  const rev = (doc as { _rev?: unknown } | null)?._rev;
  if (!r.ok || typeof rev !== 'string') return null;
  const { note, tags, updatedAt, author } = r.annotation;
  const editedBy = (doc as { editedBy?: unknown }).editedBy;
  const by = typeof editedBy === 'string' && editedBy.trim() ? editedBy.slice(0, 80) : author;
  return { rev, note, tags, updatedAt, ...(by !== undefined ? { author: by } : {}) };
}

/**
 * What a document says, without CouchDB's own fields and without who wrote the revision: equal means nothing to
 * send or to store.
 */
export function sameContent(a: AnnotationDoc | Record<string, unknown>, b: AnnotationDoc | Record<string, unknown>): boolean {
  return stable(strip(a)) === stable(strip(b));
}

function strip(d: Record<string, unknown> | AnnotationDoc): Record<string, unknown> {
  // Who sent a revision is not what it says: the same text from another machine is the same content.
  const { _rev, _conflicts, _revisions, _deleted, _attachments, editedBy: _e, ...rest } = d as Record<string, unknown>;
  return rest;
}

/** JSON with object keys in order, so two equal documents give the same text whatever order they were built in. */
export function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The annotation fields that two copies of one note must agree on to be the same (local-only fields aside). */
export function sameAnnotation(a: Annotation, b: Annotation): boolean {
  return stable(a) === stable(b);
}

/**
 * A snapshot version's document. Version numbers are this machine's own (version 2 here may be another text than
 * version 2 on a colleague's machine), so the id is the page and the text's hash, and the number stays out: the
 * receiving machine numbers it after its own versions of that page. Never changed once written.
 */
export interface SnapshotDoc extends Omit<Snapshot, 'version'> {
  _id: string;
  _rev?: string;
  type: 'snapshot';
  schema: number;
}

// A short, stable part of the id from the URL; the text's SHA-256 makes it unique.
export const snapshotDocIdOf = (s: Pick<Snapshot, 'url' | 'hash'>): string => `${SNAPSHOT_PREFIX}${fnv1a(s.url)}:${s.hash}`;

export function toSnapshotDoc(s: Snapshot): SnapshotDoc {
  const { version: _v, ...rest } = s;
  return { _id: snapshotDocIdOf(s), type: 'snapshot', schema: DOC_SCHEMA, ...rest };
}

export type FromSnapshotDoc = { ok: true; snapshot: Omit<Snapshot, 'version'> } | { ok: false; error: string };

/** The snapshot a document holds (without a version number), validated; the text's hash is checked by the caller. */
export function fromSnapshotDoc(doc: unknown): FromSnapshotDoc {
  if (!doc || typeof doc !== 'object') return { ok: false, error: 'not a JSON object' };
  const { _id, _rev, _conflicts, _revisions, _attachments, _deleted, type, schema, ...fields } = doc as Record<string, unknown>;
  if (type !== 'snapshot') return { ok: false, error: `type is ${JSON.stringify(type)}, not "snapshot"` };
  if (typeof schema === 'number' && schema > DOC_SCHEMA) return { ok: false, error: `written in a newer format (${schema}); update Pledgemark` };
  const r = SnapshotSchema.omit({ version: true }).safeParse(fields);
  if (!r.success) return { ok: false, error: formatZodError(r.error) };
  if (_id !== snapshotDocIdOf(r.data)) return { ok: false, error: 'the id does not match the page and text it holds' };
  return { ok: true, snapshot: r.data };
}
