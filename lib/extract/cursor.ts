/**
 * A forward-only cursor over sorted span starts. Called with positions that never decrease (the pipeline
 * walks the text once, front to back), it returns the index of the span containing `pos` — or of the last
 * span starting before it — and -1 before the first span. Each call resumes where the last one stopped, so a
 * whole pass costs one walk over the spans rather than a search per number.
 *
 * Each pass needs its own cursor: two passes sharing one would skip each other's spans.
 */
export function forwardCursor(starts: ArrayLike<number>, length = starts.length): (pos: number) => number {
  let i = 0;
  return (pos: number): number => {
    while (i + 1 < length && starts[i + 1] <= pos) i++;
    return length > 0 && starts[i] <= pos ? i : -1;
  };
}
