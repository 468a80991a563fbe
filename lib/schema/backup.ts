import { z } from 'zod';
import { IsoDate } from './common';
import { AnnotationSchema } from './annotation';
import { SnapshotSchema } from './snapshot';
import { LinkDecisionSchema, TrackedReportSchema } from './track';

/**
 * The promise tracker's own records: reports added by hand, pages with notes taken out of it, the reader's link
 * decisions. Absent from files written before the tracker (a restore of one leaves these tables as they are).
 */
export const BackupTrackerSchema = z.object({
  reports: z.array(TrackedReportSchema),
  untracked: z.array(z.object({ url: z.string(), removedAt: IsoDate })),
  decisions: z.array(LinkDecisionSchema),
});
export type BackupTracker = z.infer<typeof BackupTrackerSchema>;

/** The JSON backup of everything a reader has: annotations, snapshots and settings (read by lib/evidence/backup). */
export const BACKUP_FORMAT = 'pledgemark-backup';
export const BACKUP_VERSION = 1;

export const BackupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: IsoDate,
  annotations: z.array(AnnotationSchema),
  snapshots: z.array(SnapshotSchema),
  settings: z.record(z.string(), z.unknown()),
  tracker: BackupTrackerSchema.optional(),
});
export type Backup = z.infer<typeof BackupSchema>;
