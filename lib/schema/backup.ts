import { z } from 'zod';
import { IsoDate } from './common';
import { AnnotationSchema } from './annotation';
import { SnapshotSchema } from './snapshot';

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
});
export type Backup = z.infer<typeof BackupSchema>;
