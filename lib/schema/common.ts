import { z } from 'zod';

/** A point in time as stored and exported: ISO 8601 with an offset (`2026-03-01T08:00:00.000Z`). */
export const IsoDate = z.string().datetime({ offset: true });
