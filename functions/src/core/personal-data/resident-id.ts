/**
 * 公民身份号码 (resident ID number, GB 11643-1999): region code, birth date, sequence, and a
 * MOD 11-2 check character. The caller passes today's date: the core reads no clock.
 */
import { DatarunError, problem } from '../errors.ts';

// The 31 province-level codes of mainland China (GB/T 2260), plus 71 (台湾省, also in GB/T 2260)
// and 81/82/83: residence permits of Hong Kong, Macao and Taiwan residents (港澳台居民居住证)
// carry 810000/820000/830000 and follow the same rules, and they are personal data too.
// prettier-ignore
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41',
  '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71',
  '81', '82', '83',
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
const EARLIEST_BIRTH = 19000101;

/** True when `candidate` is an 18-character resident ID number born by `today` (YYYY-MM-DD). */
export function isResidentId(candidate: string, today: string): boolean {
  const latestBirth = dayNumber(today);
  if (candidate.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const digit = candidate.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
    sum += digit * WEIGHTS[i]!;
  }
  const expected = CHECK_CHARACTERS[sum % 11];
  const actual = candidate[17] === 'x' ? 'X' : candidate[17];
  if (actual !== expected || !PROVINCES.has(candidate.slice(0, 2))) return false;
  const birth = Number(candidate.slice(6, 14));
  return birth >= EARLIEST_BIRTH && birth <= latestBirth && isCalendarDate(birth);
}

// Scanning calls this once per cell with the same string, so the last answer is kept.
let lastToday = '';
let lastTodayNumber = 0;

/** Reads a YYYY-MM-DD date as the number YYYYMMDD; throws when it is not a real date. */
export function dayNumber(today: string): number {
  return today === lastToday ? lastTodayNumber : readDay(today);
}

function readDay(today: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  const value = match ? Number(match[1]! + match[2]! + match[3]!) : 0;
  if (!match || !isCalendarDate(value)) {
    throw new DatarunError(
      problem('invalid-value', `expected today's date as YYYY-MM-DD, got "${today}"`, {
        field: 'today',
      }),
    );
  }
  lastToday = today;
  lastTodayNumber = value;
  return value;
}

function isCalendarDate(yyyymmdd: number): boolean {
  const year = Math.floor(yyyymmdd / 10000);
  const month = Math.floor(yyyymmdd / 100) % 100;
  const day = yyyymmdd % 100;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
