/** China Standard Time is UTC+8 all year (no daylight saving). */
const CST_OFFSET_MS = 8 * 3600 * 1000;

const DATE = String.raw`(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日?)`;
const TIME = String.raw`(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?`;
const ZONE = String.raw`(Z|[+-]\d{2}(?::?\d{2})?)?`;
const WRITTEN = new RegExp(`^${DATE}${TIME}${ZONE}$`, 'i');

/**
 * The calendar date (YYYY-MM-DD, in China Standard Time) of a date as foreign catalogs write it:
 * `2023-04-06`, `2023/4/6`, `2023.04.06`, `2023年4月6日`, `20230406`, with or without a time,
 * ISO timestamps with `Z` or an offset (converted to UTC+8), epoch milliseconds (12–13 digits)
 * or seconds (10 digits), as numbers or digit strings. A time without a zone is taken as written.
 * Anything else, or a date that does not exist (2023-02-30), gives undefined.
 */
export function parseForeignDate(value: unknown): string | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? fromDigits(String(value)) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return fromDigits(text);
  const m = WRITTEN.exec(text);
  if (!m) return undefined;
  const [, y, month, day, cnMonth, cnDay, hh = '0', mm = '0', ss = '0', zone] = m;
  const [year, mon, d] = [Number(y), Number(month ?? cnMonth), Number(day ?? cnDay)];
  const date = calendarDate(year, mon, d);
  if (!date || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 60) return undefined;
  if (!zone) return date;
  const local = Date.UTC(year, mon - 1, d, Number(hh), Number(mm), Number(ss));
  return fromEpochMs(local - zoneOffsetMs(zone));
}

/** `Z`, `+08`, `+0800` or `-05:00` in milliseconds east of UTC. */
function zoneOffsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * 60_000;
}

function fromDigits(digits: string): string | undefined {
  if (digits.length === 8)
    return calendarDate(
      Number(digits.slice(0, 4)),
      Number(digits.slice(4, 6)),
      Number(digits.slice(6)),
    );
  if (digits.length === 10) return fromEpochMs(Number(digits) * 1000);
  if (digits.length === 12 || digits.length === 13) return fromEpochMs(Number(digits));
  return undefined;
}

function fromEpochMs(ms: number): string {
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10);
}

function calendarDate(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
