/**
 * Splits a cell into maximal runs of digits and notes what touches each run, so that the
 * scanner can tell a number standing on its own from part of a decimal, a code or a longer one.
 */

/** A maximal run of digits in a cell and what is on either side of it. */
export type DigitRun = {
  /** ASCII digits; full-width digits are normalised. */
  digits: string;
  /** Followed by X or x that ends the token: a resident ID's check character. */
  checkX: boolean;
  /** Touches a Latin letter (other than `checkX`): part of a hash, UUID or alphanumeric code. */
  glued: boolean;
  /** The integer or fraction part of a decimal number such as 13812345678.5. */
  decimal: boolean;
  /** Preceded by "+", as in +8613812345678. */
  plusBefore: boolean;
  /** The single space or hyphen that joins it to the next run, as in "138 1234 5678". */
  joinedBy: ' ' | '-' | undefined;
};

const DOT = 46;
const PLUS = 43;
const SPACE = 32;
const HYPHEN = 45;

/** Finds every maximal run of ASCII or full-width digits in `value`. */
export function findDigitRuns(value: string): DigitRun[] {
  const runs: DigitRun[] = [];
  let i = 0;
  while (i < value.length) {
    if (!isDigit(asciiAt(value, i))) {
      i++;
      continue;
    }
    const start = i;
    let fullWidth = false;
    for (; isDigit(asciiAt(value, i)); i++) fullWidth ||= value.charCodeAt(i) > 57;
    const digits = fullWidth ? toAscii(value.slice(start, i)) : value.slice(start, i);
    const before = asciiAt(value, start - 1);
    const after = asciiAt(value, i);
    const next = asciiAt(value, i + 1);
    const checkX = (after === 88 || after === 120) && !isLetter(next) && !isDigit(next);
    runs.push({
      digits,
      checkX,
      glued: isLetter(before) || (!checkX && isLetter(after)),
      decimal:
        (before === DOT && isDigit(asciiAt(value, start - 2))) || (after === DOT && isDigit(next)),
      plusBefore: before === PLUS,
      joinedBy: isDigit(next) ? separatorOf(after) : undefined,
    });
  }
  return runs;
}

// Full-width forms (U+FF01-U+FF5E) and the ideographic space are read as their ASCII twins,
// so "１３８" is a digit run and "＋８６" a country prefix. Outside the string: -1.
function asciiAt(value: string, index: number): number {
  if (index < 0 || index >= value.length) return -1;
  const code = value.charCodeAt(index);
  if (code >= 0xff01 && code <= 0xff5e) return code - 0xfee0;
  return code === 0x3000 ? SPACE : code;
}

function toAscii(fullWidthDigits: string): string {
  return fullWidthDigits.replace(/[\uff10-\uff19]/g, (digit) =>
    String.fromCharCode(digit.charCodeAt(0) - 0xfee0),
  );
}

function separatorOf(code: number): ' ' | '-' | undefined {
  if (code === SPACE) return ' ';
  return code === HYPHEN ? '-' : undefined;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
