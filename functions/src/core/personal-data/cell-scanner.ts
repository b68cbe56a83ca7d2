/**
 * Finds personal data in one cell of a dataset before it may be published openly. It runs on
 * every cell of large files, so cells without a run of digits as long as a candidate's are
 * turned away after one pass.
 *
 * What counts as a candidate:
 * - a maximal run of digits (full-width ones too) standing on its own: not touching another
 *   digit, not the integer or fraction part of a decimal, not glued to a Latin letter (hashes,
 *   UUIDs and alphanumeric codes are not personal data; an ID's check character X is allowed);
 * - a number written in groups joined by one space or one hyphen, because people write them
 *   so: mobile 3-4-4 ("138 1234 5678"), card 4-4-4-4 with an optional short last group
 *   ("6222 0202 0000 1234 567"), resident ID 6-8-4 ("110101 19900307 4514"). The groups must
 *   make up the whole chain: "0571 138 1234 5678" is one chain of another shape, and not read;
 * - a mobile number after "+86" or "0086".
 * An 18-digit run that is a valid 统一社会信用代码 is an organisation, not a card number; but it is
 * still reported when it also passes every resident-ID rule, because one resident ID in 31 passes
 * the credit-code check by chance and letting those through would leak them.
 */
import { isBankCard } from './bank-card.ts';
import { isValidCreditCode } from './credit-code.ts';
import { findDigitRuns, type DigitRun } from './digit-runs.ts';
import { isMobileNumber } from './mobile.ts';
import { dayNumber, isResidentId } from './resident-id.ts';

/** The kinds of personal data the scanner finds, in the order answers list them. */
export const PERSONAL_DATA_KINDS = ['resident-id', 'mobile', 'bank-card'] as const;

export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

const RESIDENT_ID = 1;
const MOBILE = 2;
const BANK_CARD = 4;

// One frozen answer per combination of kinds, so that scanning allocates nothing per cell.
const ANSWERS: readonly (readonly PersonalDataKind[])[] = Array.from({ length: 8 }, (_, found) =>
  Object.freeze(PERSONAL_DATA_KINDS.filter((_kind, bit) => found & (1 << bit))),
);

const FEWEST_DIGITS = 11;
// The first test any candidate passes: 11 digits, maybe joined by single spaces or hyphens.
// A compiled regular expression scans long text several times faster than a loop in JavaScript.
const ELEVEN_DIGITS = /[0-9\uff10-\uff19](?:[ \-\u3000\uff0d]?[0-9\uff10-\uff19]){10}/;
const CARD_IN_GROUPS = /^4-4-4-4(-[1-3])?$/;

/** The kinds of personal data in one cell (usually none); `today` is YYYY-MM-DD. */
export function scanCell(value: string, today: string): readonly PersonalDataKind[] {
  // Checked on every call, not only when an ID turns up, so that a wrong date fails at once.
  dayNumber(today);
  const possible =
    value.length >= FEWEST_DIGITS && ELEVEN_DIGITS.test(value) && mayHoldCandidate(value);
  if (!possible) return ANSWERS[0]!;
  return ANSWERS[kindsInRuns(findDigitRuns(value), today)]!;
}

function kindsInRuns(runs: readonly DigitRun[], today: string): number {
  let found = 0;
  for (const run of runs) found |= kindOfRun(run, today);
  for (const group of joinedGroups(runs)) found |= kindOfGroups(group, today);
  return found;
}

// True when a run of digits, or digits joined by single spaces or hyphens, is as long as some
// candidate; 12-digit village codes, 13-digit epoch times and 14-digit timestamps are not.
function mayHoldCandidate(value: string): boolean {
  let run = 0;
  let chain = 0;
  let runStart = 0;
  let chainStart = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isDigit(code)) {
      if (run === 0) runStart = i;
      if (chain === 0) chainStart = i;
      run++;
      chain++;
    } else if (run > 0) {
      if (isCandidate(value, runStart, run)) return true;
      run = 0;
      // Reading past the end of the string would make V8 deoptimise this loop: check first.
      const joined = isSeparator(code) && i + 1 < value.length && isDigit(value.charCodeAt(i + 1));
      if (!joined) {
        if (isCandidate(value, chainStart, chain)) return true;
        chain = 0;
      }
    }
  }
  return isCandidate(value, runStart, run) || isCandidate(value, chainStart, chain);
}

