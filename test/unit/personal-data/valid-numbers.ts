/**
 * Builds valid numbers for tests. The check characters are computed here from the standards'
 * own definitions (powers of 2 mod 11, powers of 3 mod 31, Luhn from the left), not with the
 * code under test, so a mistake there cannot hide behind the same mistake here.
 */
import fc from 'fast-check';

/** The date the tests treat as today. */
export const TODAY = '2025-06-30';

/** Province-level codes that may start a resident ID number. */
// prettier-ignore
export const PROVINCES = [
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41',
  '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71',
  '81', '82', '83',
];

/** Mobile segments allocated to mainland networks (first three digits). */
// prettier-ignore
export const MOBILE_SEGMENTS = [
  ...range(130, 139), ...range(145, 149), ...range(150, 153), ...range(155, 159), 162,
  ...range(165, 167), ...range(170, 178), ...range(180, 189), ...range(190, 193),
  ...range(195, 199),
].map(String);

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** The MOD 11-2 check character (ISO 7064) for 17 digits: (12 - Σ dᵢ·2^(17-i) mod 11) mod 11. */
export function residentIdCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * 2 ** (17 - i);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}

/** The GB 32100 check character for 17 characters: 31 - Σ vᵢ·3^(i-1) mod 31, 31 read as 0. */
export function creditCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(body[i]!) * (3 ** i % 31);
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** The digit that makes `body` + digit pass the Luhn check. */
export function luhnCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Counting from the check digit, the last digit of the body is doubled, then every other.
    const doubled = (body.length - i) % 2 === 1;
    const digit = Number(body[i]) * (doubled ? 2 : 1);
    sum += digit > 9 ? digit - 9 : digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** `body` completed with its Luhn digit. */
export function withLuhn(body: string): string {
  return body + luhnCheck(body);
}

/** A string of `length` random digits. */
export function digits(length: number): fc.Arbitrary<string> {
  return fc.string({
    unit: fc.constantFrom(...'0123456789'),
    minLength: length,
    maxLength: length,
  });
}

/** A valid resident ID number born between 1900-01-01 and TODAY; check X in either case. */
export function residentIdArbitrary(): fc.Arbitrary<string> {
  const birth = fc
    .date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date(`${TODAY}T00:00:00Z`),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString().slice(0, 10).replaceAll('-', ''));
  return fc
    .tuple(fc.constantFrom(...PROVINCES), digits(4), birth, digits(3), fc.boolean())
    .map(([province, county, born, sequence, lowerX]) => {
      const body = province + county + born + sequence;
      const check = residentIdCheck(body);
      return body + (lowerX ? check.toLowerCase() : check);
    });
}

/** A mobile number in an allocated segment. */
export function mobileArbitrary(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...MOBILE_SEGMENTS), digits(8))
    .map(([segment, rest]) => segment + rest);
}

/** A Luhn-valid card number with a scheme prefix and one of that scheme's lengths. */
export function bankCardArbitrary(): fc.Arbitrary<string> {
  const schemes: [fc.Arbitrary<string>, number[]][] = [
    [fc.constantFrom('62', '81'), [16, 17, 18, 19]],
    [fc.constant('4'), [16, 19]],
    [fc.integer({ min: 51, max: 55 }).map(String), [16]],
    [fc.integer({ min: 2221, max: 2720 }).map(String), [16]],
    [fc.integer({ min: 3528, max: 3589 }).map(String), [16, 17, 18, 19]],
  ];
  return fc.oneof(
    ...schemes.map(([prefix, lengths]) =>
      fc
        .tuple(prefix, fc.constantFrom(...lengths))
        .chain(([start, length]) =>
          digits(length - start.length - 1).map((rest) => withLuhn(start + rest)),
        ),
    ),
  );
}

/** Text with no digits and no Latin letters: Chinese characters, punctuation, spaces, hyphens. */
export function chineseTextArbitrary(): fc.Arbitrary<string> {
  const unit = fc.oneof(
    fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCharCode(code)),
    fc.constantFrom('：', '，', '。', '（', '）', '、', ' ', '-', '\n'),
  );
  return fc.string({ unit, maxLength: 20 });
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}
