/** Payment card numbers: a card scheme's prefix and length, and the Luhn check. */

type SchemeRange = { prefixDigits: number; first: number; last: number; lengths: number[] };

// Prefixes and lengths as the schemes publish them. Lengths matter: a 19-digit identifier
// that starts with 51-55 is not a Mastercard, which issues only 16 digits.
const SCHEME_RANGES: readonly SchemeRange[] = [
  { prefixDigits: 2, first: 62, last: 62, lengths: [16, 17, 18, 19] }, // UnionPay
  { prefixDigits: 2, first: 81, last: 81, lengths: [16, 17, 18, 19] }, // UnionPay
  { prefixDigits: 1, first: 4, last: 4, lengths: [16, 19] }, // Visa (13-digit cards are out of range)
  { prefixDigits: 2, first: 51, last: 55, lengths: [16] }, // Mastercard
  { prefixDigits: 4, first: 2221, last: 2720, lengths: [16] }, // Mastercard
  { prefixDigits: 4, first: 3528, last: 3589, lengths: [16, 17, 18, 19] }, // JCB
];

/** True when `candidate` is 16-19 digits with a card scheme's prefix and a valid Luhn check. */
export function isBankCard(candidate: string): boolean {
  return /^\d{16,19}$/.test(candidate) && hasSchemePrefix(candidate) && passesLuhn(candidate);
}

function hasSchemePrefix(digits: string): boolean {
  return SCHEME_RANGES.some((range) => {
    const prefix = Number(digits.slice(0, range.prefixDigits));
    return prefix >= range.first && prefix <= range.last && range.lengths.includes(digits.length);
  });
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    const digit = digits.charCodeAt(i) - 48;
    sum += double ? (digit > 4 ? digit * 2 - 9 : digit * 2) : digit;
  }
  return sum % 10 === 0;
}
