import type { z } from 'zod';

/**
 * The one way a validation failure is told to the reader, whichever boundary caught it (a message, a stored
 * row, an import, a backup): the path to the bad field, then what is wrong with it.
 */

/** `items[3].target.selector[0].exact` from ['items', 3, 'target', 'selector', 0, 'exact']; '' for the root. */
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
