/** Reading numbers written in ASCII or full-width digits, or in Chinese numerals. Pure functions. */

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CN_BIG_UNITS: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/** Full-width digits and the full-width point to ASCII; thousands separators dropped. */
export function normaliseDigits(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(c - 0xff10 + 48);
    else if (ch === '．') out += '.';
    else if (ch !== ',') out += ch;
  }
  return out;
}

export function parseArabic(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || c === 46)) return Number(normaliseDigits(s));
  }
  return Number(s);
}

/** 十 → 10, 两 → 2, 三千 → 3000, 二〇二〇 → 2020, 十四 → 14, 一百零五 → 105; null when it is not a numeral. */
export function parseChinese(s: string): number | null {
  if (!s) return null;
  // Positional form: 二〇二〇, 一九
  if ([...s].every((ch) => ch in CN_DIGITS) && s.length > 1) {
    return Number([...s].map((ch) => CN_DIGITS[ch]).join(''));
  }
  let total = 0;
  let section = 0;
  let num = 0;
  let seen = false;
  for (const ch of s) {
    if (ch in CN_DIGITS) {
      num = CN_DIGITS[ch];
      seen = true;
    } else if (ch in CN_SMALL_UNITS) {
      section += (num || 1) * CN_SMALL_UNITS[ch];
      num = 0;
      seen = true;
    } else if (ch in CN_BIG_UNITS) {
      section += num;
      total += (section || 1) * CN_BIG_UNITS[ch];
      section = 0;
      num = 0;
      seen = true;
    } else return null;
  }
  return seen ? total + section + num : null;
}

/** 百分之九十五点五 → 95.5 */
export function parsePercentWords(s: string): number | null {
  const body = s.replace(/^百分之/, '');
  const [int, frac] = body.split('点');
  const whole = parseChinese(int);
  if (whole === null) return null;
  if (!frac) return whole;
  const digits = [...frac].map((ch) => CN_DIGITS[ch]);
  if (digits.some((d) => d === undefined)) return whole;
  return Number(`${whole}.${digits.join('')}`);
}

/** Multiply without binary noise: 892.15 × 10⁴ → 8921500, not 8921500.000000001. */
export function scale(value: number, factor: number): number {
  if (factor === 1) return value;
  const r = value * factor;
  return Number(r.toPrecision(12));
}
