import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { PledgemarkDB } from '../lib/store/db';
import { AnnotationRepository } from '../lib/store/repository';
import { SnapshotRepository } from '../lib/store/snapshots';
import { setupBackground } from '../lib/messages/background';
import { broadcastChanged } from '../lib/messages/broadcast';
import { SyncRuntime } from '../lib/sync/runtime';
import { browserRemote, browserReplica } from '../lib/sync/pouch-browser';
import { log } from '../lib/util/log';

/**
 * Owns the Dexie database; answers messages; the context menu and shortcut save a selection. Fetches nothing,
 * unless the reader connects a shared notebook: then only that notebook's server, with what the reader shared.
 */
export default defineBackground(() => {
  const db = new PledgemarkDB();
  const sync = new SyncRuntime({
    db,
    storage: browser.storage.local,
    replica: browserReplica,
    remote: browserRemote,
    log,
    // A colleague's note arrived or changed: the tabs of that page mark it without a reload.
    onPulled: (urls) => {
      for (const url of urls) void broadcastChanged(browser, { url });
    },
  });
  setupBackground(browser, { repo: new AnnotationRepository(db), snapshots: new SnapshotRepository(db), sync });
  // The worker (re)started: sync picks up where its checkpoints are.
  sync.wake();
});
