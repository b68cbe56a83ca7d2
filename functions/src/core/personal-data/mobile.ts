/** Mainland China mobile numbers: 11 digits in a segment allocated to a mobile network. */

// Number segments (first three digits) allocated to mobile networks, virtual operators included.
// Unallocated ones (140-144 are 13-digit IoT numbers, 154, 160-161, 179, 194) stay out so that
// other 11-digit codes starting with them are not taken for phone numbers.
const SEGMENTS: readonly (readonly [number, number])[] = [
  [130, 139],
  [145, 149],
  [150, 153],
  [155, 159],
  [162, 162],
  [165, 167],
  [170, 178],
  [180, 189],
  [190, 193],
  [195, 199],
];

// A country prefix counts only in its unambiguous spellings, "+86" and "0086"; a bare "86"
// glued to 11 digits could as well be a 13-digit identifier.
const SHAPE = /^(?:(?:\+|00)86[ -]?)?(1\d{10})$/;

/** True when `candidate` is a mainland mobile number, optionally written with +86 or 0086. */
export function isMobileNumber(candidate: string): boolean {
  const match = SHAPE.exec(candidate);
  if (!match) return false;
  const segment = Number(match[1]!.slice(0, 3));
  return SEGMENTS.some(([first, last]) => segment >= first && segment <= last);
}
