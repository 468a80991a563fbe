/**
 * FNV-1a (32 bit) of a string's UTF-16 code units, as 8 lower-case hex digits: a short, stable key for names
 * and ids where something else (a SHA-256, a record id) makes them unique. Not a cryptographic hash.
 */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
