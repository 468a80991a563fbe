import { z } from 'zod';

/** A point in time as stored and exported: ISO 8601 with an offset (`2026-03-01T08:00:00.000Z`). */
export const IsoDate = z.string().datetime({ offset: true });

/**
 * A web page's address: http or https only. Anything else that parses (javascript:, data:, file:) would come
 * out of an export as a link that runs or opens something other than the page the note was taken on.
 */
export const WebUrl = z.string().url({ protocol: /^https?$/, error: 'expected an http or https URL' });
