/**
 * Filter values read by the type of their column. Only what the published CSV itself could
 * hold is read: ASCII digits, `.` as the decimal point, no thousands separators. Full-width
 * digits (`１２３`) are refused rather than normalised, so a value typed with a Chinese input
 * method is reported instead of silently meaning something else.
 */
import { toBoolean, toDate, toDatetime } from '../ingest/values.ts';
import type { TableField } from '../schemas/dataset-version.ts';

export type FieldType = TableField['type'];

/** A filter value as its column compares it: text, a number, a boolean, or a datetime in ms. */
export type Literal = string | number | boolean;

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const FULL_WIDTH_DIGIT = /[\uFF10-\uFF19]/;
const DATETIME_PARTS =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/** What a value of each type looks like, for messages. */
export const EXPECTED: Record<FieldType, string> = {
  string: 'text',
  integer: 'an integer such as 42',
  number: 'a number such as 3.5 or -2e3',
  boolean: 'true or false',
  date: 'a date such as 2023-06-30',
  datetime: 'a date and time such as 2023-06-30T14:05:00+08:00 (or a date)',
};

/** Reads `text` as a value of `type`, or returns undefined. */
export function parseLiteral(type: FieldType, text: string): Literal | undefined {
  switch (type) {
    case 'string':
      return text;
    case 'integer':
      return INTEGER.test(text) ? Number(text) : undefined;
    case 'number': {
      if (!NUMBER.test(text)) return undefined;
      const value = Number(text);
      return Number.isFinite(value) ? value : undefined;
    }
    case 'boolean':
      return toBoolean(text);
    case 'date':
      return toDate(text);
    case 'datetime': {
      const date = toDate(text);
      const canonical = date === undefined ? toDatetime(text) : `${date}T00:00:00`;
      return canonical === undefined ? undefined : datetimeKey(canonical);
    }
  }
}

/** Why `text` is not a value of `type`, to end a message with. */
export function expectedValue(type: FieldType, text: string): string {
  const hint = FULL_WIDTH_DIGIT.test(text)
    ? '; write digits as ASCII 0-9: full-width digits such as １２３ are not read as numbers'
    : '';
  return `expected ${EXPECTED[type]}${hint}`;
}

/**
 * Milliseconds since 1970 of a canonical datetime (values.ts writes them), fractions kept. A
 * datetime with an offset is placed at its instant; one without is read as if it were UTC, so
 * local times compare by their wall clock and filters without an offset compare the same way.
 */
export function datetimeKey(canonical: string): number {
  const m = DATETIME_PARTS.exec(canonical);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const year = Number(y);
  // Date.UTC reads years 0–99 as 1900–1999; 400 Gregorian years are exactly 146,097 days.
  const shift = year < 100 ? 400 : 0;
  let ms =
    Date.UTC(year + shift, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) -
    (shift > 0 ? 146_097 * 86_400_000 : 0);
  if (fraction) ms += Number(`0.${fraction}`) * 1000;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return ms;
}
