/** Small bounded look-arounds shared by the rules. Every scan is limited, so no rule is quadratic. */

export function isCjk(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return c >= 0x4e00 && c <= 0x9fff;
}


export function includesAny(s: string, words: readonly string[]): string | null {
  for (const w of words) if (s.includes(w)) return w;
  return null;
}

const PAIRS: [string, string][] = [['“', '”'], ['「', '」'], ['‘', '’'], ['『', '』'], ['《', '》']];
/** Per char code: 0 nothing, 1 a closer, or the closer's code for an opener. */
const BRACKET = new Uint16Array(65536);
for (const [o, c] of PAIRS) {
  BRACKET[c.charCodeAt(0)] = 1;
  BRACKET[o.charCodeAt(0)] = c.charCodeAt(0);
}

/**
 * The innermost quote or title bracket around `pos` (looking at most `limit` characters back and forward,
 * never past a line break or `floor`), found in one backward scan: its opening character and span.
 */
export function enclosing(text: string, pos: number, floor = 0, limit = 80): { open: string; start: number; end: number } | null {
  const min = Math.max(floor, pos - limit);
  for (let i = pos - 1; i >= min; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return null;
    const b = BRACKET[c];
    if (b === 0) continue;
    if (b === 1) return null;
    const close = b;
    const max = Math.min(text.length, pos + limit);
    for (let j = pos; j < max; j++) {
      const d = text.charCodeAt(j);
      if (d === close) return { open: text[i], start: i, end: j + 1 };
      if (d === 10 || d === c) return null;
    }
    return null;
  }
  return null;
}

/** A literal word as a regular-expression source. */
export const escapeRegExp = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A phrase list indexed by the code of its first (or last) character, so testing a position against a
 * table of words costs one lookup when no word can start (or end) there. Within a bucket the list's
 * order is kept, so the word found is the one a scan of the whole list in order would find.
 */
export class WordIndex {
  private readonly byFirst = new Map<number, string[]>();
  private readonly byLast = new Map<number, string[]>();
  /** 1 for a code some word starts with: a scan over text asks at every character, and most start none. */
  private readonly firsts = new Uint8Array(65536);
  constructor(words: readonly string[]) {
    for (const w of words) {
      if (!w) continue;
      const f = w.charCodeAt(0);
      this.firsts[f] = 1;
      const l = w.charCodeAt(w.length - 1);
      (this.byFirst.get(f) ?? this.byFirst.set(f, []).get(f)!).push(w);
      (this.byLast.get(l) ?? this.byLast.set(l, []).get(l)!).push(w);
    }
  }
  /** The words that begin with the character code `c` (list order), or undefined. */
  startingWith(c: number): readonly string[] | undefined {
    return this.firsts[c] === 1 ? this.byFirst.get(c) : undefined;
  }
  /** The first word (in list order) written at `pos`, or null. */
  startingAt(text: string, pos: number): string | null {
    const c = text.charCodeAt(pos);
    const list = this.firsts[c] === 1 ? this.byFirst.get(c) : undefined;
    if (list === undefined) return null;
    for (let k = 0; k < list.length; k++) if (text.startsWith(list[k], pos)) return list[k];
    return null;
  }
  /** Whether some word ends with the character code `c`. */
  endsWith(c: number): boolean {
    return this.byLast.has(c);
  }
  /** The first word (in list order) that ends right before `end`, or null (none before the text's start). */
  endingAt(text: string, end: number): string | null {
    if (end <= 0) return null;
    const list = this.byLast.get(text.charCodeAt(end - 1));
    if (list === undefined) return null;
    for (let k = 0; k < list.length; k++) {
      const w = list[k];
      if (end - w.length >= 0 && text.startsWith(w, end - w.length)) return w;
    }
    return null;
  }
  /** The first word (in list order) that `s` ends with, or null. */
  suffixOf(s: string): string | null {
    return this.endingAt(s, s.length);
  }
}