// 11: mobile; 13: "+86" and a mobile; 15: "0086" and a mobile; 16-19: card; 17 (then X) and
// 18: resident ID.
function isCandidate(value: string, start: number, digits: number): boolean {
  if (digits === 13) return start > 0 && isPlus(value.charCodeAt(start - 1));
  if (digits === 15) return isZero(value.charCodeAt(start)) && isZero(value.charCodeAt(start + 1));
  return digits >= FEWEST_DIGITS && digits <= 19 && digits !== 12 && digits !== 14;
}

function isPlus(code: number): boolean {
  return code === 43 || code === 0xff0b;
}

function isZero(code: number): boolean {
  return code === 48 || code === 0xff10;
}

function isDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 0xff10 && code <= 0xff19);
}

function isSeparator(code: number): boolean {
  return code === 32 || code === 45 || code === 0x3000 || code === 0xff0d;
}

function kindOfRun(run: DigitRun, today: string): number {
  const { digits } = run;
  if (run.glued || run.decimal || digits.length < FEWEST_DIGITS) return 0;
  if (run.checkX) {
    return digits.length === 17 && isResidentId(`${digits}X`, today) ? RESIDENT_ID : 0;
  }
  switch (digits.length) {
    case 11:
    case 15:
      return isMobileNumber(digits) ? MOBILE : 0;
    case 13:
      return run.plusBefore && isMobileNumber(`+${digits}`) ? MOBILE : 0;
    case 18:
      if (isResidentId(digits, today)) return RESIDENT_ID;
      return !isValidCreditCode(digits) && isBankCard(digits) ? BANK_CARD : 0;
    default:
      return isBankCard(digits) ? BANK_CARD : 0;
  }
}

// Chains of two or more runs, each joined to the next by one space or hyphen.
function joinedGroups(runs: readonly DigitRun[]): DigitRun[][] {
  const groups: DigitRun[][] = [];
  for (let first = 0; first < runs.length;) {
    let last = first;
    while (runs[last]!.joinedBy !== undefined && last + 1 < runs.length) last++;
    if (last > first) groups.push(runs.slice(first, last + 1));
    first = last + 1;
  }
  return groups;
}

function kindOfGroups(chain: readonly DigitRun[], today: string): number {
  if (chain.some((run) => run.glued || run.decimal)) return 0;
  const [lead, ...rest] = chain;
  const countryCode = lead!.digits === '0086' || (lead!.digits === '86' && lead!.plusBefore);
  // A country code may be set off differently from the groups after it: "+86 138-1234-5678".
  if (countryCode && shapeOf(rest) === '3-4-4' && oneSeparator(rest)) {
    return isMobileNumber(digitsOf(rest)) ? MOBILE : 0;
  }
  if (!oneSeparator(chain)) return 0;
  const shape = shapeOf(chain);
  const digits = digitsOf(chain);
  if (chain.at(-1)!.checkX) {
    return shape === '6-8-3' && isResidentId(`${digits}X`, today) ? RESIDENT_ID : 0;
  }
  if (shape === '3-4-4') return isMobileNumber(digits) ? MOBILE : 0;
  if (shape === '6-8-4') return isResidentId(digits, today) ? RESIDENT_ID : 0;
  return CARD_IN_GROUPS.test(shape) && isBankCard(digits) ? BANK_CARD : 0;
}

function shapeOf(runs: readonly DigitRun[]): string {
  return runs.map((run) => run.digits.length).join('-');
}

function digitsOf(runs: readonly DigitRun[]): string {
  return runs.map((run) => run.digits).join('');
}

function oneSeparator(runs: readonly DigitRun[]): boolean {
  return runs.every(
    (run, index) => index === runs.length - 1 || run.joinedBy === runs[0]!.joinedBy,
  );
}
