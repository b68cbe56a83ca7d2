/**
 * Reading cell text as Table Schema values. Each reader returns the value in its canonical
 * output form, or `undefined` when the text is not a value of that type.
 *
 * Numbers stay text: the canonical literal is valid JSON and keeps every digit of the source,
 * so integers beyond Number.MAX_SAFE_INTEGER and long decimals are published exactly. Use
 * `Number()` or `BigInt()` where arithmetic is needed.
 */

/** A cell ready for output: text, a canonical number literal, a boolean, or null when empty. */
export type TypedValue = string | boolean | null;

/** Integers as JSON writes them: no sign other than `-`, no leading zeros. */
export const CANONICAL_INTEGER = /^-?(?:0|[1-9]\d*)$/;
/** Numbers as JSON writes them. */
export const CANONICAL_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const LOOSE_NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const THOUSANDS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const LOOSE_DATE = /^(\d{4})(?:([-/])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日)$/;
const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads an integer. Accepts a leading `+`, leading zeros, thousands separators (`1,234`) and
 * surrounding spaces, and writes them away.
 */
export function toInteger(text: string): string | undefined {
  if (CANONICAL_INTEGER.test(text)) return text;
  const number = toNumber(text);
  return number !== undefined && CANONICAL_INTEGER.test(number) ? number : undefined;
}

/**
 * Reads a number. Beyond the JSON form it accepts a leading `+`, leading zeros, `.5`, `5.`,
 * thousands separators in groups of three (`1,234.5`) and surrounding spaces. Percent signs,
 * currency symbols, NaN and Infinity are not numbers here.
 */
export function toNumber(text: string): string | undefined {
  if (CANONICAL_NUMBER.test(text)) return text;
  let s = text.trim();
  if (THOUSANDS.test(s)) s = s.replaceAll(',', '');
  const m = LOOSE_NUMBER.exec(s);
  if (!m) return undefined;
  const [, sign, whole = '', fraction = '', exponent] = m;
  if (whole === '' && fraction === '') return undefined;
  const digits = whole.replace(/^0+(?=\d)/, '') || '0';
  const literal = `${digits}${fraction ? `.${fraction}` : ''}${exponent !== undefined ? `e${exponent}` : ''}`;
  return sign === '-' && /[1-9]/.test(digits + fraction) ? `-${literal}` : literal;
}

/** Reads a boolean: true/false in any of three cases, 是/否, or 1/0. */
export function toBoolean(text: string): boolean | undefined {
  switch (text) {
    case 'true':
    case 'True':
    case 'TRUE':
    case '1':
    case '是':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
    case '0':
    case '否':
      return false;
    default:
      return undefined;
  }
}

/** Reads a date written YYYY-MM-DD, YYYY/M/D, YYYY-M-D or YYYY年M月D日, as YYYY-MM-DD. */
export function toDate(text: string): string | undefined {
  if (text.length === 10 && text.charCodeAt(4) === DASH && text.charCodeAt(7) === DASH) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 7);
    const day = digits(text, 8, 10);
    if (year >= 0 && month >= 0 && day >= 0) return isRealDate(year, month, day) ? text : undefined;
  }
  const m = LOOSE_DATE.exec(text.trim());
  if (!m) return undefined;
  const month = Number(m[3] ?? m[5]);
  const day = Number(m[4] ?? m[6]);
  return isRealDate(Number(m[1]), month, day) ? `${m[1]}-${pad(month)}-${pad(day)}` : undefined;
}

/**
 * Reads an ISO 8601 date and time (`T` or a space between them; seconds, fraction and offset
 * optional) as `YYYY-MM-DDTHH:MM:SS[.f][Z|±HH:MM]`. Without an offset it stays a local time.
 */
export function toDatetime(text: string): string | undefined {
  const m = DATETIME.exec(text);
  if (!m) return undefined;
  const [, y = '', mo = '', d = '', h = '', mi = '', s = '00', fraction = '', zone = ''] = m;
  if (!isRealDate(+y, +mo, +d) || +h > 23 || +mi > 59 || +s > 59) return undefined;
  let offset = zone;
  if (offset.length === 5) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  if (offset.length === 6 && (+offset.slice(1, 3) > 23 || +offset.slice(4) > 59)) return undefined;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction}${offset}`;
}

/** Whether a day exists in the proleptic Gregorian calendar (2023-02-29 does not). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days =
    month === 2
      ? leap
        ? 29
        : 28
      : month === 4 || month === 6 || month === 9 || month === 11
        ? 30
        : 31;
  return day <= days;
}

const DASH = 45;

/** The value of the decimal digits in text[from, to), or -1 if one is not a digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
