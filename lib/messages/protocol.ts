import { z } from 'zod';
import { AnnotationQuery, AnnotationSchema, NewAnnotationSchema } from '../schema/annotation';
import { SettingsPatchSchema, SettingsSchema } from '../schema/settings';
import { SnapshotSchema } from '../schema/snapshot';
import { ItemsSchema } from '../schema/item';
import { PageChangesSchema } from '../schema/changes';
import { ConflictChoiceSchema, ConnectionTestSchema, NotebookSaveSchema, NotebookViewSchema, SyncStateSchema } from '../schema/notebook';
import { LinkDecisionSchema } from '../schema/track';
import { DecisionEnd, SavedTargetSchema, TrackPagePayload, TrackedReportInfoSchema, TrackerFilterSchema, TrackerSummarySchema, TrackerViewSchema } from '../schema/tracker';

/**
 * The typed protocol between content scripts / popup and the background, which owns the
 * Dexie database. Every request and response is validated with these schemas on both sides.
 */
/**
 * A page's article text and the extraction on it, as the content script sends it. A long article's items (each
 * with its sentence: tens of MB for a 5 M-character page, over Chrome's 64 MiB message limit) are left out and
 * the background extracts them from the text, which gives the same items (extract is pure).
 */
export const SnapshotPayload = z.object({ title: z.string(), text: z.string(), items: ItemsSchema.optional() });

