import { z } from 'zod';
import { IsoDate } from './common';

/**
 * Shared notebooks: a notebook is one CouchDB database the reader connects to. Pledgemark replicates the
 * records the reader chose to share with it (PouchDB's replicator: checkpoints, revisions, tombstones) and keeps
 * Dexie as the store everything else reads; lib/sync is the one bridge between the two.
 */

/** A notebook connection as the options page saves it. Kept in storage.local; sent to `server`'s origin only. */
export const NotebookConfigSchema = z.object({
  /** Stable local id of this connection. */
  id: z.string().min(1),
  /** The server's base URL (https://couch.example.org/ or, for a local test server, http://127.0.0.1:5984/). */
  server: z.string().url({ protocol: /^https?$/ }),
  /** The database name (CouchDB's rules: lower-case, starts with a letter). */
  db: z.string().regex(/^[a-z][a-z0-9_$()+/-]*$/, 'a CouchDB database name: lower-case letters, digits and _$()+-/, starting with a letter'),
  username: z.string().min(1),
  password: z.string(),
  /** How the reader's name shows on what they share (set once, in the options page). */
  author: z.string().min(1).max(80),
  /** Share new annotations with this notebook without asking each time. */
  shareByDefault: z.boolean(),
});
export type NotebookConfig = z.infer<typeof NotebookConfigSchema>;

/** Why a connection test failed, one case per thing the reader can fix. */
export const ConnectionProblem = z.enum(['unreachable', 'credentials', 'forbidden', 'not-couchdb', 'no-database', 'permission-denied']);
export type ConnectionProblem = z.infer<typeof ConnectionProblem>;

export const ConnectionTestSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), serverVersion: z.string(), docCount: z.number().int().nonnegative() }),
  z.object({ ok: z.literal(false), problem: ConnectionProblem, detail: z.string() }),
]);
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;

/** What the reader sees of sync, always: last sync, what waits to go out, the last error. */
export const SyncStateSchema = z.object({
  notebook: z.string(),
  state: z.enum(['off', 'connecting', 'active', 'idle', 'offline', 'error']),
  lastSyncAt: IsoDate.nullable(),
  /** Local changes not yet on the server. */
  pending: z.number().int().nonnegative(),
  /** Notes in conflict (two revisions kept until the reader picks or merges). */
  conflicts: z.number().int().nonnegative(),
  error: z.string().nullable(),
  /**
   * Documents from the server that are not valid records (another program wrote them, or a newer Pledgemark):
   * left on the server and out of the local store, each with why; everything else still syncs.
   */
  rejected: z.array(z.object({ docId: z.string(), error: z.string() })).optional(),
});
export type SyncState = z.infer<typeof SyncStateSchema>;

/** A notebook as the extension's pages see it: the connection without its password. */
export const NotebookViewSchema = NotebookConfigSchema.omit({ password: true }).extend({ hasPassword: z.boolean() });
export type NotebookView = z.infer<typeof NotebookViewSchema>;

/** What notebook/save takes: a password left out keeps the one stored for that id. */
export const NotebookSaveSchema = NotebookConfigSchema.extend({ password: z.string().optional() });
export type NotebookSave = z.infer<typeof NotebookSaveSchema>;

/** The reader's answer to a conflict: keep one of the competing revisions, or a merge of their own. */
export const ConflictChoiceSchema = z.union([
  z.object({ rev: z.string().min(1) }),
  z.object({ merged: z.object({ note: z.string(), tags: z.array(z.string()) }) }),
]);
export type ConflictChoice = z.infer<typeof ConflictChoiceSchema>;
