import type { z } from 'zod';

export type StoreErrorCode = 'invalid' | 'not-found' | 'quota' | 'storage';

/** An error the store reports to its callers; `message` is meant to be shown to the reader. */
export class StoreError extends Error {
  constructor(
    public readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** `items[3].target.selector[0].exact` from ['items', 3, 'target', 'selector', 0, 'exact']. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const s = String(p);
      out += /^[A-Za-z_$@][\w$@]*$/.test(s) ? (out ? `.${s}` : s) : `[${JSON.stringify(s)}]`;
    }
  }
  return out;
}

/**
 * One line per problem, "path: what is wrong" ("items[3].target.selector[0].exact: Required"),
 * at most `max` problems, then "… and N more".
 */
export function formatZodError(error: z.ZodError, max = 5, pathPrefix: readonly PropertyKey[] = []): string {
  const lines = error.issues.slice(0, max).map((issue) => {
    const where = formatPath([...pathPrefix, ...(issue.path as PropertyKey[])]);
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    const what = missing ? 'Required' : issue.message;
    return where ? `${where}: ${what}` : what;
  });
  const more = error.issues.length - max;
  if (more > 0) lines.push(`… and ${more} more`);
  return lines.join('; ');
}

/** True when `e` (or an error it wraps — Dexie wraps IndexedDB errors) is a storage-quota error. */
export function isQuotaError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 5) return false;
  const err = e as { name?: unknown; inner?: unknown; failures?: unknown };
  if (err.name === 'QuotaExceededError') return true;
  if (isQuotaError(err.inner, depth + 1)) return true;
  if (Array.isArray(err.failures)) return err.failures.some((f) => isQuotaError(f, depth + 1));
  return false;
}

export const QUOTA_MESSAGE =
  'The browser has no storage space left for Pledgemark, so nothing was saved. ' +
  'Export your annotations and delete some, or free disk space, then try again.';

/** Turns whatever a Dexie write threw into a StoreError with a message a reader can act on. */
export function toStoreError(e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  if (isQuotaError(e)) return new StoreError('quota', QUOTA_MESSAGE);
  const msg = e instanceof Error ? e.message : String(e);
  return new StoreError('storage', `Storage error, nothing was saved: ${msg}`);
}