export const RequestSchema = z.discriminatedUnion('type', [
  /**
   * The page side should send the page's snapshot WITH the first save of a page:
   * `snapshot` (optional) is the article text and extraction as the content script sees them now.
   * The annotation and (when the text differs from the latest stored version) a new snapshot
   * version are written in ONE transaction: both or neither. Sending it on every save is fine (an
   * identical text is never stored twice). A separate `snapshot/save` with force:true works too.
   */
  z.object({ type: z.literal('annotation/save'), annotation: NewAnnotationSchema, snapshot: SnapshotPayload.optional() }),
  z.object({ type: z.literal('annotation/update'), id: z.string(), note: z.string().optional(), tags: z.array(z.string()).optional() }),
  /** Deletes; the annotation can be brought back with annotation/undoDelete for a short while (UNDO_WINDOW_MS). */
  z.object({ type: z.literal('annotation/delete'), id: z.string() }),
  /** Puts a just-deleted annotation back exactly as it was. */
  z.object({ type: z.literal('annotation/undoDelete'), id: z.string() }),
  z.object({ type: z.literal('annotation/forPage'), url: z.string() }),
  z.object({ type: z.literal('annotation/list'), query: AnnotationQuery }),
  /** Every annotation, a page's (url), or those the popup's filters show (query): the file holds what the reader sees. */
  z.object({
    type: z.literal('export'),
    format: z.enum(['markdown', 'csv', 'json']),
    url: z.string().optional(),
    query: AnnotationQuery.omit({ limit: true }).optional(),
  }),
  z.object({ type: z.literal('import'), json: z.string() }),
  /** A stored snapshot of a page's article text: the given version, or the latest; null if none. */
  z.object({ type: z.literal('snapshot/get'), url: z.string(), version: z.number().int().positive().optional() }),
  /**
   * The page's article text and extraction as the content script sees it now. Stored as a new version
   * when the page has annotations (or `force`, on the first save) and the text differs from the latest version.
   * Answer: { version: latest version after the call (null: none), stored, previousVersion: latest before }.
   * The page side can set page/summary's `pageChanged` to `stored && previousVersion !== null` (a new
   * version of a page that had one), or compare the text's hash with snapshot/get's latest `hash`.
   * The URL is normalised (fragment dropped) as for annotations.
   */
  z.object({ type: z.literal('snapshot/save'), url: z.string(), title: z.string(), text: z.string(), items: ItemsSchema.optional(), force: z.boolean().optional() }),
  /** The change log between the latest two versions of a page (or the given ones). */
  z.object({ type: z.literal('page/changes'), url: z.string(), from: z.number().int().positive().optional(), to: z.number().int().positive().optional() }),
  /** The stored versions (number, capture time) of each page in `urls`; pages with none are absent. */
  z.object({ type: z.literal('snapshot/versions'), urls: z.array(z.string()).max(1000) }),
  /** Everything (annotations, snapshots, settings) as one backup file (lib/evidence/backup). */
  z.object({ type: z.literal('backup/export') }),
  /** Replaces everything with the backup's content, all or nothing; a bad file changes nothing. */
  z.object({ type: z.literal('backup/restore'), json: z.string() }),
  /** The automatic backup the last restore took of what it replaced (null: none), as a file. */
  z.object({ type: z.literal('backup/previous') }),
  /** Stored rows that do not read (left out of lists and exports, kept in the database for repair). */
  z.object({ type: z.literal('store/problems') }),
  /** The distinct sites, tags and years of all saved annotations (the popup's filter choices). */
  z.object({ type: z.literal('annotation/facets') }),
  /** The reader's settings (the content script reads these before highlighting). */
  z.object({ type: z.literal('settings/get') }),
  /** Changes only the keys given; answers the full settings after the change. */
  z.object({ type: z.literal('settings/set'), settings: SettingsPatchSchema }),
  /** The connected notebooks (without their passwords). */
  z.object({ type: z.literal('notebook/list') }),
  /** Adds or changes a notebook connection (kept in storage.local); sync with it starts. */
  z.object({ type: z.literal('notebook/save'), notebook: NotebookSaveSchema }),
  /** Disconnects a notebook: its credentials and local replica go; annotations it brought stay, no longer shared. */
  z.object({ type: z.literal('notebook/remove'), id: z.string() }),
  /** Syncs now (one notebook, or all) and answers the state after it. */
  z.object({ type: z.literal('notebook/syncNow'), id: z.string().optional() }),
  /** Every notebook's sync state: last sync, pending changes, conflicts, errors. */
  z.object({ type: z.literal('notebook/state') }),
  /**
   * "Test connection" (lib/sync/connection.ts) with what the form holds; a password left out is the one stored for
   * that id. Answers which problem the reader can fix, never throws for a server's answer.
   */
  z.object({ type: z.literal('notebook/test'), notebook: NotebookSaveSchema }),
  /** Where a note can be shared, for the note editor (ids, database names, share-by-default; no server, no user). */
  z.object({ type: z.literal('notebook/choices') }),
  /** Shares an annotation with exactly these notebooks (an empty list: with none; those taken away get a deletion). */
  z.object({ type: z.literal('annotation/share'), id: z.string(), notebooks: z.array(z.string().min(1)).max(50) }),
  /** Settles a conflict with one of the competing revisions or the reader's merge. */
  z.object({ type: z.literal('annotation/resolveConflict'), id: z.string(), choice: ConflictChoiceSchema }),
  /**
   * Tracks the page (the promise tracker) with its article text and extraction as the page sees them now: stored
   * as a snapshot version when the text changed, as snapshot/save with force. `date`: the page's publication date.
   */
  TrackPagePayload.extend({ type: z.literal('tracker/add') }),
  /** Every tracked report (added ones and pages with notes). */
  z.object({ type: z.literal('tracker/list') }),
  /** Takes a report out of the tracker (its notes and snapshots stay). */
  z.object({ type: z.literal('tracker/remove'), url: z.string() }),
  /** Each target of the tracked reports with its linked figures and status (as of today), the reader's decisions applied. */
  z.object({ type: z.literal('tracker/links'), filter: TrackerFilterSchema.optional() }),
  /** The popup's line: due this year, overdue, met. */
  z.object({ type: z.literal('tracker/summary') }),
  /** The reader's decision on a link; `undecided` takes it back. */
  z.object({ type: z.literal('tracker/decide'), target: DecisionEnd, figure: DecisionEnd, verdict: z.enum(['confirmed', 'rejected', 'manual', 'undecided']) }),
  /**
   * The reader's saved targets (every page), each saying whether it is linked by hand to `figure`: the "outcome
   * of…" picker of the annotator frame, on the figure's own page (lib/messages/access: our frame only).
   */
  z.object({ type: z.literal('tracker/targets'), figure: DecisionEnd }),
  /** Links a saved figure by hand to a saved target as its outcome (`linked: false` takes the link back). */
  z.object({ type: z.literal('tracker/linkManual'), target: DecisionEnd, figure: DecisionEnd, linked: z.boolean() }),
  /** The tracker's rows (those the filter shows) as a CSV or Markdown file. */
  z.object({ type: z.literal('tracker/export'), format: z.enum(['csv', 'markdown']), filter: TrackerFilterSchema.optional() }),
]);
export type Request = z.infer<typeof RequestSchema>;

