import type { NotebookSave, NotebookView, SyncState } from '../schema/notebook';

/**
 * What the message handler asks of the sync runtime (lib/sync/runtime.ts in the background; a fake in tests).
 * Sharing and conflict choices are written to the store by the repository; the runtime only hears that there is
 * something to send.
 */
export interface SyncService {
  list(): Promise<NotebookView[]>;
  save(notebook: NotebookSave): Promise<NotebookView>;
  remove(id: string): Promise<boolean>;
  /** Runs a sync of one notebook (or all) now and answers the states after it. */
  syncNow(id?: string): Promise<SyncState[]>;
  states(): Promise<SyncState[]>;
  /** The notebooks a new annotation goes to without asking (share by default), with the author name of each. */
  defaults(): Promise<{ notebooks: string[]; author: string } | undefined>;
  /** The author name set for `notebook` (the first connected one when none is given). */
  authorFor(notebook?: string): Promise<string | undefined>;
  /** Local changes are waiting: send them soon (never waits for the network). */
  changed(): void;
  /**
   * A page's annotations are about to be read: bring in what the notebooks have first, waiting at most a moment
   * (a stopped service worker wakes on this message with no live sync running).
   */
  beforeRead(url: string): Promise<void>;
  /** The password stored for notebook `id` (a "Test connection" of a saved notebook whose form leaves it empty). */
  storedPassword?(id: string): Promise<string | undefined>;
}
