import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBankCard } from '../../../functions/src/core/personal-data/bank-card.ts';
import { bankCardArbitrary, withLuhn } from './valid-numbers.ts';

// Test numbers the card schemes and payment processors publish for integration testing.
const PUBLISHED_TEST_CARDS = {
  Visa: '4111111111111111',
  'Visa (Stripe)': '4242424242424242',
  Mastercard: '5555555555554444',
  'Mastercard 2-series': '2221000000000009',
  JCB: '3530111333300000',
  'JCB (Stripe)': '3566002020360505',
  'UnionPay (Stripe)': '6200000000000005',
  'UnionPay 19 digits (Stripe)': '6205500000000000004',
};

function padded(prefix: string, length: number): string {
  return withLuhn(prefix.padEnd(length - 1, '0'));
}

describe('isBankCard', () => {
  it.each(Object.entries(PUBLISHED_TEST_CARDS))(
    'accepts the published %s test number',
    (_scheme, number) => {
      expect(isBankCard(number)).toBe(true);
    },
  );

  it('accepts UnionPay cards starting with 81, from 16 to 19 digits', () => {
    for (const length of [16, 17, 18, 19])
      expect(isBankCard(padded('81', length)), String(length)).toBe(true);
  });

  it('rejects every last digit that breaks the Luhn check', () => {
    const body = PUBLISHED_TEST_CARDS['UnionPay 19 digits (Stripe)'].slice(0, -1);
    const accepted = [...'0123456789'].filter((last) => isBankCard(body + last));
    expect(accepted).toEqual(['4']);
  });

  it('rejects Luhn-valid numbers of schemes it does not cover, such as Discover and Amex', () => {
    expect(isBankCard('6011111111111117')).toBe(false);
    expect(isBankCard('378282246310005')).toBe(false);
    expect(isBankCard(padded('9', 19))).toBe(false);
  });

  it('takes Mastercard and JCB prefixes up to their range boundaries and no further', () => {
    const accepted = [
      '50',
      '51',
      '55',
      '56',
      '2220',
      '2221',
      '2720',
      '2721',
      '3527',
      '3528',
      '3589',
      '3590',
    ].filter((prefix) => isBankCard(padded(prefix, 16)));
    expect(accepted).toEqual(['51', '55', '2221', '2720', '3528', '3589']);
  });

  it('rejects lengths a scheme does not issue: Mastercard beyond 16, Visa at 17 or 18', () => {
    expect(isBankCard(padded('55', 19))).toBe(false);
    expect(isBankCard(padded('4', 17))).toBe(false);
    expect(isBankCard(padded('4', 18))).toBe(false);
    expect(isBankCard(padded('4', 19))).toBe(true);
  });

  it('rejects numbers shorter than 16 or longer than 19 digits, and non-digits', () => {
    expect(isBankCard(padded('62', 15))).toBe(false);
    expect(isBankCard(padded('62', 20))).toBe(false);
    expect(isBankCard('6200 0000 0000 0005')).toBe(false);
  });

  it('accepts any Luhn-valid number with a scheme prefix and length, and rejects any changed digit', () => {
    fc.assert(
      fc.property(bankCardArbitrary(), fc.nat(18), fc.nat(9), (number, at, replacement) => {
        expect(isBankCard(number)).toBe(true);
        // Luhn catches every single-digit substitution: doubling-and-folding maps 0-9 to 0-9
        // one to one, so a changed digit always changes the sum modulo 10.
        const position = at % number.length;
        const changed = number.slice(0, position) + replacement + number.slice(position + 1);
        fc.pre(changed !== number);
        expect(isBankCard(changed)).toBe(false);
      }),
    );
  });
});
