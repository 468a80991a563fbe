import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { PledgemarkDB } from '../lib/store/db';
import { AnnotationRepository } from '../lib/store/repository';
import { SnapshotRepository } from '../lib/store/snapshots';
import { setupBackground } from '../lib/messages/background';

/** Owns the Dexie database; answers messages; the context menu and shortcut save a selection. Fetches nothing. */
export default defineBackground(() => {
  const db = new PledgemarkDB();
  setupBackground(browser, { repo: new AnnotationRepository(db), snapshots: new SnapshotRepository(db) });
});
