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
