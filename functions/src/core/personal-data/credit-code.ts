/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015). Organisations are not people:
 * the scanner uses this check to tell an organisation's code from personal data.
 */

// The code alphabet in value order; I, O, Z, S and V are left out to avoid misreading.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// Positions 1-2 (registration authority, organisation type) and 9-18 (organisation code, check)
// may be letters; positions 3-8 are the region code and always digits.
const SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/;

/** True when `code` is an 18-character 统一社会信用代码 whose check character is right. */
export function isValidCreditCode(code: string): boolean {
  if (!SHAPE.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(code[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31] === code[17];
}
