/** Small bounded look-arounds shared by the rules. Every scan is limited, so no rule is quadratic. */

const OPEN_CLOSE: [string, string][] = [['“', '”'], ['「', '」'], ['‘', '’'], ['『', '』']];
const TITLE: [string, string] = ['《', '》'];

/** Whether `pos` stands inside a pair of brackets, looking at most `limit` characters each way. */
export function insidePair(text: string, pos: number, open: string, close: string, limit = 60, floor = 0): { start: number; end: number } | null {
  const min = Math.max(floor, pos - limit);
  for (let i = pos - 1; i >= min; i--) {
    const ch = text[i];
    if (ch === close || ch === '\n') return null;
    if (ch === open) {
      const max = Math.min(text.length, pos + limit);
      for (let j = pos; j < max; j++) {
        const c = text[j];
        if (c === close) return { start: i, end: j + 1 };
        if (c === open || c === '\n') return null;
      }
      return null;
    }
  }
  return null;
}

export function insideQuotes(text: string, pos: number, floor = 0): { start: number; end: number } | null {
  for (const [o, c] of OPEN_CLOSE) {
    const r = insidePair(text, pos, o, c, 40, floor);
    if (r) return r;
  }
  return null;
}

export function insideTitle(text: string, pos: number): boolean {
  return insidePair(text, pos, TITLE[0], TITLE[1], 80) !== null;
}

export function isCjk(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return c >= 0x4e00 && c <= 0x9fff;
}

/** The last occurrence of any of `words` in text[from, to), or -1. */
export function lastIndexOfAny(text: string, words: readonly string[], from: number, to: number): { index: number; word: string } | null {
  let best: { index: number; word: string } | null = null;
  const seg = text.slice(from, to);
  for (const w of words) {
    const i = seg.lastIndexOf(w);
    if (i !== -1 && (!best || from + i > best.index)) best = { index: from + i, word: w };
  }
  return best;
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
