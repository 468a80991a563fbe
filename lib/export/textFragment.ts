/**
 * Deep links to a quote with a URL text fragment (https://wicg.github.io/scroll-to-text-fragment/):
 * `URL#:~:text=prefix-,exact,-suffix`. Each part is percent-encoded, including the characters
 * that are syntax inside a text directive: `&`, `-` and `,`.
 */

/** Percent-encodes one text-directive part (encodeURIComponent leaves `-` alone; the directive must not). */
export function encodeTextDirectivePart(s: string): string {
  return encodeURIComponent(s).replace(/-/g, '%2D');
}

const BREAK = /[\s。！？；，、：,.!?;:()（）「」『』“”"《》【】]/u;
const CONTEXT_CHARS = 12;

const onlyBreaks = (chars: string[]) => chars.every((c) => BREAK.test(c));

/**
 * The last few characters of `prefix`, starting after the last break (punctuation/space) that is
 * not its final character — the prefix must stay adjacent to the quote, so "到2025年，" stays whole.
 */
export function shortPrefix(prefix: string, max = CONTEXT_CHARS): string {
  let s = Array.from(prefix).slice(-max);
  for (let i = s.length - 2; i >= 0; i--) {
    if (BREAK.test(s[i]) && !onlyBreaks(s.slice(i + 1))) {
      s = s.slice(i + 1);
      break;
    }
  }
  return onlyBreaks(s) ? '' : s.join('').trimStart();
}

/** The first few characters of `suffix`, up to the first break that is not its first character. */
export function shortSuffix(suffix: string, max = CONTEXT_CHARS): string {
  let s = Array.from(suffix).slice(0, max);
  for (let i = 1; i < s.length; i++) {
    if (BREAK.test(s[i]) && !onlyBreaks(s.slice(0, i))) {
      s = s.slice(0, i);
      break;
    }
  }
  return onlyBreaks(s) ? '' : s.join('').trimEnd();
}

/** `url` without its fragment, plus `#:~:text=[prefix-,]exact[,-suffix]`. */
export function textFragmentUrl(url: string, quote: { exact: string; prefix?: string; suffix?: string }): string {
  const base = url.split('#')[0];
  const exact = quote.exact.replace(/\s+/g, ' ').trim();
  if (!exact) return base;
  const prefix = shortPrefix(quote.prefix ?? '');
  const suffix = shortSuffix(quote.suffix ?? '');
  let directive = '';
  if (prefix) directive += `${encodeTextDirectivePart(prefix)}-,`;
  directive += encodeTextDirectivePart(exact);
  if (suffix) directive += `,-${encodeTextDirectivePart(suffix)}`;
  return `${base}#:~:text=${directive}`;
}

/** Above this length a clause is linked as a range (its first and last words), as browsers match either. */
const CLAUSE_LINK_MAX = 40;
const CLAUSE_END_CHARS = 12;

/**
 * A deep link to the clause around a quote (the sentence a citation quotes), falling back to the quote when
 * the clause does not hold it. A long clause becomes a text=start,end range so the URL stays short.
 */
export function clauseFragmentUrl(url: string, clause: string, quote: { exact: string; prefix?: string; suffix?: string }): string {
  const c = clause.replace(/\s+/g, ' ').trim();
  if (!c || !c.includes(quote.exact.replace(/\s+/g, ' ').trim())) return textFragmentUrl(url, quote);
  const base = url.split('#')[0];
  if (c.length <= CLAUSE_LINK_MAX) return `${base}#:~:text=${encodeTextDirectivePart(c)}`;
  const start = c.slice(0, CLAUSE_END_CHARS), end = c.slice(-CLAUSE_END_CHARS);
  return `${base}#:~:text=${encodeTextDirectivePart(start)},${encodeTextDirectivePart(end)}`;
}