export const ResponseSchemas = {
  'annotation/save': AnnotationSchema,
  'annotation/update': AnnotationSchema,
  'annotation/delete': z.object({ deleted: z.boolean() }),
  'annotation/undoDelete': AnnotationSchema,
  'annotation/forPage': z.array(AnnotationSchema),
  'annotation/list': z.array(AnnotationSchema),
  /** `unreadable`: stored rows left out of the file because they do not read (store/problems lists them). */
  export: z.object({ filename: z.string(), mime: z.string(), content: z.string(), unreadable: z.number().int().positive().optional() }),
  import: z.object({ imported: z.number().int(), unchanged: z.number().int().optional() }),
  'snapshot/get': SnapshotSchema.nullable(),
  'snapshot/save': z.object({ version: z.number().int().positive().nullable(), stored: z.boolean(), previousVersion: z.number().int().positive().nullable() }),
  'page/changes': PageChangesSchema,
  'snapshot/versions': z.object({
    versions: z.record(z.string(), z.array(z.object({ version: z.number().int().positive(), capturedAt: z.string() }))),
  }),
  'backup/export': z.object({ filename: z.string(), mime: z.string(), content: z.string(), unreadable: z.number().int().positive().optional() }),
  'backup/restore': z.object({
    annotations: z.number().int().nonnegative(),
    snapshots: z.number().int().nonnegative(),
    settings: z.number().int().nonnegative(),
    /** When the automatic backup of what was replaced was taken (backup/previous); absent when nothing was stored. */
    backupBefore: z.string().optional(),
  }),
  'backup/previous': z.object({ filename: z.string(), mime: z.string(), content: z.string() }).nullable(),
  'store/problems': z.object({ annotations: z.array(z.object({ id: z.string(), error: z.string() })) }),
  'annotation/facets': z.object({ sites: z.array(z.string()), tags: z.array(z.string()), years: z.array(z.number().int()) }),
  'settings/get': SettingsSchema,
  'settings/set': SettingsSchema,
  'notebook/list': z.array(NotebookViewSchema),
  'notebook/save': NotebookViewSchema,
  'notebook/remove': z.object({ removed: z.boolean() }),
  'notebook/syncNow': z.array(SyncStateSchema),
  'notebook/state': z.array(SyncStateSchema),
  'notebook/test': ConnectionTestSchema,
  'notebook/choices': z.array(z.object({ id: z.string(), db: z.string(), shareByDefault: z.boolean() })),
  'annotation/share': AnnotationSchema,
  'annotation/resolveConflict': AnnotationSchema,
  'tracker/add': z.object({ url: z.string(), version: z.number().int().positive().nullable(), stored: z.boolean() }),
  'tracker/list': z.object({ reports: z.array(TrackedReportInfoSchema) }),
  'tracker/remove': z.object({ removed: z.boolean() }),
  'tracker/links': TrackerViewSchema,
  'tracker/summary': TrackerSummarySchema,
  'tracker/decide': LinkDecisionSchema.nullable(),
  'tracker/targets': z.object({ targets: z.array(SavedTargetSchema) }),
  'tracker/linkManual': LinkDecisionSchema.nullable(),
  'tracker/export': z.object({ filename: z.string(), mime: z.string(), content: z.string() }),
} satisfies Record<Request['type'], z.ZodType>;

export type ResponseFor<T extends Request['type']> = z.infer<(typeof ResponseSchemas)[T]>;

/** Every answer is wrapped so errors cross the boundary as data, never as thrown exceptions. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: string };
